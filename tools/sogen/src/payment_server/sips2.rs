//! The payment server's answers in Sips 2.0 ("Paypage POST"), shared by the
//! sandbox and the doctor's trial: the checks a request's items get once its
//! seal and key version are verified, the response codes Sips gives where
//! SIPS 1.0 gave others, and the response items echoing a request with the
//! payment's results (as Sips's responses show them: no card fields for a
//! cancel, the transaction id without its leading zeros).

use super::answer::{payment_digits, CardResult, Payment, Status, EXPIRED_CARD};
use super::ServerError;
use crate::core::inspect::CivilTime;
use crate::core::server::sips2::Items;
use crate::lang::{Msg, Text};

/// The transaction id of a simplified-migration request (6 digits).
pub const S10_TRANSACTION_ID: &str = "s10TransactionReference.s10TransactionId";

/// The brands of a request's `paymentMeanBrandList`.
fn brands(items: &Items) -> Vec<String> {
    items.text("paymentMeanBrandList").split(',').filter(|b| !b.is_empty()).map(str::to_string).collect()
}

/// The brand the customer pays with: the form's (libsogen sends one per
/// form), the first of a list, CB when the request names none.
pub fn brand(items: &Items) -> String {
    brands(items).into_iter().next().unwrap_or_else(|| "CB".into())
}

fn digits(value: &str, lengths: std::ops::RangeInclusive<usize>) -> bool {
    lengths.contains(&value.len()) && value.bytes().all(|b| b.is_ascii_digit())
}

fn absolute(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://")
}

/// `Err(Invalid Transaction)` with the reason, for what the server refuses
/// in a request whose seal and key version were verified.
pub fn validate(items: &Items) -> Result<(), ServerError> {
    let invalid = |why: String| Err(ServerError::Invalid(why));
    let amount = items.text("amount");
    if !digits(&amount, 1..=12) {
        return invalid(format!("amount ({amount}) must be 1 to 12 digits"));
    }
    let currency = items.text("currencyCode");
    if crate::currency::find(&currency).is_none() {
        return invalid(format!("currencyCode ({currency}) is not a currency of the contract"));
    }
    let id = items.text(S10_TRANSACTION_ID);
    if !digits(&id, 6..=6) {
        return invalid(format!("{S10_TRANSACTION_ID} ({id}) must be 6 digits"));
    }
    let normal = items.text("normalReturnUrl");
    if !absolute(&normal) {
        return invalid(format!("normalReturnUrl ({normal}) is not an absolute http(s) URL"));
    }
    let automatic = items.text("automaticResponseUrl");
    if !automatic.is_empty() && !absolute(&automatic) {
        return invalid(format!("automaticResponseUrl ({automatic}) is not an absolute http(s) URL"));
    }
    let plain = |b: &String| b.len() <= 20 && b.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_');
    if let Some(bad) = brands(items).iter().find(|b| !plain(b)) {
        return invalid(format!("paymentMeanBrandList holds {bad:?}, which is not a brand name"));
    }
    Ok(())
}

const SECURITY_ADVICE: Msg = Msg::new(
    "Check the key file: the shop and the payment server must hold the same secret key and key version (sogen doctor asks the sandbox).",
    "Vérifiez le fichier de clé : la boutique et le serveur de paiement doivent avoir la même clé secrète et la même version de clé (sogen doctor interroge la sandbox).",
);

/// What to do about a refusal of a Sips 2.0 request: a security error is
/// about the key file, not a certificate.
pub fn advice(error: &ServerError) -> Text {
    match error {
        ServerError::Security(_) => SECURITY_ADVICE.fill(&[]),
        other => other.advice(),
    }
}

/// The same s10TransactionId twice the same day: Sips answers 94.
pub const DUPLICATE: CardResult =
    CardResult { response_code: "94", bank_response_code: "", cvv_response_code: "", status: Status::Refused };

/// Sips 2.0's responseCode for a card result: an expired card is 54 (SIPS
/// 1.0's server answered 05 with bank code 54).
pub fn response_code(result: &CardResult) -> &'static str {
    if *result == EXPIRED_CARD {
        "54"
    } else {
        result.response_code
    }
}

