#!/usr/bin/env bash
# The release module's one change to a dependency, for size: serde's `Unexpected::Float` is displayed as "number",
# without its value. serde's `Display` of `Unexpected` is one function for every kind of unexpected value; its float
# arm formats the `f64`, which links core's float formatting (Grisu and Dragon4, their tables and a bignum): 10.7 kB
# of the module raw, 5.5 kB brotli, none of which runs unless a JavaScript number arrives where the page expected
# another type (serde-wasm-bindgen reports every JavaScript number as a float). No option of serde or of the compiler
# leaves it out, so the page's release build compiles a copy of the locked serde_core with that one line changed.
# The workspace's Cargo.lock and every other build (tests, the server) keep serde as published.
#   bash scripts/serde-size-patch.sh DIR   prepares DIR/serde_core and DIR/Cargo.lock, prints cargo's arguments
# (one per line) for a build with RUSTC_BOOTSTRAP=1 (`-Zlockfile-path` keeps the patched lock in DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:?usage: serde-size-patch.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# The locked serde_core's source, as cargo unpacked it (fetched first if this machine lacks it).
src=$(cargo metadata --format-version 1 --locked --filter-platform wasm32-unknown-unknown 2>/dev/null | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const p = JSON.parse(s).packages.find((p) => p.name === "serde_core" && p.source?.startsWith("registry+"));
    if (!p) process.exit(1);
    console.log(require("path").dirname(p.manifest_path));
  });') || { echo "serde-size-patch: the locked serde_core was not found (cargo metadata)" >&2; exit 1; }
# Patched in a fresh copy, which replaces the last one only if it differs (an unchanged copy rebuilds nothing).
rm -rf "$dir/serde_core.new"
cp -r "$src" "$dir/serde_core.new"
chmod -R u+w "$dir/serde_core.new"
de="$dir/serde_core.new/src/de/mod.rs"
line='            Float(f) => write!(formatter, "floating point `{}`", WithDecimalPoint(f)),'
if [ "$(grep -cF -- "$line" "$de")" != 1 ]; then
  echo "serde-size-patch: serde_core $(basename "$src") no longer has the float arm this patch replaces ($de);" \
    "check its Display of Unexpected and update scripts/serde-size-patch.sh, or build with SIZE_FLAGS=0" >&2
  exit 1
fi
node -e '
  const fs = require("fs");
  const [de, lib, line] = process.argv.slice(1);
  fs.writeFileSync(de, fs.readFileSync(de, "utf8").replace(line, "            Float(_) => formatter.write_str(\"number\"),"));
  // Its lints are the crate authors'"'"' business (cargo caps them for registry crates, not for a path copy); the
  // helper the float arm used is now unused.
  fs.writeFileSync(lib, fs.readFileSync(lib, "utf8").replace("#![deny(missing_docs, unused_imports)]", "#![allow(warnings)]"));
' "$de" "$dir/serde_core.new/src/lib.rs" "$line"
if diff -rq "$dir/serde_core.new" "$dir/serde_core" >/dev/null 2>&1; then
  rm -rf "$dir/serde_core.new"
else
  rm -rf "$dir/serde_core" && mv "$dir/serde_core.new" "$dir/serde_core"
fi
cp Cargo.lock "$dir/Cargo.lock"
printf '%s\n' -Zlockfile-path --config "resolver.lockfile-path=\"$dir/Cargo.lock\"" \
  --config "patch.crates-io.serde_core.path=\"$dir/serde_core\""
