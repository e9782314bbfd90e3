#!/usr/bin/env bash
# Bounded fuzzing of the cargo-fuzz targets in fuzz/ (issue 5, "Bad input"):
# session validation, the postMessage protocol decoder and the webhook intake.
#
#   FUZZ_SECONDS=30 scripts/fuzz.sh            # every target, 30 s each (default)
#   FUZZ_SECONDS=5 scripts/fuzz.sh webhook_parse
#
# Installs cargo-fuzz (pinned) when missing. cargo-fuzz needs nightly flags
# (-Zsanitizer=address); RUSTC_BOOTSTRAP=1 lets the stable toolchain take them.
# Prints one `fuzz: <target> <execs> executions, no crash` line per target and
# exits non-zero on a crash (the input is kept under fuzz/artifacts/<target>/;
# replay it with `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>`).
set -euo pipefail

CARGO_FUZZ_VERSION="0.13.2"
FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export RUSTC_BOOTSTRAP=1
# The fuzz crate is its own workspace with its own target directory.
unset CARGO_TARGET_DIR

if ! cargo fuzz --version 2>/dev/null | grep -qF "$CARGO_FUZZ_VERSION"; then
  echo "fuzz: installing cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=(session_validation protocol_decode webhook_parse)
fi

# Release build with debug assertions (overflow checks) and AddressSanitizer.
for t in "${targets[@]}"; do
  cargo fuzz build --debug-assertions "$t"
done

status=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  log="$(mktemp)"
  args=(-max_total_time="$FUZZ_SECONDS" -print_final_stats=1)
  if [ -f "fuzz/dicts/$t.dict" ]; then
    args+=(-dict="fuzz/dicts/$t.dict")
  fi
  seeds=()
  if [ -d "fuzz/seeds/$t" ]; then
    seeds=("fuzz/seeds/$t")
  fi
  if cargo fuzz run --debug-assertions "$t" "fuzz/corpus/$t" "${seeds[@]}" -- "${args[@]}" >"$log" 2>&1; then
    execs="$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)"
    if [ -z "$execs" ]; then
      execs="$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)"
    fi
    echo "fuzz: $t ${execs:-?} executions, no crash"
  else
    tail -n 60 "$log" >&2
    echo "fuzz: $t CRASHED; the input is under fuzz/artifacts/$t/" >&2
    status=1
  fi
  rm -f "$log"
done
exit "$status"
