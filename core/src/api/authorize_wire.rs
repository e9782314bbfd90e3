//! How [`AuthorizeOutcome`] is read: as one flat object whose `result` names
//! the variant, then checked for the variant's fields.
//!
//! serde reads an internally tagged enum (`#[serde(tag = "result")]`) by
//! buffering the whole object into its private `Content` tree and reading
//! the variant from that copy; in the hosted page's WebAssembly that
//! machinery and its per-type visitors cost more than the rest of the type.
//! The wire shape, what is refused and serde's wording are unchanged
//! (`missing field `return_url``, ``unknown variant `MAYBE`, expected one of
//! …``); a field of another variant is ignored, as before.

use super::AuthorizeOutcome;
use crate::wire_map::needed;
use serde::de::value::Error;
use serde::Deserialize;

/// The answer's fields, every variant's at once. A field of the wrong JSON
/// type is refused here, whichever variant it belongs to.
#[derive(Deserialize)]
pub(super) struct AuthorizeWire {
    result: Kind,
    #[serde(default)]
    payment_transaction_id: Option<String>,
    #[serde(default)]
    return_url: Option<String>,
    #[serde(default)]
    payment_request_id: Option<String>,
    #[serde(default)]
    payment_request_url: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// The `result` tag.
#[derive(Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Kind {
    Approved,
    StepUpRequired,
    Declined,
}

impl TryFrom<AuthorizeWire> for AuthorizeOutcome {
    type Error = Error;

    fn try_from(w: AuthorizeWire) -> Result<Self, Error> {
        Ok(match w.result {
            Kind::Approved => AuthorizeOutcome::Approved {
                payment_transaction_id: needed(w.payment_transaction_id, "payment_transaction_id")?,
                return_url: needed(w.return_url, "return_url")?,
            },
            Kind::StepUpRequired => AuthorizeOutcome::StepUpRequired {
                payment_request_id: needed(w.payment_request_id, "payment_request_id")?,
                payment_request_url: w.payment_request_url,
            },
            Kind::Declined => AuthorizeOutcome::Declined { reason: w.reason },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::AuthorizeOutcome;

    #[test]
    fn reads_what_it_writes_and_names_what_is_missing() {
        for o in [
            AuthorizeOutcome::Approved {
                payment_transaction_id: "t".into(),
                return_url: "https://r".into(),
            },
            AuthorizeOutcome::StepUpRequired {
                payment_request_id: "pr".into(),
                payment_request_url: None,
            },
            AuthorizeOutcome::Declined {
                reason: Some("x".into()),
            },
        ] {
            let text = serde_json::to_string(&o).unwrap();
            assert_eq!(serde_json::from_str::<AuthorizeOutcome>(&text).unwrap(), o);
        }
        let err = |t: &str| {
            serde_json::from_str::<AuthorizeOutcome>(t)
                .unwrap_err()
                .to_string()
        };
        assert!(err(r#"{"result":"APPROVED","payment_transaction_id":"t"}"#)
            .starts_with("missing field `return_url`"));
        assert!(err(r#"{"result":"STEP_UP_REQUIRED"}"#)
            .starts_with("missing field `payment_request_id`"));
        assert!(err(r#"{"result":"MAYBE"}"#).starts_with("unknown variant `MAYBE`"));
        assert!(err(r#"{"payment_request_id":"pr"}"#).starts_with("missing field `result`"));
        // A field of another variant is ignored, as serde's tagged enum did.
        let declined = r#"{"result":"DECLINED","return_url":"https://r"}"#;
        assert_eq!(
            serde_json::from_str::<AuthorizeOutcome>(declined).unwrap(),
            AuthorizeOutcome::Declined { reason: None }
        );
    }
}
