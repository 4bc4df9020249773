//! The markdown report: the held run side by side, then the capacity steps of each server
//! (medians over the runs) and each server's capacity as median and spread.

use std::fmt::Write as _;
use std::time::Duration;

use crate::capacity::{self, Plan, Run};
use crate::held::{self, Held};
use crate::server::Kind;

/// What the report is made of.
pub struct Context<'a> {
    /// CPU cores of the machine.
    pub cores: usize,
    /// `/proc/loadavg` before and after the run (the machine is shared).
    pub load_before: String,
    /// See `load_before`.
    pub load_after: String,
    /// The file-descriptor limit in force.
    pub limit: u64,
    /// Why the held run holds fewer than wanted, if it does.
    pub limit_note: Option<String>,
    /// Connections the held run was asked to hold.
    pub wanted: usize,
    /// The capacity plan.
    pub plan: &'a Plan,
    /// The held run of each server.
    pub held: &'a [(Kind, Held)],
    /// Every capacity run, in the order made.
    pub capacity: &'a [(Kind, Run)],
}

fn ratio(a: f64, b: f64) -> String {
    if b == 0.0 {
        "n/a".to_owned()
    } else {
        format!("{:.2}×", a / b)
    }
}

fn ms(micros: u64) -> f64 {
    micros as f64 / 1000.0
}

