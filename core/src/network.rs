//! The Klarna network values a merchant hands over: the network session
//! token (kept verbatim, sent to Klarna in a header) and
//! `klarna_network_data` (serialized JSON, server-only, forwarded to Klarna
//! unmodified), under their current and legacy names.

use crate::fields::Fields;
use serde_json::Value;

/// Longest network session token accepted (Klarna's header limit).
pub const MAX_TOKEN_LEN: usize = 8192;

/// Longest `klarna_network_data` accepted, in bytes.
pub const MAX_NETWORK_DATA_LEN: usize = 16 * 1024;

/// Validates a network session token alone (for `POST …/network-token`).
pub fn check_token_value(token: &str) -> Result<(), String> {
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(format!("expected 1 to {MAX_TOKEN_LEN} characters"));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("expected no whitespace or control characters".to_string());
    }
    Ok(())
}

/// Validates `klarna_network_data`: serialized JSON of at most
/// [`MAX_NETWORK_DATA_LEN`] bytes.
pub fn check_network_data(s: &str) -> Result<(), String> {
    if s.len() > MAX_NETWORK_DATA_LEN || serde_json::from_str::<Value>(s).is_err() {
        return Err(format!(
            "expected serialized JSON of at most {MAX_NETWORK_DATA_LEN} bytes"
        ));
    }
    Ok(())
}

/// Reads `klarna_network_session_token` (or the legacy
/// `interoperability_token`).
pub fn read_token(f: &mut Fields<'_>) -> Option<String> {
    let (name, v) = f.raw_alias(&["klarna_network_session_token", "interoperability_token"])?;
    match v.as_str() {
        Some(s) => match check_token_value(s) {
            Ok(()) => Some(s.to_string()),
            Err(e) => {
                f.fail(name, e);
                None
            }
        },
        None => {
            f.fail(name, "expected a string");
            None
        }
    }
}

/// Reads `klarna_network_data` (or the legacy `interoperability_data`).
pub fn read_network_data(f: &mut Fields<'_>) -> Option<String> {
    let (name, v) = f.raw_alias(&["klarna_network_data", "interoperability_data"])?;
    let Some(s) = v.as_str() else {
        f.fail(name, "expected a string holding serialized JSON");
        return None;
    };
    match check_network_data(s) {
        Ok(()) => Some(s.to_string()),
        Err(e) => {
            f.fail(name, e);
            None
        }
    }
}
