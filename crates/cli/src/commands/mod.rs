pub mod eligibility;
pub mod synth;
