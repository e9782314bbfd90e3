//! Field-level problems and the public error body shared by every boundary.

use serde::{Deserialize, Serialize};

/// One problem with one input field, named by its JSON path (`order_lines[0].quantity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Path of the field in the input, dots for objects and `[i]` for arrays.
    pub path: String,
    /// What was wrong and what was expected.
    pub reason: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// Stable machine-readable error codes of the public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is malformed; `fields` says where.
    InvalidRequest,
    /// Missing or wrong credentials.
    Unauthorized,
    /// No such resource (or not visible to the caller).
    NotFound,
    /// The resource's state does not allow the operation.
    Conflict,
    /// An `Idempotency-Key` was used before with another request (`409`).
    IdempotencyKeyReused,
    /// Too many requests; see `Retry-After`.
    RateLimited,
    /// Klarna (or the sandbox) failed.
    UpstreamError,
    /// A fault of the server itself.
    Internal,
}

impl ErrorCode {
    /// Every code, for lookups.
    pub const ALL: [ErrorCode; 8] = [
        ErrorCode::InvalidRequest,
        ErrorCode::Unauthorized,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::IdempotencyKeyReused,
        ErrorCode::RateLimited,
        ErrorCode::UpstreamError,
        ErrorCode::Internal,
    ];

    /// The wire name (`invalid_request`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::UpstreamError => "upstream_error",
            ErrorCode::Internal => "internal",
        }
    }
}

/// The inner object of every 4xx/5xx body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// Stable code.
    pub code: ErrorCode,
    /// Human-readable summary.
    pub message: String,
    /// The fields at fault (for `invalid_request`, and `conflict` when a
    /// field decides it); always present, empty when no field is at fault.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub fields: Vec<FieldError>,
}

/// `{ "error": { … } }`, the body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// The error.
    pub error: ApiError,
}

/// Summarises field errors into one message line naming every field.
pub fn summarize(fields: &[FieldError]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.path.as_str()).collect();
    match fields {
        [] => "invalid request".to_string(),
        [one] => one.to_string(),
        _ => format!("invalid fields: {}", names.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn wire_names_match_serde() {
        for c in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}
