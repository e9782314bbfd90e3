//! The session state machine.
//!
//! `open` is the only state that moves; `authorized`, `declined`, `canceled`
//! and `expired` are final. Repeating the event that led to the current state
//! is accepted as a no-op, so retried deliveries never double-apply.

use serde::{Deserialize, Serialize};

/// Public state of a checkout session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionState {
    /// Waiting for the shopper.
    Open,
    /// Klarna authorized the payment.
    Authorized,
    /// Klarna declined the payment; Klarna is not offered again in this session.
    Declined,
    /// The merchant or Klarna canceled the session.
    Canceled,
    /// The session's life ended without a payment.
    Expired,
}

impl SessionState {
    /// The wire name (`open`, `authorized`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            SessionState::Open => "open",
            SessionState::Authorized => "authorized",
            SessionState::Declined => "declined",
            SessionState::Canceled => "canceled",
            SessionState::Expired => "expired",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<SessionState> {
        Some(match s {
            "open" => SessionState::Open,
            "authorized" => SessionState::Authorized,
            "declined" => SessionState::Declined,
            "canceled" => SessionState::Canceled,
            "expired" => SessionState::Expired,
            _ => return None,
        })
    }

    /// Whether no event can move the session any more.
    pub fn is_final(self) -> bool {
        self != SessionState::Open
    }
}

/// Something that happened to a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEvent {
    /// Klarna approved (directly or through the final authorization).
    Approved,
    /// Klarna declined.
    Declined,
    /// Canceled by the merchant or Klarna.
    Canceled,
    /// The session or its payment request expired.
    Expired,
}

/// What applying an event did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The state changed to this one.
    Changed(SessionState),
    /// The session was already in the state this event leads to.
    Unchanged(SessionState),
}

/// An event that the current state can't take (e.g. a decline after approval).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidTransition {
    /// State the session is in.
    pub from: SessionState,
    /// The refused event.
    pub event: SessionEvent,
}

impl std::fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "session is {} and can't take {:?}",
            self.from.as_str(),
            self.event
        )
    }
}

/// Applies `event` to `from`.
pub fn apply(from: SessionState, event: SessionEvent) -> Result<Transition, InvalidTransition> {
    let target = match event {
        SessionEvent::Approved => SessionState::Authorized,
        SessionEvent::Declined => SessionState::Declined,
        SessionEvent::Canceled => SessionState::Canceled,
        SessionEvent::Expired => SessionState::Expired,
    };
    if from == SessionState::Open {
        Ok(Transition::Changed(target))
    } else if from == target {
        Ok(Transition::Unchanged(from))
    } else {
        Err(InvalidTransition { from, event })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use SessionEvent as E;
    use SessionState as S;

    #[test]
    fn transition_table() {
        let ok = |s| Ok(Transition::Changed(s));
        let same = |s| Ok(Transition::Unchanged(s));
        let bad = |from, event| Err(InvalidTransition { from, event });
        let cases = [
            (S::Open, E::Approved, ok(S::Authorized)),
            (S::Open, E::Declined, ok(S::Declined)),
            (S::Open, E::Canceled, ok(S::Canceled)),
            (S::Open, E::Expired, ok(S::Expired)),
            (S::Authorized, E::Approved, same(S::Authorized)),
            (S::Declined, E::Declined, same(S::Declined)),
            (S::Authorized, E::Declined, bad(S::Authorized, E::Declined)),
            (S::Authorized, E::Expired, bad(S::Authorized, E::Expired)),
            (S::Declined, E::Approved, bad(S::Declined, E::Approved)),
            (S::Expired, E::Approved, bad(S::Expired, E::Approved)),
            (S::Canceled, E::Approved, bad(S::Canceled, E::Approved)),
        ];
        for (from, ev, want) in cases {
            assert_eq!(apply(from, ev), want, "{from:?} + {ev:?}");
        }
    }

    #[test]
    fn wire_names_round_trip() {
        for s in [S::Open, S::Authorized, S::Declined, S::Canceled, S::Expired] {
            assert_eq!(SessionState::parse(s.as_str()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert!(S::parse("paid").is_none());
        assert!(!S::Open.is_final() && S::Declined.is_final());
    }
}
