//! A read-only probe of what the UI holds, for the load benchmark and the boundedness test:
//! the loader puts this module's exports on `window.wasmBindings`, so a driver can ask
//! `window.wasmBindings.chatdeck_probe()` without a hook in the page's markup.
//!
//! It reports sizes only (no message text), so exposing it costs nothing in privacy.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::store::ChatStoreFields;

/// Sizes of what the UI holds: `{ wasmBytes, tabs, lines, maxLines }`: the wasm linear
/// memory, the open tabs, the lines held over all tabs, and the most any one tab holds.
#[wasm_bindgen]
pub fn chatdeck_probe() -> JsValue {
    let wasm_bytes = wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|memory| {
            memory
                .buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |buffer| f64::from(buffer.byte_length()))
        })
        .unwrap_or(0.0);
    let counts: Vec<usize> = crate::context::root()
        .and_then(|store| {
            store
                .tabs()
                .try_with_untracked(|tabs| tabs.iter().map(|tab| tab.lines.len()).collect())
        })
        .unwrap_or_default();
    let report = js_sys::Object::new();
    let set = |key: &str, value: f64| {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&report, &JsValue::from_str(key), &JsValue::from_f64(value));
    };
    set("wasmBytes", wasm_bytes);
    set("tabs", counts.len() as f64);
    set("lines", counts.iter().sum::<usize>() as f64);
    set("maxLines", counts.iter().copied().max().unwrap_or(0) as f64);
    report.into()
}
