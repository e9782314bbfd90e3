//! Onboarding merchants to Klarna in the job runner, so the operator's call
//! answers at once and Klarna's slow or failing answers are retried:
//! `merchant_onboard` sends the onboard call (its `Klarna-Idempotency-Key`
//! makes a retry Klarna's replay), `merchant_check` reads the account until
//! Klarna reports it `OPERATIONAL` (Klarna's `partner.account.state-change.*`
//! webhooks settle it too, [`on_account_event`]), and `merchant_update`
//! sends later changes of name, contact, entity or stores. Every state change
//! goes through the pure [`checkout_core::merchant::onboarding::apply`].

use crate::clock::now_ms;
use crate::jobs::outcome::Outcome;
use crate::klarna::idempotency::derive_key;
use crate::klarna::management::{AccountState, OnboardCall};
use crate::klarna::KlarnaError;
use crate::state::AppState;
use crate::store::{JobRecord, MerchantRecord, NewJob};
use crate::{clock, ids};
use checkout_core::merchant::onboarding::apply;
use checkout_core::merchant::OnboardingEvent;
use serde_json::json;

/// Job: send the onboard call.
pub const ONBOARD: &str = "merchant_onboard";
/// Job: read the account until it is operational.
pub const CHECK: &str = "merchant_check";
/// Job: send the merchant's changed data to Klarna.
pub const UPDATE: &str = "merchant_update";
/// Checks a second apart before the runner's own backoff takes over.
const QUICK_CHECKS: u64 = 60;

/// A job of `kind` for `m`, due in `delay_ms`.
pub fn job(kind: &str, m: &MerchantRecord, delay_ms: i64, n: u64) -> NewJob {
    NewJob {
        id: format!("job_{}", ids::random_hex(12)),
        kind: kind.into(),
        payload: json!({"merchant_id": m.id, "version": m.version, "n": n}),
        run_at_ms: now_ms() + delay_ms,
        dedupe_key: Some(format!("{kind}:{}:{}:{n}", m.id, m.version)),
    }
}

/// What the onboard call sends for `m`, or why it can't be sent.
pub fn onboard_call(
    state: &AppState,
    m: &MerchantRecord,
    key: String,
) -> Result<OnboardCall, String> {
    let o = &state.settings.operator;
    let sandbox = state.settings.is_sandbox();
    let pick = |v: &Option<String>, var: &str, demo: &str| match v {
        Some(v) => Ok(v.clone()),
        None if sandbox => Ok(demo.to_string()),
        None => Err(format!(
            "{var} is not set: the acquirer's Klarna settings must name it to onboard merchants"
        )),
    };
    Ok(OnboardCall {
        profile: m.profile.clone(),
        payment_profile_id: pick(
            &o.payment_profile_id,
            "KLARNA_PAYMENT_PROFILE_ID",
            "sandbox-payment-profile",
        )?,
        payment_acquiring_account_id: pick(
            &o.payment_acquiring_account_id,
            "KLARNA_PAYMENT_ACQUIRING_ACCOUNT_ID",
            "sandbox-acquiring-account",
        )?,
        idempotency_key: key,
    })
}

/// Applies `event` to `m`'s onboarding with `change` and writes it if
/// nobody wrote in between; `Ok(false)` when the event does not apply.
async fn write(
    state: &AppState,
    mut m: MerchantRecord,
    event: OnboardingEvent,
    change: impl FnOnce(&mut MerchantRecord),
) -> Result<bool, Outcome> {
    let Ok(next) = apply(m.klarna.onboarding, event) else {
        return Ok(false);
    };
    let expected = m.version;
    m.klarna.onboarding = next;
    change(&mut m);
    m.version += 1;
    m.updated_at = clock::now();
    match state.store.update_merchant(&m, expected).await {
        Ok(true) => {
            tracing::info!(merchant = %m.id, onboarding = next.as_str(), "merchant onboarding changed");
            Ok(true)
        }
        Ok(false) => Err(Outcome::Retry("the merchant changed meanwhile".into())),
        Err(e) => Err(Outcome::Retry(e.to_string())),
    }
}

async fn load(state: &AppState, job: &JobRecord) -> Result<MerchantRecord, Outcome> {
    let id = job.payload["merchant_id"]
        .as_str()
        .ok_or_else(|| Outcome::Fail("payload without merchant_id".into()))?;
    match state.store.merchant(id).await {
        Ok(Some(m)) => Ok(m),
        Ok(None) => Err(Outcome::Fail(format!("no merchant {id}"))),
        Err(e) => Err(Outcome::Retry(e.to_string())),
    }
}

/// Runs one of this module's jobs.
pub async fn run(state: &AppState, job: &JobRecord) -> Result<Outcome, Outcome> {
    let m = load(state, job).await?;
    match job.kind.as_str() {
        ONBOARD => onboard(state, job, m).await,
        CHECK => check(state, job, m).await,
        _ => update(state, m).await,
    }
}

