//! Merchant notifications: the event a change writes (with the session as
//! it is right after the change) and the job that fans it out to the
//! merchant's endpoints.

use super::view::session_view;
use crate::clock;
use crate::clock::now_ms;
use crate::ids::new_id;
use crate::store::{EventRecord, NewJob, PaymentRecord, SessionRecord};
use serde_json::json;

/// The job kind that fans an event out to the endpoints.
pub const DISPATCH: &str = "dispatch_event";

/// An event of `event_type` about `s` (as it is after the change, with
/// `payment`) and the job that dispatches it.
pub fn event(
    event_type: &str,
    s: &SessionRecord,
    payment: Option<&PaymentRecord>,
) -> (EventRecord, NewJob) {
    let id = new_id("evt");
    let data = serde_json::to_value(session_view(s, payment)).unwrap_or_default();
    let job = NewJob {
        id: new_id("job"),
        kind: DISPATCH.into(),
        payload: json!({"event_id": id}),
        run_at_ms: now_ms(),
        dedupe_key: Some(format!("dispatch:{id}")),
    };
    let record = EventRecord {
        id,
        merchant_id: s.merchant_id.clone(),
        session_id: s.id.clone(),
        event_type: event_type.into(),
        data,
        created_at: clock::now(),
    };
    (record, job)
}
