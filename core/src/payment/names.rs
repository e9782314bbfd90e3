//! The payment's wire names: when the money is captured
//! ([`CaptureMethod`]) and the public state derived from its amounts
//! ([`PaymentState`]).

use serde::{Deserialize, Serialize};

/// When the money is captured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaptureMethod {
    /// The merchant captures (when it ships).
    #[default]
    Manual,
    /// Klarna captures at authorization (`capture: "NOW"`).
    Automatic,
}

impl CaptureMethod {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            CaptureMethod::Manual => "manual",
            CaptureMethod::Automatic => "automatic",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<CaptureMethod> {
        match s {
            "manual" => Some(CaptureMethod::Manual),
            "automatic" => Some(CaptureMethod::Automatic),
            _ => None,
        }
    }
}

/// Public state of a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Authorized, nothing captured yet.
    Authorized,
    /// Part of the authorization is captured, the rest may still be.
    PartiallyCaptured,
    /// Everything that will be captured is (the rest, if any, was released).
    Captured,
    /// Some captured money went back, and some is still captured or part of
    /// the authorization may still be captured.
    PartiallyRefunded,
    /// All captured money went back and nothing is left to capture (the
    /// rest, if any, was released).
    Refunded,
    /// Released before any capture.
    Voided,
    /// Klarna let the uncaptured authorization lapse.
    Expired,
}

impl PaymentState {
    /// The wire name (`partially_captured`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Authorized => "authorized",
            PaymentState::PartiallyCaptured => "partially_captured",
            PaymentState::Captured => "captured",
            PaymentState::PartiallyRefunded => "partially_refunded",
            PaymentState::Refunded => "refunded",
            PaymentState::Voided => "voided",
            PaymentState::Expired => "expired",
        }
    }
}
