//! The demo store's own backend for express checkout and Sign in with
//! Klarna (sandbox only, `/demo/api/…`): what a merchant's server does with
//! our merchant API, done here for the sandbox-only demo merchant.
//!
//! - `POST /demo/api/express/sessions`: the express button's session
//!   endpoint (`data-session-url`): creates the session from the page's total
//!   and lines (a real shop would price them itself).
//! - `POST /demo/api/express/shipping`: answers a shipping change: ships to
//!   the session's country only, standard (free) or express (4.95), and
//!   patches the session's total and lines before answering.
//! - `POST /demo/api/signin`: the login page's server side: verifies the id
//!   token from Sign in with Klarna before trusting it.

use crate::error::{ApiJson, AppError};
use crate::identity::{verify, IdentityError};
use crate::payments::{ensure_open, idempotency};
use crate::sessions::insert_new;
use crate::settings::DEMO_MERCHANT;
use crate::state::AppState;
use crate::{clock, ids};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use checkout_core::api::CreatedSession;
use checkout_core::fields::Fields;
use checkout_core::markets::{market, split_locale};
use checkout_core::session::{validate_new_session_with, OrderLine, Rules, SessionPatch};
use serde_json::{json, Value};

/// Prefix of the order line that holds the shipping.
const SHIPPING_LINE: &str = "Shipping: ";
/// The demo shop's shipping options: `(id, name, price, description)`.
const OPTIONS: &[(&str, &str, i64, &str)] = &[
    ("standard", "Standard delivery", 0, "3 to 5 working days"),
    ("express", "Express delivery", 495, "Next working day"),
];

/// `POST /demo/api/express/sessions` `{amount, currency, locale, details?: {lines?: [{name, quantity, unit_price}]}}`.
pub async fn create_session(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Value>,
) -> Result<(StatusCode, Json<CreatedSession>), AppError> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(&body, "", &mut errors) else {
        return Err(AppError::invalid(errors));
    };
    let amount = f.integer("amount", true);
    let currency = f.string("currency", true);
    let locale = f.string("locale", true);
    let lines = f.raw("details").and_then(|d| d.get("lines")).cloned();
    f.finish(&mut errors);
    let (Some(amount), Some(currency), Some(locale)) = (amount, currency, locale) else {
        return Err(AppError::invalid(errors));
    };
    let country = split_locale(locale)
        .and_then(|(_, cc)| market(cc))
        .map(|m| m.country)
        .ok_or_else(|| {
            AppError::invalid_field("locale", "expected a Klarna locale such as en-GB")
        })?;
    let one = || json!([{"name": "Demo order", "quantity": 1, "unit_price": amount, "total_amount": amount}]);
    let order_lines = match lines.and_then(|l| serde_json::from_value::<Vec<Value>>(l).ok()) {
        Some(lines) => {
            let lines: Vec<Value> = lines
                .into_iter()
                .map(|l| {
                    let (q, p) = (l["quantity"].as_i64().unwrap_or(0), l["unit_price"].as_i64().unwrap_or(0));
                    json!({"name": l["name"], "quantity": q, "unit_price": p, "total_amount": q.saturating_mul(p)})
                })
                .collect();
            let sum: i64 = lines
                .iter()
                .filter_map(|l| l["total_amount"].as_i64())
                .sum();
            if sum == amount {
                json!(lines)
            } else {
                one()
            }
        }
        None => one(),
    };
    let s = &state.settings;
    let session = json!({
        "amount": amount, "currency": currency, "country": country, "locale": locale,
        "merchant_reference": format!("demo-express-{}", ids::random_hex(4)),
        "order_lines": order_lines,
        "return_url": format!("{}/demo/return", s.public_url),
        "allowed_origins": [s.public_origin],
    });
    let rules = Rules {
        http_loopback_origins: true,
    };
    let data = validate_new_session_with(&session, rules).map_err(AppError::invalid)?;
    let created = insert_new(&state, DEMO_MERCHANT.0, data).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

fn options_json() -> Value {
    json!(OPTIONS
        .iter()
        .map(|(id, name, amount, description)| json!({"id": id, "name": name, "amount": amount, "description": description}))
        .collect::<Vec<_>>())
}

/// `POST /demo/api/express/shipping` `{session_id, address?: {country, …}, option?: {id}}`.
pub async fn shipping(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, AppError> {
    let id = body["session_id"]
        .as_str()
        .ok_or_else(|| AppError::invalid_field("session_id", "is required"))?
        .to_string();
    idempotency::exclusive(&state, &id, || async {
        let s = state
            .store
            .session(&id)
            .await?
            .filter(|s| s.merchant_id == DEMO_MERCHANT.0)
            .ok_or_else(|| AppError::not_found(format!("no demo session {id}")))?;
        ensure_open(&s)?;
        if let Some(country) = body["address"]["country"].as_str() {
            if country != s.data.country {
                return Ok(Json(json!({"reject": true, "reason": format!("the demo shop ships to {} only", s.data.country)})));
            }
        }
        let goods: Vec<OrderLine> =
            s.data.order_lines.iter().filter(|l| !l.name.starts_with(SHIPPING_LINE)).cloned().collect();
        let current = s.data.order_lines.iter().find_map(|l| {
            let name = l.name.strip_prefix(SHIPPING_LINE)?;
            OPTIONS.iter().find(|o| o.1 == name).map(|o| o.0)
        });
        let wanted = body["option"]["id"].as_str().or(current).unwrap_or("standard");
        let Some(&(option, name, price, _)) = OPTIONS.iter().find(|o| o.0 == wanted) else {
            return Ok(Json(json!({"reject": true, "reason": format!("no shipping option {wanted}")})));
        };
        let mut lines = goods;
        lines.push(OrderLine {
            line_type: Some(checkout_core::order::LineType::ShippingFee),
            name: format!("{SHIPPING_LINE}{name}"),
            quantity: 1,
            unit_price: price,
            total_amount: price,
            ..OrderLine::default()
        });
        let amount: i64 = lines.iter().map(|l| l.total_amount).sum();
        let patch = SessionPatch { amount: Some(amount), order_lines: Some(lines), ..SessionPatch::default() };
        state
            .store
            .patch_open_session(&id, &patch, clock::now())
            .await?
            .ok_or_else(|| AppError::conflict(format!("session {id} is no longer open")))?;
        Ok(Json(json!({"amount": amount, "shipping_options": options_json(), "selected_shipping_option": option})))
    })
    .await
}

/// `POST /demo/api/signin` `{id_token}`: the demo shop's login, trusting the
/// token only once verified.
pub async fn signin(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Value>,
) -> Result<Json<Value>, AppError> {
    let token = body["id_token"]
        .as_str()
        .ok_or_else(|| AppError::invalid_field("id_token", "is required"))?;
    let k = &state.settings.klarna;
    let v = verify(
        token,
        state.identity_keys.as_ref(),
        &k.identity_issuer,
        &k.identity_audience,
    )
    .await
    .map_err(|e| match e {
        IdentityError::Rejected(r) => AppError::invalid_field("id_token", r),
        IdentityError::Upstream(r) => AppError::upstream(r),
    })?;
    Ok(Json(json!({"subject": v.subject, "profile": v.profile})))
}
