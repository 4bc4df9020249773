//! The report: per scenario, each measure's median and spread over the runs for both
//! subscribers, side by side with the ratio SDK ÷ ivs-chat-client.

use serde_json::Value;

use crate::peer::Sample;
use crate::usage::Usage;

/// One subscriber's run.
pub struct PeerRun {
    pub name: &'static str,
    /// At the 5th second of the flood.
    pub mark: Sample,
    /// As the flood ended.
    pub end: Sample,
    /// What it reported after it finished.
    pub totals: Value,
}

/// One run of a scenario.
pub struct Run {
    pub confirmed: u64,
    pub failed: u64,
    pub peers: Vec<PeerRun>,
}

impl Run {
    /// Both subscribers received as many messages, with the same ids (the digests agree).
    pub fn same_messages(&self) -> bool {
        let seen = |peer: &PeerRun| {
            (
                peer.totals["received"].as_u64(),
                peer.totals["digest"].as_u64(),
            )
        };
        self.peers
            .windows(2)
            .all(|pair| seen(&pair[0]) == seen(&pair[1]))
    }
}

/// A scenario's runs.
pub struct Scenario {
    pub rooms: usize,
    pub senders: u64,
    pub seconds: u64,
    pub runs: Vec<Run>,
}

/// A measure: its name, its decimals and how it is read from a subscriber's run.
struct Measure {
    name: &'static str,
    decimals: usize,
    of: fn(&PeerRun) -> f64,
}

const MB: f64 = 1024.0;

const MEASURES: &[Measure] = &[
    Measure {
        name: "messages/s, 5th second → end",
        decimals: 1,
        of: |p| (p.end.received - p.mark.received) as f64 / (p.end.at - p.mark.at).as_secs_f64(),
    },
    Measure {
        name: "**CPU per message, 5th second → end (µs)**",
        decimals: 1,
        of: |p| steady_per_message(p, |usage| usage.cpu_seconds),
    },
    Measure {
        name: "… of which in user space (µs)",
        decimals: 1,
        of: |p| steady_per_message(p, |usage| usage.cpu_seconds - usage.system_seconds),
    },
    Measure {
        name: "… of which in the kernel (µs)",
        decimals: 1,
        of: |p| steady_per_message(p, |usage| usage.system_seconds),
    },
    Measure {
        name: "CPU-s per 100k messages, whole process (start-up included)",
        decimals: 2,
        of: |p| number(&p.totals, "cpuSeconds") * 1e5 / number(&p.totals, "received"),
    },
    Measure {
        name: "RSS at the 5th second (MB)",
        decimals: 1,
        of: |p| p.mark.usage.rss_kb as f64 / MB,
    },
    Measure {
        name: "RSS at the end (MB)",
        decimals: 1,
        of: |p| p.end.usage.rss_kb as f64 / MB,
    },
    Measure {
        name: "peak RSS (MB)",
        decimals: 1,
        of: |p| p.end.usage.peak_rss_kb as f64 / MB,
    },
    Measure {
        name: "send → confirm p50 (ms)",
        decimals: 2,
        of: |p| percentile(&latencies(&p.totals), 50.0),
    },
    Measure {
        name: "send → confirm p99 (ms)",
        decimals: 2,
        of: |p| percentile(&latencies(&p.totals), 99.0),
    },
    Measure {
        name: "failed probes",
        decimals: 0,
        of: |p| number(&p.totals, "probeFailures"),
    },
];

/// Microseconds of `seconds` (a reading of the process) per message received in the steady
/// state.
fn steady_per_message(p: &PeerRun, seconds: fn(&Usage) -> f64) -> f64 {
    (seconds(&p.end.usage) - seconds(&p.mark.usage)) * 1e6
        / (p.end.received - p.mark.received) as f64
}

fn number(value: &Value, key: &str) -> f64 {
    value[key].as_f64().unwrap_or(f64::NAN)
}

fn latencies(totals: &Value) -> Vec<f64> {
    totals["latenciesMs"]
        .as_array()
        .map(|list| list.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default()
}

fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Median, lowest and highest.
fn spread(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (low, high) = (sorted[0], sorted[sorted.len() - 1]);
    let middle = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    } else {
        sorted[middle]
    };
    (median, low, high)
}

/// The report of every scenario, in markdown.
pub fn markdown(scenarios: &[Scenario]) -> String {
    let mut out = String::from("# Client ingest: ivs-chat-client vs the official JS SDK\n\n");
    out.push_str(
        "Each subscriber in its own process, subscribed to the same ivs-chat-local rooms under \
         the same flood; CPU and memory read from `/proc` at the flood's 5th second and at its \
         end (steady state), and over the whole process (start-up included). Median (lowest–highest) \
         over the runs; ratios of the medians, above 1× where ivs-chat-client uses less.\n",
    );
    for scenario in scenarios {
        scenario_table(&mut out, scenario);
    }
    out
}

fn scenario_table(out: &mut String, scenario: &Scenario) {
    let Scenario {
        rooms,
        senders,
        seconds,
        runs,
    } = scenario;
    let names: Vec<&str> = runs[0].peers.iter().map(|p| p.name).collect();
    out.push_str(&format!(
        "\n## {rooms} room{} × {senders} senders at 10 messages/s, {seconds} s, {} run{}\n\n",
        if *rooms == 1 { "" } else { "s" },
        runs.len(),
        if runs.len() == 1 { "" } else { "s" },
    ));
    out.push_str(&format!(
        "| measure | {} | SDK ÷ client |\n",
        names.join(" | ")
    ));
    out.push_str(&format!("|---|{}---:|\n", "---:|".repeat(names.len())));
    for measure in MEASURES {
        let mut medians = Vec::new();
        let mut cells = Vec::new();
        for peer in 0..names.len() {
            let values: Vec<f64> = runs
                .iter()
                .map(|run| (measure.of)(&run.peers[peer]))
                .collect();
            let (median, low, high) = spread(&values);
            let d = measure.decimals;
            cells.push(format!("{median:.d$} ({low:.d$}–{high:.d$})"));
            medians.push(median);
        }
        let ratio = match medians.as_slice() {
            [client, sdk] => format!("{:.2}×", sdk / client),
            _ => String::new(),
        };
        out.push_str(&format!(
            "| {} | {} | {ratio} |\n",
            measure.name,
            cells.join(" | ")
        ));
    }
    let same = runs.iter().filter(|run| run.same_messages()).count();
    let received: Vec<String> = runs
        .iter()
        .map(|run| run.peers[0].totals["received"].to_string())
        .collect();
    let (confirmed, failed): (u64, u64) = runs
        .iter()
        .fold((0, 0), |(c, f), run| (c + run.confirmed, f + run.failed));
    out.push_str(&format!(
        "\nThe same messages on both sides (count and ids): **{}** in {same} of {} runs \
         ({} messages each); the flood's sends: {confirmed} confirmed, {failed} failed.\n",
        if same == runs.len() { "yes" } else { "NO" },
        runs.len(),
        received.join(", "),
    ));
}
