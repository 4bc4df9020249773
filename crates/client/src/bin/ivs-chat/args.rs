//! Command-line flags (the interface is fixed: scripts and tests outside this repository
//! drive it).

use clap::{ArgGroup, Parser, ValueEnum};
use ivs_chat_protocol::Capability;

/// A headless IVS Chat client: JSON lines in on stdin, JSON lines out on stdout.
#[derive(Debug, Parser)]
#[command(name = "ivs-chat", version, about)]
#[command(group(ArgGroup::new("tokens").required(true).args(["token_url", "aws"])))]
pub struct Args {
    /// An AWS region (`us-west-2`) or a `ws://` / `wss://` URL.
    #[arg(long, value_name = "REGION|URL")]
    pub endpoint: String,

    /// A token endpoint that takes the CreateChatToken input JSON.
    #[arg(long, value_name = "URL")]
    pub token_url: Option<String>,

    /// The environment variable holding a bearer secret for the token endpoint.
    #[arg(long, value_name = "VAR", requires = "token_url")]
    pub token_bearer_env: Option<String>,

    /// Mint tokens with the IVS Chat control plane (AWS credential chain).
    #[arg(long)]
    pub aws: bool,

    /// A custom control-plane URL for `--aws`, such as an `ivs-chat-local` instance.
    #[arg(
        long,
        value_name = "URL",
        requires = "aws",
        conflicts_with = "token_url"
    )]
    pub control_endpoint: Option<String>,

    /// The room's ARN.
    #[arg(long, value_name = "ARN")]
    pub room: String,

    /// The user id the token is minted for.
    #[arg(long, value_name = "ID")]
    pub user: String,

    /// A capability to ask for; repeat for several.
    #[arg(long = "capability", value_name = "CAPABILITY", value_enum)]
    pub capabilities: Vec<CapabilityArg>,

    /// A token attribute (becomes `Sender.Attributes`); repeat for several.
    #[arg(long = "attribute", value_name = "KEY=VALUE", value_parser = parse_attribute)]
    pub attributes: Vec<(String, String)>,

    /// Session duration in minutes (1..180).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i64).range(1..=180))]
    pub session_minutes: Option<i64>,

    /// Retries after a failed connection attempt before giving up.
    #[arg(long, value_name = "N")]
    pub max_reconnect_attempts: Option<u32>,

    /// How long to wait for a request's answer, in milliseconds.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout_ms: Option<u64>,
}

/// A capability as spelled on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CapabilityArg {
    /// SEND_MESSAGE
    SendMessage,
    /// DELETE_MESSAGE
    DeleteMessage,
    /// DISCONNECT_USER
    DisconnectUser,
}

impl From<CapabilityArg> for Capability {
    fn from(value: CapabilityArg) -> Self {
        match value {
            CapabilityArg::SendMessage => Capability::SendMessage,
            CapabilityArg::DeleteMessage => Capability::DeleteMessage,
            CapabilityArg::DisconnectUser => Capability::DisconnectUser,
        }
    }
}

fn parse_attribute(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("expected KEY=VALUE, got {text:?}")),
    }
}

/// The region of a room ARN (`arn:aws:ivschat:<region>:…`).
pub fn arn_region(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("arn"), Some(_), Some("ivschat"), Some(region)) if !region.is_empty() => Some(region),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(extra: &[&str]) -> Result<Args, clap::Error> {
        let mut argv = vec![
            "ivs-chat",
            "--endpoint",
            "ws://127.0.0.1:1",
            "--room",
            "arn:aws:ivschat:us-east-1:123456789012:room/abc",
            "--user",
            "u",
        ];
        argv.extend_from_slice(extra);
        Args::try_parse_from(argv)
    }

    #[test]
    fn flags() {
        let args = parse(&[
            "--token-url",
            "http://x/t",
            "--capability",
            "SEND_MESSAGE",
            "--capability",
            "DELETE_MESSAGE",
            "--attribute",
            "name=Ann=1",
            "--session-minutes",
            "5",
        ])
        .expect("valid");
        assert_eq!(
            args.capabilities,
            vec![CapabilityArg::SendMessage, CapabilityArg::DeleteMessage]
        );
        assert_eq!(
            args.attributes,
            vec![("name".to_owned(), "Ann=1".to_owned())]
        );
        assert_eq!(args.session_minutes, Some(5));
        assert!(parse(&[]).is_err(), "a token source is required");
        assert!(
            parse(&["--token-url", "u", "--aws"]).is_err(),
            "only one token source"
        );
        assert!(parse(&["--aws", "--control-endpoint", "http://127.0.0.1:1"]).is_ok());
        assert!(parse(&["--token-url", "u", "--control-endpoint", "x"]).is_err());
        assert!(parse(&["--token-url", "u", "--capability", "VIEW_MESSAGE"]).is_err());
        assert!(parse(&["--token-url", "u", "--attribute", "novalue"]).is_err());
        assert!(parse(&["--token-url", "u", "--session-minutes", "181"]).is_err());
        assert!(parse(&["--token-url", "u", "--bogus"]).is_err());
        assert_eq!(
            arn_region("arn:aws:ivschat:us-east-1:123456789012:room/abc"),
            Some("us-east-1")
        );
        assert_eq!(arn_region("nope"), None);
    }
}
