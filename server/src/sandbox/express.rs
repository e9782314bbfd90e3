//! The sandbox's express checkout: payment requests the emulated Web SDK
//! creates on a merchant's page (`POST /sandbox/klarna/payment-requests`)
//! once the emulated shopper has finished Klarna's journey there, reading
//! them back as Klarna's API would, and the persona's decision at the
//! authorization that follows (`docs/sandbox.md`, "Express checkout").
//!
//! What the journey collected (customer profile, shipping) is kept in the
//! referenced session's event log, so every instance sharing the store sees it.

use super::klarna::persona::{persona, Persona};
use crate::error::AppError;
use crate::klarna::{AuthorizeResult, KlarnaError, PaymentRequestInfo};
use crate::store::{Backend, SandboxRequest, SandboxStore, Store};
use crate::{clock, ids};
use checkout_core::express::{profile_from_klarna, shipping_from_klarna};
use checkout_core::fields::Fields;
use checkout_core::money::MAX_AMOUNT_MINOR;
use serde_json::{json, Value};

/// Prefix of the `journey` of an express payment request; the persona follows.
pub const JOURNEY_PREFIX: &str = "express:";
/// Event kind holding what the journey collected.
pub const COLLECTED: &str = "sandbox.express.collected";

/// A validated creation request.
struct Creation {
    reference: String,
    amount: i64,
    currency: String,
    customer_profile: Option<Value>,
    shipping: Option<Value>,
}

fn read(body: &Value) -> Result<Creation, AppError> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(AppError::invalid(errors));
    };
    let reference = f
        .string("payment_request_reference", true)
        .map(str::to_string);
    let amount = f.integer("amount", true);
    if amount.is_some_and(|a| !(1..=MAX_AMOUNT_MINOR).contains(&a)) {
        f.fail(
            "amount",
            "expected minor units between 1 and the maximum amount",
        );
    }
    let currency = f.string("currency", true).map(str::to_string);
    if currency
        .as_deref()
        .is_some_and(|c| c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()))
    {
        f.fail("currency", "expected an ISO 4217 code such as GBP");
    }
    let customer_profile = f.raw("customer_profile").cloned();
    let shipping = f.raw("shipping").cloned();
    f.finish(&mut errors);
    match (reference, amount, currency) {
        (Some(reference), Some(amount), Some(currency)) if errors.is_empty() => Ok(Creation {
            reference,
            amount,
            currency,
            customer_profile,
            shipping,
        }),
        _ => Err(AppError::invalid(errors)),
    }
}

/// Creates a completed express payment request for a finished journey and
/// issues its network session token.
pub async fn create_completed(
    store: &dyn Store,
    sandbox: &dyn SandboxStore,
    body: &Value,
) -> Result<SandboxRequest, AppError> {
    let c = read(body)?;
    if store.session(&c.reference).await?.is_none() {
        return Err(AppError::invalid_field(
            "payment_request_reference",
            "expected the id of a checkout session (the sandbox keeps the journey's data with it)",
        ));
    }
    let profile = c.customer_profile.as_ref().and_then(profile_from_klarna);
    let shipping = c.shipping.as_ref().and_then(shipping_from_klarna);
    let who = persona(profile.as_ref().and_then(|p| p.email.as_deref()));
    let now = clock::now();
    let record = SandboxRequest {
        id: format!(
            "krn:payment:eu1:payment-request:sandbox-{}",
            ids::random_hex(16)
        ),
        reference: c.reference.clone(),
        state: "COMPLETED".into(),
        journey: format!("{JOURNEY_PREFIX}{}", who.as_str()),
        amount: c.amount,
        currency: c.currency,
        token: Some(format!(
            "krn:sandbox:eu1:session-token:express:{}",
            ids::random_hex(16)
        )),
        created_at: now,
        updated_at: now,
    };
    sandbox.insert_sandbox_request(&record).await?;
    let detail =
        json!({"payment_request_id": record.id, "customer_profile": profile, "shipping": shipping});
    store
        .add_event(&c.reference, COLLECTED, &detail, now)
        .await?;
    Ok(record)
}

/// The payment request `id` as Klarna's API would answer it.
pub async fn read_back(store: &dyn Backend, id: &str) -> Result<PaymentRequestInfo, KlarnaError> {
    let upstream = |e: crate::store::StoreError| KlarnaError::Upstream(e.to_string());
    let pr = store
        .sandbox_request(id)
        .await
        .map_err(upstream)?
        .ok_or_else(|| KlarnaError::Rejected {
            status: 404,
            message: format!("no payment request {id}"),
        })?;
    let collected = store
        .events(&pr.reference)
        .await
        .map_err(upstream)?
        .into_iter()
        .rev()
        .find(|e| e.kind == COLLECTED && e.detail["payment_request_id"] == id)
        .map(|e| e.detail);
    fn field<T: serde::de::DeserializeOwned>(d: &Option<Value>, k: &str) -> Option<T> {
        d.as_ref()
            .and_then(|d| serde_json::from_value(d[k].clone()).ok())
    }
    Ok(PaymentRequestInfo {
        id: pr.id.clone(),
        state: pr.state.clone(),
        reference: Some(pr.reference.clone()),
        amount: Some(pr.amount),
        currency: Some(pr.currency.clone()),
        customer_profile: field(&collected, "customer_profile"),
        shipping: field(&collected, "shipping"),
    })
}

/// The persona's answer to the authorization of a completed express payment
/// request; `None` when `pr` is no express request (or its persona approves).
pub fn decision(pr: &SandboxRequest) -> Option<Result<AuthorizeResult, KlarnaError>> {
    let name = pr.journey.strip_prefix(JOURNEY_PREFIX)?;
    match Persona::parse(name)? {
        Persona::Denied => Some(Ok(AuthorizeResult::Declined {
            reason: Some("sandbox persona +denied".into()),
        })),
        Persona::Error => Some(Err(KlarnaError::Upstream(
            "Klarna answered 503 (sandbox persona +error)".into(),
        ))),
        Persona::Approve | Persona::StepUp | Persona::Abort => None,
    }
}
