#!/usr/bin/env bash
# Bundles the merchant-side JavaScript with esbuild: the on-demand parts
# (www/parts/, scripts/build-parts.mjs), www/checkout.js (classic script,
# minified, carrying the parts' names and SRI hashes) and the npm package's
# ES modules (the loader, React and Vue entries).
set -euo pipefail
cd "$(dirname "$0")/.."
ESB=node_modules/.bin/esbuild
PARTS=$(node scripts/build-parts.mjs)
$ESB js/checkout-global.js --bundle --minify --format=iife --target=es2020 --legal-comments=none \
  --define:__PARTS__="$PARTS" --outfile=www/checkout.js --log-level=warning
PKG=packages/klarna-hosted-checkout/dist
rm -rf $PKG
# One ES module per entry (index, react, vue) sharing chunks; React and Vue stay the app's own.
$ESB js/index.js js/react.js js/vue.js --bundle --splitting --format=esm --target=es2020 --outdir=$PKG \
  --chunk-names='chunks/[name]-[hash]' --external:react --external:vue --log-level=warning
printf 'build: checkout.js %s B (gzip -9 %s B)\n' "$(stat -c%s www/checkout.js)" "$(gzip -9 -c www/checkout.js | wc -c)"
for f in www/parts/*.js; do
  printf 'build: %s %s B (gzip -9 %s B)\n' "$f" "$(stat -c%s "$f")" "$(gzip -9 -c "$f" | wc -c)"
done
