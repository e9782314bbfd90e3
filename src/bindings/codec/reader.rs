//! Typed reads from a parsed JSON object, naming the field on failure.
//!
//! The reads don't return `Result`s: each answers a value (empty when the
//! field is wrong) and the first failure is kept, shared with every nested
//! object, until [`Obj::done`] answers it. A decoder is then one struct
//! literal without early returns. With `?` after every field, the compiler
//! wrote a separate clean-up path for each field (dropping the fields read
//! before it), which made the config's decoder alone about 13 KB of the
//! WebAssembly module.

use crate::bindings::js;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// A JSON object being read, with its path for error messages.
pub struct Obj {
    value: JsValue,
    path: String,
    fault: Rc<RefCell<Option<String>>>,
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
            fault: Rc::default(),
        })
    }

    /// A nested object sharing this one's first failure.
    fn child(&self, value: JsValue, path: String) -> Obj {
        let o = Obj {
            value,
            path,
            fault: self.fault.clone(),
        };
        if !o.value.is_object() || js_sys::Array::is_array(&o.value) {
            o.fail(format!("{}: expected an object", o.path));
        }
        o
    }

    /// The object itself.
    pub fn value(&self) -> &JsValue {
        &self.value
    }

    /// Keeps `message` unless an earlier failure was kept.
    pub fn fail(&self, message: String) {
        let mut fault = self.fault.borrow_mut();
        if fault.is_none() {
            *fault = Some(message);
        }
    }

    /// `value`, or the first failure of this object or any nested one.
    pub fn done<T>(&self, value: T) -> Result<T, String> {
        match self.fault.borrow().clone() {
            Some(e) => Err(e),
            None => Ok(value),
        }
    }

    fn at(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    fn raw(&self, key: &str) -> Option<JsValue> {
        js::get(&self.value, key)
    }

    fn required<T: Default>(&self, key: &str, v: Option<T>) -> T {
        v.unwrap_or_else(|| {
            self.fail(format!("{}: is required", self.at(key)));
            T::default()
        })
    }

    /// A required string.
    pub fn str(&self, key: &str) -> String {
        let v = self.opt_str(key);
        self.required(key, v)
    }

    /// An optional string (absent or `null` is `None`).
    pub fn opt_str(&self, key: &str) -> Option<String> {
        let v = self.raw(key)?;
        let s = v.as_string();
        if s.is_none() {
            self.fail(format!("{}: expected a string", self.at(key)));
        }
        s
    }

    /// A required integer (a JSON number without fraction, within `i64`).
    pub fn int(&self, key: &str) -> i64 {
        let v = self.opt_int(key);
        self.required(key, v)
    }

    /// An optional integer.
    pub fn opt_int(&self, key: &str) -> Option<i64> {
        match self.raw(key)?.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Some(n as i64),
            _ => {
                self.fail(format!("{}: expected an integer", self.at(key)));
                None
            }
        }
    }

    /// A required boolean.
    pub fn bool(&self, key: &str) -> bool {
        let v = self.raw(key).and_then(|v| v.as_bool());
        if v.is_none() {
            self.fail(format!("{}: expected true or false", self.at(key)));
        }
        v.unwrap_or_default()
    }

    /// A nested object (a missing one fails, and reads from it answer empty values).
    pub fn obj(&self, key: &str) -> Obj {
        match self.opt_obj(key) {
            Some(o) => o,
            None => {
                self.fail(format!("{}: is required", self.at(key)));
                self.child(JsValue::NULL, self.at(key))
            }
        }
    }

    /// An optional nested object.
    pub fn opt_obj(&self, key: &str) -> Option<Obj> {
        self.raw(key).map(|v| self.child(v, self.at(key)))
    }

    /// The items of an array (absent is empty).
    pub fn list(&self, key: &str) -> Vec<JsValue> {
        let Some(v) = self.raw(key) else {
            return Vec::new();
        };
        match v.dyn_into::<js_sys::Array>() {
            Ok(a) => a.iter().collect(),
            Err(_) => {
                self.fail(format!("{}: expected an array", self.at(key)));
                Vec::new()
            }
        }
    }

    /// An array of strings (absent is empty).
    pub fn strs(&self, key: &str) -> Vec<String> {
        let list = self.list(key);
        if !list.iter().all(|v| v.is_string()) {
            self.fail(format!("{}: expected strings", self.at(key)));
        }
        list.iter().filter_map(JsValue::as_string).collect()
    }

    /// The objects of an array, each read by `f`.
    pub fn objs<T>(&self, key: &str, f: impl Fn(Obj) -> T) -> Vec<T> {
        self.list(key)
            .into_iter()
            .enumerate()
            .map(|(i, v)| f(self.child(v, format!("{}[{i}]", self.at(key)))))
            .collect()
    }

    /// Fails when the object has a key outside `known` (strict messages).
    pub fn only(&self, known: &[&str]) {
        if !self.value.is_object() {
            return; // already failed as not an object
        }
        let obj: &js_sys::Object = self.value.unchecked_ref();
        for k in js_sys::Object::keys(obj).iter() {
            let k = k.as_string().unwrap_or_default();
            if !known.contains(&k.as_str()) {
                self.fail(format!("{}: unknown field", self.at(&k)));
            }
        }
    }
}
