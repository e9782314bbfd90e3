//! `GET /openapi.json`: an OpenAPI 3.1 document that parses, resolves, and
//! lists every API route the router serves and no route it doesn't, so the
//! document can't drift from the server.

mod common;

use axum::http::StatusCode;
use checkout_core::money::MAX_AMOUNT_MINOR;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

async fn served(t: &TestApp) -> Value {
    let a = call(&t.app, "GET", "/openapi.json", None, None).await;
    assert_eq!(a.status, StatusCode::OK);
    let ct = a.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(ct.starts_with("application/json"), "{ct}");
    serde_json::from_slice(&a.bytes).expect("the document is JSON")
}

/// `(METHOD, path, operation)` of every operation.
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                out.push((m.to_uppercase(), path.clone(), op));
            }
        }
    }
    out
}

/// Every value under `key` anywhere in `v`.
fn collect<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == key {
                    out.push(x);
                }
                collect(x, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, key, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_served_as_built() {
    let t = sandbox_app();
    let doc = served(&t).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].as_str().is_some_and(|s| !s.is_empty()));
    let built = serde_json::to_value(checkout_server::openapi::document()).unwrap();
    assert_eq!(doc, built);
    for scheme in ["merchant_key", "client_secret"] {
        assert_eq!(
            doc["components"]["securitySchemes"][scheme]["scheme"], "bearer",
            "{scheme}"
        );
    }
    assert!(doc["webhooks"]["notification"]["post"]["requestBody"].is_object());
}

#[tokio::test]
async fn references_operation_ids_and_links_resolve() {
    let doc = serde_json::to_value(checkout_server::openapi::document()).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut refs = Vec::new();
    collect(&doc, "$ref", &mut refs);
    assert!(refs.len() > 50, "{}", refs.len());
    for r in refs {
        let name = r
            .as_str()
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .unwrap_or_else(|| panic!("unexpected $ref {r}"));
        assert!(schemas.contains_key(name), "dangling $ref {name}");
    }
    let ops = operations(&doc);
    let ids: Vec<&str> = ops
        .iter()
        .map(|(m, p, op)| {
            op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{m} {p} has no operationId"))
        })
        .collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "operationIds repeat: {ids:?}");
    let mut links = Vec::new();
    collect(&doc, "links", &mut links);
    let mut targets = 0;
    for l in links.iter().flat_map(|l| l.as_object().unwrap().values()) {
        let to = l["operationId"].as_str().unwrap();
        assert!(unique.contains(to), "a link goes to unknown operation {to}");
        targets += 1;
    }
    // The stateful chain create → authorize → capture → refund is linked.
    let link = |from: &str, name: &str| {
        let (_, _, op) = ops
            .iter()
            .find(|(_, _, op)| op["operationId"] == from)
            .unwrap();
        let responses = op["responses"].as_object().unwrap();
        responses.values().any(|r| r["links"].get(name).is_some())
    };
    assert!(targets >= 20, "{targets}");
    assert!(link("createSession", "AuthorizeWithKlarna"));
    assert!(link("authorizeWithKlarna", "CapturePayment"));
    assert!(link("capturePayment", "RefundCapture"));
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let t = sandbox_app();
    let doc = served(&t).await;
    let ops = operations(&doc);
    assert_eq!(
        ops.len(),
        44,
        "{:?}",
        ops.iter()
            .map(|(m, p, _)| format!("{m} {p}"))
            .collect::<Vec<_>>()
    );
    for (method, path, _) in &ops {
        let concrete = path.replace("{id}", "hcs_does_not_exist");
        let body = (method != "GET" && method != "DELETE" && method != "OPTIONS")
            .then(|| serde_json::json!({}));
        let a = call(&t.app, method, &concrete, None, body).await;
        assert_ne!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        let fallback =
            a.status == StatusCode::NOT_FOUND && a.json()["error"]["message"] == "no such resource";
        assert!(!fallback, "{method} {path} is documented but not routed");
    }
}

#[test]
fn no_api_route_is_added_outside_the_documented_groups() {
    // The API's routes are built only from `routes/api.rs` (the handlers'
    // `#[utoipa::path]`); the router itself adds no `/v1/` route but the
    // catch-all that answers 404 for unknown API paths.
    let router = include_str!("../src/routes/mod.rs");
    let v1: Vec<&str> = router
        .match_indices("\"/v1/")
        .map(|(i, _)| router[i..].split('"').nth(1).unwrap())
        .collect();
    assert_eq!(v1, ["/v1/{*rest}"]);
    for (file, src) in [
        (
            "sessions/mod.rs",
            include_str!("../src/routes/sessions/mod.rs"),
        ),
        (
            "sessions/create.rs",
            include_str!("../src/routes/sessions/create.rs"),
        ),
        (
            "sessions/patch.rs",
            include_str!("../src/routes/sessions/patch.rs"),
        ),
        ("payments.rs", include_str!("../src/routes/payments.rs")),
        ("hosted.rs", include_str!("../src/routes/hosted.rs")),
        ("authorize.rs", include_str!("../src/routes/authorize.rs")),
        (
            "notifications/endpoints.rs",
            include_str!("../src/routes/notifications/endpoints.rs"),
        ),
        (
            "notifications/event_log.rs",
            include_str!("../src/routes/notifications/event_log.rs"),
        ),
        ("webhooks.rs", include_str!("../src/routes/webhooks.rs")),
        ("messaging.rs", include_str!("../src/routes/messaging.rs")),
        (
            "admin_klarna.rs",
            include_str!("../src/routes/admin_klarna.rs"),
        ),
    ] {
        for (i, _) in src.match_indices("pub async fn ") {
            let signature = src[i..].split('{').next().unwrap();
            if !signature.contains("State(") && !signature.contains("() -> Response") {
                continue; // a helper, not a handler
            }
            let before = &src[..i];
            let attr = before.rfind("#[utoipa::path(");
            let prev_fn = before.rfind("\n}\n");
            assert!(
                attr.is_some_and(|a| prev_fn.is_none_or(|f| a > f)),
                "{file}: a handler without #[utoipa::path] at byte {i}"
            );
        }
    }
}

#[test]
fn amount_limits_match_the_validation() {
    let doc = serde_json::to_value(checkout_server::openapi::document()).unwrap();
    let schemas = &doc["components"]["schemas"];
    for (schema, field) in [
        ("NewSession", "amount"),
        ("SessionPatch", "amount"),
        ("CaptureRequest", "amount"),
        ("RefundRequest", "amount"),
        ("OrderLine", "unit_price"),
    ] {
        let p = &schemas[schema]["properties"][field];
        assert_eq!(p["maximum"], MAX_AMOUNT_MINOR, "{schema}.{field}");
    }
    let required: Vec<&str> = schemas["NewSession"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut required = required;
    required.sort();
    assert_eq!(
        required,
        [
            "amount",
            "country",
            "currency",
            "locale",
            "merchant_reference",
            "return_url"
        ]
    );
    assert_eq!(schemas["NewSession"]["additionalProperties"], false);
}

#[tokio::test]
async fn the_documented_example_creates_a_session() {
    let t = sandbox_app();
    let doc = serde_json::to_value(checkout_server::openapi::document()).unwrap();
    let example = doc["components"]["schemas"]["NewSession"]["example"].clone();
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(example)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json());
}
