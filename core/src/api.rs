//! Wire types of the public HTTP API, shared by the server and the hosted page.
//!
//! JSON is snake_case, money is integer minor units, times are RFC 3339 UTC.

mod authorize_wire;
mod hosted;
mod hosted_view;
mod klarna;
mod merchant;

pub use hosted::{
    AuthorizeOutcome, AuthorizeRequest, ConfirmRequest, HostedConfig, NetworkTokenRequest,
    OtherMethod, ResultOutcome, ResultRequest, ResultResponse,
};
pub use hosted_view::HostedConfigView;
pub use klarna::{AcquiringConfig, KlarnaSdkConfig, MessagingConfig};
pub use merchant::{Authorization, CreateSessionBody, CreatedSession, SessionList, SessionView};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_outcome_wire_shape() {
        let a = AuthorizeOutcome::Approved {
            payment_transaction_id: "krn:t".into(),
            return_url: "https://r".into(),
        };
        let v = serde_json::to_value(&a).unwrap();
        assert_eq!(v["result"], "APPROVED");
        assert_eq!(v["return_url"], "https://r");
        let s: AuthorizeOutcome =
            serde_json::from_str(r#"{"result":"STEP_UP_REQUIRED","payment_request_id":"pr"}"#)
                .unwrap();
        assert_eq!(
            s,
            AuthorizeOutcome::StepUpRequired {
                payment_request_id: "pr".into(),
                payment_request_url: None
            }
        );
        let d: AuthorizeOutcome = serde_json::from_str(r#"{"result":"DECLINED"}"#).unwrap();
        assert_eq!(d, AuthorizeOutcome::Declined { reason: None });
    }

    #[test]
    fn result_outcome_names_match_serde() {
        for o in [
            ResultOutcome::Authorized,
            ResultOutcome::Declined,
            ResultOutcome::Aborted,
            ResultOutcome::Error,
        ] {
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
            assert_eq!(ResultOutcome::parse(o.as_str()), Some(o));
        }
    }

    #[test]
    fn network_token_accepts_legacy_name() {
        let r: NetworkTokenRequest =
            serde_json::from_str(r#"{"interoperability_token":"krn:x"}"#).unwrap();
        assert_eq!(r.klarna_network_session_token, "krn:x");
    }
}
