//! The account's quotas (user guide, "Service Quotas do Chat do IVS", "Outras cotas"):
//! rooms, logging configurations, concurrent chat connections, and the request rates across
//! all rooms of SendMessage (WebSocket), DeleteMessage and DisconnectUser (REST API and
//! WebSocket together, as the guide says: "As solicitações podem vir da API do Amazon IVS Chat
//! ou da API do Amazon IVS Chat Messaging (WebSocket)").
//!
//! Enforced by default with the guide's numbers ([`Quotas::default`]); each can be changed or
//! lifted (`--quota NAME=N`, `--quota NAME=off`, `--no-quotas` for load tests). The per-room
//! message rate (`maximumMessageRatePerSecond`) and the 10 requests per second of one
//! connection are not account quotas: they stay whatever this says.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use tokio::time::Instant;

use crate::rate::TokenBucket;

/// The account's limits; `None` lifts one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// Chat rooms per account and region: 50,000 (CreateRoom over it: 402).
    pub rooms: Option<u32>,
    /// Logging configurations per account and region: 10 (402).
    pub logging_configurations: Option<u32>,
    /// Concurrent chat connections across all rooms: 50,000 (the handshake over it: 429).
    pub concurrent_connections: Option<u32>,
    /// SendMessage requests per second across all rooms: 1,000 (ERROR 429).
    pub send_message_rate: Option<u32>,
    /// DeleteMessage requests per second across all rooms, REST and WebSocket: 100.
    pub delete_message_rate: Option<u32>,
    /// DisconnectUser requests per second across all rooms, REST and WebSocket: 100.
    pub disconnect_user_rate: Option<u32>,
}

/// One quota, by the name `--quota` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quota {
    /// `rooms`.
    Rooms,
    /// `logging-configurations`.
    LoggingConfigurations,
    /// `concurrent-connections`.
    ConcurrentConnections,
    /// `send-message-rate`.
    SendMessageRate,
    /// `delete-message-rate`.
    DeleteMessageRate,
    /// `disconnect-user-rate`.
    DisconnectUserRate,
}

impl Quota {
    /// Every quota.
    pub const ALL: [Quota; 6] = [
        Quota::Rooms,
        Quota::LoggingConfigurations,
        Quota::ConcurrentConnections,
        Quota::SendMessageRate,
        Quota::DeleteMessageRate,
        Quota::DisconnectUserRate,
    ];

    /// The name `--quota` takes and the `quota` label of `QuotaExceeded`.
    pub fn name(self) -> &'static str {
        match self {
            Quota::Rooms => "rooms",
            Quota::LoggingConfigurations => "logging-configurations",
            Quota::ConcurrentConnections => "concurrent-connections",
            Quota::SendMessageRate => "send-message-rate",
            Quota::DeleteMessageRate => "delete-message-rate",
            Quota::DisconnectUserRate => "disconnect-user-rate",
        }
    }

    /// The quota called `name`.
    pub fn parse(name: &str) -> Option<Quota> {
        Self::ALL.into_iter().find(|quota| quota.name() == name)
    }
}

impl Default for Quotas {
    /// The guide's defaults.
    fn default() -> Self {
        Self {
            rooms: Some(50_000),
            logging_configurations: Some(10),
            concurrent_connections: Some(50_000),
            send_message_rate: Some(1_000),
            delete_message_rate: Some(100),
            disconnect_user_rate: Some(100),
        }
    }
}

/// Why a `--quota` setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuotaSettingError {
    /// Not `NAME=N` or `NAME=off`.
    #[error("a quota is NAME=N or NAME=off, got {0:?}")]
    Shape(String),
    /// No quota has that name.
    #[error("no quota is called {0:?}; the quotas are {names}", names = Quota::ALL.map(Quota::name).join(", "))]
    Unknown(String),
}

impl Quotas {
    /// Every quota lifted: for load tests that go past an account's limits on purpose.
    pub fn none() -> Self {
        Self {
            rooms: None,
            logging_configurations: None,
            concurrent_connections: None,
            send_message_rate: None,
            delete_message_rate: None,
            disconnect_user_rate: None,
        }
    }

    /// The limit of `quota`.
    pub fn get(&self, quota: Quota) -> Option<u32> {
        *self.slot(quota)
    }

    fn slot(&self, quota: Quota) -> &Option<u32> {
        match quota {
            Quota::Rooms => &self.rooms,
            Quota::LoggingConfigurations => &self.logging_configurations,
            Quota::ConcurrentConnections => &self.concurrent_connections,
            Quota::SendMessageRate => &self.send_message_rate,
            Quota::DeleteMessageRate => &self.delete_message_rate,
            Quota::DisconnectUserRate => &self.disconnect_user_rate,
        }
    }

    /// Sets one quota from `NAME=N` (a limit) or `NAME=off` (lifted).
    pub fn apply(&mut self, setting: &str) -> Result<(), QuotaSettingError> {
        let shape = || QuotaSettingError::Shape(setting.to_owned());
        let (name, value) = setting.split_once('=').ok_or_else(shape)?;
        let quota =
            Quota::parse(name.trim()).ok_or_else(|| QuotaSettingError::Unknown(name.to_owned()))?;
        let value = match value.trim() {
            "off" => None,
            number => Some(number.parse::<u32>().map_err(|_| shape())?),
        };
        let slot = match quota {
            Quota::Rooms => &mut self.rooms,
            Quota::LoggingConfigurations => &mut self.logging_configurations,
            Quota::ConcurrentConnections => &mut self.concurrent_connections,
            Quota::SendMessageRate => &mut self.send_message_rate,
            Quota::DeleteMessageRate => &mut self.delete_message_rate,
            Quota::DisconnectUserRate => &mut self.disconnect_user_rate,
        };
        *slot = value;
        Ok(())
    }
}

