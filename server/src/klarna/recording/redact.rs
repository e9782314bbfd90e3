//! What a recording must not keep: API keys, tokens, signing secrets and the
//! shopper's or merchant's personal data (e-mails, names, phones,
//! addresses, dates of birth, national ids). Everything else stays, so a
//! recording shows Klarna's shapes exactly.
//!
//! Pure functions over header lists and JSON values; the rules are by name
//! (a field or header called so) and, for e-mails, by form (any string
//! value that looks like an address), so a field we did not foresee that
//! carries an e-mail is caught too.

use serde_json::Value;

/// Headers kept verbatim; every other header's value is dropped.
const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "klarna-idempotency-key",
    "partner-correlation-id",
    "klarna-signing-key-id",
    "klarna-correlation-id",
    "klarna-partner-account",
    "user-agent",
];

/// Redacts a header value by its name (lower case).
pub fn header(name: &str, value: &str) -> String {
    let n = name.to_ascii_lowercase();
    if n == "authorization" {
        return "[redacted: api key]".into();
    }
    if n.contains("token") {
        return "[redacted: token]".into();
    }
    if n == "klarna-signature" {
        return "[redacted: signature]".into();
    }
    if KEPT_HEADERS.contains(&n.as_str()) {
        return value.to_string();
    }
    "[redacted]".into()
}

/// What a field of this name holds, when it must go.
fn kind_of(key: &str, parent: Option<&str>) -> Option<&'static str> {
    let k = key.to_ascii_lowercase();
    if k.contains("token") || k == "paymentconfirmationtoken" {
        return Some("token");
    }
    if matches!(
        k.as_str(),
        "signing_key" | "secret" | "api_key" | "password" | "client_secret"
    ) {
        return Some("secret");
    }
    if k.contains("email") {
        return Some("email");
    }
    if k.contains("phone") || k == "mobile" {
        return Some("phone");
    }
    if matches!(
        k.as_str(),
        "given_name"
            | "family_name"
            | "first_name"
            | "last_name"
            | "full_name"
            | "middle_name"
            | "attention"
            | "care_of"
    ) {
        return Some("name");
    }
    // "name" is a person's only inside a person or an address (a line item's
    // name is a product's).
    let personal_parent = parent.is_some_and(|p| {
        let p = p.to_ascii_lowercase();
        [
            "customer",
            "recipient",
            "contact",
            "profile",
            "address",
            "billing",
            "shipping",
        ]
        .iter()
        .any(|w| p.contains(w))
    });
    if k == "name" && personal_parent {
        return Some("name");
    }
    if matches!(
        k.as_str(),
        "street_address"
            | "street_address2"
            | "street_address_2"
            | "street_name"
            | "street_number"
            | "house_extension"
            | "postal_code"
            | "city"
            | "region"
            | "organization_name"
    ) {
        return Some("address");
    }
    if matches!(
        k.as_str(),
        "date_of_birth" | "national_identification_number" | "national_identification"
    ) {
        return Some("personal data");
    }
    if k == "klarna_network_data" {
        return Some("network data");
    }
    None
}

/// Whether `s` looks like an e-mail address.
pub fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.contains(char::is_whitespace)
        && !domain.contains('@')
}

fn walk(v: &mut Value, parent: Option<&str>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match kind_of(k, parent) {
                    Some(kind) if !child.is_null() => {
                        *child = Value::String(format!("[redacted: {kind}]"))
                    }
                    _ => walk(child, Some(k)),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk(i, parent)),
        Value::String(s) if looks_like_email(s) => *s = "[redacted: email]".into(),
        _ => {}
    }
}

/// Redacts a JSON value in place (recursively).
pub fn json(v: &mut Value) {
    walk(v, None);
}

/// Redacts a query string (`a=b&c=d`): values of fields [`json`] would
/// redact, and e-mail-like values.
pub fn query(q: &str) -> String {
    q.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => {
                let decoded = v.replace("%40", "@");
                match kind_of(k, None) {
                    Some(kind) => format!("{k}=[redacted: {kind}]"),
                    None if looks_like_email(&decoded) => format!("{k}=[redacted: email]"),
                    None => pair.to_string(),
                }
            }
            None => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Redacts a path: the acquirer's partner account becomes
/// `{partner_account_id}`, a payment confirmation token `[redacted: token]`.
pub fn path(p: &str, partner_account_id: Option<&str>) -> String {
    let mut out = match partner_account_id.filter(|id| !id.is_empty()) {
        Some(id) => p.replace(id, "{partner_account_id}"),
        None => p.to_string(),
    };
    if let Some(i) = out.find("/confirmation-tokens/") {
        let head = &out[..i + "/confirmation-tokens/".len()];
        let tail = &out[head.len()..];
        let rest = tail.find('/').map(|j| &tail[j..]).unwrap_or("");
        out = format!("{head}[redacted: token]{rest}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_and_personal_data_go_shapes_stay() {
        let mut v = json!({
            "sdk_token": "abc", "currency": "EUR",
            "supplementary_purchase_data": {
                "line_items": [{"name": "Sneakers", "quantity": 1}],
                "customer": {"email": "customer+de@klarna.com", "name": "Jane Doe",
                             "address": {"street_address": "Main 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}},
            },
            "state_context": {"klarna_network_session_token": "krn:…"},
            "note": "write to jane@example.com",
            "contact": "someone@example.org",
            "signing_key": "whsec_1", "signing_key_id": "krn:partner:global:notification:signing-key:1",
        });
        json(&mut v);
        assert_eq!(v["sdk_token"], "[redacted: token]");
        assert_eq!(v["currency"], "EUR");
        let c = &v["supplementary_purchase_data"]["customer"];
        assert_eq!(c["email"], "[redacted: email]");
        assert_eq!(c["name"], "[redacted: name]");
        assert_eq!(c["address"]["street_address"], "[redacted: address]");
        assert_eq!(c["address"]["country"], "DE");
        assert_eq!(
            v["supplementary_purchase_data"]["line_items"][0]["name"],
            "Sneakers"
        );
        assert_eq!(
            v["state_context"]["klarna_network_session_token"],
            "[redacted: token]"
        );
        assert_eq!(
            v["note"], "write to jane@example.com",
            "not an address alone"
        );
        assert_eq!(v["contact"], "[redacted: email]");
        assert_eq!(v["signing_key"], "[redacted: secret]");
        assert_eq!(
            v["signing_key_id"],
            "krn:partner:global:notification:signing-key:1"
        );
    }

    #[test]
    fn headers_paths_and_queries() {
        assert_eq!(header("Authorization", "Basic x"), "[redacted: api key]");
        assert_eq!(
            header("Klarna-Network-Session-Token", "krn:x"),
            "[redacted: token]"
        );
        assert_eq!(header("Klarna-Idempotency-Key", "k-1"), "k-1");
        assert_eq!(header("Cookie", "a=b"), "[redacted]");
        assert_eq!(
            path(
                "/v2/accounts/PA1/payment/confirmation-tokens/eyJ.x/confirm",
                Some("PA1")
            ),
            "/v2/accounts/{partner_account_id}/payment/confirmation-tokens/[redacted: token]/confirm"
        );
        assert_eq!(
            query("locale=de-DE&email=a%40b.de&amount=1"),
            "locale=de-DE&email=[redacted: email]&amount=1"
        );
    }
}
