#!/usr/bin/env bash
# Builds the hosted page: the wasm module (release profile, wasm-opt -Oz from
# npm's binaryen) into www/pkg and the stylesheet into www/styles.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
rm -rf www/pkg
# wasm-pack's own noise (an update check that can't reach the registry's web API, a license note) is filtered;
# its exit status is kept.
wasm-pack build --mode no-install --release --target web --out-dir www/pkg --no-pack . 2>&1 \
  | { grep -v -E 'failed to get wasm-pack version|License key is set' || true; }
[ "${PIPESTATUS[0]}" = 0 ] || { echo "build: wasm-pack failed" >&2; exit 1; }
test -f www/pkg/klarna_hosted_checkout_bg.wasm || { echo "build: wasm-pack produced no module" >&2; exit 1; }
bash scripts/build-js.sh
mkdir -p www/styles
cat styles/base.css src/components/*/*.css > www/styles/checkout.css
node scripts/publish-assets.mjs
W=$(ls www/pkg/klarna_hosted_checkout_bg.*.wasm)
printf 'build: wasm %s B (gzip -9 %s B, brotli %s B), js %s B\n' "$(stat -c%s $W)" "$(gzip -9 -c $W | wc -c)" \
  "$(stat -c%s $W.br)" "$(stat -c%s $(ls www/pkg/klarna_hosted_checkout.*.js | grep -v '\.br$\|\.gz$'))"
