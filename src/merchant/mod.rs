//! The merchant's side: what the legacy executables did. `request` turns
//! arguments and configuration into a payment page; `response` checks and
//! decodes what the payment server posts back. Both read the pathfile and
//! the merchant's credential the same way (`session`).

mod checks;
mod expect;
pub(crate) mod form;
pub(crate) mod request;
pub(crate) mod response;
mod sentences;
pub(crate) mod session;
