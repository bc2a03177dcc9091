//! The DATA wire format: NLV container, 6-bit armor, hex, DES CBC-MAC with its
//! per-transaction key, customer_id 3DES and the certificate's URL blocks
//! (docs/wire-format.md).
//!
//! Everything here is pure: bytes in, bytes out, no I/O.

pub mod armor;
pub mod cipher;
mod des_sp;
pub mod hex;
pub mod keys;
pub mod mac;
pub mod nlv;
pub mod received;
pub mod url;

/// The certificate's 25 × 65 key matrix: the first 65 bytes of data lines 1–25
/// as `fgets` returned them (a 64-character line contributes its `\n`).
#[derive(Clone, PartialEq, Eq)]
pub struct KeyMatrix {
    pub rows: [[u8; 65]; 25],
}

impl std::fmt::Debug for KeyMatrix {
    // The matrix is the merchant's secret: never print it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyMatrix(..)")
    }
}
