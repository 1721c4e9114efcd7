//! The emulation year: movements (phong trào thi đua), launch plans (kế
//! hoạch phát động), registration (đăng ký thi đua), initiatives (sáng kiến)
//! and blocs (khối thi đua) — their states, what may happen in each, and the checks they must pass.

pub mod bloc;
pub mod dossier;
pub mod exemplar;
pub mod initiative;
pub mod movement;
pub mod plan;
pub mod registration;
