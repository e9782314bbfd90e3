//! Recordings of the server's exchanges with Klarna (`KLARNA_RECORDINGS_DIR`):
//! one JSON file per request and answer, secrets and personal data redacted
//! ([`redact`]), in one format whatever made them:
//!
//! - the real client ([`crate::klarna::RealKlarna`], and with it the
//!   Management and Notifications clients) records every HTTPS exchange;
//! - the sandbox records its calls as the real client would have made them
//!   (the same request builders, [`crate::klarna::requests`]) with its
//!   answers in Klarna's shapes ([`crate::sandbox::shapes`]);
//! - the webhook endpoint records what Klarna sent it.
//!
//! `npm run conformance` reads them into its table; the contract tests
//! (`server/tests/conformance_replay.rs`) replay every recording under
//! `conformance/recordings/` against the client's parsers and the
//! emulator's shapes. The format is described in `conformance/README.md`.

use crate::clock;
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

pub mod redact;

/// The format's name and version, in every file.
pub const FORMAT: &str = "klarna-hosted-checkout/recording@1";

/// One request as sent (before redaction).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// HTTP method.
    pub method: String,
    /// Path under the API base, e.g. `/v2/accounts/PA1/payment/authorize`.
    pub path: String,
    /// Query string without `?`, when any.
    pub query: Option<String>,
    /// Headers as sent (name, value).
    pub headers: Vec<(String, String)>,
    /// The body, JSON when it was (else a string).
    pub body: Option<Value>,
}

/// One answer as received (before redaction).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Headers (name, value).
    pub headers: Vec<(String, String)>,
    /// The body, JSON when it was (else a string); `None` when empty.
    pub body: Option<Value>,
}

/// One exchange: what was asked, what came back (or why nothing did).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Exchange {
    /// The operation (`authorize`, `capture`, `webhook_create`, …).
    pub operation: String,
    /// `initial` or `final` for an authorization.
    pub step: Option<String>,
    /// The request.
    pub request: Request,
    /// The answer, when one came.
    pub response: Option<Response>,
    /// Why no answer came (time-out, connection), when none did.
    pub error: Option<String>,
    /// Anything else worth keeping (e.g. which signature encoding verified).
    pub note: Option<Value>,
}

/// Reads a body: JSON when it parses, else the text; `None` when empty.
pub fn body_of(bytes: &[u8]) -> Option<Value> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(
        serde_json::from_slice(bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(bytes).into_owned())),
    )
}

fn headers_json(h: &[(String, String)]) -> Value {
    let mut m = Map::new();
    for (k, v) in h {
        let k = k.to_ascii_lowercase();
        m.insert(k.clone(), Value::String(redact::header(&k, v)));
    }
    Value::Object(m)
}

fn body_json(b: &Option<Value>) -> Value {
    match b {
        Some(v) => {
            let mut v = v.clone();
            redact::json(&mut v);
            v
        }
        None => Value::Null,
    }
}

/// Writes exchanges to a directory as redacted recordings.
#[derive(Debug)]
pub struct Recorder {
    dir: PathBuf,
    source: String,
    partner_account_id: Option<String>,
    seq: AtomicU64,
}

impl Recorder {
    /// A recorder writing into `dir` (created when missing); `source` names
    /// who answered (`klarna-test`, `klarna-live`, `sandbox`).
    pub fn new(dir: PathBuf, source: &str, partner_account_id: Option<&str>) -> Recorder {
        Recorder {
            dir,
            source: source.to_string(),
            partner_account_id: partner_account_id.map(str::to_string),
            seq: AtomicU64::new(0),
        }
    }

    /// The directory recordings go to.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// The redacted recording of `x`, as written.
    pub fn render(&self, x: &Exchange) -> Value {
        let partner = self.partner_account_id.as_deref();
        let r = &x.request;
        let response = x.response.as_ref().map(|a| {
            json!({"status": a.status, "headers": headers_json(&a.headers), "body": body_json(&a.body)})
        });
        let mut v = json!({
            "format": FORMAT,
            "source": self.source,
            "operation": x.operation,
            "step": x.step,
            "recorded_at": clock::format(clock::now()),
            "request": {
                "method": r.method,
                "path": redact::path(&r.path, partner),
                "query": r.query.as_deref().map(redact::query),
                "headers": headers_json(&r.headers),
                "body": body_json(&r.body),
            },
            "response": response,
            "error": x.error,
        });
        if let Some(n) = &x.note {
            v["note"] = n.clone();
        }
        v
    }

    /// Writes `x` as `<unix ms>-<seq>-<operation>.json`; a failure to write
    /// is logged, never the caller's problem.
    pub fn record(&self, x: &Exchange) {
        let v = self.render(x);
        let n = self.seq.fetch_add(1, Ordering::Relaxed);
        let name = format!(
            "{:013}-{}-{n:04}-{}.json",
            clock::now_ms().max(0),
            crate::ids::random_hex(2),
            x.operation
                .replace(|c: char| !c.is_ascii_alphanumeric() && c != '_', "-")
        );
        let write = std::fs::create_dir_all(&self.dir).and_then(|_| {
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            std::fs::write(self.dir.join(&name), text + "\n")
        });
        if let Err(e) = write {
            tracing::warn!(dir = %self.dir.display(), error = %e, "KLARNA_RECORDINGS_DIR: could not write a recording");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recording_is_redacted_and_names_its_source() {
        let dir = std::env::temp_dir().join(format!("khc-rec-{}", crate::ids::random_hex(4)));
        let r = Recorder::new(dir.clone(), "klarna-test", Some("PA1"));
        let x = Exchange {
            operation: "authorize".into(),
            step: Some("initial".into()),
            request: Request {
                method: "POST".into(),
                path: "/v2/accounts/PA1/payment/authorize".into(),
                query: None,
                headers: vec![
                    ("Authorization".into(), "Basic secret".into()),
                    ("Klarna-Idempotency-Key".into(), "k1".into()),
                ],
                body: Some(
                    json!({"supplementary_purchase_data": {"customer": {"email": "a@b.de"}}}),
                ),
            },
            response: Some(Response {
                status: 200,
                headers: vec![],
                body: Some(json!({"payment_transaction_response": {"result": "DECLINED"}})),
            }),
            ..Default::default()
        };
        r.record(&x);
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].path()).unwrap();
        assert!(
            !text.contains("a@b.de") && !text.contains("Basic secret") && !text.contains("PA1")
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["source"], "klarna-test");
        assert_eq!(
            v["request"]["path"],
            "/v2/accounts/{partner_account_id}/payment/authorize"
        );
        assert_eq!(v["request"]["headers"]["klarna-idempotency-key"], "k1");
        assert_eq!(
            v["response"]["body"]["payment_transaction_response"]["result"],
            "DECLINED"
        );
        std::fs::remove_dir_all(dir).ok();
    }
}
