#!/usr/bin/env bash
# Schemathesis (PyPI, pinned in scripts/setup.sh) against a running checkout-server in sandbox mode:
# every operation of GET /openapi.json with property-based inputs (examples, coverage, fuzzing) and
# the stateful links (create → authorize → capture → refund, …). Checks: no 5xx anywhere
# (not_a_server_error) and every answer as documented (status code, content type, body schema).
#
#   bash tests/schemathesis/run.sh            # starts its own server (SCHEMATHESIS_PORT, default 8796)
#   SCHEMATHESIS_EXAMPLES=1000 bash tests/schemathesis/run.sh   # the long run (CI: 60 per operation)
#   CHECKOUT_BASE=http://127.0.0.1:8787 bash tests/schemathesis/run.sh   # against a server you run
#
# Needs `cargo build -p checkout-server` (or CHECKOUT_SERVER_BIN) and the venv from scripts/setup.sh.
# One worker: with two, Hypothesis describing strategies from two threads at once hit CPython's "AST
# constructor recursion depth mismatch" (a tool error, not a finding) on a CI run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
EXAMPLES=${SCHEMATHESIS_EXAMPLES:-60}
SEED=${SCHEMATHESIS_SEED:-$RANDOM}
ST=$ROOT/.venv/bin/schemathesis
[ -x "$ST" ] || { echo "schemathesis: run scripts/setup.sh first (it installs the pinned version into .venv)"; exit 1; }

PID=""
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; }
trap cleanup EXIT
if [ -z "${CHECKOUT_BASE:-}" ]; then
  PORT=${SCHEMATHESIS_PORT:-8796}
  export CHECKOUT_BASE="http://127.0.0.1:$PORT"
  DATA=$(mktemp -d)
  LOG=$(mktemp)
  # The server refuses to start without the built page (www/hpp.html). npm test runs this suite before the page
  # is built, and it tests the API: a fresh clone gets a throwaway www/ whose page is a stub.
  WWW="$ROOT/www"
  if [ ! -f "$WWW/hpp.html" ]; then
    WWW="$DATA/www"
    mkdir -p "$WWW"
    echo '<!doctype html><title>Payment</title><main id=app></main>' > "$WWW/hpp.html"
  fi
  CHECKOUT_ADDR="127.0.0.1:$PORT" CHECKOUT_PUBLIC_URL="$CHECKOUT_BASE" CHECKOUT_DATA_DIR="$DATA" \
    CHECKOUT_WWW_DIR="$WWW" KLARNA_MODE=sandbox CHECKOUT_RATE_LIMIT=0 RUST_LOG=warn CHECKOUT_METRICS_ADDR=off \
    "${CHECKOUT_SERVER_BIN:-$ROOT/target/debug/checkout-server}" >"$LOG" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$CHECKOUT_BASE/openapi.json" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || { cat "$LOG"; echo "schemathesis: the server did not start"; exit 1; }
    sleep 0.2
  done
fi

echo "schemathesis: $EXAMPLES examples per operation, seed $SEED, against $CHECKOUT_BASE"
export CHECKOUT_BASE
"$ST" --config-file tests/schemathesis/schemathesis.toml run "$CHECKOUT_BASE/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$EXAMPLES" --seed "$SEED" --workers 1 --no-shrink \
  --report junit --report-dir "$ROOT/target/schemathesis" --warnings off
