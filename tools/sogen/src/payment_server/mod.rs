//! The payment server's side, shared by the sandbox (which is one) and the
//! doctor (whose trial plays one): the three refusals it shows (FAQ 27), the
//! checks behind them, the test cards and the response echoing a request;
//! the same for Sips 2.0 in [`sips2`].

mod answer;
mod rules;
pub mod sips2;

pub use answer::{echo_payment, CardResult, Payment, Status, TestCard, EXPIRED_CARD, TEST_CARDS};
pub use rules::{validate, FORBIDDEN_ID_CHARACTERS};

use crate::lang::{Msg, Text};

/// The three errors the payment server showed (FAQ 27), with the reason the
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

/// The FAQ's advice for each error (FAQ 27, in its words).
const SECURITY_ADVICE: Msg = Msg::new(
    "Check your certificate: the shop and the payment server do not share the same certificate.",
    "Vérifiez votre certificat. Le serveur commerçant et le serveur de paiement ne partagent pas le même certificat.",
);
const INVALID_ADVICE: Msg = Msg::new(
    "Check the format of the transaction's parameters and that your contract accepts them (currency for instance).",
    "Vérifiez le format des paramètres de la transaction ou la cohérence entre votre contrat vente à distance et votre transaction (devise acceptée par exemple).",
);
const PROCESSED_ADVICE: Msg = Msg::new(
    "Use a transaction_id that is unique within a day for each payment.",
    "Configurez un transaction_id unique sur une journée pour chaque paiement.",
);

impl ServerError {
    pub const SECURITY: &'static str = "Security error";
    pub const INVALID: &'static str = "Invalid Transaction";
    pub const ALREADY_PROCESSED: &'static str = "Transaction already processed";

    /// The server's own wording (FAQ 27).
    pub fn message(&self) -> &'static str {
        match self {
            ServerError::Security(_) => ServerError::SECURITY,
            ServerError::Invalid(_) => ServerError::INVALID,
            ServerError::AlreadyProcessed(_) => ServerError::ALREADY_PROCESSED,
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
            ServerError::Security(_) => SECURITY_ADVICE,
            ServerError::Invalid(_) => INVALID_ADVICE,
            ServerError::AlreadyProcessed(_) => PROCESSED_ADVICE,
        }
        .fill(&[])
    }

    /// How a report names it: the message, marked as the payment server's
    /// (the executables never print it).
    pub fn shown(message: &str) -> String {
        format!("{message} (payment server)")
    }
}
