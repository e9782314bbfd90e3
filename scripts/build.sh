#!/usr/bin/env bash
# Builds the hosted page: the wasm module (release profile, wasm-opt -Oz from
# npm's binaryen) into a staging directory (target/hpp-pkg), the stylesheet
# into www/styles, then publishes content-hashed copies into www/pkg. Nothing
# a running server serves is deleted: the previous builds' hashed files stay
# (scripts/publish-assets.mjs keeps the last three builds), and hpp.html is
# replaced in one rename.
#   --if-changed: build only when the sources differ from the last build's
#   (npm start uses it; `npm run build` always builds).
#   KHC_FEATURES=marks: the page crate's features to build with (`marks`: the
#   start-up's performance marks that bench/spikes/startup-marks.mjs reads);
#   never for a build that ships. The stamp names them, so the next
#   `--if-changed` build rebuilds without.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# What the page is built from; its hash is kept beside the build.
sources_hash() {
  find src core/src styles js www/hpp.src.html www/hpp.src.js www/early.src.js www/osm.js Cargo.toml Cargo.lock core/Cargo.toml \
    scripts/build.sh scripts/build-js.sh scripts/serde-size-patch.sh scripts/publish-assets.mjs -type f -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}
STAMP=www/pkg/sources.sha256
if [ "${1:-}" = "--if-changed" ] && [ -f www/hpp.html ] && [ -f www/sri.json ] && [ -f "$STAMP" ] \
  && [ "$(cat "$STAMP")" = "$(sources_hash)" ] && [ -z "${KHC_FEATURES:-}" ]; then
  echo "build: the hosted page's sources are unchanged since the last build; not rebuilding (npm run build forces it)"
  exit 0
fi
STAGE=target/hpp-pkg
rm -rf "$STAGE"
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
  # serde's float in its error messages displayed as "number", without core's float formatting (the script says why).
  mapfile -t PATCH < <(bash scripts/serde-size-patch.sh "$CARGO_TARGET_DIR/serde-size-patch")
  [ "${#PATCH[@]}" -gt 0 ] || { echo "build: scripts/serde-size-patch.sh failed" >&2; exit 1; }
  EXTRA+=("${PATCH[@]}")
fi
if [ -n "${KHC_FEATURES:-}" ]; then
  [ "${#EXTRA[@]}" -gt 0 ] || EXTRA=(--)
  EXTRA+=(--features "$KHC_FEATURES")
fi
# wasm-pack's own noise (an update check that can't reach the registry's web API, a license note) is filtered,
# and cargo's note that serde's patch is unused in std's own dependency graph (`-Zbuild-std` resolves std with the
# same patch; the page's graph uses it); its exit status is kept.
wasm-pack build --mode no-install --release --target web --out-dir "$STAGE" --no-pack . "${EXTRA[@]}" 2>&1 \
  | awk '/^warning: patch `serde_core/ { skip = 1; next } skip && /^(help:|      )/ { next } { skip = 0 }
         !/failed to get wasm-pack version|License key is set/ { print; fflush() }'
[ "${PIPESTATUS[0]}" = 0 ] || { echo "build: wasm-pack failed" >&2; exit 1; }
test -f "$STAGE/klarna_hosted_checkout_bg.wasm" || { echo "build: wasm-pack produced no module" >&2; exit 1; }
bash scripts/build-js.sh
mkdir -p www/styles www/pkg
cat styles/base.css src/components/*/*.css | esbuild --loader=css --minify --log-level=warning > www/styles/checkout.css.tmp
mv www/styles/checkout.css.tmp www/styles/checkout.css
# Bundles the boot script with wasm-bindgen's glue (minified) and trims the
# module's unused exports, then hashes every asset.
node scripts/publish-assets.mjs
W=www/$(node -e 'const m=require("./www/sri.json");console.log(Object.keys(m.hosted_page).find((u)=>u.endsWith(".wasm")).slice(1))')
printf 'build: wasm %s B (gzip -9 %s B, brotli %s B), boot script with glue %s B\n' "$(stat -c%s $W)" "$(gzip -9 -c $W | wc -c)" \
  "$(stat -c%s $W.br)" "$(stat -c%s www/$(node -e 'const m=require("./www/sri.json");console.log(Object.keys(m.hosted_page).find((u)=>u.endsWith(".js")).slice(1))'))"
echo "$(sources_hash)${KHC_FEATURES:+ features $KHC_FEATURES}" > "$STAMP.tmp" && mv "$STAMP.tmp" "$STAMP"
