//! The payment server's decisions: checking a request (FAQ §27 errors), the
//! test cards and what each one answers, and the response echoing the request.

use crate::doctor::{t, Text};
use sogen::inspect::{Field, FIELDS};
use sogen::inspect::{Slot, SLOTS};
use sogen::server::RequestData;
use sogen::server::ResponseBuilder;
use sogen::CivilTime;

/// The three errors the payment server showed (FAQ §27), with the reason the
/// sandbox found (shown below the message; the real server did not say).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerError {
    /// The merchant's certificate is unknown here or the MAC does not verify.
    Security(String),
    /// The request is malformed or its values are not acceptable.
    Invalid(String),
    /// The transaction_id was already used that day by this merchant.
    AlreadyProcessed(String),
}

impl ServerError {
    /// The server's own wording (FAQ §27).
    pub fn message(&self) -> &'static str {
        match self {
            ServerError::Security(_) => "Security error",
            ServerError::Invalid(_) => "Invalid Transaction",
            ServerError::AlreadyProcessed(_) => "Transaction already processed",
        }
    }

    pub fn detail(&self) -> &str {
        match self {
            ServerError::Security(d) | ServerError::Invalid(d) | ServerError::AlreadyProcessed(d) => d,
        }
    }

    /// The FAQ's advice for it, in English and French.
    pub fn advice(&self) -> Text {
        match self {
            ServerError::Security(_) => t(
                "Check your certificate: the shop and the payment server do not share the same certificate.",
                "Vérifiez votre certificat. Le serveur commerçant et le serveur de paiement ne partagent pas le même certificat.",
            ),
            ServerError::Invalid(_) => t(
                "Check the format of the transaction's parameters and that your contract accepts them (currency for instance).",
                "Vérifiez le format des paramètres de la transaction ou la cohérence entre votre contrat vente à distance et votre transaction (devise acceptée par exemple).",
            ),
            ServerError::AlreadyProcessed(_) => t(
                "Use a transaction_id that is unique within a day for each payment.",
                "Configurez un transaction_id unique sur une journée pour chaque paiement.",
            ),
        }
    }
}

/// What the bank and the server answer for a payment attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub response_code: &'static str,
    pub bank_response_code: &'static str,
    pub cvv_response_code: &'static str,
    pub status: Status,
}

/// A transaction's state in the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Accepted,
    Refused,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "PENDING",
            Status::Accepted => "ACCEPTED",
            Status::Refused => "REFUSED",
            Status::Cancelled => "CANCELLED",
        }
    }
}

impl Outcome {
    const fn new(response: &'static str, bank: &'static str, cvv: &'static str, status: Status) -> Outcome {
        Outcome { response_code: response, bank_response_code: bank, cvv_response_code: cvv, status }
    }

    /// The customer pressed cancel: response code 17 (data dictionary, annex T).
    pub fn cancelled() -> Outcome {
        Outcome::new("17", "", "", Status::Cancelled)
    }

    /// An accepted payment, for the doctor's trial round trip.
    pub fn accepted_for_trial() -> Outcome {
        TEST_CARDS[0].outcome.clone()
    }
}

/// A documented test card.
#[derive(Debug, Clone)]
pub struct TestCard {
    pub number: &'static str,
    pub label: &'static str,
    pub outcome: Outcome,
}

/// The test cards (Luhn-valid numbers; any future expiry date and any 3-digit
/// CVV). Codes from the data dictionary: response_code annex T,
/// bank_response_code annex F, cvv_response_code annex K.
pub static TEST_CARDS: [TestCard; 5] = [
    TestCard {
        number: "4970100000000006",
        label: "accepted / acceptée",
        outcome: Outcome::new("00", "00", "4D", Status::Accepted),
    },
    TestCard {
        number: "4970100000000105",
        label: "refused: do not honour / refusée : ne pas honorer",
        outcome: Outcome::new("05", "05", "4D", Status::Refused),
    },
    TestCard {
        number: "4970100000000204",
        label: "refused: wrong CVV / refusée : cryptogramme incorrect",
        outcome: Outcome::new("05", "00", "4E", Status::Refused),
    },
    TestCard {
        number: "4970100000000303",
        label: "refused: insufficient funds / refusée : provision insuffisante",
        outcome: Outcome::new("05", "51", "4D", Status::Refused),
    },
    TestCard {
        number: "4970100000000402",
        label: "refused: suspected fraud / refusée : suspicion de fraude",
        outcome: Outcome::new("34", "59", "4D", Status::Refused),
    },
];

