//! The typed bridge to the shell.
//!
//! Commands go through `window.__TAURI__.core.invoke`; the contract's single event channel
//! wakes the window, which then pulls the numbered events. Every JS call is bound with
//! `catch`, so a rejected promise or a missing bridge becomes an [`IpcError`] instead of an
//! uncaught exception.
//!
//! An answer arrives as the bytes of its JSON text (see the shell's `commands.rs`) and is
//! decoded here, in one copy into wasm memory: no JavaScript object is made for it.

use std::cell::RefCell;
use std::rc::Rc;

use chatdeck_ipc::event::PullEvents;
use chatdeck_ipc::{Command, EVENT_CHANNEL, ErrorKind, IpcError, UiEvent, command::ARGUMENT};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::i18n::t;

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
        .map_err(|_| bridge_error(t!("app-bridge-arguments")))?;
    match tauri_invoke(C::NAME, arguments.into()).await {
        Ok(output) => decode(&output).map_err(|error| {
            bridge_error(t!(
                "app-bridge-unexpected-answer",
                command = C::NAME,
                error = error
            ))
        }),
        Err(error) => Err(rejected(error)),
    }
}

/// An answer's JSON bytes, decoded.
fn decode<T: serde::de::DeserializeOwned>(output: &JsValue) -> Result<T, String> {
    let Some(buffer) = output.dyn_ref::<js_sys::ArrayBuffer>() else {
        return Err("the answer is not the bytes of a JSON text".into());
    };
    let bytes = js_sys::Uint8Array::new(buffer).to_vec();
    serde_json::from_slice(&bytes).map_err(|error| error.to_string())
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

/// What a subscription does with what it pulls.
struct Reader {
    /// The last event handed on.
    after: u64,
    /// Whether a pull is under way.
    pulling: bool,
    /// Whether a wake-up came during it (so one more pull follows).
    again: bool,
    on_event: Box<dyn FnMut(UiEvent)>,
    on_error: Box<dyn FnMut(IpcError)>,
    on_gap: Box<dyn FnMut()>,
}

/// Subscribes to the event channel: from now on, every event the shell numbers is handed to
/// `on_event`, in order. The channel only wakes the window (see
/// [`chatdeck_ipc::EVENT_CHANNEL`]); the events are pulled, one pull at a time. A failed
/// pull goes to `on_error` and the next wake-up pulls again from the same place; when the
/// shell no longer has some of the events, `on_gap` is told (and should load a snapshot).
pub async fn subscribe(
    on_event: impl FnMut(UiEvent) + 'static,
    on_error: impl FnMut(IpcError) + 'static,
    on_gap: impl FnMut() + 'static,
) -> Result<Subscription, IpcError> {
    let start = call(&PullEvents { after: None }).await?;
    let reader = Rc::new(RefCell::new(Reader {
        after: start.seq,
        pulling: false,
        again: false,
        on_event: Box::new(on_event),
        on_error: Box::new(on_error),
        on_gap: Box::new(on_gap),
    }));
    let woken = reader.clone();
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |_wake: JsValue| pull(woken.clone()));
    let unlisten = tauri_listen(EVENT_CHANNEL, &handler)
        .await
        .map_err(rejected)?;
    // Anything numbered between the first pull and the listener is fetched now.
    pull(reader);
    Ok(Subscription {
        unlisten: unlisten.dyn_into::<js_sys::Function>().ok(),
        _handler: handler,
    })
}

/// Pulls until no wake-up is left unanswered.
fn pull(reader: Rc<RefCell<Reader>>) {
    {
        let mut state = reader.borrow_mut();
        if state.pulling {
            state.again = true;
            return;
        }
        state.pulling = true;
    }
    leptos::task::spawn_local(async move {
        loop {
            let after = reader.borrow().after;
            let pulled = call(&PullEvents { after: Some(after) }).await;
            let mut state = reader.borrow_mut();
            match pulled {
                Ok(pulled) => {
                    for event in pulled.events {
                        state.after = event.seq;
                        (state.on_event)(event);
                    }
                    if pulled.gap {
                        state.after = state.after.max(pulled.seq);
                        (state.on_gap)();
                    }
                }
                Err(error) => (state.on_error)(error),
            }
            if !std::mem::take(&mut state.again) {
                state.pulling = false;
                return;
            }
        }
    });
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, IpcError> {
    // Plain JS objects, not `Map`s, so the shell's serde sees ordinary JSON.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|error| bridge_error(t!("app-bridge-encode", error = error.to_string())))
}

/// A rejection from the shell is an `IpcError` object; anything else (no bridge, a JS
/// exception) is reported as a bridge failure with its text.
fn rejected(error: JsValue) -> IpcError {
    serde_wasm_bindgen::from_value::<IpcError>(error.clone()).unwrap_or_else(|_| {
        let text = error
            .as_string()
            .or_else(|| js_sys::Error::from(error).message().as_string())
            .unwrap_or_else(|| t!("app-bridge-no-answer"));
        bridge_error(text)
    })
}

fn bridge_error(message: String) -> IpcError {
    IpcError::new(ErrorKind::Bridge, message)
}
