//! How the service runs: [`Config`] and the [`Credentials`] the control plane may require.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use ivs_chat_protocol::Secret;

use crate::quota::Quotas;

/// AWS credentials the control plane requires when set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The access key id requests must be signed with.
    pub access_key_id: String,
    /// The secret key; never printed.
    pub secret_access_key: Secret,
}

/// How to run the service.
#[derive(Debug, Clone)]
pub struct Config {
    /// Region in ARNs and S3 keys; default `us-west-2`.
    pub region: String,
    /// Account id in ARNs and S3 keys; default `123456789012`.
    pub account_id: String,
    /// Where state (`state.sqlite3`) and log destinations live; `None` keeps state in memory
    /// and log destinations in a temporary directory removed at shutdown.
    pub data_dir: Option<PathBuf>,
    /// When set, control-plane requests must carry a valid SigV4 signature made with them,
    /// and non-loopback listeners are allowed.
    pub credentials: Option<Credentials>,
    /// Lambda ARN → HTTP URL that stands in for the function (review handlers).
    pub lambdas: BTreeMap<String, String>,
    /// How often chat logs are flushed to their destinations; default 5 s.
    pub log_flush: Duration,
    /// How long a minted token may be used to connect; default 60 min (reference §2.7).
    pub token_lifetime: Duration,
    /// The length of one minute of `sessionDurationInMinutes`; default 60 s. Tests shorten
    /// it so that a session expires in seconds.
    pub minute: Duration,
    /// Whether the control plane refuses calls over the account's per-operation rates with
    /// ThrottlingException, as AWS does (reference §2.8); default off.
    pub api_rate_limits: bool,
    /// The account's quotas (rooms, logging configurations, concurrent connections, the
    /// account-wide message rates); default the user guide's numbers, enforced.
    pub quotas: Quotas,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            region: "us-west-2".into(),
            account_id: "123456789012".into(),
            data_dir: None,
            credentials: None,
            lambdas: BTreeMap::new(),
            log_flush: Duration::from_secs(5),
            token_lifetime: Duration::from_secs(60 * 60),
            minute: Duration::from_secs(60),
            api_rate_limits: false,
            quotas: Quotas::default(),
        }
    }
}
