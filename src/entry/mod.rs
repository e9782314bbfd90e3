//! Thin entry points that JavaScript calls: they read configuration, hand it
//! to `core` validation and mount `<Checkout/>`.

pub mod hosted;
