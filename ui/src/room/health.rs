//! The room's health strip: messages a second against the room's cap, send → confirm
//! latency, reconnects, and the time left in the chat session. The shell computes every
//! figure and pushes it about once a second; this only lays them out.

use chatdeck_ipc::health::RoomHealth;
use leptos::prelude::*;

use super::ui::RoomUi;
use crate::store::TabStateStoreFields;

/// The strip under the room's header.
#[component]
pub fn HealthStrip() -> impl IntoView {
    let tab = expect_context::<RoomUi>().tab;
    let health = move || tab.health().try_get().flatten();
    view! {
        // A labelled group, not a live region: its figures change every second, and a screen
        // reader would read each change out. Connection changes are announced by the badge.
        <div class="health-strip" data-testid="health-strip" role="group" aria-label="Room health">
            {move || match health() {
                None => view! { <span class="muted">"Measuring…"</span> }.into_any(),
                Some(health) => figures(health).into_any(),
            }}
        </div>
    }
}

fn figures(health: RoomHealth) -> impl IntoView {
    let cap = health.rate_cap.max(1);
    let load = (health.messages_per_second / f64::from(cap)).clamp(0.0, 1.0);
    let level = if load >= 0.9 {
        "high"
    } else if load >= 0.6 {
        "busy"
    } else {
        "ok"
    };
    let rate = format!("{:.1} / {cap} msg/s", health.messages_per_second);
    let latency = match (health.latency_ms, health.latency_median_ms) {
        (Some(latest), Some(median)) if latest != median => {
            format!("{latest} ms (median {median})")
        }
        (Some(latest), _) => format!("{latest} ms"),
        (None, _) => "—".to_owned(),
    };
    let reconnects = health.reconnects;
    let session = health
        .session_left_s
        .map(countdown)
        .unwrap_or_else(|| "—".to_owned());
    view! {
        <span class="health-item" data-testid="health-rate" data-level=level
            data-value=health.messages_per_second.to_string() title="Messages a second over the last 5 s, against the room's limit">
            <span class="health-label">"Rate"</span>
            <span class="health-meter" aria-hidden="true"><span class="health-fill" style:width=format!("{:.0}%", load * 100.0)></span></span>
            <span class="health-value">{rate}</span>
        </span>
        <span class="health-item" data-testid="health-latency" data-value=health.latency_ms.map(|ms| ms.to_string()).unwrap_or_default()
            title="From sending your message to the service confirming it">
            <span class="health-label">"Latency"</span>
            <span class="health-value">{latency}</span>
        </span>
        <span class="health-item" data-testid="health-reconnects" data-value=reconnects.to_string()
            title="Times the connection was lost and opened again">
            <span class="health-label">"Reconnects"</span>
            <span class="health-value">{reconnects.to_string()}</span>
        </span>
        <span class="health-item" data-testid="health-session" data-value=health.session_left_s.map(|s| s.to_string()).unwrap_or_default()
            title="Time left in the chat session; a new connection opens before it ends">
            <span class="health-label">"Session"</span>
            <span class="health-value">{session}</span>
            <span class="muted health-note">"renews before expiry"</span>
        </span>
    }
}

/// `1:02:03`, `12:34` or `0:05`.
fn countdown(seconds: u64) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::countdown;

    #[test]
    fn countdowns_read_as_clocks() {
        for (seconds, text) in [(5, "0:05"), (754, "12:34"), (3723, "1:02:03")] {
            assert_eq!(countdown(seconds), text);
        }
    }
}
