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

step "setup"
bash scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$PATH"

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "native tests (core, server, page logic)"
cargo test --workspace --locked

step "API contract: Schemathesis against the sandbox server (${SCHEMATHESIS_EXAMPLES:-60} examples per operation, stateful links)"
SCHEMATHESIS_EXAMPLES=${SCHEMATHESIS_EXAMPLES:-60} bash tests/schemathesis/run.sh
step "PostgreSQL: a throwaway cluster; the store contract suite and every server test on it"
PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/khc-pg-XXXXXX")
trap 'bash scripts/pg.sh stop "$PG_DIR"' EXIT
PG_URL=$(bash scripts/pg.sh start "$PG_DIR" "${PG_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}")
CHECKOUT_TEST_DATABASE_URL=$PG_URL CHECKOUT_TEST_REQUIRE_POSTGRES=1 CHECKOUT_TEST_SERVER_ON_POSTGRES=1 \
  cargo test -p checkout-server --locked --tests

step "Klarna SDK emulator and notification tests, documents that stand on their own, the conformance kit's pieces (node)"
node --test tests/sandbox/ tests/docs/ tests/conformance/

step "browser unit tests: wasm-bindgen-test in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
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

step "size budgets, published assets, builds that never take away what a server serves"
node --test tests/size/ tests/build/

step "npm package: npm pack, install into the Vite example and the React and Vue apps (types, SSR), build"
bash scripts/npm-example.sh

step "end-to-end: Playwright + Debian Chromium against checkout-server on PostgreSQL"
psql "$PG_URL" -qc "CREATE DATABASE e2e" >/dev/null
E2E_DATABASE_URL="${PG_URL%/*}/e2e" npx playwright test -c tests/e2e/playwright.config.js

step "multi-instance faults: 3 instances on one PostgreSQL behind a round-robin balancer, SIGKILLs"
psql "$PG_URL" -qc "CREATE DATABASE multi" >/dev/null
MULTI_DATABASE_URL="${PG_URL%/*}/multi" MULTI_CHECKOUTS=${MULTI_CHECKOUTS:-200} node tests/multi-instance/run.mjs

step "fault injection: ${FAULT_CHECKOUTS:-200} checkouts against 30 % faults with reloads"
FAULT_CHECKOUTS=${FAULT_CHECKOUTS:-200} npx playwright test -c tests/e2e-faults/playwright.config.js

step "fuzzing (bounded): session validation, protocol decoder, webhook intake"
FUZZ_SECONDS=${FUZZ_SECONDS:-20} bash scripts/fuzz.sh

step "all tests passed"
