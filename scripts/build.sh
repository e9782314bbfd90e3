#!/usr/bin/env bash
# Builds the hosted page: the wasm module (release profile, wasm-opt -Oz from
# npm's binaryen) into www/pkg and the stylesheet into www/styles.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
rm -rf www/pkg
# Size: std is rebuilt for this module with `optimize_for_size`, panics abort
# at once (no message formatting), and neither source locations nor `Debug`
# output are compiled in. These are unstable compiler options, so the release
# build sets RUSTC_BOOTSTRAP for itself (the same toolchain, nothing
# downloaded but std's source); they cut the module by about a tenth (see
# CHANGELOG.md). SIZE_FLAGS=0 builds the plain stable way instead. Its own
# target directory keeps the different flags from rebuilding the tests' crates.
EXTRA=()
if [ "${SIZE_FLAGS:-1}" = 1 ]; then
  rustup component list --installed 2>/dev/null | grep -q '^rust-src' || {
    echo "build: std's source is missing: run scripts/setup.sh (rustup component add rust-src), or SIZE_FLAGS=0" >&2
    exit 1
  }
  export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$PWD/target/wasm-size"
  export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
  EXTRA=(-- -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)
fi
# wasm-pack's own noise (an update check that can't reach the registry's web API, a license note) is filtered;
# its exit status is kept.
wasm-pack build --mode no-install --release --target web --out-dir www/pkg --no-pack . "${EXTRA[@]}" 2>&1 \
  | { grep -v -E 'failed to get wasm-pack version|License key is set' || true; }
[ "${PIPESTATUS[0]}" = 0 ] || { echo "build: wasm-pack failed" >&2; exit 1; }
test -f www/pkg/klarna_hosted_checkout_bg.wasm || { echo "build: wasm-pack produced no module" >&2; exit 1; }
bash scripts/build-js.sh
mkdir -p www/styles
cat styles/base.css src/components/*/*.css | esbuild --loader=css --minify --log-level=warning > www/styles/checkout.css
# Bundles the boot script with wasm-bindgen's glue (minified) and trims the
# module's unused exports, then hashes every asset.
node scripts/publish-assets.mjs
W=$(ls www/pkg/klarna_hosted_checkout_bg.*.wasm)
printf 'build: wasm %s B (gzip -9 %s B, brotli %s B), boot script with glue %s B\n' "$(stat -c%s $W)" "$(gzip -9 -c $W | wc -c)" \
  "$(stat -c%s $W.br)" "$(stat -c%s $(ls www/pkg/hpp.*.js | grep -v '\.br$\|\.gz$'))"
