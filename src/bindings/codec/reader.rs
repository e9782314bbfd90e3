//! Typed reads from a parsed JSON object, naming the field on failure.

use crate::bindings::js;
use wasm_bindgen::{JsCast, JsValue};

/// A JSON object being read, with its path for error messages.
pub struct Obj {
    value: JsValue,
    path: String,
}

impl Obj {
    /// Starts reading `value` as the object at `path`.
    pub fn new(value: JsValue, path: &str) -> Result<Obj, String> {
        if !value.is_object() || js_sys::Array::is_array(&value) {
            return Err(format!("{path}: expected an object"));
        }
        Ok(Obj {
            value,
            path: path.to_string(),
        })
    }

    /// The object itself.
    pub fn value(&self) -> &JsValue {
        &self.value
    }

    fn at(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    fn raw(&self, key: &str) -> Option<JsValue> {
        js::get(&self.value, key)
    }

    /// A required string.
    pub fn str(&self, key: &str) -> Result<String, String> {
        self.opt_str(key)?
            .ok_or_else(|| format!("{}: is required", self.at(key)))
    }

    /// An optional string (absent or `null` is `None`).
    pub fn opt_str(&self, key: &str) -> Result<Option<String>, String> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => v
                .as_string()
                .map(Some)
                .ok_or_else(|| format!("{}: expected a string", self.at(key))),
        }
    }

    /// A required integer (a JSON number without fraction, within `i64`).
    pub fn int(&self, key: &str) -> Result<i64, String> {
        self.opt_int(key)?
            .ok_or_else(|| format!("{}: is required", self.at(key)))
    }

    /// An optional integer.
    pub fn opt_int(&self, key: &str) -> Result<Option<i64>, String> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => match v.as_f64() {
                Some(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Ok(Some(n as i64)),
                _ => Err(format!("{}: expected an integer", self.at(key))),
            },
        }
    }

    /// A required boolean.
    pub fn bool(&self, key: &str) -> Result<bool, String> {
        self.raw(key)
            .and_then(|v| v.as_bool())
            .ok_or_else(|| format!("{}: expected true or false", self.at(key)))
    }

    /// A nested object.
    pub fn obj(&self, key: &str) -> Result<Obj, String> {
        let v = self
            .raw(key)
            .ok_or_else(|| format!("{}: is required", self.at(key)))?;
        Obj::new(v, &self.at(key))
    }

    /// An optional nested object.
    pub fn opt_obj(&self, key: &str) -> Result<Option<Obj>, String> {
        self.raw(key)
            .map(|v| Obj::new(v, &self.at(key)))
            .transpose()
    }

    /// The items of an array (absent is empty).
    pub fn list(&self, key: &str) -> Result<Vec<JsValue>, String> {
        match self.raw(key) {
            None => Ok(Vec::new()),
            Some(v) => v
                .dyn_into::<js_sys::Array>()
                .map(|a| a.iter().collect())
                .map_err(|_| format!("{}: expected an array", self.at(key))),
        }
    }

    /// An array of strings (absent is empty).
    pub fn strs(&self, key: &str) -> Result<Vec<String>, String> {
        self.list(key)?
            .into_iter()
            .map(|v| {
                v.as_string()
                    .ok_or_else(|| format!("{}: expected strings", self.at(key)))
            })
            .collect()
    }

    /// The objects of an array, each read by `f`.
    pub fn objs<T>(
        &self,
        key: &str,
        f: impl Fn(Obj) -> Result<T, String>,
    ) -> Result<Vec<T>, String> {
        self.list(key)?
            .into_iter()
            .enumerate()
            .map(|(i, v)| Obj::new(v, &format!("{}[{i}]", self.at(key))).and_then(&f))
            .collect()
    }

    /// Fails when the object has a key outside `known` (strict messages).
    pub fn only(&self, known: &[&str]) -> Result<(), String> {
        let obj: &js_sys::Object = self.value.unchecked_ref();
        for k in js_sys::Object::keys(obj).iter() {
            let k = k.as_string().unwrap_or_default();
            if !known.contains(&k.as_str()) {
                return Err(format!("{}: unknown field", self.at(&k)));
            }
        }
        Ok(())
    }
}