/// `yyyy-mm-ddThh:mm:ss+hh:mm`: the local time and its offset from UTC.
pub fn date_time(local: &CivilTime, utc: &CivilTime) -> String {
    let seconds = |c: &CivilTime| i64::from(c.hour * 3600 + c.minute * 60 + c.second);
    let day = |c: &CivilTime| (c.year, c.month, c.day);
    let shift = match day(local).cmp(&day(utc)) {
        std::cmp::Ordering::Greater => 86_400,
        std::cmp::Ordering::Less => -86_400,
        std::cmp::Ordering::Equal => 0,
    };
    let offset = (seconds(local) - seconds(utc) + shift) / 60;
    let sign = if offset < 0 { '-' } else { '+' };
    let (h, m) = (offset.abs() / 60, offset.abs() % 60);
    let c = local;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{h:02}:{m:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// The card fields of a response: none for a cancel (Sips sends none).
fn card_items(out: &mut Items, payment: &Payment, date: &str, request: &Items) {
    let result = &payment.result;
    out.push("acquirerResponseCode", result.bank_response_code);
    if result.status == Status::Accepted {
        let part = |key: &str| request.get(key).unwrap_or_default();
        let digits = payment_digits([part("merchantId"), part(S10_TRANSACTION_ID), part("amount"), date.as_bytes()]);
        out.push("authorisationId", &digits[digits.len() - 6..]);
    }
    out.push("cardCSCResultCode", result.cvv_response_code);
    if payment.cvv_flag == "1" {
        out.push("cardCSCPresence", "CSC_PRESENT");
    }
    out.push("panExpiryDate", payment.card_validity.as_str());
    out.push("paymentMeanBrand", payment.means.as_str()).push("paymentMeanType", "CARD");
    out.push("maskedPan", payment.masked_pan.as_str());
}

/// The response items for `request` (its verified items) and `payment`, at
/// `now` (local time and UTC). Empty values are left out when sealed.
pub fn response_items(request: &Items, payment: &Payment, (local, utc): (&CivilTime, &CivilTime)) -> Items {
    let echo = |out: &mut Items, keys: &[&str]| {
        for key in keys {
            out.push(*key, request.get(key).unwrap_or_default());
        }
    };
    let mut out = Items::new();
    echo(&mut out, &["captureDay", "captureMode", "currencyCode", "merchantId", "orderChannel"]);
    out.push("responseCode", response_code(&payment.result));
    out.push("transactionDateTime", date_time(local, utc));
    echo(&mut out, &["keyVersion", "amount"]);
    let date = format!("{:04}{:02}{:02}", local.year, local.month, local.day);
    // A result without a bank's answer (a cancel, a duplicate) has no card fields.
    if !payment.result.bank_response_code.is_empty() {
        card_items(&mut out, payment, &date, request);
    }
    echo(&mut out, &["customerIpAddress"]);
    let id = request.text(S10_TRANSACTION_ID);
    let trimmed = id.trim_start_matches('0');
    out.push("s10TransactionId", if trimmed.is_empty() && !id.is_empty() { "0" } else { trimmed });
    out.push("s10TransactionIdDate", date);
    echo(&mut out, &["orderId", "customerId", "customerEmail", "returnContext", "statementReference"]);
    out.push("paymentPattern", "ONE_SHOT");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payment_server::TEST_CARDS;

    fn time(year: i64, month: u32, day: u32, hour: u32, minute: u32) -> CivilTime {
        CivilTime { year, month, day, hour, minute, second: 7, yday: 1 }
    }

    #[test]
    fn local_time_with_its_offset() {
        assert_eq!(date_time(&time(2026, 3, 1, 11, 0), &time(2026, 3, 1, 10, 0)), "2026-03-01T11:00:07+01:00");
        assert_eq!(date_time(&time(2026, 3, 2, 1, 30), &time(2026, 3, 1, 23, 30)), "2026-03-02T01:30:07+02:00");
        assert_eq!(date_time(&time(2025, 12, 31, 20, 0), &time(2026, 1, 1, 1, 30)), "2025-12-31T20:00:07-05:30");
        assert_eq!(date_time(&time(2026, 3, 1, 10, 0), &time(2026, 3, 1, 10, 0)), "2026-03-01T10:00:07+00:00");
    }

    fn request() -> Items {
        let mut items = Items::new();
        for (k, v) in [
            ("merchantId", "002001000000003"),
            ("amount", "2500"),
            ("currencyCode", "978"),
            (S10_TRANSACTION_ID, "000042"),
            ("keyVersion", "1"),
            ("normalReturnUrl", "http://127.0.0.1:8000/call_response.php"),
            ("paymentMeanBrandList", "VISA"),
            ("orderId", "A-1"),
        ] {
            items.push(k, v);
        }
        items
    }

    #[test]
    fn requests_are_checked() {
        assert_eq!(validate(&request()), Ok(()));
        assert_eq!(brand(&request()), "VISA");
        for (key, value, reason) in [
            ("amount", "12a", "amount (12a)"),
            ("currencyCode", "999", "currencyCode (999)"),
            (S10_TRANSACTION_ID, "42", "must be 6 digits"),
            ("normalReturnUrl", "/back", "normalReturnUrl (/back)"),
            ("automaticResponseUrl", "ftp://x", "automaticResponseUrl"),
            ("paymentMeanBrandList", "CB,<b>", "\"<b>\""),
        ] {
            let mut items = Items::new();
            for (k, v) in request().iter().filter(|(k, _)| *k != key) {
                items.push(k, v);
            }
            items.push(key, value);
            let error = validate(&items).unwrap_err();
            assert!(error.detail().contains(reason), "{key}: {error:?}");
        }
    }

    #[test]
    fn responses_echo_the_request() {
        let now = (&time(2026, 3, 1, 11, 0), &time(2026, 3, 1, 10, 0));
        let mut paid = Payment::without_card("VISA", TEST_CARDS[0].result.clone());
        paid.masked_pan = "4970##########06".into();
        let items = response_items(&request(), &paid, now);
        assert_eq!(items.text("s10TransactionId"), "42", "leading zeros dropped, as Sips does");
        assert_eq!(items.text("s10TransactionIdDate"), "20260301");
        assert_eq!((items.text("responseCode"), items.text("authorisationId").len()), ("00".into(), 6));
        assert_eq!((items.text("maskedPan"), items.text("orderId")), ("4970##########06".into(), "A-1".into()));
        let cancel = response_items(&request(), &Payment::without_card("VISA", CardResult::CANCELLED), now);
        assert_eq!(cancel.text("responseCode"), "17");
        assert!(cancel.get("paymentMeanBrand").is_none() && cancel.get("acquirerResponseCode").is_none());
        let duplicate = response_items(&request(), &Payment::without_card("VISA", DUPLICATE), now);
        assert_eq!(duplicate.text("responseCode"), "94");
        assert!(duplicate.get("authorisationId").is_none() && duplicate.get("maskedPan").is_none());
        let expired = response_items(&request(), &Payment::without_card("CB", EXPIRED_CARD), now);
        assert_eq!((expired.text("responseCode"), expired.text("acquirerResponseCode")), ("54".into(), "54".into()));
    }
}
