//! The Klarna onboarding of a merchant, as a pure state machine: the server
//! writes a merchant's onboarding state only through [`apply`].
//!
//! `pending` from the moment the operator creates the merchant until Klarna's
//! account is fully set up (`partner.account.state-change.operational`, or
//! the account read back as `OPERATIONAL`); `failed` when Klarna refused the
//! onboarding or disabled the account; `active` when the operator gave an
//! existing account's ids or Klarna's setup is done. A failed onboarding
//! goes back to `pending` when the operator corrects the data.

use serde::{Deserialize, Serialize};

/// Where a merchant's Klarna onboarding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnboardingState {
    /// Sent to Klarna (or about to be); the account is not fully set up.
    Pending,
    /// The merchant's Klarna account is operational: it may take payments.
    Active,
    /// Klarna refused it or disabled the account (the reason is kept).
    Failed,
}

impl OnboardingState {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            OnboardingState::Pending => "pending",
            OnboardingState::Active => "active",
            OnboardingState::Failed => "failed",
        }
    }
}

/// What happened to the onboarding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnboardingEvent {
    /// The operator gave an existing account's ids.
    AccountGiven,
    /// Klarna accepted the onboard call (the account exists, setup runs).
    Accepted,
    /// Klarna's account setup is complete (`OPERATIONAL`).
    Operational,
    /// Klarna refused the onboard call (a 4xx with its reason).
    Refused,
    /// Klarna disabled the account.
    Disabled,
    /// The operator corrected the data of a failed onboarding: try again.
    Resubmitted,
}

/// An event that can't happen in a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidOnboarding {
    /// The state.
    pub from: OnboardingState,
    /// The event.
    pub event: OnboardingEvent,
}

impl std::fmt::Display for InvalidOnboarding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "onboarding is {} and can't take {:?}",
            self.from.as_str(),
            self.event
        )
    }
}

/// The state after `event` in `from`.
pub fn apply(
    from: OnboardingState,
    event: OnboardingEvent,
) -> Result<OnboardingState, InvalidOnboarding> {
    use OnboardingEvent as E;
    use OnboardingState as S;
    match (from, event) {
        (_, E::AccountGiven) => Ok(S::Active),
        (S::Pending, E::Accepted) => Ok(S::Pending),
        (S::Pending | S::Active, E::Operational) => Ok(S::Active),
        (S::Failed, E::Operational) => Ok(S::Active),
        (S::Pending, E::Refused) => Ok(S::Failed),
        (_, E::Disabled) => Ok(S::Failed),
        (S::Failed, E::Resubmitted) => Ok(S::Pending),
        (from, event) => Err(InvalidOnboarding { from, event }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OnboardingEvent as E;
    use OnboardingState as S;

    #[test]
    fn every_state_and_event() {
        let table = [
            (S::Pending, E::AccountGiven, Ok(S::Active)),
            (S::Pending, E::Accepted, Ok(S::Pending)),
            (S::Pending, E::Operational, Ok(S::Active)),
            (S::Pending, E::Refused, Ok(S::Failed)),
            (S::Pending, E::Disabled, Ok(S::Failed)),
            (S::Pending, E::Resubmitted, Err(())),
            (S::Active, E::AccountGiven, Ok(S::Active)),
            (S::Active, E::Accepted, Err(())),
            (S::Active, E::Operational, Ok(S::Active)),
            (S::Active, E::Refused, Err(())),
            (S::Active, E::Disabled, Ok(S::Failed)),
            (S::Active, E::Resubmitted, Err(())),
            (S::Failed, E::AccountGiven, Ok(S::Active)),
            (S::Failed, E::Accepted, Err(())),
            (S::Failed, E::Operational, Ok(S::Active)),
            (S::Failed, E::Refused, Err(())),
            (S::Failed, E::Disabled, Ok(S::Failed)),
            (S::Failed, E::Resubmitted, Ok(S::Pending)),
        ];
        for (from, event, want) in table {
            let got = apply(from, event).map_err(|_| ());
            assert_eq!(got, want, "{from:?} + {event:?}");
        }
    }
}
