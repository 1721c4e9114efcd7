//! The rules engine: regimes, eligibility, explanations (see crates/domain/src/rules/README).
