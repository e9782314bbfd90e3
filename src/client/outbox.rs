//! The durable outbox of authorization results.
//!
//! A result is written to `localStorage` *before* it is posted and removed
//! only once the server has answered for it, so a reload, a crash or a closed
//! tab reopened within the session's life delivers it later with the same
//! `Idempotency-Key` (the server answers a replay with its first answer).
//! Where storage is unavailable (a blocked third-party context) the outbox
//! degrades to memory for the page's life.

use super::api::{ApiContext, ApiFailure};
use super::retry::backoff_ms;
use crate::bindings::codec;
use checkout_core::api::{ResultRequest, ResultResponse};
use gloo_timers::future::TimeoutFuture;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::JsCast;

/// Attempts per delivery before the result is left in the outbox for later.
pub const MAX_ATTEMPTS: u32 = 8;

/// One undelivered result (stored as `{"key", "body"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Idempotency key, fixed for the life of the entry.
    pub key: String,
    /// The result.
    pub body: ResultRequest,
}

thread_local! {
    static MEMORY: RefCell<Vec<(String, Entry)>> = const { RefCell::new(Vec::new()) };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn slot(session_id: &str) -> String {
    format!("khc:outbox:{session_id}")
}

/// Undelivered results of a session, oldest first.
pub fn pending(session_id: &str) -> Vec<Entry> {
    if let Some(s) = storage() {
        if let Ok(Some(text)) = s.get_item(&slot(session_id)) {
            return read_entries(&text);
        }
        return Vec::new();
    }
    MEMORY.with(|m| {
        m.borrow()
            .iter()
            .filter(|(s, _)| s == session_id)
            .map(|(_, e)| e.clone())
            .collect()
    })
}

fn save(session_id: &str, entries: &[Entry]) {
    if let Some(s) = storage() {
        let r = if entries.is_empty() {
            s.remove_item(&slot(session_id))
        } else {
            let text = write_entries(entries);
            s.set_item(&slot(session_id), &text)
        };
        if r.is_ok() {
            return;
        }
    }
    MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        m.retain(|(s, _)| s != session_id);
        m.extend(entries.iter().map(|e| (session_id.to_string(), e.clone())));
    });
}

/// Adds a result (no-op when its key is already there).
pub fn put(session_id: &str, entry: &Entry) {
    let mut all = pending(session_id);
    if !all.iter().any(|e| e.key == entry.key) {
        all.push(entry.clone());
        save(session_id, &all);
    }
}

/// Removes a delivered result.
pub fn remove(session_id: &str, key: &str) {
    let mut all = pending(session_id);
    all.retain(|e| e.key != key);
    save(session_id, &all);
}

/// A fresh idempotency key from the browser's CSPRNG.
pub fn new_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("k-{}", (js_sys::Math::random() * 1e16) as u64))
}

/// Records `body` in the outbox, then posts it until the server answers.
/// Transient failures are retried with backoff and jitter, reusing the key;
/// a definitive answer (2xx or a 4xx) removes the entry. After
/// [`MAX_ATTEMPTS`] transient failures the entry stays for the next page load.
pub async fn deliver(ctx: &ApiContext, entry: Entry) -> Result<ResultResponse, ApiFailure> {
    put(&ctx.session_id, &entry);
    let mut attempt = 0;
    loop {
        match ctx.result(&entry.body, &entry.key).await {
            Ok(r) => {
                remove(&ctx.session_id, &entry.key);
                return Ok(r);
            }
            Err(e) if e.is_transient() && attempt + 1 < MAX_ATTEMPTS => {
                attempt += 1;
                TimeoutFuture::new(backoff_ms(attempt, 250, 4000, js_sys::Math::random())).await;
            }
            Err(e) => {
                if !e.is_transient() {
                    remove(&ctx.session_id, &entry.key);
                }
                return Err(e);
            }
        }
    }
}

/// Reads stored entries; anything unreadable (another version's format) is
/// dropped, entry by entry.
fn read_entries(text: &str) -> Vec<Entry> {
    let Ok(list) = codec::parse(text) else {
        return Vec::new();
    };
    let Ok(list) = list.dyn_into::<js_sys::Array>() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|v| codec::from_js(v, "entry").ok())
        .collect()
}

fn write_entries(entries: &[Entry]) -> String {
    codec::to_json(entries)
}
