//! The one integration-test binary: the store contract on both databases and
//! HTTP tests through a spawned app.

mod authz;
mod blocs;
mod council;
mod dossiers;
mod fixture;
mod fund_exemplars;
mod http;
mod initiatives;
mod pages;
mod pg_readers;
mod ratings;
mod registration;
mod reports;
mod schema;
mod search;
mod security;
mod store_contract;
mod uploads;
