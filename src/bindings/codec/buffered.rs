//! Finding the wrong field inside a value serde reads from a buffered copy
//! (a flattened field, an internally tagged enum: the postMessage envelope,
//! the authorize answer). Keeping one child at a time does not work there:
//! the tag and the outer fields must be present for anything to be read.

use super::locate::{children, edit, key, node, own_type, Read, Step, PROBES};
use super::parse;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// The field under `at` that `message` is about, tried three ways in turn:
/// - the first field that, given a value of another JSON type (the
///   [`PROBES`]) in a copy, lets the copy read;
/// - with two wrong fields no one field does: the first (in the order serde
///   reads them, the order of the keys) of the two that together do, the one
///   serde's message is about; pairs only among the first [`PAIR_FIELDS`];
/// - a value no probe can stand in for (a tag, which must name a variant):
///   the first field [`expects_here`] finds the message to be about.
pub(super) fn inside(
    value: &JsValue,
    text: &str,
    at: &[Step],
    message: &str,
    read: &mut Read,
) -> Option<Vec<Step>> {
    let mut paths = Vec::new();
    fields(&node(value, at)?, &mut at.to_vec(), &mut paths);
    if let Some(p) = paths.iter().find(|p| reads_with(text, &[p], read)) {
        return Some(p.clone());
    }
    let few = &paths[..paths.len().min(PAIR_FIELDS)];
    let pair = few.iter().enumerate().find_map(|(i, a)| {
        few[i + 1..]
            .iter()
            // A field and one inside it are not two fields.
            .filter(|b| !b.starts_with(a))
            .any(|b| reads_with(text, &[a, b], read))
            .then(|| a.clone())
    });
    if pair.is_some() {
        return pair;
    }
    paths
        .iter()
        .find(|p| expects_here(value, text, p, message, read))
        .cloned()
}

/// How many fields [`inside`] tries in pairs (at most 120 pairs, each with
/// 36 combinations of probes).
const PAIR_FIELDS: usize = 16;

/// Whether the value at `path` is the one `message` is about, judged by
/// serde's `invalid type: …, expected X`: a value of another JSON type there
/// fails expecting the same X (and none fails exactly as before, which would
/// mean the field is not read first), and one of its own type fails the same
/// way. A valid tag read before the wrong field fails the first test too,
/// but a string in its place fails as an unknown variant.
fn expects_here(
    value: &JsValue,
    text: &str,
    path: &[Step],
    message: &str,
    read: &mut Read,
) -> bool {
    let Some(own) = node(value, path).map(|v| super::stringify(&v)) else {
        return false;
    };
    let mut other_kind = false;
    for probe in PROBES.into_iter().filter(|p| *p != own) {
        let m = read(edit(text, path, |_| parse(probe).unwrap_or_default()));
        let m = m.as_deref().unwrap_or_default();
        if kind(probe) == kind(&own) {
            if !own_type(m, message) {
                return false;
            }
        } else if m == message {
            return false;
        } else {
            other_kind |= own_type(m, message);
        }
    }
    other_kind
}

/// The JSON type of a value's text (`n`ull, `t`rue/`f`alse as one, `"`, `{`,
/// `[`, or a number).
fn kind(json: &str) -> u8 {
    match json.bytes().next() {
        Some(b'f') => b't',
        Some(b @ (b'n' | b't' | b'"' | b'{' | b'[')) => b,
        _ => b'0',
    }
}

/// Whether a copy of `text` reads once each field at `paths` holds some
/// value of another JSON type (every combination of the probes is tried).
fn reads_with(text: &str, paths: &[&Vec<Step>], read: &mut Read) -> bool {
    let combos = PROBES.len().pow(paths.len() as u32);
    (0..combos).any(|mut n| {
        let Ok(copy) = parse(text) else { return false };
        let set = paths.iter().all(|path| {
            let probe = PROBES[n % PROBES.len()];
            n /= PROBES.len();
            let Some((last, parents)) = path.split_last() else {
                return false;
            };
            node(&copy, parents)
                .zip(parse(probe).ok())
                .is_some_and(|(o, v)| Reflect::set(&o, &key(last), &v).is_ok())
        });
        set && read(copy).is_none()
    })
}

/// The paths of a value's fields and items, each nested one after its parent.
fn fields(value: &JsValue, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    if !value.is_object() {
        return;
    }
    for c in children(value) {
        let child = Reflect::get(value, &key(&c)).unwrap_or_default();
        at.push(c);
        out.push(at.clone());
        fields(&child, at, out);
        at.pop();
    }
}
