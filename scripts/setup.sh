#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine; idempotent
# and quick when everything is there. Never downloads a binary from outside
# the package registries (crates.io, npm, PyPI, Debian).
#   NEED_BROWSER=0 skips what only the tests need: Chromium, ChromeDriver, PostgreSQL, systemd-analyze and
#   promtool from Debian, Schemathesis from PyPI (enough for `npm start`, which uses none of them).
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_BROWSER=${NEED_BROWSER:-1}
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

missing=()
command -v brotli >/dev/null || missing+=(brotli)
if [ "$NEED_BROWSER" = 1 ]; then
  # PostgreSQL server and client (the tests start throwaway clusters of their own with scripts/pg.sh).
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v psql >/dev/null || missing+=(postgresql-client)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # systemd-analyze checks the release archive's unit file (tests/package); nothing is started.
  command -v systemd-analyze >/dev/null || missing+=(systemd)
fi
if ((${#missing[@]})); then
  echo "setup: apt-get install ${missing[*]}"
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    # Only the binaries: no default cluster on port 5432 left running by the package.
    $SUDO mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/no-main-cluster.conf >/dev/null
  fi
  $SUDO apt-get update -q
  # Not Debian's 'binaryen': its wasm-opt 108 writes modules that fail at run time.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
# The release module rebuilds std for size (scripts/build.sh), which needs std's source.
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src

WB_VER=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VER" ]; then
  echo "setup: cargo install wasm-bindgen-cli $WB_VER"
  # No --locked: the CLI's lockfile pins a webpki-roots the registry mirror lacks.
  cargo install wasm-bindgen-cli --version "$WB_VER" --force
fi
WP_VER=0.15.1
if [ "$(wasm-pack --version 2>/dev/null || true)" != "wasm-pack $WP_VER" ]; then
  echo "setup: cargo install wasm-pack $WP_VER"
  cargo install wasm-pack --version "$WP_VER" --force
fi

# Schemathesis (PyPI, pinned) for tests/schemathesis/run.sh, in a venv of the project's own; only the tests use it.
SCHEMATHESIS_VER=4.32.5
if [ "$NEED_BROWSER" = 1 ] && [ "$(.venv/bin/schemathesis --version 2>/dev/null || true)" != "schemathesis, version $SCHEMATHESIS_VER" ]; then
  echo "setup: pip install schemathesis==$SCHEMATHESIS_VER into .venv"
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    $SUDO apt-get update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  fi
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VER"
fi

# promtool (scripts/check-ops.sh checks the alert rules and the dashboard with it) from Debian's `prometheus`
# package, unpacked into .tools/ rather than installed: installing the package would start a Prometheus service.
if [ "$NEED_BROWSER" = 1 ] && [ ! -x .tools/bin/promtool ]; then
  echo "setup: promtool from Debian's prometheus package into .tools/bin"
  deb_dir=$(mktemp -d)
  if ! (cd "$deb_dir" && apt-get download -q prometheus >/dev/null 2>&1); then
    $SUDO apt-get update -q
    (cd "$deb_dir" && apt-get download -q prometheus)
  fi
  dpkg-deb --fsys-tarfile "$deb_dir"/prometheus_*.deb | tar -x -C "$deb_dir" ./usr/bin/promtool
  mkdir -p .tools/bin
  mv "$deb_dir/usr/bin/promtool" .tools/bin/promtool
  rm -rf "$deb_dir"
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi
echo "setup: ready ($(wasm-bindgen --version), $(wasm-pack --version), $(.venv/bin/schemathesis --version 2>/dev/null || echo 'schemathesis: tests only'), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}'), promtool $(.tools/bin/promtool --version 2>/dev/null | awk 'NR == 1 {print $3}' || true))"
