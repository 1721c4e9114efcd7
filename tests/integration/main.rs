//! The one integration-test binary: the store contract on both databases and
//! HTTP tests through a spawned app.

mod http;
mod registration;
mod security;
mod store_contract;
mod uploads;
