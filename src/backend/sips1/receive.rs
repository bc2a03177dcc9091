//! A SIPS 1.0 response message as the legacy `response` read it: decoded
//! leniently, its certificate named by the message itself, its MAC checked
//! with that certificate (then with the `.old` one), customer_id and the
//! complement deciphered.

use super::seal::{Transaction, TransactionKeys, MAC_HEX_LEN};
use crate::error::{ApiError, Category};
use crate::fields::language::sips_to_iso_legacy;
use crate::fields::{Slot, Values, CIPHERED_FLAG_CODE, COMPLEMENT_CODE};
use crate::merchant::response::Stop;
use crate::merchant::session::{load_certificate, Paths, Session};
use crate::wire::keys::KeyError;
use crate::wire::received;

/// The fields a message carries (one value per code); 107 and 108 apart.
struct Received {
    values: Values,
    complement: Vec<u8>,
    ciphered: bool,
}

/// Only the values of known codes are copied out of the container.
fn receive(container: &received::Container) -> Received {
    let mut r = Received { values: Values::default(), complement: Vec::new(), ciphered: false };
    for (code, value) in container.records() {
        match code {
            COMPLEMENT_CODE => r.complement = value.to_vec(),
            CIPHERED_FLAG_CODE => r.ciphered = !value.is_empty(),
            code => {
                if let Some(slot) = Slot::from_code(code) {
                    r.values.set(slot, value);
                }
            }
        }
    }
    r
}

/// Checks and decodes `message` (already cut to the legacy buffer) and
/// returns the values to print.
pub(crate) fn respond(session: &mut Session, paths: &Paths, message: &[u8]) -> Result<Values, Stop> {
    let container =
        received::decode_message(message).map_err(|_| ApiError::new(Category::MessageDecryption, Vec::new()))?;
    let mut received = receive(&container);
    check_certificate_names(&received.values)?;
    session.debug.section(b"System");
    let v = &received.values;
    let path = paths.certificate(v.get(Slot::MerchantCountry), v.get(Slot::MerchantId), None);
    let (certificate, _date) = session.read_certificate(&path, paths.certificate_has_header())?;
    session.debug.close();
    let matrix = certificate.matrix.as_ref().map_err(|e| ApiError::new(Category::MacKeyGeneration, e.detail()))?;
    // customer_id and the complement are always deciphered with the current certificate.
    let keys = if received.ciphered || !received.complement.is_empty() {
        TransactionKeys::with_cipher_for(matrix, transaction(&received.values), session.profile.long_bits)
    } else {
        TransactionKeys::new(matrix, transaction(&received.values))
    };
    verify_mac(session, paths, message, &received.values, &keys)?;
    load(&mut received, &keys, session.profile.response.converts_languages);
    debug_values(session, &received.values);
    if let Err(detail) = check_values(session, &received.values) {
        let error = ApiError::new(Category::ResponseStructure, detail);
        return Err(Stop { failure: error.into(), values: Some(Box::new(received.values)) });
    }
    append_complement(&mut received, &keys);
    session.debug.end();
    Ok(received.values)
}

fn transaction(values: &Values) -> Transaction<'_> {
    Transaction {
        amount: values.get(Slot::Amount),
        transmission_date: values.get(Slot::TransmissionDate),
        transaction_id: values.get(Slot::TransactionId),
    }
}

/// The certificate path is built from the message (documented divergence:
/// no path from untrusted text): values over their maxima (which the legacy
/// refused only after opening the file they named) and values that could
/// leave the certificate directory are refused first. Empty values keep the
/// legacy path (`certif.fr..php`), which the recorded cases show.
fn check_certificate_names(values: &Values) -> Result<(), ApiError> {
    for (slot, detail) in [(Slot::MerchantId, &b"merchant_id"[..]), (Slot::MerchantCountry, b"merchant_country")] {
        let value = values.get(slot);
        if value.len() > slot.def().limit() || value.contains(&b'/') {
            return Err(ApiError::new(Category::ResponseStructure, detail));
        }
    }
    Ok(())
}

/// The legacy text for a key that cannot be derived from the message.
fn key_error(e: KeyError) -> ApiError {
    match e {
        KeyError::AmountTooShort => {
            ApiError::new(Category::MacKeyGeneration, &b"function compute_column_parameters"[..])
        }
        // The legacy divided by zero here (no transaction_id in the message).
        KeyError::EmptyTransactionId => ApiError::new(Category::LoadingResponse, &b"transaction_id"[..]),
    }
}

