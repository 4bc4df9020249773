//! The markdown report of a reliability run: one table row per scenario, then the soak.

use std::fmt::Write;

use crate::Outcome;
use crate::memory::mib;
use crate::soak::SoakReport;

/// Escapes a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report: the scenario table, and the soak's figures when it ran.
pub fn markdown(outcomes: &[Outcome], soak: Option<&SoakReport>) -> String {
    let mut text = String::from("# Reliability report\n\n");
    let passed = outcomes.iter().filter(|outcome| outcome.passed()).count();
    let _ = writeln!(
        text,
        "{passed} of {} fault scenarios passed every rule (nothing lost, nothing duplicated, nothing pending, the right final state, the reason said in words).\n",
        outcomes.len()
    );
    text.push_str("| fault | expected | what happened | lost | duplicated | time to recover |\n");
    text.push_str("|---|---|---|---:|---:|---:|\n");
    for outcome in outcomes {
        let mut happened = outcome.happened.clone();
        if outcome.pending > 0 {
            let _ = write!(happened, "; {} pending", outcome.pending);
        }
        for problem in &outcome.problems {
            let _ = write!(happened, "; **PROBLEM:** {problem}");
        }
        let recover = outcome.time_to_recover.map_or("—".to_owned(), |time| {
            format!("{:.2} s", time.as_secs_f64())
        });
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&outcome.fault),
            cell(&outcome.expected),
            cell(&happened),
            outcome.lost,
            outcome.duplicated,
            recover
        );
    }
    if let Some(soak) = soak {
        let settings = soak.settings;
        let _ = writeln!(
            text,
            "\n## Soak\n\n{} s, {} rooms (an observer and two flaky clients each), {} message/s per client, session minute {} s (tokens rotate before every session ends), a random own disconnect every ~{} s per flaky client, proxy cuts every {} s.\n",
            settings.duration.as_secs(),
            settings.rooms,
            settings.rate,
            settings.minute.as_secs(),
            settings.disconnect_every.as_secs(),
            settings.cut_every.as_secs()
        );
        text.push_str("| | value |\n|---|---:|\n");
        let rows = [
            ("messages confirmed", soak.confirmed.to_string()),
            ("messages received (all clients)", soak.received.to_string()),
            ("lost", soak.lost.to_string()),
            ("duplicated", soak.duplicated.to_string()),
            ("pending at the end", soak.pending.to_string()),
            ("failed, delivery unknown", soak.failed_unknown.to_string()),
            (
                "failed, not sent (disconnected)",
                soak.failed_definite.to_string(),
            ),
            (
                "sessions opened (connects, reconnects, rotations)",
                soak.sessions.to_string(),
            ),
            ("disconnects caused", soak.disconnects.to_string()),
        ];
        for (name, value) in rows {
            let _ = writeln!(text, "| {name} | {value} |");
        }
        text.push_str("\n| memory (RSS) | start | end | steady early | steady late | growth |\n|---|---:|---:|---:|---:|---:|\n");
        for (who, growth) in [
            ("client (this process)", soak.client),
            ("server (ivs-chat-local)", soak.server),
        ] {
            match growth {
                Some(growth) => {
                    let _ = writeln!(
                        text,
                        "| {who} | {} | {} | {} | {} | {:+.1} MiB |",
                        mib(growth.start),
                        mib(growth.end),
                        mib(growth.early),
                        mib(growth.late),
                        growth.steady_growth() as f64 / (1024.0 * 1024.0)
                    );
                }
                None => {
                    let _ = writeln!(text, "| {who} | — | — | — | — | — |");
                }
            }
        }
        if soak.problems.is_empty() {
            text.push_str("\nThe soak passed: nothing lost, duplicated or pending, memory flat.\n");
        } else {
            for problem in &soak.problems {
                let _ = writeln!(text, "\n**PROBLEM:** {problem}");
            }
        }
    }
    text
}
