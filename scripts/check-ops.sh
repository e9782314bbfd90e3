#!/usr/bin/env bash
# Checks the monitoring files an operator loads (ops/): the Prometheus configuration and alert rules parse
# (`promtool check config`), every alert fires and stays quiet where its unit tests say
# (`promtool test rules ops/prometheus/alerts.test.yml`), and every query of the Grafana dashboard is valid
# PromQL (each one, with Grafana's `$__rate_interval` and `$instance` filled in, checked as a recording rule).
# That the metrics and labels they name are the ones the server exports is server/tests/ops_files.rs.
# promtool comes from Debian's `prometheus` package (scripts/setup.sh unpacks it into .tools/, without
# installing the package or its service).
set -euo pipefail
cd "$(dirname "$0")/.."
PROMTOOL=${PROMTOOL:-}
[ -n "$PROMTOOL" ] || { [ -x .tools/bin/promtool ] && PROMTOOL=.tools/bin/promtool; } || PROMTOOL=$(command -v promtool || true)
[ -n "$PROMTOOL" ] || { echo "check-ops: promtool is missing: run scripts/setup.sh" >&2; exit 1; }
PROMTOOL=$(realpath "$PROMTOOL")
"$PROMTOOL" check config ops/prometheus/prometheus.yml
# The tests name their rule file relative to themselves.
(cd ops/prometheus && "$PROMTOOL" test rules alerts.test.yml)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
node - ops/grafana/checkout-server.json "$TMP/dashboard-queries.yml" <<'JS'
// The dashboard's panels: unique ids, the datasource variable, a query per target; the queries as recording
// rules for promtool (JSON is YAML, so no YAML library is needed).
const fs = require('fs');
const [file, out] = process.argv.slice(2);
const dash = JSON.parse(fs.readFileSync(file, 'utf8'));
const fail = (m) => { console.error(`check-ops: ${file}: ${m}`); process.exit(1); };
const ids = new Set();
const rules = [];
for (const p of dash.panels) {
  if (ids.has(p.id)) fail(`panel id ${p.id} is used twice`);
  ids.add(p.id);
  if (p.type === 'row') continue;
  if (p.datasource?.uid !== '${datasource}') fail(`panel "${p.title}": expected the datasource \${datasource}`);
  if (!p.targets?.length) fail(`panel "${p.title}": expected at least one query`);
  for (const t of p.targets) {
    if (typeof t.expr !== 'string' || !t.expr) fail(`panel "${p.title}" ${t.refId}: expected a query in expr`);
    const expr = t.expr.replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.*');
    if (expr.includes('$')) fail(`panel "${p.title}" ${t.refId}: an unknown variable in ${t.expr}`);
    rules.push({ record: `dashboard:panel_${p.id}_${t.refId}`, expr });
  }
}
fs.writeFileSync(out, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }, null, 1));
console.log(`check-ops: ${rules.length} queries of ${ids.size} panels in ${file}`);
JS
"$PROMTOOL" check rules "$TMP/dashboard-queries.yml"
echo "check-ops: ok"
