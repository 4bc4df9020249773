//! The start-up the UI load benchmark reports: how long a launch takes to show the UI, timed
//! from the app process's start, and what the app costs once its rooms are quiet.

use std::time::{Duration, Instant};

use crate::samples::{self, Sample};
use crate::support::processes::{descendants, started_epoch_ms};
use crate::support::webdriver::wait_js;
use crate::support::window::Window;
use crate::{TICKS_PER_SECOND, app_home, create_rooms};

/// Starts the app on `home` and waits for its UI with its `tabs` tabs: the window, and how
/// long the start-up took.
pub async fn launch(home: tempfile::TempDir, tabs: usize) -> (Window, Startup) {
    let launched = Instant::now();
    let window = Window::open_with_home(home).await;
    let browser = &window.client;
    wait_js(browser, "const app = document.querySelector('[data-testid=app]'); return app && app.dataset.ready === 'true' && document.querySelectorAll('[data-testid=tab]').length;", |n| n.as_u64() == Some(tabs as u64)).await;
    let driver_ready = launched.elapsed();
    let page = browser
        .execute("const paint = performance.getEntriesByType('paint').find(e => e.name === 'first-contentful-paint'); const ready = performance.getEntriesByName('chatdeck-ready')[0]; return [performance.timeOrigin, paint ? paint.startTime : null, ready ? ready.startTime : null];", vec![])
        .await
        .ok();
    let page = |index: usize| {
        page.as_ref()
            .and_then(|page| page.get(index))
            .and_then(serde_json::Value::as_f64)
    };
    let app_started = descendants(window.driver_pid())
        .into_iter()
        .find(|(_, name)| name.starts_with("chatdeck"))
        .and_then(|(pid, _)| started_epoch_ms(pid));
    // Page times count from `timeOrigin`; the app's start is on the same (epoch) clock.
    let since_app_start = |index: usize| {
        let (origin, at, started) = (page(0)?, page(index)?, app_started?);
        Some(Duration::from_secs_f64(
            ((origin + at - started) / 1000.0).max(0.0),
        ))
    };
    let startup = Startup {
        first_paint: since_app_start(1),
        ready: since_app_start(2),
        paint_from_navigation: page(1),
        driver_ready,
    };
    (window, startup)
}

/// How long a launch took to show the UI.
#[derive(Debug, Clone, Copy)]
pub struct Startup {
    /// From the app process's start (as the kernel records it, to 10 ms) to the page's first
    /// contentful paint.
    first_paint: Option<Duration>,
    /// From the app process's start to the UI ready with its tabs (the app's
    /// `chatdeck-ready` User Timing mark).
    ready: Option<Duration>,
    /// The first contentful paint from the page's navigation, ms.
    paint_from_navigation: Option<f64>,
    /// From asking tauri-driver for a session to its poll seeing the UI ready with its tabs:
    /// includes starting the drivers and the polling.
    driver_ready: Duration,
}

impl Startup {
    pub fn text(self) -> String {
        Self::summary(&[self])
    }

    /// The launches' figures: each one's median and range when there are several.
    fn summary(launches: &[Startup]) -> String {
        let seconds = |of: fn(&Startup) -> Option<Duration>| {
            figure(
                launches.iter().filter_map(of).map(|at| at.as_secs_f64()),
                |s| format!("{s:.2} s"),
            )
        };
        format!(
            "from the app process's start: first contentful paint {}, UI ready with its tabs {} \
             (first paint {} after the page's navigation; tauri-driver saw the UI ready {} \
             after it was asked for a session)",
            seconds(|launch| launch.first_paint),
            seconds(|launch| launch.ready),
            figure(
                launches
                    .iter()
                    .filter_map(|launch| launch.paint_from_navigation),
                |ms| format!("{ms:.0} ms")
            ),
            seconds(|launch| Some(launch.driver_ready)),
        )
    }
}

/// One figure over the launches: "0.95 s", or over several their median (of an even count
/// the upper middle, a figure one launch measured) and range, "0.95 s (0.90–1.02 s)".
fn figure(values: impl Iterator<Item = f64>, unit: fn(f64) -> String) -> String {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    match values.as_slice() {
        [] => "n/a".to_owned(),
        [only] => unit(*only),
        [least, .., most] => format!(
            "{} ({}–{})",
            unit(values[values.len() / 2]),
            unit(*least),
            unit(*most)
        ),
    }
}

/// Tabs restored in the start-up measure.
const STARTUP_TABS: usize = 20;

/// How long the app is left alone after start-up before it is measured idle.
const IDLE_SETTLE: Duration = Duration::from_secs(5);
/// How long the idle app is measured.
const IDLE_MEASURE: Duration = Duration::from_secs(20);

/// Launches the start-up is measured over: the report gives their median and range.
const STARTUP_LAUNCHES: usize = 3;

/// The start-up with [`STARTUP_TABS`] tabs restored and no traffic, over [`STARTUP_LAUNCHES`]
/// launches (each on a home of its own), and then what the last one costs while its rooms
/// stay quiet, as a line of the report.
pub async fn startup(service: &ivs_chat_local::Service) -> String {
    let rooms = create_rooms(service, "startup", &[(10, STARTUP_TABS)]).await;
    let mut launches = Vec::with_capacity(STARTUP_LAUNCHES);
    let mut window = None;
    for _ in 0..STARTUP_LAUNCHES {
        if let Some(previous) = window.take() {
            Window::close(previous).await;
        }
        let (launched, startup) = launch(app_home(service, &rooms, "cozy"), rooms.len()).await;
        launches.push(startup);
        window = Some(launched);
    }
    let window = window.expect("at least one launch");
    let root = window.driver_pid();
    tokio::time::sleep(IDLE_SETTLE).await;
    let counters = || Sample {
        processes: samples::processes(root),
        ..Sample::default()
    };
    let before = counters();
    tokio::time::sleep(IDLE_MEASURE).await;
    let after = counters();
    window.close().await;
    let share = |prefix: &str| {
        let ticks = after
            .cpu_ticks(prefix)
            .saturating_sub(before.cpu_ticks(prefix));
        100.0 * ticks as f64 / TICKS_PER_SECOND / IDLE_MEASURE.as_secs_f64()
    };
    format!(
        "Start-up with {STARTUP_TABS} tabs restored (no traffic), median (range) of \
         {STARTUP_LAUNCHES} launches, {}. Then idle for {idle:.0?}: app process {app:.2}% of a \
         core, web process {web:.2}%.\n",
        Startup::summary(&launches),
        idle = IDLE_MEASURE,
        app = share("chatdeck"),
        web = share("WebKitWebProces"),
    )
}
