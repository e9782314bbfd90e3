//! Finds the field a failed read is about, by reading edited copies of the
//! value again. serde's messages say what was wrong (`invalid type: string
//! "5", expected i64`, `missing field `sdk_url``) but not where.
//!
//! Written by hand, not with `serde_path_to_error`: that crate wraps every
//! visitor of every type the page reads and made the module a tenth larger
//! (8.5 kB of brotli, see CHANGELOG.md), for a path only a failure needs. This
//! costs nothing until a read fails; then it reads small copies a few dozen
//! times. It relies on two facts of serde's derives, true of any
//! deserializer: the first error met is the one reported, and a struct
//! checks its missing fields only after reading the fields it has.

use super::{parse, stringify};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// A read of a copy: `None` when it reads, or serde's message.
pub(super) type Read<'a> = dyn FnMut(JsValue) -> Option<String> + 'a;

/// One step of a path: an object's key or an array's index.
#[derive(Clone)]
enum Step {
    Key(String),
    Index(u32),
}

/// The path (`klarna.sdk_url`, `order_lines[0].quantity`, `` for the value
/// itself) of what `message`, the failure of `read` on `value`, is about.
///
/// From the top, each object is kept with one field at a time: the field
/// that alone still fails with `message` holds the error (an object read as
/// a struct reads only the fields it has); in an array, the item is found by
/// [`first_failing_item`]. The walk stops at a container
/// that fails the same way when empty (its own type is wrong, see
/// [`own_type`]), at the object a missing field is added to or an unknown
/// field removed from, or where no one child fails alone.
///
/// This needs every type the page reads to read its fields where they are:
/// none goes through serde's buffered copy (a flattened field, an internally
/// tagged enum), whose fields fail only together. `checkout_core` gives the
/// two such wire types a flat form for reading (the postMessage envelope,
/// the authorize answer); `tests/web_codec_paths.rs` spoils every field of
/// each and fails if one goes unnamed.
pub(super) fn locate(value: &JsValue, message: &str, read: &mut Read) -> String {
    let text = stringify(value);
    let mut left = MAX_READS;
    // Past the budget every read "fails otherwise": the walk stops where it is.
    let read = &mut |v: JsValue| match left.checked_sub(1) {
        Some(l) => {
            left = l;
            read(v)
        }
        None => Some(String::new()),
    };
    let same = |r: Option<String>| r.as_deref() == Some(message);
    let mut at: Vec<Step> = Vec::new();
    while let Some(here) = node(value, &at).filter(JsValue::is_object) {
        if let Some(x) = named(message, "missing field `") {
            if added_settles(&text, &at, &here, x, message, read) {
                break;
            }
        }
        if let Some(x) = named(message, "unknown field `") {
            if has(&here, x) && !same(read(edit(&text, &at, |n| without(n, x)))) {
                break;
            }
        }
        if read(edit(&text, &at, empty_like)).is_some_and(|m| own_type(&m, message)) {
            break;
        }
        let next = match here.dyn_ref::<Array>() {
            Some(items) => first_failing_item(&text, &at, items.length(), message, read)
                .filter(|c| matters(&text, &at, c, message, read)),
            None => children(&here).into_iter().find(|c| {
                same(read(edit(&text, &at, |n| only(n, c))))
                    && matters(&text, &at, c, message, read)
            }),
        };
        match next {
            Some(c) => at.push(c),
            None => break,
        }
    }
    show(&at)
}

/// Whether the child `c` of the container at `at` matters to `message`:
/// some other value in its place changes it. With one child, keeping it is
/// the same value, and the message may be about the container (`[1]` read
/// as an enum names variant `0`); then no value there changes it.
fn matters(text: &str, at: &[Step], c: &Step, message: &str, read: &mut Read) -> bool {
    let inner = [at, std::slice::from_ref(c)].concat();
    PROBES.iter().any(|p| {
        read(edit(text, &inner, |_| parse(p).unwrap_or_default())).as_deref() != Some(message)
    })
}

