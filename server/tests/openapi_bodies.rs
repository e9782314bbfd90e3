//! The served document describes what the server really accepts and
//! answers (an outside tester's findings): real request and answer bodies
//! of `POST /v1/sessions` (with and without `"authorize": true`), `PATCH
//! /v1/sessions/{id}` and `POST /v1/sessions/{id}/authorize` validate
//! against their schemas, and every property a request schema lists is one
//! the server takes. The validator is a small JSON Schema subset (`$ref`,
//! `allOf`/`oneOf`/`anyOf`, `type`, `enum`, `properties`, `required`,
//! `additionalProperties: false`, `items`): all the document uses for shape.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "krn:sandbox:eu1:session-token:signin:1";

async fn served(t: &TestApp) -> Value {
    call(&t.app, "GET", "/openapi.json", None, None)
        .await
        .json()
}

fn resolve<'a>(doc: &'a Value, s: &'a Value) -> &'a Value {
    match s["$ref"].as_str() {
        Some(r) => {
            let name = r.strip_prefix("#/components/schemas/").expect("local ref");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => s,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => true,
    }
}

/// Every way `v` breaks `schema`, with its JSON path.
fn check(doc: &Value, schema: &Value, v: &Value, at: &str) -> Vec<String> {
    let s = resolve(doc, schema);
    let mut errs = Vec::new();
    if let Some(all) = s["allOf"].as_array() {
        all.iter().for_each(|p| errs.extend(check(doc, p, v, at)));
    }
    for (key, exactly_one) in [("oneOf", true), ("anyOf", false)] {
        if let Some(alts) = s[key].as_array() {
            let fits = alts
                .iter()
                .filter(|a| check(doc, a, v, at).is_empty())
                .count();
            if fits == 0 || (exactly_one && fits > 1) {
                errs.push(format!("{at}: {fits} of the {key} alternatives fit"));
            }
        }
    }
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() && !types.iter().any(|t| type_ok(t, v)) {
        errs.push(format!("{at}: {v} is not {types:?}"));
        return errs;
    }
    if let Some(e) = s["enum"].as_array() {
        if !e.contains(v) {
            errs.push(format!("{at}: {v} is not one of {e:?}"));
        }
    }
    if let (Some(o), Some(props)) = (v.as_object(), s["properties"].as_object()) {
        for r in s["required"].as_array().into_iter().flatten() {
            if !o.contains_key(r.as_str().unwrap()) {
                errs.push(format!("{at}: required {r} is missing"));
            }
        }
        for (k, x) in o {
            match props.get(k) {
                Some(p) => errs.extend(check(doc, p, x, &format!("{at}.{k}"))),
                None if s["additionalProperties"] == false => {
                    errs.push(format!("{at}: {k} is not allowed"))
                }
                None => {}
            }
        }
    }
    if let (Some(a), Some(items)) = (v.as_array(), s.get("items")) {
        for (i, x) in a.iter().enumerate() {
            errs.extend(check(doc, items, x, &format!("{at}[{i}]")));
        }
    }
    errs
}

fn operation<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    &doc["paths"][path][method]
}

fn request_schema<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    &operation(doc, path, method)["requestBody"]["content"]["application/json"]["schema"]
}

fn answer_schema<'a>(doc: &'a Value, path: &str, method: &str, status: &str) -> &'a Value {
    &operation(doc, path, method)["responses"][status]["content"]["application/json"]["schema"]
}

fn assert_fits(doc: &Value, schema: &Value, v: &Value, what: &str) {
    let errs = check(doc, schema, v, "$");
    assert!(errs.is_empty(), "{what} {v} breaks its schema: {errs:?}");
}

