//! The room's health strip: messages a second against the room's cap, send → confirm
//! latency, reconnects, and the time left in the chat session. The shell computes every
//! figure and pushes it when it changes; the strip on screen counts the session down itself
//! (the shell sends when it ends), so a quiet room sends nothing at all.

use chatdeck_ipc::health::RoomHealth;
use chatdeck_ipc::l10n::Language;
use leptos::prelude::*;

use super::ui::RoomUi;
use crate::i18n::{language, number, t};
use crate::store::TabStateStoreFields;

/// The strip under the room's header.
#[component]
pub fn HealthStrip() -> impl IntoView {
    let tab = expect_context::<RoomUi>().tab;
    let health = move || tab.health().try_get().flatten();
    let now_ms = ticking_clock();
    view! {
        // A labelled group, not a live region: its figures change every second, and a screen
        // reader would read each change out. Connection changes are announced by the badge.
        <div class="health-strip" data-testid="health-strip" role="group" aria-label=t!("room-health")>
            {move || match health() {
                None => view! { <span class="muted">{t!("room-health-measuring")}</span> }.into_any(),
                Some(health) => figures(health, now_ms).into_any(),
            }}
        </div>
    }
}

/// The time now, in milliseconds since the epoch, read again every second while the strip is
/// shown.
fn ticking_clock() -> Signal<f64> {
    let now_ms = RwSignal::new(js_sys::Date::now());
    if let Ok(ticker) = set_interval_with_handle(
        move || now_ms.set(js_sys::Date::now()),
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || ticker.clear());
    }
    now_ms.into()
}

fn figures(health: RoomHealth, now_ms: Signal<f64>) -> impl IntoView {
    let cap = health.rate_cap.max(1);
    let load = (health.messages_per_second / f64::from(cap)).clamp(0.0, 1.0);
    let level = if load >= 0.9 {
        "high"
    } else if load >= 0.6 {
        "busy"
    } else {
        "ok"
    };
    let rate = t!(
        "room-health-rate-value",
        rate = one_decimal(health.messages_per_second),
        cap = cap
    );
    let latency = match (health.latency_ms, health.latency_median_ms) {
        (Some(latest), Some(median)) if latest != median => t!(
            "room-health-latency-median",
            latest = latest,
            median = median
        ),
        (Some(latest), _) => t!("room-health-latency-value", latest = latest),
        (None, _) => "—".to_owned(),
    };
    let reconnects = health.reconnects;
    let expires_ms = health.session_expires_ms;
    // Recomputed every tick. The value (for tests and tools) changes every second, the text
    // once a minute: only the text is drawn.
    let session_left_s =
        Memo::new(move |_| expires_ms.map(|expires| seconds_left(expires, now_ms.get())));
    let session_text = Memo::new(move |_| {
        session_left_s
            .get()
            .map_or_else(|| "—".to_owned(), countdown_text)
    });
    view! {
        <span class="health-item" data-testid="health-rate" data-level=level
            data-value=health.messages_per_second.to_string() title=t!("room-health-rate-title")>
            <span class="health-label">{t!("room-health-rate")}</span>
            <span class="health-meter" aria-hidden="true"><span class="health-fill" style:width=format!("{:.0}%", load * 100.0)></span></span>
            <span class="health-value">{rate}</span>
        </span>
        <span class="health-item" data-testid="health-latency" data-value=health.latency_ms.map(|ms| ms.to_string()).unwrap_or_default()
            title=t!("room-health-latency-title")>
            <span class="health-label">{t!("room-health-latency")}</span>
            <span class="health-value">{latency}</span>
        </span>
        <span class="health-item" data-testid="health-reconnects" data-value=reconnects.to_string()
            title=t!("room-health-reconnects-title")>
            <span class="health-label">{t!("room-health-reconnects")}</span>
            <span class="health-value">{number(reconnects)}</span>
        </span>
        <span class="health-item" data-testid="health-session"
            data-value=move || session_left_s.get().map(|s| s.to_string()).unwrap_or_default()
            title=t!("room-health-session-title")>
            <span class="health-label">{t!("room-health-session")}</span>
            <span class="health-value">{session_text}</span>
            <span class="muted health-note">{t!("room-health-session-note")}</span>
        </span>
    }
}

/// `value` with one decimal, always shown (`0.0`, `12.5`; `12,5` in Portuguese): a rate
/// that keeps its width as it changes every second.
fn one_decimal(value: f64) -> String {
    let text = format!("{value:.1}");
    match language() {
        Language::English => text,
        Language::PortugueseBrazil => text.replace('.', ","),
    }
}

/// Whole seconds from `now_ms` until `expires_ms`; none left once it passed.
fn seconds_left(expires_ms: i64, now_ms: f64) -> u64 {
    ((expires_ms as f64 - now_ms) / 1000.0).floor().max(0.0) as u64
}

/// Hours and minutes left, the minutes rounded up: `(1, 2)` for an hour and a bit over a
/// minute, `(0, 1)` for the last minute.
fn countdown(seconds: u64) -> (u64, u64) {
    let minutes = seconds.div_ceil(60);
    (minutes / 60, minutes % 60)
}

/// The time left in words: `1 h 2 min`, `12 min`. Whole minutes, not seconds: the engine
/// renews the session before it ends, so there is nothing to time to the second, and a strip
/// that changes once a minute is not drawn again every second.
fn countdown_text(seconds: u64) -> String {
    match countdown(seconds) {
        (0, minutes) => t!("room-health-session-minutes", minutes = minutes),
        (hours, minutes) => t!(
            "room-health-session-hours",
            hours = hours,
            minutes = minutes
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{countdown, seconds_left};

    #[test]
    fn countdowns_round_up_to_whole_minutes() {
        let cases = [
            (0, (0, 0)),
            (5, (0, 1)),
            (60, (0, 1)),
            (754, (0, 13)),
            (3600, (1, 0)),
            (3723, (1, 3)),
        ];
        for (seconds, left) in cases {
            assert_eq!(countdown(seconds), left, "{seconds} s");
        }
    }

    #[test]
    fn the_session_left_is_whole_seconds_and_never_negative() {
        let expires = 1_800_000_090_000;
        let now = 1_800_000_000_000.0;
        assert_eq!(seconds_left(expires, now), 90);
        assert_eq!(seconds_left(expires, now + 500.0), 89);
        assert_eq!(seconds_left(expires, now + 95_000.0), 0);
    }
}