fn ms_of(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// The median and the spread (lowest–highest) of `values`.
fn median_spread(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let median = values.get(values.len() / 2).copied().unwrap_or(0.0);
    let low = values.first().copied().unwrap_or(0.0);
    let high = values.last().copied().unwrap_or(0.0);
    (median, low, high)
}

/// Builds the report.
pub fn markdown(context: &Context<'_>) -> String {
    let mut text =
        String::from("# Fan-out: ivs-chat-local vs a plain Node `ws` broadcast server\n\n");
    let _ = writeln!(
        text,
        "Both servers run as child processes on this {}-core machine, which is shared: the load average was {} before the run and {} after it. The load generator (raw WebSocket clients from several 127.x source addresses: the bench process for the capacity runs; for the held run, worker processes of 10,000 connections each and the bench process for the sender) shares the cores. File-descriptor limit: {} per process. Ratios are ivs-chat-local / node.\n",
        context.cores, context.load_before, context.load_after, context.limit
    );
    held(&mut text, context);
    capacity_section(&mut text, context);
    text
}

fn descriptors(held: &Held) -> String {
    held.descriptors.map_or("—".to_owned(), |descriptors| {
        format!("{} / {}", descriptors.open, descriptors.limit)
    })
}

/// A row of the held table: its name, how to read the figure from a run, its decimals.
type HeldRow = (String, fn(&Held) -> f64, usize);

/// One measure of the held runs of one server: median (lowest–highest), with `decimals`;
/// `—` when no run has it (a zero: a count the run never reached).
fn held_figure(runs: &[&Held], read: fn(&Held) -> f64, decimals: usize) -> (f64, String) {
    let mut values: Vec<f64> = runs
        .iter()
        .map(|run| read(run))
        .filter(|v| *v > 0.0)
        .collect();
    if values.is_empty() {
        return (0.0, "—".to_owned());
    }
    let (median, low, high) = median_spread(&mut values);
    let text = if values.len() == 1 {
        format!("{median:.decimals$}")
    } else {
        format!("{median:.decimals$} ({low:.decimals$}–{high:.decimals$})")
    };
    (median, text)
}

fn held(text: &mut String, context: &Context<'_>) {
    let runs = |kind: Kind| -> Vec<&Held> {
        context
            .held
            .iter()
            .filter(|(of, _)| *of == kind)
            .map(|(_, run)| run)
            .collect()
    };
    let (local, node) = (runs(Kind::Local), runs(Kind::Node));
    let (Some(first), Some(node_first)) = (local.first(), node.first()) else {
        return;
    };
    let _ = writeln!(
        text,
        "## Held connections\n\n{} connections in one room of each server process (asked for: {}), opened from {} load-generating processes, then one message a second for 10 s to all of them. {} runs per server, alternating; medians, with the spread (lowest–highest) over the runs.\n",
        first.connections,
        context.wanted,
        first.processes,
        local.len()
    );
    if let Some(note) = &context.limit_note {
        let _ = writeln!(text, "**Note:** {note}.\n");
    }
    text.push_str("| measure | ivs-chat-local | node ws | ratio |\n|---|---:|---:|---:|\n");
    let rows: [HeldRow; 9] = [
        (
            format!(
                "server RSS per idle connection at {}, KiB",
                held::CHECKPOINT
            ),
            |run| run.rss_at_checkpoint / 1024.0,
            2,
        ),
        (
            format!(
                "server RSS per idle connection at {}, KiB",
                first.connections
            ),
            |run| run.rss_idle / 1024.0,
            2,
        ),
        (
            "server RSS per connection after the messages, KiB".to_owned(),
            |run| run.rss_after_traffic / 1024.0,
            2,
        ),
        (
            "time to open them all (tokens included), s".to_owned(),
            |run| run.connect_time.as_secs_f64(),
            1,
        ),
        (
            "deliveries made, % of those owed".to_owned(),
            |run| run.delivered as f64 * 100.0 / run.expected.max(1) as f64,
            2,
        ),
        (
            "deliveries per second (average, first send to last delivery)".to_owned(),
            |run| run.deliveries_per_second,
            0,
        ),
        ("p50 delivery latency, ms".to_owned(), |run| ms(run.p50), 1),
        (
            "p99 delivery latency, ms (a message's fan-out to everyone)".to_owned(),
            |run| ms(run.p99),
            1,
        ),
        (
            "server CPU per 1,000 deliveries, ms".to_owned(),
            |run| ms_of(run.cpu_per_1000),
            2,
        ),
    ];
    for (name, read, decimals) in rows {
        let (a, a_text) = held_figure(&local, read, decimals);
        let (b, b_text) = held_figure(&node, read, decimals);
        let _ = writeln!(text, "| {name} | {a_text} | {b_text} | {} |", ratio(a, b));
    }
    let counts = |runs: &[&Held]| {
        runs.iter()
            .map(|run| format!("{} / {}", run.delivered, run.expected))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(
        text,
        "| deliveries made / owed, each run | {} | {} | |",
        counts(&local),
        counts(&node)
    );
    let _ = writeln!(
        text,
        "| server descriptors open with all of them / its limit | {} | {} | |",
        descriptors(first),
        descriptors(node_first)
    );
    text.push('\n');
}

fn capacity_section(text: &mut String, context: &Context<'_>) {
    let plan = context.plan;
    let runs = |kind: Kind| -> Vec<&Run> {
        context
            .capacity
            .iter()
            .filter(|(of, _)| *of == kind)
            .map(|(_, run)| run)
            .collect()
    };
    let (local, node) = (runs(Kind::Local), runs(Kind::Node));
    if local.is_empty() || node.is_empty() {
        return;
    }
    let _ = writeln!(
        text,
        "## Capacity\n\nThe offered load raised step by step until the p99 of delivery latency passes {} ms or deliveries go missing: rooms of {} connections with {} senders each; a room takes at most 100 messages a second (100,000 deliveries a second), so higher steps add rooms. Each step: 1 s of warm-up, {} s measured. {} runs per server, alternating; the capacity is the most deliveries a second a run achieved within the limit. Medians, with the spread (lowest–highest) over the runs.\n",
        plan.p99_limit.as_millis(),
        capacity::ROOM_SIZE,
        capacity::SENDERS,
        plan.measure.as_secs(),
        local.len()
    );
    let capacity = |runs: &[&Run]| {
        let mut values: Vec<f64> = runs.iter().map(|run| run.capacity(plan)).collect();
        median_spread(&mut values)
    };
    let (local_capacity, local_low, local_high) = capacity(&local);
    let (node_capacity, node_low, node_high) = capacity(&node);
    text.push_str("| | ivs-chat-local | node ws | ratio |\n|---|---:|---:|---:|\n");
    let _ = writeln!(
        text,
        "| capacity, deliveries per second | {local_capacity:.0} ({local_low:.0}–{local_high:.0}) | {node_capacity:.0} ({node_low:.0}–{node_high:.0}) | {} |",
        ratio(local_capacity, node_capacity)
    );
    // Today's load: 1,000 connections, 100 messages a second (the 100,000 step).
    let at = |runs: &[&Run], offered: u64, read: fn(&capacity::Step) -> f64| {
        let mut values: Vec<f64> = runs
            .iter()
            .filter_map(|run| run.steps.iter().find(|step| step.offered == offered))
            .map(read)
            .collect();
        (!values.is_empty()).then(|| median_spread(&mut values))
    };
    let p99 = |step: &capacity::Step| ms(step.p99);
    if let (Some((a, al, ah)), Some((b, bl, bh))) =
        (at(&local, 100_000, p99), at(&node, 100_000, p99))
    {
        let _ = writeln!(
            text,
            "| p99 at 1,000 connections and 100 messages a second, ms | {a:.1} ({al:.1}–{ah:.1}) | {b:.1} ({bl:.1}–{bh:.1}) | {} |",
            ratio(a, b)
        );
    }
    text.push('\n');
    for (kind, runs) in [(Kind::Local, &local), (Kind::Node, &node)] {
        let _ = writeln!(
            text,
            "### {} by step (medians over the runs that reached the step)\n\n| offered /s | rooms | runs | achieved /s | delivered | p50 ms | p99 ms | CPU per 1,000 deliveries, ms | CPU % of a core | refused |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            kind.name()
        );
        for &offered in &plan.steps {
            let steps: Vec<&capacity::Step> = runs
                .iter()
                .filter_map(|run| run.steps.iter().find(|step| step.offered == offered))
                .collect();
            let Some(first) = steps.first() else {
                continue;
            };
            let median = |read: fn(&capacity::Step) -> f64| {
                let mut values: Vec<f64> = steps.iter().map(|step| read(step)).collect();
                median_spread(&mut values).0
            };
            let _ = writeln!(
                text,
                "| {offered} | {} | {} | {:.0} | {:.1} % | {:.1} | {:.1} | {:.2} | {:.0} | {:.0} |",
                first.rooms,
                steps.len(),
                median(|step| step.achieved),
                median(|step| step.delivered_fraction * 100.0),
                median(|step| ms(step.p50)),
                median(|step| ms(step.p99)),
                median(|step| ms_of(step.cpu_per_1000)),
                median(|step| step.cpu_percent),
                median(|step| step.refused as f64),
            );
        }
        text.push('\n');
    }
}
