//! Building the DATA a `response` reads, as the payment server did.

use crate::backend::sips1::seal::{Transaction, TransactionKeys};
use crate::config::certificate::MatrixError;
use crate::error::ApiError;
use crate::fields::{Slot, Values, CIPHERED_FLAG_CODE, COMPLEMENT_CODE, SLOTS};
use crate::wire::KeyMatrix;

/// Why a response DATA cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{0} is required")]
    Missing(&'static str),
    #[error("amount needs at least 3 digits")]
    AmountTooShort,
    #[error("{0} is longer than the response allows")]
    TooLong(&'static str),
    #[error("{0} contains a NUL byte")]
    Nul(&'static str),
    #[error("unknown response field {0}")]
    UnknownField(String),
    #[error("certificate: {0}")]
    Certificate(String),
}

/// The three values the legacy never length-checked; longer ones overflowed
/// its slots, so the builder (and the Sips 2.0 response) keeps them to
/// their documented sizes.
pub(crate) const UNCHECKED_MAXIMA: [(Slot, usize); 3] =
    [(Slot::CvvFlag, 1), (Slot::CvvResponseCode, 2), (Slot::BankResponseCode, 2)];

/// A response message under construction: values as they travel (languages
/// in SIPS codes such as `sp`, customer_id in clear: it is enciphered here).
#[derive(Debug, Clone)]
pub struct ResponseBuilder {
    values: Values,
    complement: Vec<u8>,
    cipher_customer_id: bool,
}

impl Default for ResponseBuilder {
    fn default() -> ResponseBuilder {
        ResponseBuilder { values: Values::default(), complement: Vec::new(), cipher_customer_id: true }
    }
}

impl ResponseBuilder {
    pub fn new() -> ResponseBuilder {
        ResponseBuilder::default()
    }

    /// Sets one value.
    pub fn set(&mut self, slot: Slot, value: impl Into<Vec<u8>>) -> &mut ResponseBuilder {
        self.values.set(slot, value.into());
        self
    }

    /// Sets a value by its response name (`merchant_id`, `response_code`, …).
    pub fn set_named(&mut self, name: &str, value: impl Into<Vec<u8>>) -> Result<&mut ResponseBuilder, BuildError> {
        let slot = Slot::from_name(name).ok_or_else(|| BuildError::UnknownField(name.to_string()))?;
        Ok(self.set(slot, value))
    }

    /// A complement (field 107) `response` appends to `data` after `;`.
    pub fn complement(&mut self, clear: impl Into<Vec<u8>>) -> &mut ResponseBuilder {
        self.complement = clear.into();
        self
    }

    /// Whether customer_id travels enciphered with the flag 108 (the default).
    pub fn cipher_customer_id(&mut self, on: bool) -> &mut ResponseBuilder {
        self.cipher_customer_id = on;
        self
    }

    pub fn values(&self) -> &Values {
        &self.values
    }

    fn validate(&self) -> Result<(), BuildError> {
        let v = |s: Slot| self.values.get(s);
        for slot in [Slot::MerchantId, Slot::MerchantCountry, Slot::Amount, Slot::TransactionId, Slot::TransmissionDate]
        {
            if v(slot).is_empty() {
                return Err(BuildError::Missing(slot.def().name));
            }
        }
        if v(Slot::Amount).len() < 3 {
            return Err(BuildError::AmountTooShort);
        }
        for def in SLOTS.iter() {
            let max = def.max.or_else(|| UNCHECKED_MAXIMA.iter().find(|(s, _)| *s == def.id).map(|(_, m)| *m));
            let value = v(def.id);
            if value.len() > max.unwrap_or(usize::MAX) {
                return Err(BuildError::TooLong(def.name));
            }
            if value.contains(&0) {
                return Err(BuildError::Nul(def.name));
            }
        }
        if self.complement.contains(&0) {
            return Err(BuildError::Nul("complement"));
        }
        Ok(())
    }

    /// The DATA value sealed with the merchant's key matrix.
    pub fn seal(&self, matrix: &KeyMatrix) -> Result<Vec<u8>, BuildError> {
        self.validate()?;
        let v = |s: Slot| self.values.get(s);
        let transaction = Transaction {
            amount: v(Slot::Amount),
            transmission_date: v(Slot::TransmissionDate),
            transaction_id: v(Slot::TransactionId),
        };
        let keys = TransactionKeys::with_cipher(matrix, transaction);
        let key_error = |e| BuildError::Certificate(format!("{e:?}"));
        let customer_id = if self.cipher_customer_id && !v(Slot::CustomerId).is_empty() {
            keys.encipher(v(Slot::CustomerId)).map_err(key_error)?
        } else {
            v(Slot::CustomerId).to_vec()
        };
        let complement =
            if self.complement.is_empty() { Vec::new() } else { keys.encipher(&self.complement).map_err(key_error)? };
        let flag: &[u8] = if self.cipher_customer_id && !customer_id.is_empty() { b"1" } else { b"" };
        let records = SLOTS
            .iter()
            .map(|d| {
                (d.code.unwrap_or_default(), if d.id == Slot::CustomerId { customer_id.as_slice() } else { v(d.id) })
            })
            .chain([(CIPHERED_FLAG_CODE, flag), (COMPLEMENT_CODE, complement.as_slice())]);
        keys.seal(records).map_err(key_error)
    }

    /// The DATA value sealed with the certificate at `path` (`with_header`: the
    /// pathfile has an `F_CTYPE`).
    pub fn seal_with_certificate(&self, path: &[u8], with_header: bool) -> Result<Vec<u8>, BuildError> {
        let certificate =
            super::load_certificate(path, with_header).map_err(|e: ApiError| BuildError::Certificate(e.to_string()))?;
        let matrix = certificate
            .matrix
            .as_ref()
            .map_err(|e: &MatrixError| BuildError::Certificate(String::from_utf8_lossy(&e.detail()).into_owned()))?;
        self.seal(matrix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_incomplete_or_oversized_responses() {
        let m = KeyMatrix { rows: [[b'a'; 65]; 25] };
        let mut b = ResponseBuilder::new();
        assert_eq!(b.seal(&m), Err(BuildError::Missing("merchant_id")));
        b.set(Slot::MerchantId, "1").set(Slot::MerchantCountry, "fr").set(Slot::Amount, "10");
        b.set(Slot::TransactionId, "1").set(Slot::TransmissionDate, "20260101000000");
        assert_eq!(b.seal(&m), Err(BuildError::AmountTooShort));
        b.set(Slot::Amount, "100").set(Slot::CvvFlag, "12");
        assert_eq!(b.seal(&m), Err(BuildError::TooLong("cvv_flag")));
        b.set(Slot::CvvFlag, "1");
        assert!(b.seal(&m).is_ok());
        assert!(b.set_named("no_such_field", "x").is_err());
    }
}
