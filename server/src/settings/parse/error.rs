//! [`SettingsError`]: a setting that stops the server at start, naming its
//! variable.

/// A setting that stops the server at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    /// The environment variable.
    pub variable: &'static str,
    /// What was expected (and what was found, unless it is secret).
    pub message: String,
}

impl SettingsError {
    /// A malformed value.
    pub fn invalid(variable: &'static str, message: impl Into<String>) -> Self {
        SettingsError {
            variable,
            message: message.into(),
        }
    }
    /// A required value that is absent.
    pub fn missing(variable: &'static str, expected: &str) -> Self {
        SettingsError::invalid(variable, format!("missing; expected {expected}"))
    }
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.variable, self.message)
    }
}

impl std::error::Error for SettingsError {}
