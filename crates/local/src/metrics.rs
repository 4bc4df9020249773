//! The user guide's CloudWatch metrics (namespace `AWS/IVSChat`, "Monitoramento do Chat do
//! Amazon IVS"), kept as counters and served as Prometheus text at `GET /metrics`.
//!
//! Metric names are the CloudWatch names unchanged; CloudWatch dimensions become labels:
//! `Action` → `action`, `Uri` → `uri`, `LoggingConfiguration` → `logging_configuration`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

use crate::quota::Quota;

/// The messaging actions counted by `Requests` and `Deliveries` (dimension `Action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// WebSocket SEND_MESSAGE.
    SendMessage,
    /// WebSocket DELETE_MESSAGE or REST DeleteMessage.
    DeleteMessage,
    /// WebSocket DISCONNECT_USER or REST DisconnectUser.
    DisconnectUser,
    /// REST SendEvent.
    SendEvent,
}

impl Action {
    const ALL: [Action; 4] = [
        Action::SendMessage,
        Action::DeleteMessage,
        Action::DisconnectUser,
        Action::SendEvent,
    ];

    fn label(self) -> &'static str {
        match self {
            Action::SendMessage => "SEND_MESSAGE",
            Action::DeleteMessage => "DELETE_MESSAGE",
            Action::DisconnectUser => "DISCONNECT_USER",
            Action::SendEvent => "SEND_EVENT",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Why a log destination failed (the three `LogDestination*` metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFailure {
    /// The destination refused the write (permissions).
    AccessDenied,
    /// The logging configuration or its destination no longer exists.
    ResourceNotFound,
    /// Any other failure; counted only in the aggregate `LogDestinationErrors`.
    Other,
}

/// Every counter of the service. Cheap to update from any task: atomics for the unlabelled
/// series, short std-`Mutex` sections (never across an `.await`) for the labelled ones.
#[derive(Debug, Default)]
pub struct Metrics {
    /// `ConcurrentChatConnections`: open WebSocket connections right now.
    concurrent_connections: AtomicI64,
    /// `MessagingRequests`: requests received on all connections.
    messaging_requests: AtomicU64,
    /// `MessagingDeliveries`: frames delivered to connections.
    messaging_deliveries: AtomicU64,
    /// `Requests` by action.
    requests: [AtomicU64; 4],
    /// `Deliveries` by action.
    deliveries: [AtomicU64; 4],
    /// `InvocationErrors` and `ResponseValidationErrors` by handler uri.
    review: Mutex<BTreeMap<String, ReviewErrors>>,
    /// `LogDestination*` by logging configuration ARN.
    log_destinations: Mutex<BTreeMap<String, LogErrors>>,
    /// `QuotaExceeded` by quota: requests and connections refused over an account quota (a
    /// series of this service's own; CloudWatch has none for it).
    quota_exceeded: [AtomicU64; Quota::ALL.len()],
}

#[derive(Debug, Default, Clone, Copy)]
struct ReviewErrors {
    invocation: u64,
    response_validation: u64,
}

/// A `LogDestination*` series: name, help text, and which count it shows.
type LogSeries = (&'static str, &'static str, fn(&LogErrors) -> u64);

#[derive(Debug, Default, Clone, Copy)]
struct LogErrors {
    all: u64,
    access_denied: u64,
    resource_not_found: u64,
}

impl Metrics {
    /// A connection opened.
    pub fn connection_opened(&self) {
        self.concurrent_connections.fetch_add(1, Ordering::Relaxed);
    }

    /// A connection closed.
    pub fn connection_closed(&self) {
        self.concurrent_connections.fetch_sub(1, Ordering::Relaxed);
    }

    /// Open connections right now.
    pub fn concurrent_connections(&self) -> i64 {
        self.concurrent_connections.load(Ordering::Relaxed)
    }

    /// A WebSocket frame from a client, of any kind, was received.
    pub fn messaging_request(&self) {
        self.messaging_requests.fetch_add(1, Ordering::Relaxed);
    }

    /// A request of `action` was accepted (WebSocket or REST).
    pub fn request(&self, action: Action) {
        self.requests[action.index()].fetch_add(1, Ordering::Relaxed);
    }

    /// `count` connections were handed the frame produced by `action`.
    pub fn delivered(&self, action: Action, count: u64) {
        self.messaging_deliveries
            .fetch_add(count, Ordering::Relaxed);
        self.deliveries[action.index()].fetch_add(count, Ordering::Relaxed);
    }

    /// The review handler at `uri` could not be invoked (error, timeout, no such function).
    pub fn invocation_error(&self, uri: &str) {
        self.with_review(uri, |errors| errors.invocation += 1);
    }

    /// The review handler at `uri` answered something that is not a valid response.
    pub fn response_validation_error(&self, uri: &str) {
        self.with_review(uri, |errors| errors.response_validation += 1);
    }

    /// Writing to the destination of logging configuration `arn` failed.
    pub fn log_destination_error(&self, arn: &str, failure: LogFailure) {
        let mut map = self
            .log_destinations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let errors = map.entry(arn.to_owned()).or_default();
        errors.all += 1;
        match failure {
            LogFailure::AccessDenied => errors.access_denied += 1,
            LogFailure::ResourceNotFound => errors.resource_not_found += 1,
            LogFailure::Other => {}
        }
    }

    /// A request or connection was refused over `quota`.
    pub fn quota_exceeded(&self, quota: Quota) {
        self.quota_exceeded[quota as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// Refusals over `quota` so far.
    pub fn quota_refusals(&self, quota: Quota) -> u64 {
        self.quota_exceeded[quota as usize].load(Ordering::Relaxed)
    }

    fn with_review(&self, uri: &str, update: impl FnOnce(&mut ReviewErrors)) {
        let mut map = self
            .review
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        update(map.entry(uri.to_owned()).or_default());
    }

    /// The Prometheus text exposition of every series.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let gauge = |out: &mut String, name: &str, help: &str, value: String| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}"
            );
        };
        gauge(
            &mut out,
            "ConcurrentChatConnections",
            "Open chat connections.",
            self.concurrent_connections().to_string(),
        );
        let counter = |out: &mut String, name: &str, help: &str| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
        };
        counter(
            &mut out,
            "MessagingRequests",
            "Messaging requests received on all connections.",
        );
        let _ = writeln!(
            out,
            "MessagingRequests {}",
            self.messaging_requests.load(Ordering::Relaxed)
        );
        counter(
            &mut out,
            "MessagingDeliveries",
            "Frames delivered to chat connections.",
        );
        let _ = writeln!(
            out,
            "MessagingDeliveries {}",
            self.messaging_deliveries.load(Ordering::Relaxed)
        );
        counter(&mut out, "Requests", "Accepted requests by action.");
        for action in Action::ALL {
            let value = self.requests[action.index()].load(Ordering::Relaxed);
            let _ = writeln!(out, "Requests{{action=\"{}\"}} {value}", action.label());
        }
        counter(
            &mut out,
            "Deliveries",
            "Deliveries by the action that produced them.",
        );
        for action in Action::ALL {
            let value = self.deliveries[action.index()].load(Ordering::Relaxed);
            let _ = writeln!(out, "Deliveries{{action=\"{}\"}} {value}", action.label());
        }
        let review = self
            .review
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        counter(
            &mut out,
            "InvocationErrors",
            "Review handler invocation failures by uri.",
        );
        for (uri, errors) in &review {
            let _ = writeln!(
                out,
                "InvocationErrors{{uri=\"{}\"}} {}",
                escape(uri),
                errors.invocation
            );
        }
        counter(
            &mut out,
            "ResponseValidationErrors",
            "Invalid review handler responses by uri.",
        );
        for (uri, errors) in &review {
            let _ = writeln!(
                out,
                "ResponseValidationErrors{{uri=\"{}\"}} {}",
                escape(uri),
                errors.response_validation
            );
        }
        let logs = self
            .log_destinations
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        let series: [LogSeries; 3] = [
            ("LogDestinationErrors", "All log destination errors.", |e| {
                e.all
            }),
            (
                "LogDestinationAccessDeniedError",
                "Access denied by a log destination.",
                |e| e.access_denied,
            ),
            (
                "LogDestinationResourceNotFoundErrors",
                "Log destination not found.",
                |e| e.resource_not_found,
            ),
        ];
        for (name, help, value) in series {
            counter(&mut out, name, help);
            for (arn, errors) in &logs {
                let _ = writeln!(
                    out,
                    "{name}{{logging_configuration=\"{}\"}} {}",
                    escape(arn),
                    value(errors)
                );
            }
        }
        counter(
            &mut out,
            "QuotaExceeded",
            "Requests and connections refused over an account quota, by quota.",
        );
        for quota in Quota::ALL {
            let _ = writeln!(
                out,
                "QuotaExceeded{{quota=\"{}\"}} {}",
                quota.name(),
                self.quota_refusals(quota)
            );
        }
        out
    }
}

/// Escapes a Prometheus label value.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_guide_metric_with_its_dimension() {
        let metrics = Metrics::default();
        metrics.connection_opened();
        metrics.messaging_request();
        metrics.request(Action::SendMessage);
        metrics.delivered(Action::SendMessage, 3);
        metrics.invocation_error("arn:aws:lambda:us-west-2:123456789012:function:review");
        metrics.response_validation_error("http://127.0.0.1:1/\"x\"");
        metrics.log_destination_error("arn:l", LogFailure::ResourceNotFound);
        metrics.quota_exceeded(Quota::SendMessageRate);
        let text = metrics.render();
        for line in [
            "ConcurrentChatConnections 1",
            "MessagingRequests 1",
            "MessagingDeliveries 3",
            "Requests{action=\"SEND_MESSAGE\"} 1",
            "Deliveries{action=\"SEND_MESSAGE\"} 3",
            "Deliveries{action=\"DELETE_MESSAGE\"} 0",
            "InvocationErrors{uri=\"arn:aws:lambda:us-west-2:123456789012:function:review\"} 1",
            "ResponseValidationErrors{uri=\"http://127.0.0.1:1/\\\"x\\\"\"} 1",
            "LogDestinationErrors{logging_configuration=\"arn:l\"} 1",
            "LogDestinationResourceNotFoundErrors{logging_configuration=\"arn:l\"} 1",
            "LogDestinationAccessDeniedError{logging_configuration=\"arn:l\"} 0",
            "QuotaExceeded{quota=\"send-message-rate\"} 1",
            "QuotaExceeded{quota=\"rooms\"} 0",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in\n{text}"
            );
        }
    }
}
