//! The typed bridge to the shell.
//!
//! Commands go through `window.__TAURI__.core.invoke` and events arrive on the contract's
//! single channel. Every JS call is bound with `catch`, so a rejected promise or a missing
//! bridge becomes an [`IpcError`] instead of an uncaught exception.

use chatdeck_ipc::{Command, EVENT_CHANNEL, ErrorKind, IpcError, UiEvent, command::ARGUMENT};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(command: &str, arguments: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(
        event: &str,
        handler: &Closure<dyn FnMut(JsValue)>,
    ) -> Result<JsValue, JsValue>;
}

/// Invokes a command of the contract and decodes its output.
pub async fn call<C: Command>(request: &C) -> Result<C::Output, IpcError> {
    let arguments = js_sys::Object::new();
    let request = to_js(request)?;
    js_sys::Reflect::set(&arguments, &JsValue::from_str(ARGUMENT), &request)
        .map_err(|_| bridge_error("cannot build the command arguments"))?;
    match tauri_invoke(C::NAME, arguments.into()).await {
        Ok(output) => serde_wasm_bindgen::from_value(output)
            .map_err(|error| bridge_error(&format!("unexpected answer to {}: {error}", C::NAME))),
        Err(error) => Err(rejected(error)),
    }
}

/// A live subscription to the event channel; dropping it unsubscribes.
pub struct Subscription {
    /// The JS function that removes the listener.
    unlisten: Option<js_sys::Function>,
    /// The Rust closure JS calls; kept alive as long as the listener is registered.
    _handler: Closure<dyn FnMut(JsValue)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(unlisten) = self.unlisten.take() {
            // An error here means the window is already going away; nothing is left to clean.
            let _ = unlisten.call0(&JsValue::NULL);
        }
    }
}

/// Subscribes to the event channel. Events that fail to decode are reported to `on_error`
/// rather than dropped silently.
pub async fn subscribe(
    mut on_event: impl FnMut(UiEvent) + 'static,
    mut on_error: impl FnMut(IpcError) + 'static,
) -> Result<Subscription, IpcError> {
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let payload =
            js_sys::Reflect::get(&event, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL);
        match serde_wasm_bindgen::from_value::<UiEvent>(payload) {
            Ok(event) => on_event(event),
            Err(error) => on_error(bridge_error(&format!("undecodable event: {error}"))),
        }
    });
    let unlisten = tauri_listen(EVENT_CHANNEL, &handler)
        .await
        .map_err(rejected)?;
    Ok(Subscription {
        unlisten: unlisten.dyn_into::<js_sys::Function>().ok(),
        _handler: handler,
    })
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, IpcError> {
    // Plain JS objects, not `Map`s, so the shell's serde sees ordinary JSON.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| bridge_error(&format!("cannot encode the request: {error}")))
}

/// A rejection from the shell is an `IpcError` object; anything else (no bridge, a JS
/// exception) is reported as a bridge failure with its text.
fn rejected(error: JsValue) -> IpcError {
    serde_wasm_bindgen::from_value::<IpcError>(error.clone()).unwrap_or_else(|_| {
        let text = error
            .as_string()
            .or_else(|| js_sys::Error::from(error).message().as_string())
            .unwrap_or_else(|| "the shell did not answer".into());
        bridge_error(&text)
    })
}

fn bridge_error(message: &str) -> IpcError {
    IpcError::new(ErrorKind::Bridge, message)
}
