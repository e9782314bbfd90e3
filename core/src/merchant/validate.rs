//! Reading the operator's merchant bodies with every problem named by its
//! path (`business_entity.address.postal_code`, `stores[1].url`), like the
//! merchant API's session bodies.

use super::readers::{
    array, business_entity, contact, is_reference, klarna_ids, mcc, object, other_method, store,
    text,
};
use super::{MerchantPatch, MerchantProfile, NewMerchant, MAX_OTHER_METHODS, MAX_STORES};
use crate::errors::FieldError;
use crate::fields::Fields;
use serde_json::Value;

fn finish<T>(
    f: Fields<'_>,
    mut errors: Vec<FieldError>,
    v: Option<T>,
) -> Result<T, Vec<FieldError>> {
    f.finish(&mut errors);
    match v {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(errors),
    }
}

/// Validates `POST /v1/admin/merchants`; `http_loopback` allows `http://`
/// stores on loopback hosts (sandbox mode).
pub fn validate_merchant(
    body: &Value,
    http_loopback: bool,
) -> Result<NewMerchant, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let reference = f.string("reference", true).and_then(|r| {
        let ok = is_reference(r);
        if !ok {
            f.fail(
                "reference",
                "expected 1 to 64 of A-Z a-z 0-9 . _ - (unique among your merchants)",
            );
        }
        ok.then(|| r.to_string())
    });
    let name = text(&mut f, "name", true, 255);
    let contact = object(&mut f, "contact", true, contact);
    let entity = object(&mut f, "business_entity", true, business_entity);
    let mcc = mcc(&mut f, true);
    let stores = array(&mut f, "stores", true, MAX_STORES, |s| {
        store(s, http_loopback)
    });
    let other_methods = array(
        &mut f,
        "other_methods",
        false,
        MAX_OTHER_METHODS,
        other_method,
    );
    let klarna = object(&mut f, "klarna", false, klarna_ids).unwrap_or_default();
    let v = (|| {
        Some(NewMerchant {
            profile: MerchantProfile {
                reference: reference?,
                name: name?,
                contact: contact?,
                business_entity: entity?,
                merchant_category_code: mcc?,
                stores: stores?,
                other_methods: other_methods.unwrap_or_default(),
            },
            klarna,
        })
    })();
    finish(f, errors, v)
}

/// Validates `PATCH /v1/admin/merchants/{id}`.
pub fn validate_merchant_patch(
    body: &Value,
    http_loopback: bool,
) -> Result<MerchantPatch, Vec<FieldError>> {
    let mut errors = Vec::new();
    let Some(mut f) = Fields::new(body, "", &mut errors) else {
        return Err(errors);
    };
    let p = MerchantPatch {
        name: text(&mut f, "name", false, 255),
        contact: object(&mut f, "contact", false, contact),
        business_entity: object(&mut f, "business_entity", false, business_entity),
        merchant_category_code: mcc(&mut f, false),
        stores: array(&mut f, "stores", false, MAX_STORES, |s| {
            store(s, http_loopback)
        }),
        other_methods: array(
            &mut f,
            "other_methods",
            false,
            MAX_OTHER_METHODS,
            other_method,
        ),
        klarna: object(&mut f, "klarna", false, klarna_ids),
    };
    // `null` is absent: a body of nulls changes nothing, like an empty one.
    let names_one = body
        .as_object()
        .is_some_and(|o| o.values().any(|v| !v.is_null()));
    if body.is_object() && !names_one {
        f.fail("$", "expected at least one of name, contact, business_entity, merchant_category_code, stores, other_methods, klarna");
    }
    finish(f, errors, Some(p))
}
