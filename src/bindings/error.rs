//! The one error type of the bindings: every JavaScript failure becomes an
//! [`SdkError`] with a stable code before it leaves `src/bindings/`.

use wasm_bindgen::{JsCast, JsValue};

/// Stable error codes, sent to the merchant in `error` events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SdkErrorCode {
    /// The SDK module could not be fetched or evaluated (an HTTP error or a
    /// script error).
    LoadFailed,
    /// The SDK's URL can't be reached at all: blocked by an extension or a
    /// network filter, or the shopper is offline.
    Blocked,
    /// The SDK module did not load within the time limit.
    LoadTimeout,
    /// `KlarnaSDK(config)` threw or rejected.
    InitFailed,
    /// `Payment.presentation()` or `resolve()` failed.
    PresentationFailed,
    /// The SDK lacks something the page needs (an unknown revision).
    Unsupported,
    /// Mounting a Klarna element failed.
    MountFailed,
}

impl SdkErrorCode {
    /// The wire code, e.g. `sdk_load_failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            SdkErrorCode::LoadFailed => "sdk_load_failed",
            SdkErrorCode::Blocked => "sdk_blocked",
            SdkErrorCode::LoadTimeout => "sdk_load_timeout",
            SdkErrorCode::InitFailed => "sdk_init_failed",
            SdkErrorCode::PresentationFailed => "presentation_failed",
            SdkErrorCode::Unsupported => "sdk_unsupported",
            SdkErrorCode::MountFailed => "sdk_mount_failed",
        }
    }
}

/// A failure of Klarna's SDK or of loading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkError {
    /// What failed.
    pub code: SdkErrorCode,
    /// Details for the console and the merchant (never shown raw to shoppers).
    pub message: String,
}

impl SdkError {
    /// Builds an error from a code and a message.
    pub fn new(code: SdkErrorCode, message: impl Into<String>) -> Self {
        SdkError {
            code,
            message: message.into(),
        }
    }

    /// Builds an error from a thrown JavaScript value.
    pub fn from_js(code: SdkErrorCode, value: &JsValue) -> Self {
        SdkError::new(code, js_message(value))
    }
}

impl std::fmt::Display for SdkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

/// A readable message out of whatever JavaScript threw.
pub fn js_message(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    if let Some(s) = value.as_string() {
        return s;
    }
    if let Some(s) = crate::bindings::js::get_str(value, "message") {
        return s;
    }
    if let Some(s) = crate::bindings::js::get_str(value, "code") {
        return s;
    }
    "unknown error".to_string()
}
