//! Sending one request to Klarna for [`RealKlarna`]: the authorization
//! header, the correlation id, validated header values, recording the
//! exchange (redacted) and reading the answer (at most 1 MiB, within the
//! call's time limit) into JSON or a [`KlarnaError`].

use super::{RealKlarna, INTEROP_TOKEN_HEADER, MAX_ANSWER_BYTES, NETWORK_TOKEN_HEADER};
use crate::klarna::idempotency::CORRELATION_HEADER;
use crate::klarna::recording::{self, Exchange};
use crate::klarna::requests::{self, Outgoing};
use crate::klarna::{wire, KlarnaError};
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::RequestBuilder;
use serde_json::Value;

/// Status, headers, `Retry-After` seconds and body of an answer.
type Answer = (
    reqwest::StatusCode,
    Vec<(String, String)>,
    Option<u64>,
    String,
);

impl RealKlarna {
    /// `method` on `path` under the API base (no account in the path: the
    /// Management API), with our authorization.
    pub(in crate::klarna) fn request(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        self.http.request(method, format!("{}{path}", self.base))
    }

    fn with_auth(&self, rb: RequestBuilder) -> RequestBuilder {
        let mut v = HeaderValue::from_str(self.authorization.expose())
            .unwrap_or(HeaderValue::from_static(""));
        v.set_sensitive(true);
        rb.header(AUTHORIZATION, v)
    }

    /// Sends `rb` (with our authorization) as `operation`, records the
    /// exchange when recording, and reads the answer: JSON, `Null` for an
    /// empty 2xx, [`KlarnaError`] otherwise.
    pub(in crate::klarna) async fn send(
        &self,
        operation: &str,
        rb: RequestBuilder,
    ) -> Result<Value, KlarnaError> {
        let req = self
            .with_auth(rb)
            .timeout(self.call_timeout)
            .build()
            .map_err(|e| KlarnaError::Upstream(format!("building the request failed: {e}")))?;
        let mut x = self.recorder.as_ref().map(|_| exchange_of(operation, &req));
        // One deadline over connection, headers and body together (reqwest's
        // own, set on the request, covers them too; this one also bounds
        // anything else that could wait).
        let answer = tokio::time::timeout(self.call_timeout, self.receive(req))
            .await
            .unwrap_or_else(|_| Err("Klarna timed out".into()));
        let (status, headers, retry_after, body) = match answer {
            Ok(a) => a,
            Err(message) => {
                if let (Some(rec), Some(mut x)) = (&self.recorder, x.take()) {
                    x.error = Some(message.clone());
                    rec.record(&x);
                }
                return Err(KlarnaError::Upstream(message));
            }
        };
        if let (Some(rec), Some(mut x)) = (&self.recorder, x.take()) {
            x.response = Some(recording::Response {
                status: status.as_u16(),
                headers,
                body: recording::body_of(body.as_bytes()),
            });
            rec.record(&x);
        }
        if status.is_server_error() {
            return Err(KlarnaError::Upstream(format!(
                "Klarna answered {}",
                status.as_u16()
            )));
        }
        if !status.is_success() {
            let mut message = wire::error_message(&body);
            if let Some(secs) = retry_after {
                message.push_str(&format!("{}{secs} s)", crate::klarna::RETRY_AFTER_MARK));
            }
            return Err(KlarnaError::Rejected {
                status: status.as_u16(),
                message,
            });
        }
        if body.trim().is_empty() {
            return Ok(Value::Null); // 204 No Content (void, cancel)
        }
        serde_json::from_str(&body)
            .map_err(|_| KlarnaError::Upstream("Klarna's answer is not JSON".into()))
    }