/// An expired card: bank code 54, which the server turns into 05.
const EXPIRED: Outcome = Outcome::new("05", "54", "4D", Status::Refused);

/// What the card page collected, once checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub means: String,
    pub outcome: Outcome,
    /// `xxxx.yy`: the first four and the last two digits (data dictionary).
    pub card_number: String,
    pub cvv_flag: String,
    /// `yyyymm`.
    pub card_validity: String,
}

impl Payment {
    /// No card: the customer cancelled.
    pub fn cancelled(means: &str) -> Payment {
        Payment {
            means: means.into(),
            outcome: Outcome::cancelled(),
            card_number: String::new(),
            cvv_flag: String::new(),
            card_validity: String::new(),
        }
    }
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d = d * 2;
                if d > 9 {
                    d - 9
                } else {
                    d
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// Checks the card form; `Err` is the message to show on the card page again.
/// `today` gives the (year, month) expiry dates are compared with.
pub fn decide(means: &str, number: &str, expiry: &str, cvv: &str, today: (i64, u32)) -> Result<Payment, Text> {
    let number: String = number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if !(12..=19).contains(&number.len()) || !number.bytes().all(|b| b.is_ascii_digit()) || !luhn(&number) {
        return Err(t("Invalid card number.", "Numéro de carte invalide."));
    }
    let expiry: String = expiry.chars().filter(|c| c.is_ascii_digit()).collect();
    let (month, year) = match (
        expiry.get(..2).and_then(|m| m.parse::<u32>().ok()),
        expiry.get(2..).filter(|y| y.len() == 2 || y.len() == 4),
    ) {
        (Some(m), Some(y)) if (1..=12).contains(&m) => (m, y.parse::<i64>().unwrap_or(0)),
        _ => return Err(t("Invalid expiry date (MM/YY).", "Date d'expiration invalide (MM/AA).")),
    };
    let year = if year < 100 { 2000 + year } else { year };
    if !(3..=4).contains(&cvv.len()) || !cvv.bytes().all(|b| b.is_ascii_digit()) {
        return Err(t(
            "Invalid card verification value (3 or 4 digits).",
            "Cryptogramme visuel invalide (3 ou 4 chiffres).",
        ));
    }
    let Some(card) = TEST_CARDS.iter().find(|c| c.number == number) else {
        return Err(t(
            "This is a test server: use one of the test cards listed below.",
            "Ceci est un serveur de test : utilisez une des cartes de test ci-dessous.",
        ));
    };
    let outcome = if (year, month) < today { EXPIRED } else { card.outcome.clone() };
    Ok(Payment {
        means: means.into(),
        outcome,
        card_number: format!("{}.{}", &number[..4], &number[number.len() - 2..]),
        cvv_flag: "1".into(),
        card_validity: format!("{year:04}{month:02}"),
    })
}

/// Checks a decoded request the way the server did (its signature is checked
/// separately, with the merchant's certificate).
pub fn validate(req: &RequestData, customer_id: &[u8], means: &str) -> Result<(), ServerError> {
    let invalid = |why: String| Err(ServerError::Invalid(why));
    let digits = |f: Field, min: usize, max: usize| {
        let v = req.get(f);
        (min..=max).contains(&v.len()) && v.iter().all(u8::is_ascii_digit)
    };
    if req.get(Field::ApiVersion).is_empty() {
        return invalid("no API version (field 001)".into());
    }
    for (field, min, max) in [(Field::Amount, 3, 12), (Field::TransactionId, 1, 6), (Field::TransmissionDate, 14, 14)] {
        if !digits(field, min, max) {
            return invalid(format!("{} ({}) must be {min} to {max} digits", field.def().name, req.text(field)));
        }
    }
    if crate::currency::find(&req.text(Field::CurrencyCode)).is_none() {
        return invalid(format!("currency_code ({}) is not a currency of the contract", req.text(Field::CurrencyCode)));
    }
    for field in [Field::NormalReturnUrl, Field::CancelReturnUrl, Field::AutomaticResponseUrl] {
        let url = req.text(field);
        let absolute = url.starts_with("http://") || url.starts_with("https://");
        if (field != Field::AutomaticResponseUrl || !url.is_empty()) && !absolute {
            return invalid(format!("{} ({url}) is not an absolute http(s) URL", field.def().name));
        }
    }
    for (name, value) in [("customer_id", customer_id), ("order_id", req.get(Field::OrderId))] {
        if value.iter().any(|b| b"|;:\"".contains(b)) {
            return invalid(format!("{name} contains one of the forbidden characters | ; : \""));
        }
    }
    if means.is_empty()
        || means.len() > 20
        || !means.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return invalid(format!("no valid payment means chosen ({means:?})"));
    }
    Ok(())
}

/// 12 characters certifying the payment, derived from its identity.
fn payment_certificate(req: &RequestData, payment_date: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in
        [req.get(Field::MerchantId), req.get(Field::TransactionId), req.get(Field::Amount), payment_date.as_bytes()]
    {
        for &b in part.iter().chain(b"|") {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    format!("{:012}", h % 1_000_000_000_000)
}

/// The response for `req`: every request value the response carries, echoed
/// (customer_id in clear: the builder enciphers it with flag 108), and the
/// payment's results.
pub fn echo_response(
    req: &RequestData,
    customer_id: &[u8],
    means: &str,
    outcome: &Outcome,
    now: &CivilTime,
) -> ResponseBuilder {
    echo_payment(
        req,
        customer_id,
        &Payment {
            means: means.into(),
            outcome: outcome.clone(),
            card_number: String::new(),
            cvv_flag: String::new(),
            card_validity: String::new(),
        },
        now,
    )
}

/// As [`echo_response`], with the card details of `payment`.
pub fn echo_payment(req: &RequestData, customer_id: &[u8], payment: &Payment, now: &CivilTime) -> ResponseBuilder {
    let mut b = ResponseBuilder::new();
    // The request and response tables share their NLV codes.
    for slot in SLOTS.iter() {
        if let Some(field) = slot.code.and_then(|code| FIELDS.iter().find(|f| f.code == Some(code))) {
            b.set(slot.id, req.get(field.id));
        }
    }
    let stamp = String::from_utf8_lossy(&now.stamp14()).into_owned();
    let (date, time) = stamp.split_at(8);
    b.set(Slot::CustomerId, customer_id)
        .set(Slot::PaymentMeans, payment.means.as_str())
        .set(Slot::PaymentDate, date)
        .set(Slot::PaymentTime, time)
        .set(Slot::ResponseCode, payment.outcome.response_code)
        .set(Slot::BankResponseCode, payment.outcome.bank_response_code)
        .set(Slot::CvvResponseCode, payment.outcome.cvv_response_code)
        .set(Slot::CardNumber, payment.card_number.as_str())
        .set(Slot::CvvFlag, payment.cvv_flag.as_str())
        .set(Slot::CardValidity, payment.card_validity.as_str());
    if payment.outcome.status == Status::Accepted {
        let certificate = payment_certificate(req, date);
        // An authorisation number of 6 digits, as the banks give (up to 10 allowed).
        let authorisation = certificate[certificate.len() - 6..].to_string();
        b.set(Slot::PaymentCertificate, certificate).set(Slot::AuthorisationId, authorisation);
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_cards_are_valid_numbers_with_distinct_outcomes() {
        for card in &TEST_CARDS {
            assert!(luhn(card.number), "{}", card.number);
        }
        assert_eq!(TEST_CARDS.iter().filter(|c| c.outcome.status == Status::Accepted).count(), 1);
        let mut codes: Vec<_> =
            TEST_CARDS.iter().map(|c| (c.outcome.bank_response_code, c.outcome.cvv_response_code)).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), TEST_CARDS.len());
    }

    #[test]
    fn card_form_checks() {
        let today = (2026, 6);
        let ok = decide("CB", "4970 1000 0000 0006", "12/30", "123", today).unwrap();
        assert_eq!(ok.outcome.response_code, "00");
        assert_eq!(ok.card_number, "4970.06");
        assert_eq!(ok.card_validity, "203012");
        let cvv = decide("CB", "4970100000000204", "12/30", "123", today).unwrap();
        assert_eq!((cvv.outcome.response_code, cvv.outcome.cvv_response_code), ("05", "4E"));
        let expired = decide("CB", "4970100000000006", "05/26", "123", today).unwrap();
        assert_eq!((expired.outcome.response_code, expired.outcome.bank_response_code), ("05", "54"));
        assert!(decide("CB", "4970100000000007", "12/30", "123", today).is_err(), "Luhn");
        assert!(decide("CB", "4111111111111111", "12/30", "123", today).is_err(), "not a test card");
        assert!(decide("CB", "4970100000000006", "13/30", "123", today).is_err());
        assert!(decide("CB", "4970100000000006", "12/30", "12", today).is_err());
    }
}
