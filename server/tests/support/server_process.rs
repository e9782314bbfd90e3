//! A `checkout-server` process for tests that must kill it, stop it with a
//! signal or talk to it over real TCP: started on a free port with a fresh
//! (or a given) data directory, its stderr collected line by line.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The merchant key every process is started with.
pub const MERCHANT_KEY: &str = "sk_test_process_0001";

/// A running server.
pub struct ServerProcess {
    pub child: Child,
    pub base: String,
    pub addr: String,
    pub data_dir: PathBuf,
    stderr: Arc<Mutex<Vec<String>>>,
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

impl ServerProcess {
    /// Starts the server in sandbox mode on `data_dir` with `extra` settings,
    /// and waits until it answers.
    pub fn start(data_dir: &Path, extra: &[(&str, &str)]) -> ServerProcess {
        // The server refuses to start without a built hosted page.
        let www = data_dir.join("www");
        if !www.join("hpp.html").is_file() {
            std::fs::create_dir_all(&www).unwrap();
            std::fs::write(www.join("hpp.html"), "<!doctype html><title>hpp</title>").unwrap();
        }
        let port = free_port();
        let addr = format!("127.0.0.1:{port}");
        let base = format!("http://{addr}");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_checkout-server"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("KLARNA_MODE", "sandbox")
            .env("CHECKOUT_ADDR", &addr)
            .env("CHECKOUT_PUBLIC_URL", &base)
            .env("CHECKOUT_DATA_DIR", data_dir)
            .env("CHECKOUT_WWW_DIR", data_dir.join("www"))
            .env("CHECKOUT_MERCHANT_KEYS", format!("shop:{MERCHANT_KEY}"))
            .env("CHECKOUT_RATE_LIMIT", "0")
            .env("CHECKOUT_METRICS_ADDR", "off")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the server starts");
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let p = ServerProcess {
            child,
            base,
            addr,
            data_dir: data_dir.to_path_buf(),
            stderr,
        };
        p.wait_until_up();
        p
    }

    fn wait_until_up(&self) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if std::net::TcpStream::connect(&self.addr).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not start: {:?}", self.stderr_lines());
    }

    /// Every stderr line so far.
    pub fn stderr_lines(&self) -> Vec<String> {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until a stderr line contains `needle`.
    pub async fn wait_for_stderr(&self, needle: &str, limit: Duration) {
        let started = Instant::now();
        while started.elapsed() < limit {
            if self.stderr_lines().iter().any(|l| l.contains(needle)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("no {needle:?} on stderr: {:?}", self.stderr_lines());
    }

    /// `kill -9`: the process dies at once, mid-request.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// Sends `SIGTERM`.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the exit and returns its code.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<i32> {
        let started = Instant::now();
        while started.elapsed() < limit {
            if let Some(s) = self.child.try_wait().unwrap() {
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the server did not exit: {:?}", self.stderr_lines());
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A session of the process's merchant (approved by the sandbox when
/// authorized): `(id, client secret)`.
pub async fn create_session(server: &ServerProcess) -> (String, String) {
    let body = serde_json::json!({"amount": 11800, "currency": "EUR", "country": "DE", "locale": "de-DE",
        "merchant_reference": "o-1", "return_url": "https://shop.example/r",
        "customer": {"email": "customer+de@klarna.com"}});
    let created: serde_json::Value = http()
        .post(format!("{}/v1/sessions", server.base))
        .bearer_auth(MERCHANT_KEY)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = |k: &str| created[k].as_str().unwrap().to_string();
    (text("id"), text("client_secret"))
}

/// A client with no pooling surprises (each test owns its connections).
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}
