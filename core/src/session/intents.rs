//! Klarna's payment intents: which exist, which the checkout serves and why
//! the others are refused.

/// Klarna payment intents (Klarna's `intents` names).
pub const INTENTS: &[&str] = &[
    "PAY",
    "SUBSCRIBE",
    "SIGNUP",
    "SIGNIN",
    "DONATE",
    "ADD_TO_WALLET",
];

/// Intents the checkout serves: a one-off payment (`PAY`), which Klarna may
/// present with its sign-in (`SIGNIN`) or as a donation (`DONATE`).
pub const SUPPORTED_INTENTS: &[&str] = &["PAY", "SIGNIN", "DONATE"];

/// Start of the reason of an intent the checkout can't serve yet (the
/// server answers `422` when that is all that is wrong).
pub const NOT_SUPPORTED_YET: &str = "not supported yet";

/// Why an intent of Klarna's is not served yet, when it is not.
pub fn unsupported_intent(intent: &str) -> Option<String> {
    let why = match intent {
        "SUBSCRIBE" => "subscriptions need a customer token and recurring charges",
        "ADD_TO_WALLET" => "saving Klarna to the shopper's wallet needs a customer token",
        "SIGNUP" => "signing up without a purchase needs a customer token",
        _ => return None,
    };
    Some(format!(
        "{NOT_SUPPORTED_YET}: {intent} ({why}, which this checkout does not create); \
         a session is a one-off payment: use {}",
        SUPPORTED_INTENTS.join(", ")
    ))
}
