//! The pure domain of tdkt: no IO, no async, no database. Everything here is
//! tested without a server.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod auth;
pub mod clock;
pub mod codes;
pub mod commendation;
pub mod emulation;
pub mod error;
pub mod org;
pub mod reports;
pub mod roster;
pub mod rules;
pub mod text;
pub mod unit_names;