/// The account's quotas at run time: the open connections and the three account-wide rate
/// buckets, shared by the REST API and the WebSocket.
#[derive(Debug)]
pub(crate) struct AccountQuotas {
    limits: Quotas,
    /// Connections holding a slot now; an `Arc` so that each slot can give its place back
    /// when the connection ends, wherever that happens.
    connections: Arc<AtomicU32>,
    /// One bucket per enforced rate; each a std `Mutex`, held for one take.
    send_message: Option<Mutex<TokenBucket>>,
    delete_message: Option<Mutex<TokenBucket>>,
    disconnect_user: Option<Mutex<TokenBucket>>,
}

/// A connection's place under `concurrent-connections`, given back when dropped.
#[derive(Debug)]
pub(crate) struct ConnectionSlot(Arc<AtomicU32>);

impl Drop for ConnectionSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The account-wide request rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rate {
    /// SendMessage, WebSocket.
    SendMessage,
    /// DeleteMessage, REST and WebSocket.
    DeleteMessage,
    /// DisconnectUser, REST and WebSocket.
    DisconnectUser,
}

impl Rate {
    /// The quota this rate is.
    pub fn quota(self) -> Quota {
        match self {
            Rate::SendMessage => Quota::SendMessageRate,
            Rate::DeleteMessage => Quota::DeleteMessageRate,
            Rate::DisconnectUser => Quota::DisconnectUserRate,
        }
    }
}

impl AccountQuotas {
    /// Runtime state for `limits`, full buckets.
    pub fn new(limits: Quotas) -> Self {
        let bucket =
            |rate: Option<u32>| rate.map(|rate| Mutex::new(TokenBucket::new(rate, Instant::now())));
        Self {
            limits,
            connections: Arc::default(),
            send_message: bucket(limits.send_message_rate),
            delete_message: bucket(limits.delete_message_rate),
            disconnect_user: bucket(limits.disconnect_user_rate),
        }
    }

    /// The configured limits.
    pub fn limits(&self) -> &Quotas {
        &self.limits
    }

    /// A place for one more connection, or `None` when `concurrent-connections` are all
    /// taken. The count and the check are one atomic step, so concurrent handshakes never
    /// overshoot.
    pub fn connect(&self) -> Option<ConnectionSlot> {
        let limit = self.limits.concurrent_connections.unwrap_or(u32::MAX);
        self.connections
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |open| {
                (open < limit).then_some(open + 1)
            })
            .ok()
            .map(|_| ConnectionSlot(self.connections.clone()))
    }

    /// Connections holding a slot now.
    #[cfg(test)]
    pub fn connections(&self) -> u32 {
        self.connections.load(Ordering::Acquire)
    }

    /// Takes one request of `rate` from its account-wide bucket; `false` when over it.
    pub fn admit(&self, rate: Rate, now: Instant) -> bool {
        let bucket = match rate {
            Rate::SendMessage => &self.send_message,
            Rate::DeleteMessage => &self.delete_message,
            Rate::DisconnectUser => &self.disconnect_user,
        };
        bucket.as_ref().is_none_or(|bucket| {
            bucket
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .try_take(now)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_by_name() {
        let mut quotas = Quotas::default();
        assert_eq!(quotas.apply("rooms=3"), Ok(()));
        assert_eq!(quotas.apply("send-message-rate=off"), Ok(()));
        assert_eq!((quotas.rooms, quotas.send_message_rate), (Some(3), None));
        assert!(matches!(
            quotas.apply("room=3"),
            Err(QuotaSettingError::Unknown(_))
        ));
        assert!(matches!(
            quotas.apply("rooms"),
            Err(QuotaSettingError::Shape(_))
        ));
        assert!(matches!(
            quotas.apply("rooms=-1"),
            Err(QuotaSettingError::Shape(_))
        ));
        for quota in Quota::ALL {
            assert_eq!(Quota::parse(quota.name()), Some(quota));
            assert!(Quotas::none().get(quota).is_none());
            assert!(Quotas::default().get(quota).is_some());
        }
    }

    #[test]
    fn connection_slots_are_counted_and_given_back() {
        let quotas = AccountQuotas::new(Quotas {
            concurrent_connections: Some(2),
            ..Quotas::default()
        });
        let first = quotas.connect();
        let second = quotas.connect();
        assert!(first.is_some() && second.is_some());
        assert!(quotas.connect().is_none(), "the third is over the quota");
        drop(first);
        assert_eq!(quotas.connections(), 1);
        assert!(quotas.connect().is_some());
    }

    #[test]
    fn account_rates_refuse_past_their_bucket() {
        let quotas = AccountQuotas::new(Quotas {
            delete_message_rate: Some(3),
            ..Quotas::none()
        });
        let now = Instant::now();
        let admitted = (0..10)
            .filter(|_| quotas.admit(Rate::DeleteMessage, now))
            .count();
        assert_eq!(admitted, 3);
        assert!((0..10).all(|_| quotas.admit(Rate::SendMessage, now)));
    }
}
