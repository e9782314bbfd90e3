//! The acquirer's operator API (`/v1/admin/…`, `Authorization: Bearer <admin
//! key>`): merchants as data (create, read, list, change, offboard) and their
//! API keys (create, list, revoke), all effective at once on every instance.
//! A new merchant without a Klarna account is onboarded to Klarna by the job
//! runner ([`crate::merchants::onboarding`]).

use crate::error::{ApiBytes, ApiJson, AppError};
use crate::merchants::admin_auth::Operator;
use crate::merchants::keys::{self, KeyView};
use crate::merchants::onboarding::{job, ONBOARD, UPDATE};
use crate::merchants::view::MerchantView;
use crate::openapi::shared::{EmptyBody, Errors};
use crate::state::AppState;
use crate::store::{KlarnaLink, MerchantRecord};
use crate::{clock, ids};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use checkout_core::merchant::onboarding::apply;
use checkout_core::merchant::{
    validate_merchant, validate_merchant_patch, OnboardingEvent, OnboardingState,
};
use serde::Deserialize;
use serde_json::{json, Value};

/// `mer_` + [`ids::ordered`]: ids sort in creation order (the list pages by
/// them).
fn merchant_id() -> String {
    ids::ordered("mer_")
}

async fn load(state: &AppState, id: &str) -> Result<MerchantRecord, AppError> {
    state
        .store
        .merchant(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("no merchant {id}")))
}

/// `POST /v1/admin/merchants` → `201` the merchant (`klarna.onboarding`
/// `pending`, or `active` when the body names its Klarna account).
#[utoipa::path(post, path = "/v1/admin/merchants", tag = "operator", operation_id = "createMerchant",
    request_body(content = Object, description = "the merchant (docs/http-api.md, \"Merchants\")"),
    responses((status = 201, description = "the merchant (see docs/http-api.md, \"Merchants\"; its shape is not described here yet)", body = Object), Errors),
    security(("admin_key" = [])))]
pub async fn create(
    State(state): State<AppState>,
    op: Operator,
    ApiJson(body): ApiJson<Value>,
) -> Result<(StatusCode, Json<MerchantView>), AppError> {
    let new = validate_merchant(&body, state.settings.is_sandbox()).map_err(AppError::invalid)?;
    let now = clock::now();
    let given = new.klarna.partner_account_id.is_some();
    let onboarding = if given {
        apply(OnboardingState::Pending, OnboardingEvent::AccountGiven)
            .unwrap_or(OnboardingState::Active)
    } else {
        OnboardingState::Pending
    };
    let m = MerchantRecord {
        id: merchant_id(),
        profile: new.profile,
        active: true,
        klarna: KlarnaLink {
            onboarding,
            reason: None,
            partner_account_id: new.klarna.partner_account_id,
            payment_account_id: new.klarna.payment_account_id,
            payment_acquiring_account_id: None,
            payment_account_reference: None,
        },
        version: 1,
        created_at: now,
        updated_at: now,
    };
    if !state.store.insert_merchant(&m).await? {
        let mut e = AppError::invalid_field("reference", "is already used by another merchant");
        e.status = StatusCode::CONFLICT;
        e.error.code = checkout_core::errors::ErrorCode::Conflict;
        return Err(e);
    }
    if !given {
        state.store.enqueue_jobs(&[job(ONBOARD, &m, 0, 0)]).await?;
    }
    tracing::info!(merchant = %m.id, operator = %op.0, onboarding = m.klarna.onboarding.as_str(), "merchant created");
    Ok((StatusCode::CREATED, Json(MerchantView::from(&m))))
}

/// Query of [`list`].
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Page size, 1 to 100 (default 20).
    limit: Option<u32>,
    /// The last id of the previous page.
    after: Option<String>,
}

/// `GET /v1/admin/merchants[?limit=&after=]` → `{data, has_more, next_after}`.
#[utoipa::path(get, path = "/v1/admin/merchants", tag = "operator", operation_id = "listMerchants",
    params(("limit" = Option<u32>, Query, minimum = 1, maximum = 100, description = "page size, 1 to 100 (20)"),
        ("after" = Option<String>, Query, description = "the last id of the previous page")),
    responses((status = 200, description = "`{data, has_more, next_after}`", body = Object), Errors),
    security(("admin_key" = [])))]
