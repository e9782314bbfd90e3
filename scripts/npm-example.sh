#!/usr/bin/env bash
# Packs the npm package (npm pack), installs the tarball into the Vite example
# under tests/vite-example and builds it, as a merchant would.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f packages/klarna-hosted-checkout/dist/index.js || bash scripts/build-js.sh
rm -f packages/klarna-hosted-checkout/*.tgz
TARBALL=$(cd packages/klarna-hosted-checkout && npm pack --silent 2>/dev/null | tail -n 1)
echo "npm-example: packed packages/klarna-hosted-checkout/$TARBALL"
cd tests/vite-example
[ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
npm install --no-save --no-audit --no-fund "../../packages/klarna-hosted-checkout/$TARBALL"
npm run --silent build
echo "npm-example: built tests/vite-example/dist"
