//! Ratio caps. A cap never changes an individual verdict: results say who qualifies,
//! caps say how many of them may be conferred in each scope (docs/exchange.md).
//! - CSTĐCS ≤ 15 % of the people with LĐTT per agency (NĐ 91/2017 Đ9 k3; parameter
//!   `cstdcs_cap_ratio`, none nationally from 2024 — a province may set one).
//! - Cờ thi đua Chính phủ ≤ 20 % of the collectives qualifying for Cờ tỉnh (NĐ 91/2017 Đ11 k1).

use super::params::{Params, Rounding};
use crate::codes::AwardCode;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cap {
    /// The unit id of the agency (or `"*"` for the whole input).
    pub scope: String,
    /// How many may be conferred.
    pub limit: u32,
    /// How many qualify.
    pub eligible: u32,
    /// What the ratio is taken of (e.g. the number of LĐTT).
    pub basis: u32,
    pub ratio: f64,
    pub rounding: Rounding,
    pub citation: String,
}

impl Cap {
    pub fn new(
        scope: impl Into<String>,
        ratio: f64,
        rounding: Rounding,
        basis: u32,
        eligible: u32,
        citation: &str,
    ) -> Cap {
        Cap {
            scope: scope.into(),
            limit: rounding.apply(ratio, basis),
            eligible,
            basis,
            ratio,
            rounding,
            citation: citation.to_string(),
        }
    }
}

/// The ratio cap that applies to an award under the parameters, with its citation.
pub fn cap_rule(award: AwardCode, p: &Params) -> Option<(f64, &'static str)> {
    match award {
        AwardCode::Cstdcs => p.cstdcs_cap_ratio.map(|r| {
            (
                r,
                if p.regime == super::Regime::Nd91_2017 {
                    "NĐ 91/2017 Đ9 k3"
                } else {
                    "Quy định của tỉnh/bộ (tỉ lệ CSTĐCS)"
                },
            )
        }),
        AwardCode::CoCp => p.co_cp_cap_ratio.map(|r| {
            (
                r,
                if p.regime == super::Regime::Nd91_2017 {
                    "NĐ 91/2017 Đ11 k1"
                } else {
                    "Quy định (tỉ lệ Cờ thi đua Chính phủ)"
                },
            )
        }),
        _ => None,
    }
}

/// Counts per scope, filled while evaluating (streaming-friendly).
#[derive(Debug, Default, Clone)]
pub struct CapTally {
    scopes: BTreeMap<String, (u32, u32)>,
}

impl CapTally {
    pub fn add(&mut self, scope: &str, basis: bool, eligible: bool) {
        if !basis && !eligible {
            return;
        }
        let e = self.scopes.entry(scope.to_string()).or_default();
        e.0 += basis as u32;
        e.1 += eligible as u32;
    }

    pub fn merge(&mut self, other: CapTally) {
        for (k, (b, e)) in other.scopes {
            let x = self.scopes.entry(k).or_default();
            x.0 += b;
            x.1 += e;
        }
    }

    pub fn finish(self, award: AwardCode, p: &Params) -> Vec<Cap> {
        let Some((ratio, citation)) = cap_rule(award, p) else {
            return Vec::new();
        };
        self.scopes
            .into_iter()
            .map(|(scope, (basis, eligible))| {
                Cap::new(scope, ratio, p.cap_rounding, basis, eligible, citation)
            })
            .collect()
    }
}
