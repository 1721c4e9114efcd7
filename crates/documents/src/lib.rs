//! Documents offices recognise: the staff sheet (.xlsx) in and out; Word and
//! PDF in the NĐ 30/2020 layout come with the plan and decision workflows;
//! Bằng khen and Giấy khen printed onto pre-printed blanks.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod bloc_docs;
pub mod bloc_sheet;
pub mod certificate;
pub mod decision_docs;
pub mod dossier_docs;
pub mod fund_sheet;
#[cfg(feature = "hostile")]
pub mod hostile;
pub mod nd30;
pub mod rating_sheet;
pub mod registration_sheet;
pub mod report_sheet;
pub mod sheet_style;
pub mod staff_sheet;
pub mod statistics_sheet;
pub mod table_sheet;
pub mod workbook;
pub mod xlsx;
