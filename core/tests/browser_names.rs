//! Every file that restates the browser API's event and command names says
//! what `checkout_core::protocol` says (its `TYPES` lists), and the express
//! button's files agree with each other: the embed script's event filter
//! (`js/embed.js`), the Vue wrapper's emits (`js/vue.js`) and their
//! declarations (`packages/klarna-hosted-checkout/vue.d.ts`), the TypeScript
//! unions (`index.d.ts`), and the documentation (`docs/protocol.md`,
//! `docs/express.md`). A name missing from one of them is an event a merchant
//! never receives, or can't type, or can't find.

use checkout_core::protocol::{CheckoutEvent, Command};
use std::collections::BTreeSet;

fn read(path: &str) -> String {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

/// The text after `start` up to the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str, file: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{file}: no `{start}`"))
        + start.len();
    let len = text[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{file}: no `{end}` after `{start}`"));
    &text[from..from + len]
}

/// Every word quoted with `'` in `text`, in order.
fn quoted(text: &str) -> Vec<String> {
    text.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The first cell (a backquoted name) of each row of the Markdown table
/// under the heading that starts with `heading` (the header row left out).
fn table_names(doc: &str, heading: &str, file: &str) -> Vec<String> {
    let from = doc
        .find(heading)
        .unwrap_or_else(|| panic!("{file}: no `{heading}`"));
    let section = &doc[from + heading.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let lines: Vec<&str> = section.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !lines.get(i + 1).is_some_and(|next| next.starts_with("|-")))
        .filter_map(|(_, l)| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

/// The `type` of each member of the TypeScript union `export type <name> =`.
fn union_types(dts: &str, name: &str, file: &str) -> Vec<String> {
    let union = between(dts, &format!("export type {name} ="), ";", file);
    union
        .split('|')
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .map(|member| {
            let body = between(dts, &format!("export interface {member} {{"), "}", file);
            let ty = between(body, "type: '", "'", file);
            ty.to_string()
        })
        .collect()
}

/// The events a Vue component declares in `vue.d.ts` (without `event`, which
/// carries them all).
fn vue_emits(dts: &str, component: &str, file: &str) -> BTreeSet<String> {
    let block = between(dts, &format!("export const {component}:"), "}>;", file);
    let emits = &block[block.rfind('{').unwrap_or(0)..];
    emits
        .lines()
        .filter_map(|l| l.trim().split_once(": (e"))
        .map(|(name, _)| name.to_string())
        .filter(|n| n != "event")
        .collect()
}

fn set(v: impl IntoIterator<Item = impl Into<String>>) -> BTreeSet<String> {
    v.into_iter().map(Into::into).collect()
}

#[test]
fn the_checkout_events_are_the_protocols_everywhere() {
    let want: Vec<String> = CheckoutEvent::TYPES.iter().map(|s| s.to_string()).collect();
    let embed = read("js/embed.js");
    let vue = read("js/vue.js");
    let dts = read("packages/klarna-hosted-checkout/index.d.ts");
    let vue_dts = read("packages/klarna-hosted-checkout/vue.d.ts");
    let protocol = read("docs/protocol.md");
    let found = [
        (
            "js/embed.js EVENTS",
            quoted(between(&embed, "const EVENTS = [", "]", "js/embed.js")),
        ),
        (
            "js/vue.js CHECKOUT_EVENTS",
            quoted(between(&vue, "const CHECKOUT_EVENTS = [", "]", "js/vue.js")),
        ),
        (
            "index.d.ts CheckoutEvent",
            union_types(&dts, "CheckoutEvent", "index.d.ts"),
        ),
        (
            "docs/protocol.md, Events",
            table_names(
                &protocol,
                "## Events (hosted → merchant)",
                "docs/protocol.md",
            ),
        ),
    ];
    for (place, names) in found {
        assert_eq!(names, want, "{place} differs from CheckoutEvent::TYPES");
    }
    assert_eq!(
        vue_emits(&vue_dts, "KlarnaCheckout", "vue.d.ts"),
        set(want),
        "vue.d.ts: KlarnaCheckout's emits differ from CheckoutEvent::TYPES"
    );
}

#[test]
fn the_commands_are_the_protocols_in_its_document() {
    let protocol = read("docs/protocol.md");
    let names = table_names(
        &protocol,
        "## Commands (merchant → hosted)",
        "docs/protocol.md",
    );
    assert_eq!(names, Command::TYPES, "docs/protocol.md, Commands");
}

#[test]
fn the_express_buttons_events_agree_in_its_files() {
    let vue = read("js/vue.js");
    let want = quoted(between(&vue, "const EXPRESS_EVENTS = [", "]", "js/vue.js"));
    let dts = read("packages/klarna-hosted-checkout/index.d.ts");
    assert_eq!(
        union_types(&dts, "ExpressEvent", "index.d.ts"),
        want,
        "index.d.ts ExpressEvent"
    );
    let express_md = read("docs/express.md");
    assert_eq!(
        table_names(&express_md, "## Events", "docs/express.md"),
        want,
        "docs/express.md, Events"
    );
    let vue_dts = read("packages/klarna-hosted-checkout/vue.d.ts");
    assert_eq!(
        vue_emits(&vue_dts, "KlarnaExpressButton", "vue.d.ts"),
        set(want.clone()),
        "vue.d.ts: KlarnaExpressButton's emits"
    );
    // What the button emits is in the list.
    let source = read("js/express.js");
    let mut emitted = BTreeSet::new();
    for call in ["emit({ type: '", "finish({ type: '", "shippingChange('"] {
        for piece in source.split(call).skip(1) {
            emitted.insert(piece[..piece.find('\'').unwrap_or(0)].to_string());
        }
    }
    assert!(emitted.len() >= 5, "js/express.js: found only {emitted:?}");
    let listed = set(want);
    let unlisted: Vec<_> = emitted.difference(&listed).collect();
    assert!(
        unlisted.is_empty(),
        "js/express.js emits {unlisted:?}, missing from EXPRESS_EVENTS"
    );
}
