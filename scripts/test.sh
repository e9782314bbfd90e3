#!/usr/bin/env bash
# Sets everything up and runs every test: native (core, server), the Klarna SDK
# emulator's own tests, wasm-bindgen-test in headless Chromium, the release
# build with its size budget, and Playwright end-to-end against the server.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
START=$SECONDS
step() { printf '\n== %s (t=+%ss)\n' "$*" $((SECONDS - START)); }
export CARGO_TERM_COLOR=never

# Suites that spend most of their time waiting (on servers, browsers, injected delays) run side by side:
# `spawn NAME 'command'` starts one with its output in target/test-logs/NAME.log, `join NAME…` waits for them,
# prints the end of each log (the full log of a failure) and fails if any failed.
LOGS="$ROOT/target/test-logs"
mkdir -p "$LOGS"
declare -A PIDS=()
spawn() {
  local name=$1 started=$SECONDS
  shift
  (bash -c "$*"; rc=$?; echo "[$name: exit $rc after $((SECONDS - started))s]"; exit $rc) >"$LOGS/$name.log" 2>&1 &
  PIDS[$name]=$!
  echo "   started $name (target/test-logs/$name.log)"
}
join() {
  local failed=0 name
  for name in "$@"; do
    if wait "${PIDS[$name]}"; then
      echo "-- $name passed; the end of its log:"
      tail -n "${JOIN_TAIL:-25}" "$LOGS/$name.log"
    else
      echo "-- $name FAILED; its log:"
      cat "$LOGS/$name.log"
      failed=1
    fi
    unset "PIDS[$name]"
  done
  return $failed
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${PG_DIR:-}" ]; then bash scripts/pg.sh stop "$PG_DIR"; fi
}
trap cleanup EXIT

step "setup"
bash scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$PATH"

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The page's start-up marks (a feature only bench/spikes/startup-marks.mjs builds with) still compile.
cargo clippy -p klarna-hosted-checkout --features marks --locked -- -D warnings
# The API docs build without a warning (broken or private intra-doc links).
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked -q

step "native tests (core, server, page logic)"
cargo test --workspace --locked

step "side by side: the store contract suite and every server test on PostgreSQL (a throwaway cluster) | Schemathesis against the sandbox server (${SCHEMATHESIS_EXAMPLES:-60} examples per operation, stateful links) | the alert rules and dashboard (promtool), the Klarna SDK emulator's tests (and tsc --checkJs against Klarna's transcribed types), notification and document tests, the conformance kit's pieces (node)"
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/khc-pg-XXXXXX")
PG_URL=$(bash scripts/pg.sh start "$PG_DIR" "${PG_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}")
# `--workspace` as in the native step: the same feature set reuses its test binaries (`-p checkout-server` alone
# unifies features differently, so it rebuilt and relinked every server test, about 3 GB more on disk).
spawn server-on-postgres "CHECKOUT_TEST_DATABASE_URL=$PG_URL CHECKOUT_TEST_REQUIRE_POSTGRES=1 CHECKOUT_TEST_SERVER_ON_POSTGRES=1 cargo test --workspace --locked --tests"
spawn schemathesis "SCHEMATHESIS_EXAMPLES=${SCHEMATHESIS_EXAMPLES:-60} bash tests/schemathesis/run.sh"
spawn node-tests "bash scripts/check-ops.sh && tsc --noEmit -p www/sandbox && node --test tests/sandbox/ tests/docs/ tests/conformance/"
join server-on-postgres schemathesis node-tests

step "browser unit tests: wasm-bindgen-test in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER="$ROOT/scripts/wasm-test-runner.sh" \
WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json" \
  cargo test --locked --target wasm32-unknown-unknown -p klarna-hosted-checkout

step "release build of the hosted page"
bash scripts/build.sh

step "conformance kit (npm run conformance) against the sandbox, then its recordings replayed by the contract tests"
rm -rf target/conformance/sandbox
CONFORMANCE_PORT=${CONFORMANCE_PORT:-8791} CONFORMANCE_OUT=target/conformance/sandbox CONFORMANCE_REQUIRE_ALL=1 \
  KLARNA_MODE=sandbox npm run conformance
CONFORMANCE_REPLAY_DIRS="$ROOT/target/conformance/sandbox" \
  cargo test --locked -p checkout-server --test conformance_replay

step "size budgets, published assets, builds that never take away what a server serves, the release archive"
node --test tests/size/ tests/build/ tests/package/

step "npm package: npm pack, install into the Vite example and the React and Vue apps (types, SSR), build"
bash scripts/npm-example.sh

step "end-to-end: Playwright + Debian Chromium against checkout-server on PostgreSQL"
psql "$PG_URL" -qc "CREATE DATABASE e2e" >/dev/null
E2E_DATABASE_URL="${PG_URL%/*}/e2e" npx playwright test -c tests/e2e/playwright.config.js

step "side by side: multi-instance faults (3 instances on one PostgreSQL behind a round-robin balancer, SIGKILLs) | fault injection (${FAULT_CHECKOUTS:-200} checkouts against 30 % faults with reloads, then captured and refunded) | bounded fuzzing (session validation, protocol decoder, webhook intake)"
psql "$PG_URL" -qc "CREATE DATABASE multi" >/dev/null
spawn multi-instance "MULTI_DATABASE_URL=${PG_URL%/*}/multi MULTI_CHECKOUTS=${MULTI_CHECKOUTS:-200} node tests/multi-instance/run.mjs"
spawn faults "FAULT_CHECKOUTS=${FAULT_CHECKOUTS:-200} npx playwright test -c tests/e2e-faults/playwright.config.js"
spawn fuzz "FUZZ_SECONDS=${FUZZ_SECONDS:-20} bash scripts/fuzz.sh"
JOIN_TAIL=40 join multi-instance faults fuzz

step "all tests passed"