async fn onboard(state: &AppState, job: &JobRecord, m: MerchantRecord) -> Result<Outcome, Outcome> {
    if m.klarna.onboarding != checkout_core::merchant::OnboardingState::Pending {
        return Ok(Outcome::Done);
    }
    let version = job.payload["version"].as_i64().unwrap_or(0).to_string();
    let key = derive_key("merchant.onboard", &[&m.id, &version]);
    let call = match onboard_call(state, &m, key) {
        Ok(c) => c,
        Err(reason) => {
            write(state, m, OnboardingEvent::Refused, |m| {
                m.klarna.reason = Some(reason)
            })
            .await?;
            return Ok(Outcome::Done);
        }
    };
    match state.management.onboard(&call).await {
        Ok(done) => {
            let operational = done.state == AccountState::Operational;
            let event = if operational {
                OnboardingEvent::Operational
            } else {
                OnboardingEvent::Accepted
            };
            let mut next = m.clone();
            write(state, m, event, |m| {
                m.klarna.reason = None;
                m.klarna.partner_account_id = Some(done.partner_account_id);
                m.klarna.payment_account_id = done.payment_account_id;
                m.klarna.payment_acquiring_account_id = Some(done.payment_acquiring_account_id);
                m.klarna.payment_account_reference = Some(done.payment_account_reference);
            })
            .await?;
            if !operational {
                next.version += 1;
                enqueue(state, job_check(&next, 1)).await?;
            }
            Ok(Outcome::Done)
        }
        Err(e) if e.is_retryable() => Ok(retry(e)),
        Err(KlarnaError::Rejected { message, .. }) => {
            write(state, m, OnboardingEvent::Refused, |m| {
                m.klarna.reason = Some(format!("Klarna refused the onboarding: {message}"))
            })
            .await?;
            Ok(Outcome::Done)
        }
        Err(e) => Ok(retry(e)),
    }
}

/// "Try again" for a Klarna error that is not a refusal (5xx, unreachable,
/// `408`/`409`/`429`), after its `Retry-After` when Klarna gave one.
fn retry(e: KlarnaError) -> Outcome {
    match e.retry_after_ms() {
        Some(delay_ms) => Outcome::RetryIn {
            error: e.to_string(),
            delay_ms,
        },
        None => Outcome::Retry(e.to_string()),
    }
}

fn job_check(m: &MerchantRecord, n: u64) -> NewJob {
    job(CHECK, m, 1_000, n)
}

async fn enqueue(state: &AppState, j: NewJob) -> Result<(), Outcome> {
    state
        .store
        .enqueue_jobs(&[j])
        .await
        .map_err(|e| Outcome::Retry(e.to_string()))
}

async fn check(state: &AppState, job: &JobRecord, m: MerchantRecord) -> Result<Outcome, Outcome> {
    let Some(id) = m.klarna.partner_account_id.clone() else {
        return Ok(Outcome::Fail("no partner account to check".into()));
    };
    if m.klarna.onboarding != checkout_core::merchant::OnboardingState::Pending {
        return Ok(Outcome::Done);
    }
    match state.management.account_state(&id).await {
        Ok(AccountState::Operational) => {
            write(state, m, OnboardingEvent::Operational, |_| {}).await?;
            Ok(Outcome::Done)
        }
        Ok(AccountState::Disabled) => {
            write(state, m, OnboardingEvent::Disabled, |m| {
                m.klarna.reason = Some("Klarna disabled the account".into())
            })
            .await?;
            Ok(Outcome::Done)
        }
        Ok(AccountState::PartiallyOperational) => {
            let n = job.payload["n"].as_u64().unwrap_or(0);
            if n >= QUICK_CHECKS {
                return Ok(Outcome::Retry(
                    "Klarna is still setting the account up".into(),
                ));
            }
            enqueue(state, job_check(&m, n + 1)).await?;
            Ok(Outcome::Done)
        }
        Err(e) if e.is_retryable() => Ok(retry(e)),
        Err(e) => Ok(Outcome::Fail(e.to_string())),
    }
}

async fn update(state: &AppState, m: MerchantRecord) -> Result<Outcome, Outcome> {
    let Some(id) = m.klarna.partner_account_id.clone() else {
        return Ok(Outcome::Done);
    };
    let key = derive_key("merchant.update", &[&m.id, &m.version.to_string()]);
    let call = onboard_call(state, &m, key).map_err(Outcome::Fail)?;
    match state.management.update(&id, &call).await {
        Ok(()) => Ok(Outcome::Done),
        Err(e) if e.is_retryable() => Ok(retry(e)),
        Err(e) => Ok(Outcome::Fail(e.to_string())),
    }
}

/// Klarna's `partner.account.state-change.<state>` webhook for an account:
/// `operational` activates its merchant, `disabled` fails it. Answers
/// whether a merchant changed.
pub async fn on_account_event(
    state: &AppState,
    partner_account_id: &str,
    kind: &str,
) -> Result<bool, Outcome> {
    let m = match state
        .store
        .merchant_by_partner_account(partner_account_id)
        .await
    {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(false),
        Err(e) => return Err(Outcome::Retry(e.to_string())),
    };
    let event = match kind {
        "operational" => OnboardingEvent::Operational,
        "disabled" => OnboardingEvent::Disabled,
        _ => return Ok(false),
    };
    write(state, m, event, |m| {
        if event == OnboardingEvent::Disabled {
            m.klarna.reason = Some("Klarna disabled the account".into());
        }
    })
    .await
}
