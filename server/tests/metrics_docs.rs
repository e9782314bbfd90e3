//! The metrics table of `docs/http-api.md` names every `operation` label the
//! server exports on `checkout_klarna_calls_total` (an outside tester of
//! operations found capture, refund, void and the payment-request calls
//! missing from it).

use std::collections::BTreeSet;

fn read(rel: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    std::fs::read_to_string(format!("{root}/{rel}")).unwrap()
}

#[test]
fn the_metrics_table_lists_every_klarna_operation() {
    let source = read("server/src/klarna/metered.rs");
    let exported: BTreeSet<&str> = source
        .split("record(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(exported.len() >= 11, "{exported:?}");
    let docs = read("docs/http-api.md");
    let row = docs
        .lines()
        .find(|l| l.starts_with("| `checkout_klarna_calls_total` |"))
        .expect("the metrics table has the row");
    let missing: Vec<_> = exported
        .iter()
        .filter(|op| !row.contains(&format!("`{op}`")))
        .collect();
    assert!(missing.is_empty(), "not in docs/http-api.md: {missing:?}");
}
