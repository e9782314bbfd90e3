//! Wire types and validation of the payment lifecycle's merchant calls
//! (`POST /v1/sessions/{id}/captures|refunds|void|cancel`) and of the
//! `payment` a session shows once authorized.
//!
//! Bodies are read with [`Fields`], so one answer names every bad field.

use crate::errors::FieldError;
use crate::fields::{is_http_url, Fields};
use crate::session::{
    check_amount, check_lines_sum, read_amount, read_nonempty_order_lines, OrderLine,
};
use crate::text::check_text;
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod views;

pub use views::{OperationStatus, OperationView, PaymentView};

/// Most shipments one capture can carry.
pub const MAX_SHIPMENTS: usize = 10;

/// A shipment of a capture, passed to Klarna for the shopper's tracking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingInfo {
    /// Carrier, e.g. `DHL`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub shipping_company: String,
    /// The carrier's tracking number.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub tracking_number: String,
    /// Where the shopper can follow the parcel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1024))]
    pub tracking_url: Option<String>,
    /// Carrier of the return label, if one is enclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub return_shipping_company: Option<String>,
    /// Tracking number of the return label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub return_tracking_number: Option<String>,
}

/// A validated `POST …/captures` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaptureRequest {
    /// Amount to capture, minor units.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 100_000_000_000_i64)
    )]
    pub amount: i64,
    /// The merchant's reference (e.g. the shipment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub reference: Option<String>,
    /// What is captured; totals add up to `amount` (at least one line, or
    /// leave it out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub order_lines: Vec<OrderLine>,
    /// Shipments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(max_items = 10))]
    pub shipping_info: Vec<ShippingInfo>,
}

/// A validated `POST …/refunds` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefundRequest {
    /// Amount to refund, minor units.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 100_000_000_000_i64)
    )]
    pub amount: i64,
    /// The capture to refund from, when one is meant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub capture_id: Option<String>,
    /// The merchant's reference (e.g. the return).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub reference: Option<String>,
    /// What is refunded; totals add up to `amount` (at least one line, or
    /// leave it out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub order_lines: Vec<OrderLine>,
    /// Why, in the merchant's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub reason: Option<String>,
}

/// A text field (optional) under the rule of `merchant_reference`
/// ([`check_text`]: 1 to `max` characters, not blank, no control or
/// bidirectional formatting characters).
fn short_text(f: &mut Fields<'_>, name: &'static str, max: usize) -> Option<String> {
    let s = f.string(name, false)?;
    if let Err(e) = check_text(s, 1, max) {
        f.fail(name, e);
        return None;
    }
    Some(s.to_string())
}

fn read_shipping(f: &mut Fields<'_>) -> Vec<ShippingInfo> {
    let Some(v) = f.raw("shipping_info") else {
        return Vec::new();
    };
    let Some(arr) = v.as_array().filter(|a| a.len() <= MAX_SHIPMENTS) else {
        f.fail(
            "shipping_info",
            format!("expected an array of at most {MAX_SHIPMENTS} shipments"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in arr.iter().enumerate() {
        let path = format!("{}[{i}]", f.path("shipping_info"));
        let mut errs = Vec::new();
        if let Some(mut s) = Fields::new(item, &path, &mut errs) {
            let company = s.string("shipping_company", true).map(str::to_string);
            let number = s.string("tracking_number", true).map(str::to_string);
            for (name, v) in [("shipping_company", &company), ("tracking_number", &number)] {
                if let Some(Err(e)) = v.as_deref().map(|v| check_text(v, 1, 100)) {
                    s.fail(name, e);
                }
            }
            let url = s.string("tracking_url", false).map(str::to_string);
            if url
                .as_ref()
                .is_some_and(|u| !is_http_url(u) || u.len() > 1024)
            {
                s.fail(
                    "tracking_url",
                    "expected an absolute http(s) URL of at most 1024 characters",
                );
            }
            let ret_company = short_text(&mut s, "return_shipping_company", 100);
            let ret_number = short_text(&mut s, "return_tracking_number", 100);
            s.finish(&mut errs);
            if let (Some(shipping_company), Some(tracking_number)) = (company, number) {
                out.push(ShippingInfo {
                    shipping_company,
                    tracking_number,
                    tracking_url: url,
                    return_shipping_company: ret_company,
                    return_tracking_number: ret_number,
                });
            }
        }
        f.errors.append(&mut errs);
    }
    out
}

/// Validates a capture body; every problem is named.
pub fn validate_capture(body: &Value) -> Result<CaptureRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let amount = read_amount(&mut f, "amount", true);
    let reference = short_text(&mut f, "reference", 255);
    let lines = read_nonempty_order_lines(&mut f).unwrap_or_default();
    let shipping_info = read_shipping(&mut f);
    if let Some(a) = amount {
        check_amount(&mut f, "amount", a);
        check_lines_sum(&mut f, &lines, a);
    }
    f.finish(&mut errors);
    match amount {
        Some(amount) if errors.is_empty() => Ok(CaptureRequest {
            amount,
            reference,
            order_lines: lines,
            shipping_info,
        }),
        _ => Err(errors),
    }
}

/// Validates a refund body; every problem is named.
pub fn validate_refund(body: &Value) -> Result<RefundRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let amount = read_amount(&mut f, "amount", true);
    let capture_id = short_text(&mut f, "capture_id", 64);
    let reference = short_text(&mut f, "reference", 255);
    let reason = short_text(&mut f, "reason", 255);
    let lines = read_nonempty_order_lines(&mut f).unwrap_or_default();
    if let Some(a) = amount {
        check_amount(&mut f, "amount", a);
        check_lines_sum(&mut f, &lines, a);
    }
    f.finish(&mut errors);
    match amount {
        Some(amount) if errors.is_empty() => Ok(RefundRequest {
            amount,
            capture_id,
            reference,
            order_lines: lines,
            reason,
        }),
        _ => Err(errors),
    }
}

/// Validates a body that takes no fields (`void`, `cancel`): `{}`.
pub fn validate_empty(body: &Value) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Some(f) = Fields::new(body, "", &mut errors) {
        f.finish(&mut errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
