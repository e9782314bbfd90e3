//! The monitoring files an operator loads (`ops/prometheus/alerts.yml`, the
//! Grafana dashboard `ops/grafana/checkout-server.json`) name only metrics and
//! labels the server exports: a renamed metric or label would leave an alert
//! that never fires and a panel that stays empty. Their PromQL and the alerts'
//! behaviour are checked by `scripts/check-ops.sh` (promtool).

mod common;

use axum::http::StatusCode;
use checkout_server::ops;
use common::*;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// The files an operator loads, from the repository's root.
const OPS_FILES: [&str; 2] = [
    "ops/prometheus/alerts.yml",
    "ops/grafana/checkout-server.json",
];

/// Labels Prometheus adds to every series it scrapes, and the histogram
/// bucket label: never in a family's own label set.
const ADDED_LABELS: [&str; 3] = ["instance", "job", "le"];

/// `checkout_*` families of an exposition with the label names seen on them
/// (a histogram's `_bucket`, `_sum` and `_count` series count as the family).
fn families(exposition: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in exposition.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let name = rest.split(' ').next().unwrap_or_default();
            out.entry(name.to_string()).or_default();
        }
    }
    for line in exposition.lines().filter(|l| l.starts_with("checkout_")) {
        let name_end = line.find(['{', ' ']).unwrap_or(line.len());
        let series = &line[..name_end];
        let family = [series, strip_histogram_suffix(series)]
            .into_iter()
            .find(|n| out.contains_key(*n))
            .unwrap_or_else(|| panic!("series {series} has no # TYPE line"))
            .to_string();
        if let Some(labels) = line[name_end..].strip_prefix('{') {
            let labels = &labels[..labels.find('}').unwrap_or(labels.len())];
            let names = labels.split(',').filter_map(|p| p.split('=').next());
            out.get_mut(&family)
                .unwrap()
                .extend(names.map(|n| n.trim().to_string()));
        }
    }
    out
}

fn strip_histogram_suffix(name: &str) -> &str {
    ["_bucket", "_sum", "_count"]
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name)
}

/// A metric a query names, with the label names of its selector.
struct Named {
    metric: String,
    labels: Vec<String>,
}

/// Every `checkout_*` metric named in `text`, and the labels of each `by (…)`
/// or `without (…)` clause in it.
fn named_in(text: &str) -> (Vec<Named>, Vec<String>) {
    let ident = |s: &str| s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    let mut metrics = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("checkout_") {
        let tail = &rest[at..];
        let end = ident(tail).unwrap_or(tail.len());
        let mut labels = Vec::new();
        if let Some(sel) = tail[end..].strip_prefix('{') {
            let sel = &sel[..sel.find('}').unwrap_or(sel.len())];
            for matcher in sel.split(',').map(str::trim).filter(|m| !m.is_empty()) {
                let name_end = matcher.find(['=', '!']).unwrap_or(matcher.len());
                labels.push(matcher[..name_end].trim().to_string());
            }
        }
        metrics.push(Named {
            metric: tail[..end].to_string(),
            labels,
        });
        rest = &tail[end..];
    }
    let mut grouping = Vec::new();
    for keyword in ["by (", "without (", "ignoring(", "on("] {
        let mut rest = text;
        while let Some(at) = rest.find(keyword) {
            let tail = &rest[at + keyword.len()..];
            let close = tail.find(')').unwrap_or(tail.len());
            grouping.extend(tail[..close].split(',').map(|l| l.trim().to_string()));
            rest = &tail[close..];
        }
    }
    (metrics, grouping)
}

