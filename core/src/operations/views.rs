//! What the merchant sees of the payment after authorization: each
//! capture, refund and void ([`OperationView`]) and the payment with its
//! amounts ([`PaymentView`], `payment` in `GET /v1/sessions/{id}`).

use super::ShippingInfo;
use crate::payment::{CaptureMethod, PaymentState};
use crate::session::OrderLine;
use serde::{Deserialize, Serialize};

/// Where an operation stands with Klarna.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OperationStatus {
    /// Klarna did not answer yet; the job runner asks again with the same
    /// `Klarna-Idempotency-Key`. Its amount counts as gone meanwhile.
    Pending,
    /// Klarna did it.
    Succeeded,
    /// Klarna refused it (`failure_reason` says why); nothing moved.
    Failed,
}

impl OperationStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            OperationStatus::Pending => "pending",
            OperationStatus::Succeeded => "succeeded",
            OperationStatus::Failed => "failed",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<OperationStatus> {
        [Self::Pending, Self::Succeeded, Self::Failed]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// One capture, refund or void as the merchant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperationView {
    /// `cap_…`, `ref_…` or `void_…`.
    pub id: String,
    /// Amount, minor units.
    pub amount: i64,
    /// Where it stands with Klarna.
    pub status: OperationStatus,
    /// Klarna's reason, when it refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// Klarna's id of it (`payment_capture_id`, refund id), once known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub klarna_id: Option<String>,
    /// The merchant's reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// A refund's capture, when it named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_id: Option<String>,
    /// A refund's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// A capture's refunded amount so far (pending refunds included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refunded_amount: Option<i64>,
    /// Order lines sent with it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order_lines: Vec<OrderLine>,
    /// A capture's shipments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shipping_info: Vec<ShippingInfo>,
    /// When it was asked for.
    pub created_at: String,
}

/// The payment of an authorized session (`payment` in `GET /v1/sessions/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    /// Klarna's transaction id.
    pub payment_transaction_id: String,
    /// Currency.
    pub currency: String,
    /// `manual` or `automatic`.
    pub capture_method: CaptureMethod,
    /// Authorized by Klarna.
    pub authorized_amount: i64,
    /// Captured (confirmed by Klarna).
    pub captured_amount: i64,
    /// Refunded (confirmed by Klarna).
    pub refunded_amount: i64,
    /// Released by a void or an expiry.
    pub released_amount: i64,
    /// Captures asked of Klarna and not yet answered.
    pub pending_capture_amount: i64,
    /// Refunds asked of Klarna and not yet answered.
    pub pending_refund_amount: i64,
    /// State from the confirmed amounts.
    pub state: PaymentState,
    /// Captures, oldest first.
    pub captures: Vec<OperationView>,
    /// Refunds, oldest first.
    pub refunds: Vec<OperationView>,
    /// Voids, oldest first.
    pub voids: Vec<OperationView>,
    /// Klarna's `klarna_network_response_data`, unaltered, when it sent one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub klarna_network_response_data: Option<String>,
}
