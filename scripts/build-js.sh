#!/usr/bin/env bash
# Bundles the merchant-side JavaScript with esbuild: www/checkout.js (classic
# script, minified) and the npm package's ES module.
set -euo pipefail
cd "$(dirname "$0")/.."
ESB=node_modules/.bin/esbuild
$ESB js/checkout-global.js --bundle --minify --format=iife --target=es2020 --legal-comments=none \
  --outfile=www/checkout.js --log-level=warning
$ESB js/index.js --bundle --format=esm --target=es2020 --outfile=packages/klarna-hosted-checkout/dist/index.js \
  --log-level=warning
printf 'build: checkout.js %s B (gzip -9 %s B)\n' "$(stat -c%s www/checkout.js)" "$(gzip -9 -c www/checkout.js | wc -c)"