/// One query or alert per item: `- alert:` blocks of a rule file, `"expr"`
/// strings of a dashboard.
fn queries(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    if path.ends_with(".json") {
        let dash: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut out = Vec::new();
        for panel in dash["panels"].as_array().unwrap() {
            out.push(
                panel["description"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            );
            for t in panel["targets"].as_array().into_iter().flatten() {
                out.push(t["expr"].as_str().unwrap().to_string());
            }
        }
        out
    } else {
        text.split("- alert:").skip(1).map(str::to_string).collect()
    }
}

/// An exposition with every family: requests, Klarna calls, authorizations,
/// a webhook, the job queue with a backlog, the pool and the store.
async fn exposition() -> String {
    let handle = ops::metrics::install().expect("recorder installs");
    let t = sandbox_app();
    let (id, secret) = create_session(&t.app, "customer+de@klarna.com").await;
    assert_eq!(authorize(&t.app, &id, &secret).await.status, StatusCode::OK);
    let envelope = json!({"metadata": {"event_type": "payment.request.state-change.submitted",
        "event_id": "ev-ops-1", "event_version": "v2", "occurred_at": "2026-11-23T10:00:00Z"},
        "payload": {}});
    let a = post_signed_webhook(&t.app, &envelope).await;
    assert_eq!(a.status, StatusCode::OK);
    let waiting = checkout_server::store::NewJob {
        id: "job_ops_probe".into(),
        kind: "deliver_event".into(),
        payload: json!({}),
        run_at_ms: checkout_server::clock::now_ms() + 60_000,
        dedupe_key: None,
    };
    t.state.store.enqueue_jobs(&[waiting]).await.unwrap();
    // One that failed once and waits out its backoff (checkout_job_retrying).
    let now = checkout_server::clock::now_ms();
    let failing = checkout_server::store::NewJob {
        id: "job_ops_failing".into(),
        kind: "ops_failing".into(),
        payload: json!({}),
        // Due the longest: claimed first, alone.
        run_at_ms: now - 3_600_000,
        dedupe_key: None,
    };
    t.state.store.enqueue_jobs(&[failing]).await.unwrap();
    let claimed = t.state.store.claim_jobs("ops", now, 60_000, 1).await;
    assert_eq!(claimed.unwrap()[0].id, "job_ops_failing");
    let retry = checkout_server::store::JobFinish::Retry {
        run_at_ms: now + 600_000,
        error: "could not connect".into(),
    };
    let store = &t.state.store;
    assert!(store
        .finish_job("job_ops_failing", "ops", &retry)
        .await
        .unwrap());
    let metrics = ops::metrics::router(t.state.clone(), handle);
    let a = call(&metrics, "GET", "/metrics", None, None).await;
    assert_eq!(a.status, StatusCode::OK);
    String::from_utf8(a.bytes).unwrap()
}

#[tokio::test]
async fn alerts_and_dashboard_name_only_exported_metrics_and_labels() {
    let exported = families(&exposition().await);
    let mut problems = Vec::new();
    for path in OPS_FILES {
        let items = queries(path);
        assert!(!items.is_empty(), "{path}: no alerts or queries found");
        for item in items {
            let (named, grouping) = named_in(&item);
            let mut labels_here = BTreeSet::new();
            for n in &named {
                let family = strip_histogram_suffix(&n.metric);
                let Some(labels) = exported.get(&n.metric).or_else(|| exported.get(family)) else {
                    problems.push(format!("{path}: {} is not exported", n.metric));
                    continue;
                };
                labels_here.extend(labels.iter().cloned());
                for l in n
                    .labels
                    .iter()
                    .filter(|l| !ADDED_LABELS.contains(&l.as_str()))
                {
                    if !labels.contains(l) {
                        problems.push(format!("{path}: {} has no label {l}", n.metric));
                    }
                }
            }
            for l in grouping
                .iter()
                .filter(|l| !ADDED_LABELS.contains(&l.as_str()))
            {
                if !named.is_empty() && !labels_here.contains(l) {
                    problems.push(format!(
                        "{path}: no metric of `{}` has the label {l}",
                        item.trim()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test]
async fn every_exported_family_has_help() {
    let text = exposition().await;
    let helped: BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# HELP "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    let missing: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split(' ').next())
        .filter(|n| !helped.contains(n))
        .collect();
    assert!(missing.is_empty(), "no # HELP for {missing:?}");
}

#[tokio::test]
async fn the_ops_files_cover_every_exported_family() {
    let exported = families(&exposition().await);
    let mut covered = BTreeSet::new();
    for path in OPS_FILES {
        for item in queries(path) {
            for n in named_in(&item).0 {
                covered.insert(strip_histogram_suffix(&n.metric).to_string());
                covered.insert(n.metric);
            }
        }
    }
    let missing: Vec<_> = exported.keys().filter(|f| !covered.contains(*f)).collect();
    assert!(missing.is_empty(), "no panel or alert shows {missing:?}");
}
