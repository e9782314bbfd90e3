//! The job runner: leases keep two instances from running one job, a lost
//! lease can't finish a job, retries wait (backoff), and a capture whose
//! Klarna answer was lost stays `pending` until the runner settles it with
//! the same `Klarna-Idempotency-Key` (Klarna does it once).
mod common;

use async_trait::async_trait;
use axum::http::StatusCode;
use checkout_server::jobs;
use checkout_server::klarna::*;
use checkout_server::sandbox::SandboxKlarna;
use checkout_server::store::{JobFinish, NewJob};
use checkout_server::AppState;
use common::*;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn job(n: usize) -> NewJob {
    NewJob {
        id: format!("job_t{n}"),
        kind: "noop".into(),
        payload: json!({}),
        run_at_ms: 0,
        dedupe_key: None,
    }
}

#[tokio::test]
async fn two_owners_never_hold_one_job() {
    let t = sandbox_app();
    let store = t.state.store.clone();
    store
        .enqueue_jobs(&(0..40).map(job).collect::<Vec<_>>())
        .await
        .unwrap();
    // Two instances claim at the same moment: disjoint sets, all 40 taken.
    let (a, b) = tokio::join!(
        store.claim_jobs("A", 1_000, 60_000, 30),
        store.claim_jobs("B", 1_000, 60_000, 30)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.len() + b.len(), 40);
    assert!(a.iter().all(|j| !b.iter().any(|k| k.id == j.id)));
    // Nothing is claimable while the leases hold.
    assert!(store
        .claim_jobs("C", 30_000, 60_000, 50)
        .await
        .unwrap()
        .is_empty());
    // A's lease runs out (A died): C takes A's jobs, and A can no longer finish them.
    let c = store.claim_jobs("C", 61_001, 60_000, 50).await.unwrap();
    assert_eq!(c.len(), 40, "every lease ran out");
    assert_eq!(c[0].attempts, 2);
    assert!(!store
        .finish_job(&a[0].id, "A", &JobFinish::Done)
        .await
        .unwrap());
    assert!(store
        .finish_job(&a[0].id, "C", &JobFinish::Done)
        .await
        .unwrap());
    // A retry waits for its time.
    let id = &c[1].id;
    let later = JobFinish::Retry {
        run_at_ms: 200_000,
        error: "try later".into(),
    };
    assert!(store.finish_job(id, "C", &later).await.unwrap());
    assert!(store.release_jobs("C").await.unwrap() >= 38);
    let early = store.claim_jobs("D", 150_000, 60_000, 100).await.unwrap();
    assert!(early.iter().all(|j| &j.id != id));
    let late = store.claim_jobs("D", 200_000, 60_000, 100).await.unwrap();
    assert!(late.iter().any(|j| &j.id == id));
}

#[test]
fn backoff_doubles_up_to_the_cap() {
    let s = checkout_server::jobs::JobSettings {
        retry_base_ms: 100,
        retry_max_ms: 1_000,
        ..Default::default()
    };
    let d: Vec<i64> = (1..=6).map(|n| jobs::backoff_ms(&s, n)).collect();
    assert_eq!(d, vec![100, 200, 400, 800, 1_000, 1_000]);
}

/// The sandbox, losing the answers of its first `lose` captures (Klarna did
/// them; we never heard back).
struct LosingKlarna {
    inner: SandboxKlarna,
    lose: AtomicUsize,
}

