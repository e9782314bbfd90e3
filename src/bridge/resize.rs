//! Watches the page's content height and reports changes (one per frame at
//! most: `ResizeObserver` already delivers at most once per frame).

use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A running height watch; disconnects on drop.
pub struct HeightWatch {
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl HeightWatch {
    /// Calls `report(height)` now and whenever `el`'s rendered height changes.
    pub fn new(el: web_sys::HtmlElement, report: impl Fn(u32) + 'static) -> Option<HeightWatch> {
        let last = Rc::new(Cell::new(0u32));
        let el2 = el.clone();
        let measure = move || {
            let h = el2.get_bounding_client_rect().height().ceil().max(0.0) as u32;
            if h != last.get() && h > 0 {
                last.set(h);
                report(h);
            }
        };
        measure();
        let callback =
            Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| measure());
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(&el);
        Some(HeightWatch {
            observer,
            _callback: callback,
        })
    }
}

impl Drop for HeightWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
