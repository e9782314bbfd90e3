#!/usr/bin/env bash
# Sets everything up, builds the hosted page (only when its sources changed
# since the last build) and the server, and starts the sandbox demo (no Klarna
# account or network needed). A second instance started from the same
# checkout rebuilds nothing and removes nothing the first one serves.
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_BROWSER=0 bash scripts/setup.sh
bash scripts/build.sh --if-changed
exec bash scripts/serve.sh