/// Checks the MAC with the current certificate, then with the `.old` one.
fn verify_mac(
    session: &mut Session,
    paths: &Paths,
    message: &[u8],
    values: &Values,
    keys: &TransactionKeys,
) -> Result<(), ApiError> {
    debug_assert!(message.len() > MAC_HEX_LEN);
    if session.profile.response.longest_message.is_some_and(|longest| message.len() > longest) {
        return Err(ApiError::new(Category::InvalidMac, &b"message too long"[..]));
    }
    if keys.verify(message).map_err(key_error)? {
        return Ok(());
    }
    let invalid = || ApiError::new(Category::InvalidMac, &b"mac received diffrent than mac computed"[..]);
    if !session.profile.response.old_certificate {
        return Err(invalid());
    }
    let (merchant_id, country) = (values.get(Slot::MerchantId), values.get(Slot::MerchantCountry));
    let old_path = paths.certificate(country, merchant_id, Some(b"old"));
    let old = load_certificate(&old_path, paths.certificate_has_header()).map_err(|_| {
        ApiError::new(Category::MacKeyGeneration, [&b"error open certificate file "[..], &old_path].concat())
    })?;
    let old_matrix = old.matrix.as_ref().map_err(|e| ApiError::new(Category::MacKeyGeneration, e.detail()))?;
    if !TransactionKeys::new(old_matrix, transaction(values)).verify(message).map_err(key_error)? {
        return Err(invalid());
    }
    let line = [&b"2-OLDCERTIF;"[..], merchant_id, b";", country, b";?;AAAAMMJJHHMMSS"].concat();
    session.trace.line(session.env, session.now, &line);
    Ok(())
}

/// Languages back to ISO codes and customer_id deciphered when 108 says so.
fn load(received: &mut Received, keys: &TransactionKeys, converts_languages: bool) {
    if converts_languages {
        for slot in [Slot::Language, Slot::MerchantLanguage] {
            let iso = sips_to_iso_legacy(received.values.get(slot)).to_vec();
            received.values.set(slot, iso);
        }
    }
    if received.ciphered {
        let clear = keys.decipher(received.values.get(Slot::CustomerId)).unwrap_or_default();
        received.values.set(Slot::CustomerId, clear);
    }
}

/// The DEBUG rows "Response sent by the Payment Server" (both protocols show them).
pub(crate) fn debug_values(session: &mut Session, values: &Values) {
    session.debug.section(b"Response sent by the Payment Server");
    for &slot in session.profile.response.debug_rows {
        session.debug.labelled(slot.def().debug.unwrap_or_default().as_bytes(), values.get(slot));
    }
    session.debug.close();
}

/// The legacy checks, in order: lengths, presence, digits. `Err` is the detail.
fn check_values(session: &Session, values: &Values) -> Result<(), Vec<u8>> {
    for &(slot, detail) in session.profile.response.length_checks {
        if values.get(slot).len() > session.profile.response_max_of(slot) {
            return Err(detail.as_bytes().to_vec());
        }
    }
    let presence: [(Slot, &[u8]); 4] = [
        (Slot::MerchantId, b"merchant_id not filled"),
        (Slot::TransactionId, b"transaction_id not filled"),
        (Slot::Amount, b"invalid amount length"),
        (Slot::TransmissionDate, b"transmission_date not filled"),
    ];
    if let Some((_, detail)) = presence.iter().find(|(slot, _)| values.get(*slot).is_empty()) {
        return Err(detail.to_vec());
    }
    let digits: [(Slot, &[u8]); 3] = [
        (Slot::TransactionId, b"transaction_id not numeric"),
        (Slot::Amount, b"amount not numeric"),
        (Slot::TransmissionDate, b"transmission_date not numeric"),
    ];
    match digits.iter().find(|(slot, _)| !crate::clib::all_digits(values.get(*slot))) {
        Some((_, detail)) => Err(detail.to_vec()),
        None => Ok(()),
    }
}

/// Field 107, deciphered, goes at the end of `data` after a `;`.
fn append_complement(received: &mut Received, keys: &TransactionKeys) {
    if received.complement.is_empty() {
        return;
    }
    let clear = keys.decipher(&received.complement).unwrap_or_default();
    let mut data = received.values.get(Slot::Data).to_vec();
    if !data.is_empty() && !data.ends_with(b";") {
        data.push(b';');
    }
    data.extend_from_slice(&clear);
    received.values.set(Slot::Data, data);
}
