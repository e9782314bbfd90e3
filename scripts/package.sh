#!/usr/bin/env bash
# Builds the release archive an acquirer deploys on each instance (npm run package):
#   target/dist/klarna-hosted-checkout-<version>-linux-<arch>.tar.gz and its .sha256
# holding bin/checkout-server, www/ (the built hosted page, with the previous builds' hashed files that
# scripts/publish-assets.mjs keeps, so a rolling deploy never answers 404 to a page loaded from an older
# instance; the sandbox's emulator and the demo pages, which only KLARNA_MODE=sandbox serves), deploy/ (a systemd
# unit and a settings example), ops/ (alert rules, dashboard), docs/, README.md, CHANGELOG.md and LICENSE.
# Run the binary from the unpacked directory (the default CHECKOUT_WWW_DIR is ./www) or set CHECKOUT_WWW_DIR.
#   PACKAGE_PROFILE=dev packages the debug build instead of the release one (tests/package does, to reuse the
#   test build); PACKAGE_OUT=DIR writes the archive there instead of target/dist.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PACKAGE_PROFILE:-release}
OUT=${PACKAGE_OUT:-target/dist}
case "$PROFILE" in
  release) cargo build --release --locked -p checkout-server; BIN=target/release/checkout-server ;;
  dev) cargo build --locked -p checkout-server; BIN=target/debug/checkout-server ;;
  *) echo "package: PACKAGE_PROFILE: expected release or dev, got \"$PROFILE\"" >&2; exit 1 ;;
esac
bash scripts/build.sh --if-changed
VERSION=$(node -p 'require("./package.json").version')
NAME="klarna-hosted-checkout-$VERSION-linux-$(uname -m)"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
ROOT="$STAGE/$NAME"
mkdir -p "$ROOT/bin" "$ROOT/www"
cp "$BIN" "$ROOT/bin/checkout-server"
# www/ as the server serves it: the page's sources (hpp.src.*) and type declarations stay behind.
tar -C www --exclude='./hpp.src.*' --exclude='*.d.ts' -cf - . | tar -C "$ROOT/www" -xf -
cp -r deploy ops docs "$ROOT/"
cp README.md CHANGELOG.md LICENSE "$ROOT/"
mkdir -p "$OUT"
tar -C "$STAGE" --owner=0 --group=0 --numeric-owner -czf "$OUT/$NAME.tar.gz" "$NAME"
(cd "$OUT" && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
echo "package: $OUT/$NAME.tar.gz ($(stat -c%s "$OUT/$NAME.tar.gz") B, $PROFILE build of checkout-server $VERSION)"