pub async fn list(
    State(state): State<AppState>,
    _op: Operator,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, AppError> {
    let limit = q.limit.unwrap_or(20);
    if !(1..=100).contains(&limit) {
        return Err(AppError::invalid_field("limit", "expected 1 to 100"));
    }
    let mut page = state.store.merchants(q.after.as_deref(), limit + 1).await?;
    let has_more = page.len() > limit as usize;
    page.truncate(limit as usize);
    let next = has_more
        .then(|| page.last().map(|m| m.id.clone()))
        .flatten();
    let data: Vec<MerchantView> = page.iter().map(MerchantView::from).collect();
    Ok(Json(
        json!({"data": data, "has_more": has_more, "next_after": next}),
    ))
}

/// `GET /v1/admin/merchants/{id}`.
#[utoipa::path(get, path = "/v1/admin/merchants/{id}", tag = "operator", operation_id = "getMerchant",
    params(("id" = String, Path, description = "The merchant (`mer_…`)")), responses((status = 200, description = "the merchant (see docs/http-api.md, \"Merchants\"; its shape is not described here yet)", body = Object), Errors), security(("admin_key" = [])))]
pub async fn get(
    State(state): State<AppState>,
    _op: Operator,
    Path(id): Path<String>,
) -> Result<Json<MerchantView>, AppError> {
    Ok(Json(MerchantView::from(&load(&state, &id).await?)))
}

/// `PATCH /v1/admin/merchants/{id}`: changes what it names; changed data
/// Klarna keeps is sent to Klarna, and a failed onboarding is tried again.
#[utoipa::path(patch, path = "/v1/admin/merchants/{id}", tag = "operator", operation_id = "updateMerchant",
    params(("id" = String, Path, description = "The merchant (`mer_…`)")), request_body(content = Object, description = "the fields to change"),
    responses((status = 200, description = "the merchant (see docs/http-api.md, \"Merchants\"; its shape is not described here yet)", body = Object), Errors), security(("admin_key" = [])))]
pub async fn patch(
    State(state): State<AppState>,
    op: Operator,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<MerchantView>, AppError> {
    let p =
        validate_merchant_patch(&body, state.settings.is_sandbox()).map_err(AppError::invalid)?;
    let mut m = load(&state, &id).await?;
    if !m.active {
        return Err(AppError::conflict(format!("merchant {id} is offboarded")));
    }
    let expected = m.version;
    let for_klarna = p.apply(&mut m.profile);
    let mut jobs = Vec::new();
    if let Some(k) = p.klarna.clone().filter(|k| k.partner_account_id.is_some()) {
        m.klarna.onboarding = apply(m.klarna.onboarding, OnboardingEvent::AccountGiven)
            .map_err(|e| AppError::conflict(e.to_string()))?;
        m.klarna.reason = None;
        m.klarna.partner_account_id = k.partner_account_id;
        m.klarna.payment_account_id = k.payment_account_id;
    } else if for_klarna && m.klarna.onboarding == OnboardingState::Failed {
        m.klarna.onboarding = apply(m.klarna.onboarding, OnboardingEvent::Resubmitted)
            .map_err(|e| AppError::conflict(e.to_string()))?;
        m.klarna.reason = None;
        jobs.push(ONBOARD);
    } else if for_klarna && m.klarna.partner_account_id.is_some() {
        jobs.push(UPDATE);
    }
    m.version += 1;
    m.updated_at = clock::now();
    if !state.store.update_merchant(&m, expected).await? {
        return Err(AppError::conflict(format!(
            "merchant {id} changed meanwhile; read it again and retry"
        )));
    }
    let queued: Vec<_> = jobs.iter().map(|k| job(k, &m, 0, 0)).collect();
    state.store.enqueue_jobs(&queued).await?;
    tracing::info!(merchant = %id, operator = %op.0, for_klarna, "merchant changed");
    Ok(Json(MerchantView::from(&m)))
}

/// `DELETE /v1/admin/merchants/{id}`: offboards it (no new sessions; its
/// sessions, payments and keys stay readable; nothing is erased).
#[utoipa::path(delete, path = "/v1/admin/merchants/{id}", tag = "operator", operation_id = "offboardMerchant",
    params(("id" = String, Path, description = "The merchant (`mer_…`)")), responses((status = 200, description = "the merchant (see docs/http-api.md, \"Merchants\"; its shape is not described here yet)", body = Object), Errors), security(("admin_key" = [])))]
