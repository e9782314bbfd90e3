#!/usr/bin/env bash
# `npm run bench`: installs what the bench needs (Chromium, brotli, npm packages incl. @adyen/adyen-web and
# undici), builds the hosted page and the release server, then runs bench/bench.mjs, which starts its own
# servers, writes bench/results.json and BENCHMARKS.md and prints the table. A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/.."
# BENCH_ONLY=instances runs only the several-instances part (no browser, no page build) and merges it into
# the last bench/results.json and BENCHMARKS.md.
if [ "${BENCH_ONLY:-}" = instances ]; then
  NEED_BROWSER=0 bash scripts/setup.sh
else
  NEED_BROWSER=1 bash scripts/setup.sh
  # BENCH_BUILD=0 benches the page as last built (iterating with BENCH_ONLY=ttk).
  [ "${BENCH_BUILD:-1}" = 0 ] || bash scripts/build.sh
fi
# The bench serves copies of what was just built (www/ and the server binary), so a rebuild in this
# checkout while the bench runs can't mix two builds into one set of figures. BENCH_WWW=<another build's www>
# measures that build as ours instead (with BENCH_BUILD=0: an A/B of two saved builds, either way round).
SNAP=$(mktemp -d "${TMPDIR:-/tmp}/khc-bench-snap-XXXXXX")
trap 'rm -rf "$SNAP"' EXIT
cp -rL "${BENCH_WWW:-www}" "$SNAP/www"
cargo build --release -p checkout-server
cp target/release/checkout-server "$SNAP/checkout-server"
BENCH_WWW="$SNAP/www" CHECKOUT_SERVER_BIN="$SNAP/checkout-server" node bench/bench.mjs "$@"
