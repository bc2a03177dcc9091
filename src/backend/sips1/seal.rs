//! The SIPS 1.0 protocol steps, each written once: a transaction's keys
//! (from the certificate's key matrix and the transaction's amount,
//! transmission date and id), sealing a record list into DATA, verifying a
//! MAC, and (de)ciphering customer_id and the complement.
//!
//! Every side calls these: the merchant's `request` and `response`, and the
//! payment-server side (reading a request, building a response).

use crate::wire::keys::{self, KeyError};
use crate::wire::{armor, cipher, hex, mac, nlv, KeyMatrix};

/// Hex digits of the MAC at the end of DATA.
pub(crate) const MAC_HEX_LEN: usize = 16;

/// What identifies a transaction for the key derivation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Transaction<'a> {
    pub amount: &'a [u8],
    pub transmission_date: &'a [u8],
    pub transaction_id: &'a [u8],
}

/// The C library `atoi` of the build the keys must agree with: the amd64
/// kits (and payment servers) wrap amounts of 2³¹ and more, the i386 P600
/// saturates them.
pub(crate) fn atoi_of(long_bits: u32) -> fn(&[u8]) -> i32 {
    if long_bits == 32 {
        crate::clib::c_atoi_i386
    } else {
        crate::clib::c_atoi
    }
}

/// The keys of one transaction under one certificate: the MAC key, and
/// the two customer_id keys for the callers that need them.
pub(crate) struct TransactionKeys {
    mac: Result<[u8; 8], KeyError>,
    cipher: Result<([u8; 8], [u8; 8]), KeyError>,
}

impl TransactionKeys {
    /// The MAC key only (deriving the customer_id keys costs as much again).
    pub fn new(matrix: &KeyMatrix, t: Transaction) -> TransactionKeys {
        let mac = keys::mac_key(matrix, t.amount, t.transmission_date, t.transaction_id);
        TransactionKeys { mac, cipher: Err(KeyError::AmountTooShort) }
    }

    /// The MAC key and the customer_id keys (amd64 arithmetic).
    pub fn with_cipher(matrix: &KeyMatrix, t: Transaction) -> TransactionKeys {
        TransactionKeys::with_cipher_for(matrix, t, 64)
    }

    /// The MAC key and the customer_id keys as a build with this `long` derived them.
    pub fn with_cipher_for(matrix: &KeyMatrix, t: Transaction, long_bits: u32) -> TransactionKeys {
        let (amount, date, tid) = (t.amount, t.transmission_date, t.transaction_id);
        let cipher = keys::customer_id_keys_with(matrix, amount, date, tid, atoi_of(long_bits));
        TransactionKeys { cipher, ..TransactionKeys::new(matrix, t) }
    }

    fn mac_key(&self) -> Result<[u8; 8], KeyError> {
        self.mac
    }

    /// Made with [`TransactionKeys::with_cipher`] (else: an error).
    fn cipher_keys(&self) -> Result<([u8; 8], [u8; 8]), KeyError> {
        self.cipher
    }

    /// The hex MAC of `text` (lowercase, as DATA carries it).
    pub fn mac_hex(&self, text: &[u8]) -> Result<[u8; MAC_HEX_LEN], KeyError> {
        let mut out = [0u8; MAC_HEX_LEN];
        hex::encode_lower_into(&mac::compute(&self.mac_key()?, text), &mut out);
        Ok(out)
    }

    /// DATA: the records in an NLV container, armored, in hex, followed by its MAC.
    pub fn seal<'r>(&self, records: impl IntoIterator<Item = (u32, &'r [u8])>) -> Result<Vec<u8>, KeyError> {
        self.seal_plain(&nlv::encode(records))
    }

    /// DATA for an already built container.
    pub fn seal_plain(&self, plain: &[u8]) -> Result<Vec<u8>, KeyError> {
        let mut data = armor::encode_hex(plain);
        let mac = self.mac_hex(&data)?;
        data.extend_from_slice(&mac);
        Ok(data)
    }

    /// Whether the last 16 characters of `data` are the MAC of the rest.
    /// Callers check the length first.
    pub fn verify(&self, data: &[u8]) -> Result<bool, KeyError> {
        let (text, mac) = data.split_at(data.len() - MAC_HEX_LEN);
        Ok(self.mac_hex(text)? == mac)
    }

    /// customer_id (or the complement) enciphered, in uppercase hex.
    pub fn encipher(&self, clear: &[u8]) -> Result<Vec<u8>, KeyError> {
        let (k1, k2) = self.cipher_keys()?;
        Ok(cipher::encrypt_customer_id(&k1, &k2, clear))
    }

    /// customer_id (or the complement) deciphered from its hex text, read as
    /// the legacy `response` read it.
    pub fn decipher(&self, hex_text: &[u8]) -> Result<Vec<u8>, KeyError> {
        let (k1, k2) = self.cipher_keys()?;
        Ok(cipher::decrypt_customer_id(&k1, &k2, hex_text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix() -> KeyMatrix {
        let mut m = KeyMatrix { rows: [[0; 65]; 25] };
        for (i, row) in m.rows.iter_mut().enumerate() {
            for (j, c) in row.iter_mut().enumerate() {
                *c = b'0' + ((i * 7 + j * 3) % 75) as u8;
            }
        }
        m
    }

    #[test]
    fn sealed_data_verifies_and_ciphers_round_trip() {
        let m = matrix();
        let t = Transaction { amount: b"2599", transmission_date: b"20261123051051", transaction_id: b"654321" };
        let keys = TransactionKeys::with_cipher(&m, t);
        let data = keys.seal([(2u32, &b"000000000000001"[..]), (3, b"2599")]).unwrap();
        assert!(keys.verify(&data).unwrap());
        let mut altered = data.clone();
        altered[20] ^= 1;
        assert!(!keys.verify(&altered).unwrap());
        let other = TransactionKeys::new(&m, Transaction { amount: b"2600", ..t });
        assert!(!other.verify(&data).unwrap());
        let ciphered = keys.encipher(b"client-42").unwrap();
        assert_eq!(keys.decipher(&ciphered).unwrap(), b"client-42");
        let short = TransactionKeys::new(&m, Transaction { amount: b"10", ..t });
        assert_eq!(short.seal_plain(b"x"), Err(KeyError::AmountTooShort));
    }
}