pub async fn offboard(
    State(state): State<AppState>,
    op: Operator,
    Path(id): Path<String>,
) -> Result<Json<MerchantView>, AppError> {
    let mut m = load(&state, &id).await?;
    if m.active {
        let expected = m.version;
        m.active = false;
        m.version += 1;
        m.updated_at = clock::now();
        if !state.store.update_merchant(&m, expected).await? {
            return Err(AppError::conflict(format!(
                "merchant {id} changed meanwhile; retry"
            )));
        }
        tracing::info!(merchant = %id, operator = %op.0, "merchant offboarded");
    }
    Ok(Json(MerchantView::from(&m)))
}

/// `POST /v1/admin/merchants/{id}/keys` → `201 {key_id, secret, created_at}`
/// (the secret is shown this once).
#[utoipa::path(post, path = "/v1/admin/merchants/{id}/keys", tag = "operator", operation_id = "createMerchantKey",
    request_body(content = Option<EmptyBody>, description = "`{}` or nothing"),
    params(("id" = String, Path, description = "The merchant (`mer_…`)")), responses((status = 201, description = "the key with its secret (shown once)", body = keys::NewKey), Errors), security(("admin_key" = [])))]
pub async fn create_key(
    State(state): State<AppState>,
    _op: Operator,
    Path(id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<(StatusCode, Json<keys::NewKey>), AppError> {
    let m = load(&state, &id).await?;
    super::payments::no_body(&body)?;
    if !m.active {
        return Err(AppError::conflict(format!("merchant {id} is offboarded")));
    }
    Ok((StatusCode::CREATED, Json(keys::create(&state, &id).await?)))
}

/// `GET /v1/admin/merchants/{id}/keys` → `{data: [{key_id, masked, created_at, revoked_at?}]}`.
#[utoipa::path(get, path = "/v1/admin/merchants/{id}/keys", tag = "operator", operation_id = "listMerchantKeys",
    params(("id" = String, Path, description = "The merchant (`mer_…`)")), responses((status = 200, description = "`{data: [KeyView]}` (no secrets)", body = Object), Errors), security(("admin_key" = [])))]
pub async fn list_keys(
    State(state): State<AppState>,
    _op: Operator,
    Path(id): Path<String>,
) -> Result<Json<Value>, AppError> {
    load(&state, &id).await?;
    let keys = state.store.merchant_keys(&id).await?;
    let data: Vec<KeyView> = keys.iter().map(KeyView::from).collect();
    Ok(Json(json!({"data": data})))
}

/// `DELETE /v1/admin/merchants/{id}/keys/{key_id}` → `204`; the key stops at once.
#[utoipa::path(delete, path = "/v1/admin/merchants/{id}/keys/{key_id}", tag = "operator", operation_id = "revokeMerchantKey",
    params(("id" = String, Path, description = "The merchant (`mer_…`)"), ("key_id" = String, Path, description = "The key")),
    responses((status = 204, description = "revoked; the key stops at once"), Errors), security(("admin_key" = [])))]
pub async fn revoke_key(
    State(state): State<AppState>,
    op: Operator,
    Path((id, key_id)): Path<(String, String)>,
) -> Result<StatusCode, AppError> {
    if !state
        .store
        .revoke_merchant_key(&id, &key_id, clock::now())
        .await?
    {
        return Err(AppError::not_found(format!(
            "no live key {key_id} of merchant {id}"
        )));
    }
    tracing::info!(merchant = %id, key = %key_id, operator = %op.0, "merchant key revoked");
    Ok(StatusCode::NO_CONTENT)
}
