//! The backend seam. Behind the same calls and the same result strings, a
//! payment protocol decides four things: the merchant's credential (SIPS 1.0:
//! a certificate holding a DES key matrix; Sips 2.0: a key file holding a
//! secret key), how a request is sealed, what the payment page posts, and how
//! a received message is checked and decoded.
//! The merchant side (`crate::merchant`) parses arguments and configuration,
//! runs the legacy checks and frames the result; everything protocol-specific
//! goes through [`Backend`] (requests) and the backend's `respond` (responses).

pub(crate) mod sips1;
pub(crate) mod sips2;

use crate::error::ApiError;
use crate::fields::Record;
use crate::merchant::form::Page;
use crate::version::Profile;

/// What a backend needs to build the payment page of a checked request.
pub(crate) struct FormInput<'a> {
    pub record: &'a Record,
    pub profile: &'static Profile,
    pub page: Page<'a>,
    /// The form's `target` attribute (empty: none).
    pub target: &'a [u8],
}

/// The payment page of a request.
pub(crate) struct Form {
    /// The address the form posts to (shown in DEBUG as CALL URL).
    pub call_url: Vec<u8>,
    /// What the shop's page embeds.
    pub html: Vec<u8>,
    /// The DEBUG rows "Request sent to the Payment Server" as label and value,
    /// for a backend whose request is not the kit's records (empty: those).
    pub sent: Vec<(Vec<u8>, Vec<u8>)>,
}

/// The protocol-specific steps of `request`, for one merchant's credential.
pub(crate) trait Backend {
    /// Checks the credential's own data against the request and stores the
    /// fields it adds. `ctype` is the pathfile's `F_CTYPE` (empty when the
    /// kit version has none).
    fn admit(&self, record: &mut Record, ctype: &[u8]) -> Result<(), ApiError>;

    /// Seals the request and builds the page that posts it.
    fn form(&self, input: &FormInput) -> Result<Form, ApiError>;
}
