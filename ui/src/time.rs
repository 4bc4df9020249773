//! Local times for the message list.

/// `HH:MM` in the user's time zone.
pub fn clock(time_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(time_ms as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// The full local date and time, for a tooltip.
pub fn full(time_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(time_ms as f64));
    date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED)
        .as_string()
        .unwrap_or_default()
}
