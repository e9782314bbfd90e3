//! Folds the component schemas that `#[serde(flatten)]` makes (`allOf` of
//! a `$ref` and the struct's own fields) into ONE object, so that
//! [`close_objects`](super::closed::close_objects) can close it: under JSON
//! Schema, `allOf` of a closed object and other fields accepts no body at
//! all (the create body with `authorize`, issue: contract). A flattened
//! `oneOf` (a tagged enum such as `AuthorizeOutcome`) gives a `oneOf` of
//! one object per alternative, each with the other parts' fields.

use std::collections::BTreeMap;
use utoipa::openapi::schema::{Object, OneOf, Schema};
use utoipa::openapi::{OpenApi, RefOr};

type Components = BTreeMap<String, RefOr<Schema>>;

/// `a` with `b`'s properties and required fields added (open: closed later).
fn merge(a: &Object, b: &Object) -> Object {
    let mut out = a.clone();
    for (name, p) in &b.properties {
        out.properties
            .entry(name.clone())
            .or_insert_with(|| p.clone());
    }
    for r in &b.required {
        if !out.required.contains(r) {
            out.required.push(r.clone());
        }
    }
    out.description = a.description.clone().or_else(|| b.description.clone());
    out.example = a.example.clone().or_else(|| b.example.clone());
    out.additional_properties = None;
    out
}

/// The objects `r` stands for (one per alternative); `None` when it is
/// anything but objects, `oneOf`s and `allOf`s of them.
fn alternatives(r: &RefOr<Schema>, comps: &Components, depth: u8) -> Option<Vec<Object>> {
    if depth > 8 {
        return None;
    }
    match r {
        RefOr::Ref(r) => {
            let name = r.ref_location.strip_prefix("#/components/schemas/")?;
            alternatives(comps.get(name)?, comps, depth + 1)
        }
        RefOr::T(Schema::Object(o)) => Some(vec![o.clone()]),
        RefOr::T(Schema::OneOf(o)) => {
            let mut out = Vec::new();
            for item in &o.items {
                out.extend(alternatives(item, comps, depth + 1)?);
            }
            Some(out)
        }
        RefOr::T(Schema::AllOf(a)) => {
            let mut acc: Option<Vec<Object>> = None;
            for part in &a.items {
                let alts = alternatives(part, comps, depth + 1)?;
                acc = Some(match acc {
                    None => alts,
                    Some(prev) => prev
                        .iter()
                        .flat_map(|p| alts.iter().map(move |x| merge(p, x)))
                        .collect(),
                });
            }
            acc
        }
        _ => None,
    }
}

/// Replaces every component `allOf` of objects by the object (or `oneOf`
/// of objects) it means, keeping its description.
pub fn fold_all_ofs(doc: &mut OpenApi) {
    let Some(c) = doc.components.as_mut() else {
        return;
    };
    let snapshot = c.schemas.clone();
    for schema in c.schemas.values_mut() {
        let RefOr::T(Schema::AllOf(all)) = &*schema else {
            continue;
        };
        let Some(mut alts) = alternatives(schema, &snapshot, 0) else {
            continue;
        };
        let description = all.description.clone();
        let folded = if alts.len() == 1 {
            let mut o = alts.remove(0);
            o.description = description.or(o.description);
            Schema::Object(o)
        } else {
            let mut one = OneOf::new();
            one.items = alts
                .into_iter()
                .map(|o| RefOr::T(Schema::Object(o)))
                .collect();
            one.description = description;
            Schema::OneOf(one)
        };
        *schema = RefOr::T(folded);
    }
}