    /// Sends `req` and reads the answer's status, headers, `Retry-After`
    /// (seconds) and body of at most [`MAX_ANSWER_BYTES`]; `Err` is the
    /// message of a [`KlarnaError::Upstream`].
    async fn receive(&self, req: reqwest::Request) -> Result<Answer, String> {
        let failed = |e: reqwest::Error, what: &str| {
            if e.is_timeout() {
                "Klarna timed out".to_string()
            } else {
                what.to_string()
            }
        };
        let mut res = self
            .http
            .execute(req)
            .await
            .map_err(|e| failed(e, "Klarna could not be reached"))?;
        let status = res.status();
        let headers = header_pairs(res.headers());
        // `Retry-After` in seconds (an HTTP date is not read: the job runner's backoff applies).
        let retry_after = res
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let too_big = |size: String| {
            format!("Klarna's answer is {size} bytes, more than the {MAX_ANSWER_BYTES} accepted")
        };
        if let Some(n) = res
            .content_length()
            .filter(|n| *n > MAX_ANSWER_BYTES as u64)
        {
            return Err(too_big(n.to_string()));
        }
        let mut body = Vec::new();
        while let Some(chunk) = res
            .chunk()
            .await
            .map_err(|e| failed(e, "reading Klarna's answer failed"))?
        {
            if body.len() + chunk.len() > MAX_ANSWER_BYTES {
                return Err(too_big(format!("over {}", body.len() + chunk.len())));
            }
            body.extend_from_slice(&chunk);
        }
        let body = String::from_utf8_lossy(&body).into_owned();
        Ok((status, headers, retry_after, body))
    }

    /// Sends one of [`requests`]' requests.
    pub(super) async fn execute(&self, out: Outgoing) -> Result<Value, KlarnaError> {
        let method = reqwest::Method::from_bytes(out.method.as_bytes())
            .map_err(|_| KlarnaError::Upstream(format!("bad method {}", out.method)))?;
        let mut rb = self
            .http
            .request(method, format!("{}{}", self.base, out.path));
        if !out.query.is_empty() {
            rb = rb.query(&out.query);
        }
        // A call without a correlation id of its own carries the request id
        // (`Partner-Correlation-Id`), so Klarna's support can find it.
        if !out.headers.iter().any(|(n, _)| *n == CORRELATION_HEADER) {
            if let Some(id) = crate::ops::request_id::current() {
                rb = rb.header(CORRELATION_HEADER, header_value(CORRELATION_HEADER, &id)?);
            }
        }
        for (name, value) in &out.headers {
            let name_ = HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes())
                .map_err(|_| KlarnaError::Upstream(format!("bad header name {name}")))?;
            rb = rb.header(name_, header_value(name, value)?);
        }
        if let Some(b) = &out.body {
            rb = rb.json(b);
        }
        self.send(out.operation, rb).await
    }
}

fn header_pairs(h: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    h.iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect()
}

/// What a recording keeps of a built request (redacted when written).
fn exchange_of(operation: &str, req: &reqwest::Request) -> Exchange {
    let body = req
        .body()
        .and_then(|b| b.as_bytes())
        .and_then(recording::body_of);
    let step = (operation == "authorize")
        .then(|| requests::authorize_step(body.as_ref()))
        .flatten()
        .map(str::to_string);
    Exchange {
        operation: operation.to_string(),
        step,
        request: recording::Request {
            method: req.method().to_string(),
            path: req.url().path().to_string(),
            query: req.url().query().map(str::to_string),
            headers: header_pairs(req.headers()),
            body,
        },
        ..Default::default()
    }
}

/// A header value; a token or key that is not a valid one is the caller's
/// error (`400`), and secrets are marked sensitive.
fn header_value(name: &str, value: &str) -> Result<HeaderValue, KlarnaError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| KlarnaError::Rejected {
        status: 400,
        message: if name == NETWORK_TOKEN_HEADER || name == INTEROP_TOKEN_HEADER {
            "the network session token is not a valid header value".into()
        } else {
            format!("{name} is not a valid header value")
        },
    })?;
    if name.to_ascii_lowercase().contains("token") {
        v.set_sensitive(true);
    }
    Ok(v)
}
