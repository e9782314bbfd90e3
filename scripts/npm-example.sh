#!/usr/bin/env bash
# Packs the npm package (npm pack) and installs the tarball, as a merchant would, into the small apps under
# tests/: the plain Vite example, a React app (StrictMode; its types checked with tsc) and a Vue app; builds
# each, and renders the React and Vue components on the server (node, no window). The apps run in
# tests/e2e/vite.spec.js and tests/e2e/frameworks.spec.js.
set -euo pipefail
cd "$(dirname "$0")/.."
test -f packages/klarna-hosted-checkout/dist/index.js || bash scripts/build-js.sh
rm -f packages/klarna-hosted-checkout/*.tgz
TARBALL=$(cd packages/klarna-hosted-checkout && npm pack --silent 2>/dev/null | tail -n 1)
echo "npm-example: packed packages/klarna-hosted-checkout/$TARBALL"
for app in vite-example vite-react vite-vue; do
  (
    cd "tests/$app"
    [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund
    npm install --no-save --no-audit --no-fund "../../packages/klarna-hosted-checkout/$TARBALL"
    npm run --silent build
    [ "$app" != vite-react ] || npm run --silent typecheck
    [ ! -f ssr.test.mjs ] || node --test ssr.test.mjs
  )
  echo "npm-example: built tests/$app/dist"
done