#[async_trait]
impl KlarnaApi for LosingKlarna {
    async fn authorize(&self, c: &AuthorizeCall) -> Result<AuthorizeResult, KlarnaError> {
        self.inner.authorize(c).await
    }
    async fn presentation(&self, q: &PresentationQuery) -> Result<Presentation, KlarnaError> {
        self.inner.presentation(q).await
    }
    async fn confirm(&self, c: &ConfirmCall) -> Result<AuthorizeResult, KlarnaError> {
        self.inner.confirm(c).await
    }
    async fn sdk_token(&self, t: &str) -> Result<String, KlarnaError> {
        self.inner.sdk_token(t).await
    }
    async fn payment_request(
        &self,
        id: &str,
    ) -> Result<checkout_server::klarna::PaymentRequestInfo, KlarnaError> {
        self.inner.payment_request(id).await
    }
    async fn capture(&self, c: &TransactionCall) -> Result<String, KlarnaError> {
        let r = self.inner.capture(c).await;
        if self.lose.load(Ordering::SeqCst) > 0 {
            self.lose.fetch_sub(1, Ordering::SeqCst);
            return Err(KlarnaError::Upstream("timed out".into()));
        }
        r
    }
    async fn refund(&self, c: &TransactionCall) -> Result<String, KlarnaError> {
        self.inner.refund(c).await
    }
    async fn void(&self, c: &TransactionCall) -> Result<(), KlarnaError> {
        self.inner.void(c).await
    }
    async fn read_transaction(&self, id: &str) -> Result<TransactionSnapshot, KlarnaError> {
        self.inner.read_transaction(id).await
    }
    async fn cancel_payment_request(&self, id: &str, k: &str) -> Result<(), KlarnaError> {
        self.inner.cancel_payment_request(id, k).await
    }
    async fn payment_request_state(&self, id: &str) -> Result<String, KlarnaError> {
        self.inner.payment_request_state(id).await
    }
    fn longest_call(&self) -> std::time::Duration {
        self.inner.longest_call()
    }
}

#[tokio::test]
async fn a_capture_without_answer_stays_pending_until_the_runner_settles_it_once() {
    let dir = tempfile::tempdir().unwrap();
    write_www(&dir);
    let s = settings(&dir, &[]);
    let store = open_store(&s);
    let inner = SandboxKlarna::new(store.clone(), PUBLIC_URL);
    let klarna = Arc::new(LosingKlarna {
        inner,
        lose: AtomicUsize::new(2),
    });
    let state = AppState::with_klarna(s, store.clone(), klarna);
    let app = checkout_server::app(state.clone());
    let (id, secret) = create_session(&app, "customer+de@klarna.com").await;
    assert_eq!(
        authorize(&app, &id, &secret).await.json()["result"],
        "APPROVED"
    );
    // 1. Klarna captured, but the answer was lost: the merchant sees pending.
    let body = json!({"amount": 4000}).to_string();
    let c = send(
        &app,
        "POST",
        &format!("/v1/sessions/{id}/captures"),
        Some(KEY_A),
        Some(&body),
        &[],
    )
    .await;
    assert_eq!(c.status, StatusCode::CREATED);
    assert_eq!(c.json()["status"], "pending");
    let v = merchant_view(&app, &id).await;
    assert_eq!(
        (
            v["payment"]["pending_capture_amount"].as_i64(),
            v["payment"]["captured_amount"].as_i64()
        ),
        (Some(4000), Some(0))
    );
    // 2. The pending amount counts as gone: 7801 more can't be captured.
    let over = json!({"amount": 7801}).to_string();
    let o = send(
        &app,
        "POST",
        &format!("/v1/sessions/{id}/captures"),
        Some(KEY_A),
        Some(&over),
        &[],
    )
    .await;
    assert_eq!(o.status, StatusCode::CONFLICT);
    // 3. The runner asks again (its safety-net job, made due now): the second answer is lost too, then it settles.
    let cap_id = c.json()["id"].as_str().unwrap().to_string();
    for _ in 0..2 {
        store
            .enqueue_jobs(&[NewJob {
                id: checkout_server::ids::new_id("job"),
                kind: "settle_operation".into(),
                payload: json!({"session_id": id, "operation_id": cap_id}),
                run_at_ms: 0,
                dedupe_key: None,
            }])
            .await
            .unwrap();
        jobs::run_due(&state, "runner").await;
    }
    let v = merchant_view(&app, &id).await;
    assert_eq!(v["payment"]["captures"][0]["status"], "succeeded", "{v}");
    assert_eq!(v["payment"]["captured_amount"], 4000);
    // 4. Klarna performed it once; every retry was a replay of the same key.
    let calls = store.sandbox_calls(Some(&id), None).await.unwrap();
    let caps: Vec<_> = calls.iter().filter(|c| c.operation == "capture").collect();
    assert_eq!(caps.iter().filter(|c| c.outcome == "performed").count(), 1);
    assert!(caps.iter().filter(|c| c.outcome == "replayed").count() >= 1);
    assert!(caps
        .iter()
        .all(|c| c.idempotency_key == caps[0].idempotency_key));
    let txn = v["payment"]["payment_transaction_id"].as_str().unwrap();
    assert_eq!(
        store.sandbox_transaction(txn).await.unwrap().unwrap().0["captured"],
        4000
    );
}
