#!/usr/bin/env bash
# cargo's runner for the page crate's wasm32 tests (scripts/test.sh sets CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER
# to this file): wasm-bindgen-test-runner in headless Chromium, with Chromium's requests going through
# scripts/wasm-test-proxy.mjs.
#
# Why: the runner's built-in server (rouille on tiny_http 0.12) can leave a connection accepted but never read
# when Chromium opens several at once (its task pool counts a waiting worker that is already taken, and Chromium's
# idle keep-alive connections hold the other workers). tests/web_bindings.rs ships many modules (Klarna's SDK
# emulator, www/sandbox/sdk/*.js), so Chromium opens six connections at once; seen with `ss`, one request sat unread
# in the server's socket, the page never loaded, no test started and ChromeDriver waited 300 s ("Loading
# scripts...Failed to detect test as having been run"). Measured on a fresh clone of 0.2.0 on 2 busy cores: 5 of 8
# starts hung without the proxy; 10 of 10 passed in 5-6 s with it. The runner has no setting for its server.
# As a backstop, an attempt in which no test started is given a deadline and started again; a run in which any
# test started is never repeated: its result, pass or fail, is the result.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
attempts=${WASM_TEST_ATTEMPTS:-3}
deadline=${WASM_TEST_ATTEMPT_SECONDS:-120}
work=$(mktemp -d)
proxy_pid=
cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

node "$here/wasm-test-proxy.mjs" >"$work/port" &
proxy_pid=$!
for _ in $(seq 1 50); do [ -s "$work/port" ] && break; sleep 0.1; done
port=$(head -n1 "$work/port")
if [ -z "$port" ]; then
  echo "wasm-test-runner: the proxy did not start" >&2
  exit 1
fi
# The project's ChromeDriver capabilities, plus the proxy (`<-loopback>`: Chromium sends loopback through it too).
node -e '
  const fs = require("fs");
  const [src, port, out] = process.argv.slice(1);
  const caps = JSON.parse(fs.readFileSync(src, "utf8"));
  const opts = (caps["goog:chromeOptions"] ||= {});
  opts.args = [...(opts.args || []), `--proxy-server=http://127.0.0.1:${port}`, "--proxy-bypass-list=<-loopback>"];
  fs.writeFileSync(out, JSON.stringify(caps));
' "${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$here/../webdriver.json}" "$port" "$work/webdriver.json"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$work/webdriver.json"

rc=1
for attempt in $(seq 1 "$attempts"); do
  log="$work/attempt-$attempt.log"
  # Its own process group, so a hung attempt's ChromeDriver and Chromium go with it.
  setsid wasm-bindgen-test-runner "$@" >"$log" 2>&1 &
  pid=$!
  waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$deadline" ]; do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -- -"$pid" 2>/dev/null
    sleep 1
    kill -9 -- -"$pid" 2>/dev/null
    echo "wasm-test-runner: attempt $attempt passed its ${deadline}s deadline" >>"$log"
  fi
  wait "$pid"
  rc=$?
  cat "$log"
  started=$(grep -c -E '^running [0-9]+ tests?|^test .+ \.\.\. ' "$log")
  if [ "$rc" -eq 0 ] || [ "$started" -gt 0 ]; then
    exit "$rc"
  fi
  echo "wasm-test-runner: no test started (attempt $attempt of $attempts, exit $rc): the page never loaded" >&2
done
exit "$rc"
