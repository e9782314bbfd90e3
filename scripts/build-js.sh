#!/usr/bin/env bash
# Bundles the merchant-side JavaScript with esbuild: checkout.js (classic
# script, minified by esbuild and then terser) into the staging directory target/hpp-pkg, from where
# scripts/publish-assets.mjs fills in its parts' versioned names (osm.js, the
# element, the express button, Sign in with Klarna, which it builds and
# publishes) and publishes it (www/checkout.js and www/pkg/checkout.<hash>.js),
# and the npm package's ES modules (the loader, React and Vue entries).
set -euo pipefail
cd "$(dirname "$0")/.."
ESB=node_modules/.bin/esbuild
$ESB js/checkout-global.js --bundle --minify --format=iife --target=es2020 --legal-comments=none \
  --outfile=target/hpp-pkg/checkout.min.js --log-level=warning
# terser after esbuild: its compressor inlines the functions and constants used once, and its mangler names
# by frequency, which gzip rewards (about 60 B of the 3 KB budget). Names of properties stay: they are the
# postMessage protocol's and the merchant's API.
node_modules/.bin/terser target/hpp-pkg/checkout.min.js --compress passes=2 --mangle --toplevel --comments false \
  --output target/hpp-pkg/checkout.js
rm target/hpp-pkg/checkout.min.js
PKG=packages/klarna-hosted-checkout/dist
rm -rf $PKG
# One ES module per entry (index, react, vue) sharing chunks; React and Vue stay the app's own.
$ESB js/index.js js/react.js js/vue.js --bundle --splitting --format=esm --target=es2020 --outdir=$PKG \
  --chunk-names='chunks/[name]-[hash]' --external:react --external:vue --log-level=warning
printf 'build: checkout.js %s B (gzip -9 %s B)\n' "$(stat -c%s target/hpp-pkg/checkout.js)" "$(gzip -9 -c target/hpp-pkg/checkout.js | wc -c)"
