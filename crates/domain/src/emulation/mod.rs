//! The start of the emulation year: movements (phong trào thi đua), launch
//! plans (kế hoạch phát động) and registration (đăng ký thi đua) — their
//! states, what may happen in each, and the checks a registration must pass.

pub mod movement;
pub mod plan;
pub mod registration;