/// The item of an array of `len` that `message` is about: serde reads the
/// items in order and stops at the first wrong one, so it is the last item
/// of the shortest start of the array that still fails with `message`,
/// found by halving (a long array costs a few reads, not one an item).
fn first_failing_item(
    text: &str,
    at: &[Step],
    len: u32,
    message: &str,
    read: &mut Read,
) -> Option<Step> {
    let mut fails = |k: u32| {
        let start = |n: &JsValue| n.unchecked_ref::<Array>().slice(0, k).into();
        read(edit(text, at, start)).as_deref() == Some(message)
    };
    let (mut lo, mut hi) = (1, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if fails(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    (len > 0 && fails(lo)).then(|| Step::Index(lo - 1))
}

/// How many copies one failure may read: the walk costs a few reads a level
/// (and, in an array, a few a doubling of its length), so this is reached
/// only by a value far larger than any the page reads.
const MAX_READS: u32 = 400;

/// Whether `m`, the failure with a container emptied, is `message`'s: the
/// container's own type is wrong. serde's `invalid type` shows the value
/// (`JsValue(Object({…}))`), so only what was expected is compared.
fn own_type(m: &str, message: &str) -> bool {
    // The last `, expected ` found by bytes: `rsplit_once` with a `&str`
    // would link core's two-way substring searcher for this one use.
    const SEP: &[u8] = b", expected ";
    let expected = |t: &str| {
        let t = t.strip_prefix("invalid type: ")?;
        let at = t.as_bytes().windows(SEP.len()).rposition(|w| w == SEP)?;
        Some(t[at + SEP.len()..].to_string())
    };
    m == message || (expected(m).is_some() && expected(m) == expected(message))
}

/// The name in a message such as ``missing field `x` ``.
fn named<'m>(message: &'m str, prefix: &str) -> Option<&'m str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// Whether the object at `at` lacks `x` and adding it (any JSON type) makes
/// the read fail otherwise: the missing field is this object's.
fn added_settles(
    text: &str,
    at: &[Step],
    here: &JsValue,
    x: &str,
    message: &str,
    read: &mut Read,
) -> bool {
    if Array::is_array(here) || has(here, x) {
        return false;
    }
    PROBES.iter().any(|probe| {
        let r = read(edit(text, at, |n| {
            let _ = Reflect::set(n, &JsValue::from_str(x), &parse(probe).unwrap_or_default());
            n.clone()
        }));
        let unknown = format!("unknown field `{x}`");
        r.is_none_or(|m| m != message && !m.starts_with(&unknown))
    })
}

/// Values of each JSON type, to put in place of a field.
const PROBES: [&str; 6] = ["null", "0", "\"\"", "false", "{}", "[]"];

/// A fresh copy of `text` with the node at `at` replaced by `f(node)`.
fn edit(text: &str, at: &[Step], f: impl FnOnce(&JsValue) -> JsValue) -> JsValue {
    let Ok(root) = parse(text) else {
        return JsValue::UNDEFINED;
    };
    let Some((last, parents)) = at.split_last() else {
        return f(&root);
    };
    if let Some(parent) = node(&root, parents) {
        let key = key(last);
        let child = Reflect::get(&parent, &key).unwrap_or_default();
        let _ = Reflect::set(&parent, &key, &f(&child));
    }
    root
}

/// The value at `at` inside `root`.
fn node(root: &JsValue, at: &[Step]) -> Option<JsValue> {
    at.iter().try_fold(root.clone(), |v, s| {
        v.is_object()
            .then(|| Reflect::get(&v, &key(s)).ok())
            .flatten()
    })
}

/// A step as a property key.
fn key(step: &Step) -> JsValue {
    match step {
        Step::Key(k) => JsValue::from_str(k),
        Step::Index(i) => JsValue::from(*i),
    }
}

/// Whether the object has its own key `x`.
fn has(obj: &JsValue, x: &str) -> bool {
    obj.dyn_ref::<Object>()
        .is_some_and(|o| Object::has_own(o, &JsValue::from_str(x)))
}

/// The keys of an object or the indexes of an array, in order.
fn children(v: &JsValue) -> Vec<Step> {
    if let Some(a) = v.dyn_ref::<Array>() {
        return (0..a.length()).map(Step::Index).collect();
    }
    let Some(o) = v.dyn_ref::<Object>() else {
        return Vec::new();
    };
    Object::keys(o)
        .iter()
        .filter_map(|k| k.as_string())
        .map(Step::Key)
        .collect()
}

/// An empty array for an array, else an empty object.
fn empty_like(v: &JsValue) -> JsValue {
    if Array::is_array(v) {
        Array::new().into()
    } else {
        Object::new().into()
    }
}

/// The container with only the child `c` (an array's at index 0).
fn only(v: &JsValue, c: &Step) -> JsValue {
    let child = Reflect::get(v, &key(c)).unwrap_or_default();
    match c {
        Step::Index(_) => Array::of1(&child).into(),
        Step::Key(k) => {
            let o = Object::new();
            let _ = Reflect::set(&o, &JsValue::from_str(k), &child);
            o.into()
        }
    }
}

/// The object without its key `x`.
fn without(v: &JsValue, x: &str) -> JsValue {
    if let Some(o) = v.dyn_ref::<Object>() {
        let _ = Reflect::delete_property(o, &JsValue::from_str(x));
    }
    v.clone()
}

/// A path as text: keys joined by `.`, indexes as `[i]`.
fn show(path: &[Step]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Step::Key(k) if out.is_empty() => out.push_str(k),
            Step::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}
