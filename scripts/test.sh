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

step "end-to-end: Playwright + Debian Chromium against checkout-server"
npx playwright test -c tests/e2e/playwright.config.js

step "fault injection: ${FAULT_CHECKOUTS:-200} checkouts against 30 % faults with reloads"
FAULT_CHECKOUTS=${FAULT_CHECKOUTS:-200} npx playwright test -c tests/e2e-faults/playwright.config.js

step "fuzzing (bounded): session validation, protocol decoder, webhook intake"
FUZZ_SECONDS=${FUZZ_SECONDS:-20} bash scripts/fuzz.sh

step "all tests passed"
