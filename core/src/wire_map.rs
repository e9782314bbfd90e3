//! Reading a struct as a map: [`AsMap`] hands a derived struct's visitor to
//! the wrapped deserializer's `deserialize_any`, and lets it take only a map.
//! Also the two checks the flat wire forms make of a variant's fields
//! ([`needed`], [`absent`]), in serde's own words.
//!
//! Written by hand because serde has no attribute for it. It matters for
//! the hosted page, which reads JavaScript values with `serde-wasm-bindgen`:
//! that deserializer reads a struct by asking the object for each declared
//! field, so it never sees a key the struct does not declare, and
//! `deny_unknown_fields` refuses nothing. Read as any value, a plain object
//! is a map with every key visited. Not `deserialize_map`: serde-wasm-bindgen
//! reads any iterable (an array, a string) there as `[key, value]` pairs and
//! throws on an item that is not one (`[null]`), through the module's Rust
//! code.
//! serde_json reads a struct from a map too, so nothing changes there, except
//! that an array is not taken for a struct's fields in order.

use serde::de::{value::Error, Deserialize, Deserializer, Error as _, MapAccess, Visitor};
use serde::forward_to_deserialize_any;
use std::fmt;

/// A `T` read through [`AsMap`]: `ViaMap<Fields>` in place of `Fields`
/// where a derived struct must see every key.
pub(crate) struct ViaMap<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ViaMap<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(AsMap(d)).map(ViaMap)
    }
}

/// A deserializer that reads structs as maps and everything else as the
/// wrapped one does (`deserialize_any`).
pub(crate) struct AsMap<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for AsMap<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(MapOnly(visitor))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// A struct's visitor that takes a map and nothing else (anything else is
/// `invalid type: …, expected struct X`).
struct MapOnly<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for MapOnly<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }
}

/// `value`, or serde's ``missing field `name` ``.
pub(crate) fn needed<T>(value: Option<T>, name: &'static str) -> Result<T, Error> {
    value.ok_or_else(|| Error::missing_field(name))
}

/// serde's ``unknown field `name`, expected …`` when `value` is there though
/// the variant's fields (`expected`) lack it.
pub(crate) fn absent<T>(
    value: &Option<T>,
    name: &'static str,
    expected: &'static [&'static str],
) -> Result<(), Error> {
    match value {
        Some(_) => Err(Error::unknown_field(name, expected)),
        None => Ok(()),
    }
}
