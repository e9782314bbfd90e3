//! `POST /demo/sessions` (sandbox only): the demo store's own backend. It
//! creates a session for the sandbox-only demo merchant (`demo`, an id no
//! configured merchant may have) from a persona and a country.

use crate::error::{ApiJson, AppError};
use crate::ids;
use crate::sandbox::Persona;
use crate::sessions::insert_new;
use crate::settings::DEMO_MERCHANT;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use checkout_core::api::CreatedSession;
use checkout_core::fields::Fields;
use checkout_core::markets::market;
use checkout_core::presentation::Instruction;
use checkout_core::session::{validate_new_session_with, Rules};
use serde_json::{json, Value};

/// A validated demo request.
struct DemoRequest {
    persona: Persona,
    country: String,
    amount: i64,
    locale: Option<String>,
    instruction: Option<Instruction>,
    token: bool,
}

fn read(body: &Value) -> Result<DemoRequest, AppError> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(AppError::invalid(errors));
    };
    let persona = f.string("persona", true).and_then(|p| {
        let parsed = Persona::parse(p);
        if parsed.is_none() {
            f.fail(
                "persona",
                "expected one of approve, denied, stepup, abort, error",
            );
        }
        parsed
    });
    let country = f.string("country", true).map(str::to_string);
    if country.as_deref().is_some_and(|c| market(c).is_none()) {
        f.fail(
            "country",
            "expected a Klarna market country code in upper case, e.g. DE",
        );
    }
    let amount = f.integer("amount", false).unwrap_or(11_800);
    let locale = f.string("locale", false).map(str::to_string);
    let instruction = f.string("instruction", false).and_then(|i| {
        let parsed = Instruction::parse(i);
        if parsed.is_none() {
            f.fail(
                "instruction",
                "expected HIDE_KLARNA, SHOW_KLARNA, PRESELECT_KLARNA or SHOW_ONLY_KLARNA",
            );
        }
        parsed
    });
    let token = match f.raw("token") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            f.fail("token", "expected true or false");
            false
        }
    };
    f.finish(&mut errors);
    match (persona, country) {
        (Some(persona), Some(country)) if errors.is_empty() => Ok(DemoRequest {
            persona,
            country,
            amount,
            locale,
            instruction,
            token,
        }),
        _ => Err(AppError::invalid(errors)),
    }
}

/// The e-mail of a persona in a country: `customer+<cc>[+persona]@klarna.com`.
pub fn persona_email(persona: Persona, country: &str) -> String {
    let cc = country.to_ascii_lowercase();
    match persona {
        Persona::Approve => format!("customer+{cc}@klarna.com"),
        p => format!("customer+{cc}+{}@klarna.com", p.as_str()),
    }
}

/// `POST /demo/sessions`.
pub async fn create(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<Value>,
) -> Result<(StatusCode, Json<CreatedSession>), AppError> {
    let req = read(&body)?;
    let m =
        market(&req.country).ok_or_else(|| AppError::invalid_field("country", "unknown market"))?;
    let s = &state.settings;
    let mut session = json!({
        "amount": req.amount,
        "currency": m.currency,
        "country": m.country,
        "locale": req.locale.as_deref().unwrap_or(m.locales[0]),
        "merchant_reference": format!("demo-{}", ids::random_hex(4)),
        "order_lines": [{"name": "Demo sneakers", "quantity": 1, "unit_price": req.amount, "total_amount": req.amount}],
        "customer": {"email": persona_email(req.persona, m.country)},
        "return_url": format!("{}/demo/return", s.public_url),
        "allowed_origins": [s.public_origin],
    });
    if req.instruction.is_some() || req.token {
        let trigger = req.instruction.map_or("shopper", Instruction::as_str);
        session["klarna_network_session_token"] = json!(format!(
            "krn:sandbox:eu1:session-token:{trigger}:{}",
            ids::random_hex(8)
        ));
    }
    let rules = Rules {
        http_loopback_origins: true,
    };
    let data = validate_new_session_with(&session, rules).map_err(|mut errs| {
        // Name the demo body's fields: the order line mirrors `amount`.
        errs.retain(|e| !e.path.starts_with("order_lines"));
        if errs.is_empty() {
            AppError::invalid_field(
                "amount",
                "expected minor units between 1 and the maximum amount",
            )
        } else {
            AppError::invalid(errs)
        }
    })?;
    // Always the sandbox-only demo merchant, never a configured one: this
    // endpoint takes no key.
    let created = insert_new(&state, DEMO_MERCHANT.0, data).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persona_emails() {
        assert_eq!(
            persona_email(Persona::Approve, "DE"),
            "customer+de@klarna.com"
        );
        assert_eq!(
            persona_email(Persona::StepUp, "SE"),
            "customer+se+stepup@klarna.com"
        );
    }
}
