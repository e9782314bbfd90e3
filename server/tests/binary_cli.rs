//! The binary as an operator meets it: `--version` and `--help` answer
//! without starting a server, any other argument is refused (status 2), the
//! version is in `/healthz`, `/readyz` and the `started` log line, sandbox
//! mode with the settings of a production server is warned about, and a
//! stop that had to drop requests in flight exits with status 1.

#[path = "support/server_process.rs"]
mod server_process;

use serde_json::{json, Value};
use server_process::{create_session, http, ServerProcess};
use std::process::Command;
use std::time::Duration;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn run(args: &[&str]) -> (Option<i32>, String, String, tempfile::TempDir) {
    let cwd = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_checkout-server"))
        .args(args)
        .current_dir(cwd.path())
        .env_clear()
        .env("CHECKOUT_METRICS_ADDR", "off")
        .env(
            "CHECKOUT_ADDR",
            format!("127.0.0.1:{}", server_process::free_port()),
        )
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr), cwd)
}

#[test]
fn version_and_help_answer_and_other_arguments_are_refused() {
    for arg in ["--version", "-V"] {
        let (code, out, _, cwd) = run(&[arg]);
        assert_eq!(code, Some(0), "{arg}");
        assert_eq!(out.trim(), format!("checkout-server {VERSION}"));
        // No server was started: it made no database in its directory.
        assert!(!cwd.path().join("data").exists(), "{arg} started a server");
    }
    let (code, out, _, _) = run(&["--help"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("environment variables"), "{out}");
    let (code, _, err, cwd) = run(&["--port", "80"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("unknown argument \"--port\""), "{err}");
    assert!(!cwd.path().join("data").exists());
}

#[tokio::test]
async fn the_version_and_mode_are_shown_and_sandbox_with_own_keys_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    // Merchant keys of its own (the process helper's), KLARNA_MODE=sandbox.
    let server = ServerProcess::start(dir.path(), &[("RUST_LOG", "info")]);
    let health: Value = http()
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health, json!({"status": "ok", "version": VERSION}));
    let ready: Value = http()
        .get(format!("{}/readyz", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (ready["version"].as_str(), ready["klarna_mode"].as_str()),
        (Some(VERSION), Some("sandbox"))
    );
    server
        .wait_for_stderr("\"started\"", Duration::from_secs(5))
        .await;
    let lines = server.stderr_lines();
    let started = lines.iter().find(|l| l.contains("\"started\"")).unwrap();
    assert!(
        started.contains(VERSION) && started.contains("sandbox"),
        "{started}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("WARN") && l.contains("Klarna is emulated")),
        "{lines:?}"
    );
}

#[tokio::test]
async fn a_stop_that_drops_requests_in_flight_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = ServerProcess::start(
        dir.path(),
        &[
            ("CHECKOUT_FAULT_POINTS", "authorize.after_klarna=pause:8000"),
            ("CHECKOUT_ALLOW_FAULTS", "yes-this-is-a-test"),
            ("CHECKOUT_DRAIN_TIMEOUT_MS", "500"),
        ],
    );
    let (id, secret) = create_session(&server).await;
    let in_flight = http()
        .post(format!("{}/v1/sessions/{id}/klarna/authorize", server.base))
        .bearer_auth(secret)
        .json(&json!({}))
        .send();
    let _in_flight = tokio::spawn(in_flight);
    server
        .wait_for_stderr(
            "fault point reached: authorize.after_klarna",
            Duration::from_secs(10),
        )
        .await;
    server.terminate();
    assert_eq!(
        server.wait_exit(Duration::from_secs(20)),
        Some(1),
        "{:?}",
        server.stderr_lines()
    );
}
