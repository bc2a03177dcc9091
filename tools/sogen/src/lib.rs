//! `sogen`: the tools the legacy kit never had, built on libsogen.
//!
//! * [`doctor`] checks an installation (pathfile, parmcom files, certificate,
//!   a trial `request` + `response`) and explains every problem with the legacy
//!   error text it causes, the vendor FAQ entry and the fix.
//! * [`sandbox`] is a local payment server answering where a generated test
//!   certificate or a Sips 2.0 key file points, so an unchanged merchant
//!   integration can pay locally.
//! * [`init`], [`cert`], [`key`] and [`logos`] write an installation, a test
//!   certificate, a Sips 2.0 key file, the card logos.
//!
//! Every use of the core library goes through [`core`]; what the doctor and
//! the sandbox share (the payment server's answers, the two languages) sits
//! below both, in [`payment_server`] and [`lang`].

pub mod cert;
pub mod cli;
pub mod core;
pub mod currency;
pub mod doctor;
pub mod faq;
pub mod gif;
pub mod init;
pub mod key;
pub mod lang;
pub mod logos;
pub mod payment_server;
pub mod sandbox;
pub mod urls;
