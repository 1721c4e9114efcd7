pub mod admin;
pub mod eligibility;
pub mod serve;
pub mod synth;
pub mod transfer;
