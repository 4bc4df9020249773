//! Local times for the message list, in the format the settings choose.

use chatdeck_ipc::settings::TimestampFormat;
use leptos::prelude::*;

use crate::settings::ClockFormat;

/// The time of day in the user's time zone and chosen format (empty when times are
/// hidden). Read inside a view, it follows a change of the format.
pub fn clock(time_ms: i64) -> String {
    let format = use_context::<ClockFormat>()
        .map(|format| format.0.get())
        .unwrap_or_default();
    clock_in(format, time_ms)
}

/// The time of day in `format`.
pub fn clock_in(format: TimestampFormat, time_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(time_ms as f64));
    format
        .format(date.get_hours(), date.get_minutes(), date.get_seconds())
        .unwrap_or_default()
}

/// The full local date and time, for a tooltip.
pub fn full(time_ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(time_ms as f64));
    date.to_locale_string(
        crate::i18n::language().tag(),
        &wasm_bindgen::JsValue::UNDEFINED,
    )
    .as_string()
    .unwrap_or_default()
}
