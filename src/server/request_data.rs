//! Reading a *request* DATA value on the server side (the payment server's
//! job, done by `sogen sandbox`): strict decoding, the MAC check under the
//! merchant's key and customer_id deciphering.

use crate::backend::sips1::seal::{Transaction, TransactionKeys, MAC_HEX_LEN};
use crate::fields::Field;
use crate::wire::{self, KeyMatrix};

/// Why a DATA value cannot be read as a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Too short to hold a container and a MAC.
    TooShort,
    /// Not lower-case hexadecimal (the form always carries lower-case hex).
    NotHex,
    /// The armor's length field or characters are wrong.
    Armor,
    /// The NLV container is damaged.
    Container,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DecodeError::TooShort => "DATA is too short",
            DecodeError::NotHex => "DATA is not hexadecimal",
            DecodeError::Armor => "DATA does not decode (armor)",
            DecodeError::Container => "DATA does not decode (record container)",
        })
    }
}

/// The fields of a request DATA, as they travel (customer_id still ciphered,
/// languages in SIPS codes), plus the records whose code names no field.
#[derive(Debug, Clone, Default)]
pub struct RequestData {
    values: Vec<(Field, Vec<u8>)>,
    pub unknown_codes: Vec<u32>,
    /// DATA as received (its text and MAC).
    data: Vec<u8>,
}

impl RequestData {
    /// The value of `field` (the last record wins), empty when absent.
    pub fn get(&self, field: Field) -> &[u8] {
        self.values.iter().rev().find(|(f, _)| *f == field).map_or(&[], |(_, v)| v.as_slice())
    }

    /// The value as text (request values are ASCII in practice; anything else is shown lossily).
    pub fn text(&self, field: Field) -> String {
        String::from_utf8_lossy(self.get(field)).into_owned()
    }

    /// Every field present, in wire order.
    pub fn fields(&self) -> impl Iterator<Item = (Field, &[u8])> {
        self.values.iter().map(|(f, v)| (*f, v.as_slice()))
    }

    fn keys(&self, matrix: &KeyMatrix) -> TransactionKeys {
        let transaction = Transaction {
            amount: self.get(Field::Amount),
            transmission_date: self.get(Field::TransmissionDate),
            transaction_id: self.get(Field::TransactionId),
        };
        TransactionKeys::with_cipher(matrix, transaction)
    }

    /// Whether the MAC seals this DATA under `matrix` (the merchant's key).
    pub fn mac_matches(&self, matrix: &KeyMatrix) -> bool {
        self.keys(matrix).verify(&self.data).unwrap_or(false)
    }

    /// customer_id in clear (`request` enciphers it with the merchant's key).
    pub fn clear_customer_id(&self, matrix: &KeyMatrix) -> Option<Vec<u8>> {
        let ciphered = self.get(Field::CustomerId);
        if ciphered.is_empty() {
            return Some(Vec::new());
        }
        self.keys(matrix).decipher(ciphered).ok()
    }
}

/// Decodes a request DATA value strictly (the server has no reason to accept
/// what `request` never produces). The MAC is kept for [`RequestData::mac_matches`].
pub fn decode(data: &[u8]) -> Result<RequestData, DecodeError> {
    if data.len() <= MAC_HEX_LEN {
        return Err(DecodeError::TooShort);
    }
    if !data.iter().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b)) {
        return Err(DecodeError::NotHex);
    }
    let text = &data[..data.len() - MAC_HEX_LEN];
    let armored = wire::hex::decode(text).ok_or(DecodeError::NotHex)?;
    let plain = wire::armor::decode(&armored).ok_or(DecodeError::Armor)?;
    let records = wire::nlv::decode(&plain).map_err(|_| DecodeError::Container)?;
    let mut out = RequestData { data: data.to_vec(), ..RequestData::default() };
    for record in records {
        match Field::from_code(record.code) {
            Some(field) => out.values.push((field, record.value)),
            None => out.unknown_codes.push(record.code),
        }
    }
    Ok(out)
}
