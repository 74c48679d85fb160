pub mod export;
pub mod notice;
pub mod sample;
