//! Wire types of the merchant notification API: webhook endpoints, events
//! with their delivery counts and attempts (`/v1/webhook-endpoints`,
//! `/v1/events`).

use crate::api::SessionView;
use serde::{Deserialize, Serialize};

/// Body of `POST /v1/webhook-endpoints`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointRequest {
    /// Where events go: `https://` to a public host, without user or password (internal
    /// addresses and `localhost` are refused), or `http://` to a loopback address in sandbox mode.
    #[cfg_attr(feature = "openapi", schema(max_length = 2048))]
    pub url: String,
    /// Event types to send (see `crate::notification::EVENT_TYPES`); empty or absent: all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(required = false))]
    pub event_types: Vec<String>,
}

/// A webhook endpoint of the merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointView {
    /// `we_…`.
    pub id: String,
    /// Where events go.
    pub url: String,
    /// Types sent (empty: all).
    pub event_types: Vec<String>,
    /// When it was added.
    pub created_at: String,
    /// The signing secret: only in the answer that created the endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

/// `GET /v1/webhook-endpoints`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EndpointList {
    /// The merchant's endpoints, oldest first.
    pub data: Vec<EndpointView>,
}

/// One attempt at delivering an event to an endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryAttemptView {
    /// The endpoint.
    pub endpoint_id: String,
    /// Its URL at the time.
    pub url: String,
    /// When it was sent.
    pub at: String,
    /// The endpoint's HTTP status, when it answered.
    pub status_code: Option<u16>,
    /// How long the endpoint took, milliseconds.
    pub latency_ms: i64,
    /// What went wrong, when something did.
    pub error: Option<String>,
    /// Whether it counted as delivered (a `2xx`).
    pub delivered: bool,
}

/// A merchant notification as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventView {
    /// `evt_…`.
    pub id: String,
    /// e.g. `payment.captured`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When it happened.
    pub created_at: String,
    /// The session it is about.
    pub session_id: String,
    /// Its place among its session's events: 1, 2, … in the order they were written.
    pub sequence: i64,
    /// Whether every endpoint it went to answered `2xx` (and at least one did).
    pub delivered: bool,
    /// Endpoints it went to.
    pub endpoints: u64,
    /// Endpoints that answered `2xx`.
    pub delivered_endpoints: u64,
    /// The session as `GET /v1/sessions/{id}` showed it right after the change.
    #[cfg_attr(feature = "openapi", schema(value_type = SessionView))]
    pub data: serde_json::Value,
    /// Every delivery attempt, oldest first (`GET /v1/events/{id}` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts: Option<Vec<DeliveryAttemptView>>,
}

/// `GET /v1/events`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventList {
    /// Events, newest first.
    pub data: Vec<EventView>,
}

/// What a delivery carries: `POST <endpoint url>` with this body and a
/// `Checkout-Signature` header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    /// `evt_…`: deduplicate on it.
    pub id: String,
    /// e.g. `payment.captured`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// When it happened (whole seconds: several events of a session share one).
    pub created_at: String,
    /// The event's place among its session's events: 1, 2, … in the order they
    /// were written. Deliveries may arrive in any order: order a session's
    /// events by it (`created_at` can tie).
    pub sequence: i64,
    /// The session right after the change.
    pub data: SessionView,
}
