//! `sogen-tools`: the two tools the legacy kit never had, built on libsogen.
//!
//! * [`doctor`] checks an installation (pathfile, parmcom files, certificate,
//!   a trial `request` + `response`) and explains every problem with the legacy
//!   error text it causes, the vendor FAQ entry and the fix.
//! * [`sandbox`] is a local payment server answering where a generated test
//!   certificate points, so an unchanged merchant integration can pay locally.
//!
//! The core crate keeps its small dependency set; the web stack lives here.

pub mod cert;
pub mod currency;
pub mod doctor;
pub mod faq;
pub mod gif;
pub mod sandbox;
