//! Marks every object schema of the document closed
//! (`additionalProperties: false`). That is what the server does: every
//! request body is read with `checkout_core::fields::Fields`, which refuses
//! unknown fields, and every answer is serialized from these same types.
//! Free-form objects (Klarna's presentation answer) keep no properties and
//! stay open.

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems, Schema};
use utoipa::openapi::{OpenApi, RefOr};

fn close(schema: &mut Schema) {
    match schema {
        Schema::Object(o) => {
            if !o.properties.is_empty() && o.additional_properties.is_none() {
                o.additional_properties = Some(Box::new(AdditionalProperties::FreeForm(false)));
            }
            for p in o.properties.values_mut() {
                close_ref(p);
            }
        }
        Schema::Array(a) => {
            if let ArrayItems::RefOrSchema(items) = &mut a.items {
                close_ref(items);
            }
        }
        Schema::OneOf(o) => o.items.iter_mut().for_each(close_ref),
        Schema::AnyOf(o) => o.items.iter_mut().for_each(close_ref),
        // allOf parts must stay open: closing one refuses the others' fields.
        _ => {}
    }
}

fn close_ref(r: &mut RefOr<Schema>) {
    if let RefOr::T(s) = r {
        close(s);
    }
}

/// Closes the component schemas and the inline ones under them.
pub fn close_objects(doc: &mut OpenApi) {
    if let Some(c) = doc.components.as_mut() {
        c.schemas.values_mut().for_each(close_ref);
    }
}
