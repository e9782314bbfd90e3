#!/usr/bin/env bash
# Starts the server on the hosted page already built into www/ (npm run serve):
# builds nothing of the page and needs no setup step. The server binary is
# built (or found up to date) by cargo. Settings come from the environment
# (docs/http-api.md); KLARNA_MODE defaults to the offline sandbox.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f www/hpp.html ] || [ ! -f www/sri.json ]; then
  echo "serve: the hosted page is not built (www/hpp.html is missing): run npm start, or npm run build first" >&2
  exit 1
fi
cargo build --release --locked -p checkout-server
export KLARNA_MODE=${KLARNA_MODE:-sandbox}
exec target/release/checkout-server
