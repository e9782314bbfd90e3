//! The hosted page's security headers, static files and sandbox-only pages.

mod common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn hosted_page_csp_names_the_sessions_origins() {
    let t = sandbox_app();
    let (id, _) = create_session(&t.app, "a@b.example").await;
    let a = send(&t.app, "GET", &format!("/hpp/{id}"), None, None, &[]).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.header("content-type").starts_with("text/html"));
    assert!(String::from_utf8_lossy(&a.bytes).contains("<main id=app>"));
    let csp = a.header("content-security-policy");
    assert!(
        csp.contains("frame-ancestors 'self' https://shop.example https://www.shop.example;"),
        "{csp}"
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "sandbox SDK is same-origin: {csp}"
    );
    for part in [
        "default-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "object-src 'none'",
        "form-action 'self'",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert_eq!(a.header("referrer-policy"), "no-referrer");
    assert_eq!(a.header("x-content-type-options"), "nosniff");
    assert_eq!(
        a.header("permissions-policy"),
        "payment=(self), camera=(), microphone=(), geolocation=()"
    );
    assert_eq!(a.header("cache-control"), "no-store");
}

/// An open session's page names Klarna's SDK and its locale's language tables
/// in preload links (issue 15), so the browser fetches them while it parses;
/// a closed session's page loads neither.
#[tokio::test]
async fn an_open_sessions_page_preloads_the_sdk_and_its_language_tables() {
    let t = sandbox_app();
    let i18n = t.dir.path().join("www/i18n");
    std::fs::create_dir_all(&i18n).unwrap();
    std::fs::write(i18n.join("de.json"), "{}").unwrap();
    // The links go right after the shell's charset, as in the real hpp.html.
    std::fs::write(
        t.dir.path().join("www/hpp.html"),
        "<!doctype html><head><meta charset=\"utf-8\"><title>Payment</title></head><main id=app></main>",
    )
    .unwrap();
    let (id, _) = create_session(&t.app, "a@b.example").await;
    let page = |id: String| {
        let app = t.app.clone();
        async move {
            let a = send(&app, "GET", &format!("/hpp/{id}"), None, None, &[]).await;
            String::from_utf8_lossy(&a.bytes).to_string()
        }
    };
    let html = page(id.clone()).await;
    let sdk = format!(r#"<link rel="modulepreload" href="{PUBLIC_URL}/sandbox/klarna.js">"#);
    assert!(html.contains(&sdk), "{html}");
    assert!(
        html.contains(r#"<link rel="preload" href="/i18n/de.json" as="fetch" crossorigin>"#),
        "the de-DE session's table: {html}"
    );
    // `?locale=` (checkout.js passes the merchant's `locale` option there too,
    // beside the fragment that the server never sees): the page's language when
    // it is one of the market's, so its tables are preloaded, not the session's.
    let with = |q: &'static str| {
        let app = t.app.clone();
        let id = id.clone();
        async move {
            let a = send(&app, "GET", &format!("/hpp/{id}{q}"), None, None, &[]).await;
            assert_eq!(a.status, StatusCode::OK, "{q}");
            String::from_utf8_lossy(&a.bytes).to_string()
        }
    };
    let english = with("?locale=en-DE").await;
    assert!(english.contains(&sdk), "{english}");
    assert!(
        !english.contains("/i18n/"),
        "English is compiled into the page, nothing to preload: {english}"
    );
    for other in [
        "?locale=fr-FR",
        "?locale=%3Cx%3E",
        "?locale=",
        "?lang=en-DE",
        "?locale=%zz&x=%FF",
        "?locale=en-DE&locale=de",
    ] {
        let html = with(other).await;
        assert!(
            html.contains(r#"<link rel="preload" href="/i18n/de.json" as="fetch" crossorigin>"#),
            "{other} is no language of the German market: the session's table: {html}"
        );
    }
    let c = call(
        &t.app,
        "POST",
        &format!("/v1/sessions/{id}/cancel"),
        Some(KEY_A),
        Some(serde_json::json!({})),
    )
    .await;
    assert_eq!(c.status, StatusCode::OK);
    let html = page(id).await;
    assert!(
        !html.contains("preload"),
        "a canceled session loads neither: {html}"
    );
}

#[tokio::test]
async fn an_external_sdk_origin_is_allowed_where_needed() {
    let t = app_with(&[(
        "KLARNA_SDK_URL",
        "https://js.klarna.com/web-sdk/v2/klarna.mjs",
    )]);
    let (id, _) = create_session(&t.app, "a@b.example").await;
    let csp = send(&t.app, "GET", &format!("/hpp/{id}"), None, None, &[])
        .await
        .header("content-security-policy");
    for part in [
        "script-src 'self' 'wasm-unsafe-eval' https://js.klarna.com;",
        "img-src 'self' data: https://js.klarna.com;",
        "connect-src 'self' https://js.klarna.com;",
        "frame-src https://js.klarna.com;",
    ] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
}

#[tokio::test]
async fn unknown_session_is_404_and_a_missing_page_file_is_500() {
    let t = sandbox_app();
    let a = send(
        &t.app,
        "GET",
        "/hpp/hcs_ffffffffffffffffffffffffffffffff",
        None,
        None,
        &[],
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let (id, _) = create_session(&t.app, "a@b.example").await;
    std::fs::remove_file(t.dir.path().join("www/hpp.html")).unwrap();
    let a = send(&t.app, "GET", &format!("/hpp/{id}"), None, None, &[]).await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    let v = a.json();
    assert_eq!(v["error"]["code"], "internal");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("hpp.html"),
        "{v}"
    );
}

#[tokio::test]
async fn static_types_and_cache_headers() {
    let t = sandbox_app();
    let wasm = send(
        &t.app,
        "GET",
        "/pkg/klarna_hosted_checkout_bg.wasm",
        None,
        None,
        &[],
    )
    .await;
    assert_eq!(wasm.status, StatusCode::OK);
    assert_eq!(wasm.header("content-type"), "application/wasm");
    assert_eq!(wasm.header("cache-control"), "no-cache");
    let mjs = send(&t.app, "GET", "/pkg/snippets/module.mjs", None, None, &[]).await;
    assert_eq!(mjs.status, StatusCode::OK);
    assert!(
        mjs.header("content-type").starts_with("text/javascript"),
        "{}",
        mjs.header("content-type")
    );
    let js = send(&t.app, "GET", "/sandbox/klarna.js", None, None, &[]).await;
    assert!(
        js.header("content-type").starts_with("text/javascript"),
        "{}",
        js.header("content-type")
    );
    let hashed = send(&t.app, "GET", "/pkg/app-3f9a1c2b.js", None, None, &[]).await;
    assert_eq!(
        hashed.header("cache-control"),
        "public, max-age=31536000, immutable"
    );
    assert!(hashed.header("content-type").starts_with("text/javascript"));
    let api = call(
        &t.app,
        "POST",
        "/v1/sessions",
        Some(KEY_A),
        Some(session_body("a@b.example")),
    )
    .await;
    assert_eq!(api.header("cache-control"), "no-store");
    assert_eq!(
        send(&t.app, "GET", "/pkg/nope.js", None, None, &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // The hosted page file is reachable only through /hpp/{id}.
    assert_eq!(
        send(&t.app, "GET", "/hpp.html", None, None, &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn responses_are_compressed_on_request() {
    let t = sandbox_app();
    for (enc, want) in [("gzip", "gzip"), ("br", "br")] {
        let a = send(
            &t.app,
            "GET",
            "/sandbox/klarna.js",
            None,
            None,
            &[("accept-encoding", enc)],
        )
        .await;
        assert_eq!(a.header("content-encoding"), want);
        let plain = std::fs::read(t.dir.path().join("www/sandbox/klarna.js")).unwrap();
        assert!(a.bytes.len() < plain.len());
    }
}

#[tokio::test]
async fn demo_and_sandbox_files_only_in_sandbox_mode() {
    let t = sandbox_app();
    let home = send(&t.app, "GET", "/", None, None, &[]).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&home.bytes).contains("Demo store"));
    assert_eq!(
        send(&t.app, "GET", "/demo/return?x=1", None, None, &[])
            .await
            .status,
        StatusCode::OK
    );

    let live = app_with(&[
        ("KLARNA_MODE", "live"),
        ("CHECKOUT_PUBLIC_URL", "https://checkout.example"),
        ("KLARNA_API_KEY", "u:p"),
        ("KLARNA_CLIENT_ID", "klarna_live_client_x"),
        ("KLARNA_PARTNER_ACCOUNT_ID", "PA"),
    ]);
    for path in [
        "/",
        "/sandbox/klarna.js",
        "/demo/index.html",
        "/sandbox/klarna/payment-requests/x",
    ] {
        assert_eq!(
            send(&live.app, "GET", path, None, None, &[]).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        send(
            &live.app,
            "GET",
            "/pkg/klarna_hosted_checkout.js",
            None,
            None,
            &[]
        )
        .await
        .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn no_spelling_of_a_hidden_path_reaches_its_file() {
    // Security outside tester: the file service decodes and normalizes what the route patterns saw as sent.
    let live = app_with(&[
        ("KLARNA_MODE", "live"),
        ("CHECKOUT_PUBLIC_URL", "https://checkout.example"),
        ("KLARNA_API_KEY", "u:p"),
        ("KLARNA_CLIENT_ID", "klarna_live_client_x"),
        ("KLARNA_PARTNER_ACCOUNT_ID", "PA"),
    ]);
    let www = live.dir.path().join("www");
    std::fs::create_dir_all(www.join("store/js")).unwrap();
    std::fs::write(
        www.join("store/js/merchant-api.js"),
        "const KEY = 'sk_test_demo';",
    )
    .unwrap();
    std::fs::write(www.join("hpp.src.js"), "// the boot script's source").unwrap();
    std::fs::write(www.join("early.src.js"), "// the inline script's source").unwrap();
    for path in [
        "//sandbox/klarna.js",
        "/./sandbox/klarna.js",
        "/sandbox%2Fklarna.js",
        "/%73andbox/klarna.js",
        "/demo/",
        "/demo%2Findex.html",
        "/store/js/merchant-api.js",
        "/pkg/../store/js/merchant-api.js",
        "//hpp.html",
        "/hpp.html/",
        "/%68pp.html",
        "/hpp.src.js",
        "/early.src.js",
    ] {
        let a = send(&live.app, "GET", path, None, None, &[]).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(a.json()["error"]["code"], "not_found", "{path}");
    }
    // The sandbox serves its own files, and no mode serves the page's template as a file.
    let t = sandbox_app();
    let www = t.dir.path().join("www");
    std::fs::create_dir_all(www.join("store")).unwrap();
    std::fs::write(
        www.join("store/index.html"),
        "<!doctype html><title>Store</title>",
    )
    .unwrap();
    for (path, status) in [
        ("/%73andbox/klarna.js", StatusCode::OK),
        ("/store/index.html", StatusCode::OK),
        ("//hpp.html", StatusCode::NOT_FOUND),
    ] {
        assert_eq!(
            send(&t.app, "GET", path, None, None, &[]).await.status,
            status,
            "{path}"
        );
    }
}