#[tokio::test]
async fn create_bodies_and_answers_fit_the_document() {
    let t = sandbox_app();
    let doc = served(&t).await;
    let (req, ok) = (
        request_schema(&doc, "/v1/sessions", "post"),
        answer_schema(&doc, "/v1/sessions", "post", "201"),
    );
    // A plain create.
    let plain = session_body("customer+de@klarna.com");
    assert_fits(&doc, req, &plain, "the create body");
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(plain)).await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_fits(&doc, ok, &a.json(), "the create answer");
    // Create and authorize at once (README's `"authorize": true`).
    let mut body = session_body("customer+de@klarna.com");
    body["klarna_network_session_token"] = json!(TOKEN);
    body["authorize"] = json!(true);
    assert_fits(&doc, req, &body, "the create body with authorize");
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.json());
    let v = a.json();
    assert_eq!(v["outcome"]["result"], "APPROVED", "{v}");
    assert_fits(&doc, ok, &v, "the create-and-authorize answer");
    // The answer recovered after a crash has no secret and no URL.
    let mut recovered = v.clone();
    let o = recovered.as_object_mut().unwrap();
    o.remove("client_secret");
    o.remove("hosted_url");
    assert_fits(&doc, ok, &recovered, "the recovered answer");
    // The authorization could not be run: `authorize_error` instead.
    let mut failed = v.clone();
    failed.as_object_mut().unwrap().remove("outcome");
    failed["authorize_error"] = json!({"status": 502,
        "error": {"code": "upstream_error", "message": "Klarna failed", "fields": []}});
    assert_fits(&doc, ok, &failed, "the answer with authorize_error");
    // A body with a field the server refuses does not fit either.
    let mut unknown = session_body("customer+de@klarna.com");
    unknown["shipping"] = json!({});
    assert!(!check(&doc, req, &unknown, "$").is_empty());
    // The 422 of an unsupported intent is documented.
    let mut sub = session_body("customer+de@klarna.com");
    sub["intents"] = json!(["SUBSCRIBE"]);
    let a = call(&t.app, "POST", "/v1/sessions", Some(KEY_A), Some(sub)).await;
    let status = a.status.as_u16().to_string();
    assert_eq!(status, "422", "{}", a.json());
    let err = answer_schema(&doc, "/v1/sessions", "post", &status);
    assert_fits(&doc, err, &a.json(), "the 422 answer");
}

#[tokio::test]
async fn token_authorize_answers_fit_the_document() {
    let t = sandbox_app();
    let doc = served(&t).await;
    let path = "/v1/sessions/{id}/authorize";
    let ok = answer_schema(&doc, path, "post", "200");
    assert_ne!(ok, &json!({"type": "object"}), "the real schema");
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let body = json!({"klarna_network_session_token": TOKEN});
    assert_fits(&doc, request_schema(&doc, path, "post"), &body, "the body");
    let uri = format!("/v1/sessions/{id}/authorize");
    let a = call(&t.app, "POST", &uri, Some(KEY_A), Some(body)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json());
    assert_eq!(a.json()["result"], "APPROVED");
    assert_fits(&doc, ok, &a.json(), "the authorize answer");
    let declined = json!({"result": "DECLINED", "state": "declined"});
    assert_fits(&doc, ok, &declined, "a declined answer");
    let wrong = json!({"result": "DECLINED", "state": "declined", "other": 1});
    assert!(!check(&doc, ok, &wrong, "$").is_empty());
}

/// Every property a request schema lists is taken by the server: a body
/// with only that field is never refused as unknown.
#[tokio::test]
async fn request_schemas_list_only_accepted_fields() {
    let t = sandbox_app();
    let doc = served(&t).await;
    let (id, _) = create_session(&t.app, "customer+de@klarna.com").await;
    let patch_path = format!("/v1/sessions/{id}");
    for (path, method, uri) in [
        ("/v1/sessions", "post", "/v1/sessions".to_string()),
        ("/v1/sessions/{id}", "patch", patch_path),
    ] {
        let schema = resolve(&doc, request_schema(&doc, path, method));
        assert_eq!(schema["additionalProperties"], false, "{method} {path}");
        let props = schema["properties"].as_object().unwrap();
        assert!(props.len() >= 4, "{method} {path}: {props:?}");
        for name in props.keys() {
            let body = json!({ name.as_str(): null });
            let a = call(
                &t.app,
                &method.to_uppercase(),
                &uri,
                Some(KEY_A),
                Some(body),
            )
            .await;
            let unknown = a.json()["error"]["fields"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|f| f["path"] == *name && f["reason"] == "unknown field");
            assert!(
                !unknown,
                "{method} {path} lists {name}, which the server refuses"
            );
        }
    }
}
