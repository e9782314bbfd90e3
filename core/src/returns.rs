//! Where a shopper who paid on the hosted page goes back to: the session's
//! `return_url`, with Klarna's placeholders filled in, because a page opened
//! directly (a payment link) or in a plain iframe has no merchant script to
//! take the shopper back.

/// Placeholder of the payment request's id (Klarna's, also usable in a
/// merchant's `return_url`).
pub const PAYMENT_REQUEST_ID: &str = "{klarna.payment_request.id}";
/// Placeholder of the payment request's state.
pub const PAYMENT_REQUEST_STATE: &str = "{klarna.payment_request.state}";

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `url` with Klarna's placeholders filled: the payment request's id (empty
/// when the payment needed none) and its state, both percent-encoded.
pub fn fill_return_url(url: &str, payment_request_id: Option<&str>, state: &str) -> String {
    url.replace(
        PAYMENT_REQUEST_ID,
        &encode(payment_request_id.unwrap_or("")),
    )
    .replace(PAYMENT_REQUEST_STATE, &encode(state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_encoded() {
        let url = "https://shop.example/return?pr={klarna.payment_request.id}&s={klarna.payment_request.state}";
        assert_eq!(
            fill_return_url(url, Some("krn:payment:eu1:payment-request:1"), "COMPLETED"),
            "https://shop.example/return?pr=krn%3Apayment%3Aeu1%3Apayment-request%3A1&s=COMPLETED"
        );
        assert_eq!(
            fill_return_url(url, None, "COMPLETED"),
            "https://shop.example/return?pr=&s=COMPLETED"
        );
        assert_eq!(
            fill_return_url("https://shop.example/thanks", None, "COMPLETED"),
            "https://shop.example/thanks"
        );
    }
}
