#!/usr/bin/env bash
# Bundles the merchant-side JavaScript with esbuild: checkout.js (classic
# script, minified) into the staging directory target/hpp-pkg, from where
# scripts/publish-assets.mjs fills in osm.js's versioned name and integrity and
# publishes it (www/checkout.js and www/pkg/checkout.<hash>.js), and the npm
# package's ES module.
set -euo pipefail
cd "$(dirname "$0")/.."
ESB=node_modules/.bin/esbuild
$ESB js/checkout-global.js --bundle --minify --format=iife --target=es2020 --legal-comments=none \
  --outfile=target/hpp-pkg/checkout.js --log-level=warning
$ESB js/index.js --bundle --format=esm --target=es2020 --outfile=packages/klarna-hosted-checkout/dist/index.js \
  --log-level=warning
printf 'build: checkout.js %s B (gzip -9 %s B)\n' "$(stat -c%s target/hpp-pkg/checkout.js)" "$(gzip -9 -c target/hpp-pkg/checkout.js | wc -c)"
