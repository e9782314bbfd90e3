#!/usr/bin/env bash
# Sets everything up, builds the hosted page and the server, and starts the
# sandbox demo (no Klarna account or network needed).
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_BROWSER=0 bash scripts/setup.sh
bash scripts/build.sh
cargo build --release --locked -p checkout-server
export KLARNA_MODE=${KLARNA_MODE:-sandbox}
exec target/release/checkout-server
