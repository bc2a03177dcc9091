//! What the server answers for a payment: the test cards and their codes,
//! and the response DATA echoing the request with the payment's results.

use crate::core::inspect::{CivilTime, Field, Slot, FIELDS, SLOTS};
use crate::core::server::{RequestData, ResponseBuilder};

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

/// The codes the bank and the server answer for a payment attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardResult {
    pub response_code: &'static str,
    pub bank_response_code: &'static str,
    pub cvv_response_code: &'static str,
    pub status: Status,
}

impl CardResult {
    const fn new(response: &'static str, bank: &'static str, cvv: &'static str, status: Status) -> CardResult {
        CardResult { response_code: response, bank_response_code: bank, cvv_response_code: cvv, status }
    }

    /// The customer pressed cancel: response code 17 (data dictionary, annex T).
    pub const CANCELLED: CardResult = CardResult::new("17", "", "", Status::Cancelled);
}

/// A documented test card.
#[derive(Debug, Clone)]
pub struct TestCard {
    pub number: &'static str,
    pub label: &'static str,
    pub result: CardResult,
}

/// The test cards (Luhn-valid numbers; any future expiry date and any 3-digit
/// CVV). Codes from the data dictionary: response_code annex T,
/// bank_response_code annex F, cvv_response_code annex K.
pub static TEST_CARDS: [TestCard; 5] = [
    TestCard {
        number: "4970100000000006",
        label: "accepted / acceptée",
        result: CardResult::new("00", "00", "4D", Status::Accepted),
    },
    TestCard {
        number: "4970100000000105",
        label: "refused: do not honour / refusée : ne pas honorer",
        result: CardResult::new("05", "05", "4D", Status::Refused),
    },
    TestCard {
        number: "4970100000000204",
        label: "refused: wrong CVV / refusée : cryptogramme incorrect",
        result: CardResult::new("05", "00", "4E", Status::Refused),
    },
    TestCard {
        number: "4970100000000303",
        label: "refused: insufficient funds / refusée : provision insuffisante",
        result: CardResult::new("05", "51", "4D", Status::Refused),
    },
    TestCard {
        number: "4970100000000402",
        label: "refused: suspected fraud / refusée : suspicion de fraude",
        result: CardResult::new("34", "59", "4D", Status::Refused),
    },
];

/// An expired card: bank code 54, which the server turns into 05.
pub const EXPIRED_CARD: CardResult = CardResult::new("05", "54", "4D", Status::Refused);

/// A payment as the server decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub means: String,
    pub result: CardResult,
    /// `xxxx.yy`: the first four and the last two digits (data dictionary).
    pub card_number: String,
    pub cvv_flag: String,
    /// `yyyymm`.
    pub card_validity: String,
    /// Sips 2.0's form of the number: the first four and last two digits,
    /// `#` between them, the length kept (`4970##########06`).
    pub masked_pan: String,
}

impl Payment {
    /// A payment without card details: a cancel, or the doctor's trial.
    pub fn without_card(means: &str, result: CardResult) -> Payment {
        Payment {
            means: means.into(),
            result,
            card_number: String::new(),
            cvv_flag: String::new(),
            card_validity: String::new(),
            masked_pan: String::new(),
        }
    }
}

/// 12 digits certifying a payment, derived from its identity (merchant,
/// transaction id, amount, date).
pub fn payment_digits(identity: [&[u8]; 4]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in identity {
        for &b in part.iter().chain(b"|") {
            h = (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    format!("{:012}", h % 1_000_000_000_000)
}

fn payment_certificate(req: &RequestData, payment_date: &str) -> String {
    let identity = [req.get(Field::MerchantId), req.get(Field::TransactionId), req.get(Field::Amount)];
    payment_digits([identity[0], identity[1], identity[2], payment_date.as_bytes()])
}

/// The response for `req`: every request value the response carries, echoed
/// (customer_id in clear: the builder enciphers it with flag 108), and the
/// payment's results.
pub fn echo_payment(req: &RequestData, customer_id: &[u8], payment: &Payment, now: &CivilTime) -> ResponseBuilder {
    let mut b = ResponseBuilder::new();
    // The request's and the response's tables share their record codes.
    for slot in SLOTS.iter() {
        if let Some(field) = slot.code.and_then(|code| FIELDS.iter().find(|f| f.code == Some(code))) {
            b.set(slot.id, req.get(field.id));
        }
    }
    let stamp = String::from_utf8_lossy(&now.stamp14()).into_owned();
    let (date, time) = stamp.split_at(8);
    let result = &payment.result;
    b.set(Slot::CustomerId, customer_id)
        .set(Slot::PaymentMeans, payment.means.as_str())
        .set(Slot::PaymentDate, date)
        .set(Slot::PaymentTime, time)
        .set(Slot::ResponseCode, result.response_code)
        .set(Slot::BankResponseCode, result.bank_response_code)
        .set(Slot::CvvResponseCode, result.cvv_response_code)
        .set(Slot::CardNumber, payment.card_number.as_str())
        .set(Slot::CvvFlag, payment.cvv_flag.as_str())
        .set(Slot::CardValidity, payment.card_validity.as_str());
    if result.status == Status::Accepted {
        let certificate = payment_certificate(req, date);
        // An authorisation number of 6 digits, as the banks give (up to 10 allowed).
        let authorisation = certificate[certificate.len() - 6..].to_string();
        b.set(Slot::PaymentCertificate, certificate).set(Slot::AuthorisationId, authorisation);
    }
    b
}
