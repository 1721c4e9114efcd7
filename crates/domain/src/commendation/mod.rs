//! The commendation half of the year: the Emulation & Commendation Council
//! (Hội đồng Thi đua – Khen thưởng), its sessions and secret ballots, the
//! outcome per nominee, and award decisions (quyết định khen thưởng) with
//! their numbering — what may happen in each state and the checks they pass.

pub mod ballot;
pub mod council;
pub mod decision;
pub mod fund;
