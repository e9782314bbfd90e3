//! Thin entry points that JavaScript calls: they read configuration, hand it
//! to `core` validation, start the checkout and mount its view
//! (`crate::components::checkout`).

pub mod hosted;
