//! The markdown report of a reliability run: one table row per scenario of the list (one
//! that could not run or did not finish is a failed row, not a missing one), then the soak
//! and its reconciliation with the service's own chat logs.

use std::fmt::Write;

use crate::Outcome;
use crate::memory::mib;
use crate::soak::SoakReport;

/// Escapes a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The report: the scenario table, and the soak's figures when it ran. `outcomes` holds one
/// entry per scenario that was to run, in the list's order.
pub fn markdown(outcomes: &[Outcome], soak: Option<&SoakReport>) -> String {
    let mut text = String::from("# Reliability report\n\n");
    if !outcomes.is_empty() {
        scenarios(&mut text, outcomes);
    }
    if let Some(soak) = soak {
        soak_section(&mut text, soak);
    }
    text
}

fn scenarios(text: &mut String, outcomes: &[Outcome]) {
    let passed = outcomes.iter().filter(|outcome| outcome.passed()).count();
    let _ = writeln!(
        text,
        "{passed} of {} fault scenarios passed every rule (every send accounted for, nothing lost, nothing duplicated, nothing pending, the right final state, the reason said in words); a scenario that could not run or did not finish counts as failed.\n",
        outcomes.len()
    );
    text.push_str(
        "Sends: every one the harness attempted, by what became of it (sent = confirmed + failed + delivery unknown + pending). Duplicated: what the clients showed (after their deduplication) / the raw MESSAGE frames their taps saw on the wire (before it; a rotation's two sockets both carry the frames of their overlap).\n\n",
    );
    text.push_str("| fault | expected | what happened | sent | confirmed | failed (why) | delivery unknown | lost | duplicated shown / wire | time to recover |\n");
    text.push_str("|---|---|---|---:|---:|---|---:|---:|---:|---:|\n");
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
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} / {} | {} |",
            cell(&outcome.fault),
            cell(&outcome.expected),
            cell(&happened),
            outcome.sends.sent,
            outcome.sends.confirmed,
            cell(&outcome.sends.failed_in_words()),
            outcome.sends.delivery_unknown,
            outcome.lost,
            outcome.duplicated,
            outcome.wire.duplicated,
            recover
        );
    }
}

fn soak_section(text: &mut String, soak: &SoakReport) {
    let settings = soak.settings;
    let _ = writeln!(
        text,
        "\n## Soak\n\n{} s, {} rooms (an observer and two flaky clients each), {} message/s per client, session minute {} s (tokens rotate before every session ends), a random own disconnect every ~{} s per flaky client, proxy cuts every {} s. Every room logs to one CloudWatch Logs logging configuration; each client has a tap in front of it.\n",
        settings.duration.as_secs(),
        settings.rooms,
        settings.rate,
        settings.minute.as_secs(),
        settings.disconnect_every.as_secs(),
        settings.cut_every.as_secs()
    );
    let sends = &soak.sends;
    text.push_str("### Every send the harness attempted\n\n| | count |\n|---|---:|\n");
    let rows = [
        ("sent (attempted)", sends.sent.to_string()),
        ("confirmed", sends.confirmed.to_string()),
        ("failed, and why", sends.failed_in_words()),
        ("delivery unknown", sends.delivery_unknown.to_string()),
        ("pending at the end", sends.pending.to_string()),
        (
            "adds up (confirmed + failed + unknown + pending = sent)",
            if sends.adds_up() { "yes" } else { "**NO**" }.to_owned(),
        ),
    ];
    for (name, value) in rows {
        let _ = writeln!(text, "| {name} | {value} |");
    }
    let truth = &soak.ground_truth;
    let _ = write!(
        text,
        "\n### Reconciled with the service's chat logs\n\nA logged MESSAGE is owed to a receiver whose socket was open (its 101 seen by its tap) before the record's `event_timestamp` and for {:.1} s after it (at least a second, and twice the slowest delivery seen in the run).\n\n| | count |\n|---|---:|\n",
        truth.grace_micros as f64 / 1e6
    );
    let rows = [
        (
            "MESSAGE records in the service's logs",
            truth.logged.to_string(),
        ),
        (
            "deliveries owed (logged message × receiver connected at its time)",
            truth.owed.to_string(),
        ),
        ("owed and shown exactly once", truth.shown_once.to_string()),
        ("owed and never shown (lost)", truth.missed.to_string()),
        (
            "… of which never on the receiver's wire",
            truth.missed_on_wire.to_string(),
        ),
        ("confirmed sends", truth.confirmed.to_string()),
        (
            "confirmed sends not in the log (lost)",
            truth.confirmed_not_logged.to_string(),
        ),
        (
            "shown but not in the log",
            truth.absent_from_log.to_string(),
        ),
        ("texts logged twice", truth.logged_twice.to_string()),
        (
            "delivery-unknown sends found in the log (delivered after all)",
            format!("{} of {}", truth.unknown_logged, truth.unknown),
        ),
        (
            "MESSAGE frames on the wire (all receivers)",
            truth.wire.frames.to_string(),
        ),
        (
            "duplicates on the wire, before the clients' deduplication",
            truth.wire.duplicated.to_string(),
        ),
        (
            "duplicates on one socket (the service sending a frame twice)",
            truth.wire.same_socket.to_string(),
        ),
        (
            "duplicates shown, after the clients' deduplication",
            truth.shown_twice.to_string(),
        ),
        ("lost", soak.lost.to_string()),
        ("duplicated", soak.duplicated.to_string()),
    ];
    for (name, value) in rows {
        let _ = writeln!(text, "| {name} | {value} |");
    }
    text.push_str("\n### Traffic and memory\n\n| | value |\n|---|---:|\n");
    let rows = [
        ("messages shown (all clients)", soak.received.to_string()),
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
        text.push_str(
            "\nThe soak passed: every send accounted for, nothing lost or duplicated by the service's own logs, nothing pending, memory flat.\n",
        );
    } else {
        for problem in &soak.problems {
            let _ = writeln!(text, "\n**PROBLEM:** {problem}");
        }
    }
}
