//! Merchant notifications (merchant API): webhook endpoints, the event log
//! with each event's delivery attempts, undelivered events and redelivery.

use crate::error::AppError;

mod endpoints;
mod event_log;

// The handlers' `__path_*` items are utoipa's OpenAPI descriptions, which
// `routes!(notifications::create, …)` finds beside the handler.
pub use endpoints::{
    __path_create, __path_delete, __path_list, create, delete, list, validate_endpoint,
    MAX_ENDPOINTS,
};
pub use event_log::{
    __path_event, __path_events, __path_redeliver, event, events, list_of, redeliver, send_again,
    with_attempts, EventsQuery,
};

fn json<T: serde::Serialize>(v: &T) -> Result<Vec<u8>, AppError> {
    serde_json::to_vec(v).map_err(|e| AppError::internal(format!("serializing the answer: {e}")))
}
