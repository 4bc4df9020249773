//! Invite links: `chatdeck://join?…` links a moderator or streamer hands to viewers, so that
//! joining a room needs no typed ARN or endpoint. Both sides use the same rules: the app
//! parses and checks a link before anything is shown or done with it, and builds the links
//! it copies with [`Invite::link`].
//!
//! A link carries four things and never a secret (a link is pasted into chats and browser
//! histories): the token endpoint's URL (`token_url`, https, or http only on this machine),
//! the messaging endpoint (`endpoint`: an AWS region, or a wss URL, ws only on this
//! machine), the room's ARN (`room`) and a suggested display name (`name`, optional).
//! Anything else — an unknown or repeated parameter, a value too long, a bad ARN, a URL with
//! a user name or password, a parameter that looks like a secret — refuses the whole link,
//! in words.

mod text;

use serde::{Deserialize, Serialize};

use crate::model::{Tab, TabId};

pub use text::{decode, encode};

/// The scheme the app registers with the desktop.
pub const SCHEME: &str = "chatdeck";
/// What a link starts with.
pub const PREFIX: &str = "chatdeck://join";
/// The longest link read.
pub const MAX_LINK_BYTES: usize = 4096;
/// The longest URL (token endpoint or messaging endpoint).
pub const MAX_URL_CHARS: usize = 1024;
/// The longest room ARN (IVS room ARNs are well under this).
pub const MAX_ARN_CHARS: usize = 256;
/// The longest suggested display name.
pub const MAX_NAME_CHARS: usize = 64;

/// The parameters a link may carry.
const PARAMETERS: [&str; 4] = ["token_url", "endpoint", "room", "name"];

/// Words that make a parameter's name look like it carries a secret.
const SECRET_WORDS: [&str; 10] = [
    "secret",
    "token",
    "key",
    "password",
    "passwd",
    "bearer",
    "auth",
    "credential",
    "signature",
    "session",
];

/// What an invite link asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// The token endpoint's URL.
    pub token_url: String,
    /// The messaging endpoint: an AWS region or a `wss://` URL.
    pub endpoint: String,
    /// The room's ARN.
    pub room_arn: String,
    /// The display name suggested for the viewer.
    pub name: Option<String>,
}

/// Why a link was refused, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "This invite link was refused: {}.", self.0)
    }
}

impl std::error::Error for Refused {}

fn refuse<T>(reason: impl Into<String>) -> Result<T, Refused> {
    Err(Refused(reason.into()))
}

impl Invite {
    /// Reads and checks a link.
    pub fn parse(link: &str) -> Result<Invite, Refused> {
        let link = link.trim();
        if link.len() > MAX_LINK_BYTES {
            return refuse(format!("it is longer than {MAX_LINK_BYTES} bytes"));
        }
        let Some(scheme_end) = link.find("://") else {
            return refuse(format!("it is not a {PREFIX}?… link"));
        };
        let (scheme, rest) = (&link[..scheme_end], &link[scheme_end + 3..]);
        if !scheme.eq_ignore_ascii_case(SCHEME) {
            return refuse(format!("it is not a {PREFIX}?… link (it starts {scheme}:)"));
        }
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        if !path.trim_end_matches('/').eq_ignore_ascii_case("join") {
            return refuse(format!("Chatdeck links only join rooms ({PREFIX}?…)"));
        }
        if query.contains('#') {
            return refuse("it has a fragment (#…), which invite links never carry");
        }
        let mut values: [Option<String>; 4] = Default::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name).map_err(|why| Refused(format!("a parameter's name {why}")))?;
            let Some(index) = PARAMETERS.iter().position(|known| *known == name) else {
                return refuse(unknown(&name));
            };
            let value = decode(value).map_err(|why| Refused(format!("{name} {why}")))?;
            if values[index].replace(value).is_some() {
                return refuse(format!("{name} is given twice"));
            }
        }
        let [token_url, endpoint, room, name] = values;
        let invite = Invite {
            token_url: token_url.ok_or_else(|| Refused("token_url is missing".into()))?,
            endpoint: endpoint.ok_or_else(|| Refused("endpoint is missing".into()))?,
            room_arn: room.ok_or_else(|| Refused("room is missing".into()))?,
            name: name
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty()),
        };
        invite.check()?;
        Ok(invite)
    }

    /// Checks every value; [`Invite::parse`] calls it, and so does building a link.
    pub fn check(&self) -> Result<(), Refused> {
        check_url("token_url", &self.token_url, &["https"], &["http"])?;
        if self.endpoint.contains("://") {
            check_url("endpoint", &self.endpoint, &["wss"], &["ws"])?;
        } else if !is_region(&self.endpoint) {
            return refuse(format!(
                "endpoint must be an AWS region (like us-west-2) or a wss:// URL, not {:?}",
                shorten(&self.endpoint)
            ));
        }
        check_arn(&self.room_arn)?;
        if let Some(name) = &self.name {
            let chars = name.chars().count();
            if chars > MAX_NAME_CHARS {
                return refuse(format!("name is longer than {MAX_NAME_CHARS} characters"));
            }
            if name.chars().any(char::is_control) {
                return refuse("name contains a control character");
            }
        }
        Ok(())
    }

    /// The link, its values percent-encoded.
    pub fn link(&self) -> String {
        let mut link = format!(
            "{PREFIX}?token_url={}&endpoint={}&room={}",
            encode(&self.token_url),
            encode(&self.endpoint),
            encode(&self.room_arn)
        );
        if let Some(name) = &self.name {
            link += &format!("&name={}", encode(name));
        }
        link
    }

    /// The room's id: the ARN's last part (`room/<id>`).
    pub fn room_id(&self) -> &str {
        self.room_arn.rsplit('/').next().unwrap_or(&self.room_arn)
    }

    /// The token endpoint's host (and port), what the question names.
    pub fn host(&self) -> &str {
        host_of(&self.token_url)
    }
}

/// Words for an unknown parameter: a secret-looking one is called so.
fn unknown(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if SECRET_WORDS.iter().any(|word| lower.contains(word)) {
        format!(
            "it carries {:?}, which looks like a secret; invite links never carry secrets, \
             so whoever made it may have leaked one",
            shorten(name)
        )
    } else {
        format!(
            "it carries an unknown parameter {:?} (an invite has only {})",
            shorten(name),
            PARAMETERS.join(", ")
        )
    }
}

fn shorten(text: &str) -> String {
    text.chars().take(40).collect()
}

/// The host (and port) of an absolute URL.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or_default()
}

/// Whether `host` (without port) is this machine.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host == "::1"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|address| address.is_loopback())
}

/// Splits `host[:port]` (IPv6 in brackets) into the host and whether the port is a number.
fn split_port(authority: &str) -> (&str, bool) {
    let (host, port) = if authority.starts_with('[') {
        match authority.find(']') {
            Some(end) => (&authority[..=end], authority[end + 1..].strip_prefix(':')),
            None => (authority, None),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    (host, port.is_none_or(|port| port.parse::<u16>().is_ok()))
}

/// Checks a URL value: one of `secure` schemes anywhere, one of `local` only on this machine,
/// a host, no user name or password, no spaces or controls, not too long.
fn check_url(field: &str, url: &str, secure: &[&str], local: &[&str]) -> Result<(), Refused> {
    if url.chars().count() > MAX_URL_CHARS {
        return refuse(format!("{field} is longer than {MAX_URL_CHARS} characters"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return refuse(format!("{field} contains spaces or control characters"));
    }
    let Some((scheme, _)) = url.split_once("://") else {
        return refuse(format!("{field} is not a URL"));
    };
    let scheme = scheme.to_ascii_lowercase();
    let authority = host_of(url);
    if authority.contains('@') {
        return refuse(format!(
            "{field} carries a user name or password, which invite links never carry"
        ));
    }
    let (host, port_ok) = split_port(authority);
    if host.is_empty() || !port_ok {
        return refuse(format!("{field} has no valid host"));
    }
    if secure.contains(&scheme.as_str()) {
        Ok(())
    } else if local.contains(&scheme.as_str()) {
        if is_loopback(host) {
            Ok(())
        } else {
            refuse(format!(
                "{field} uses {scheme}:// to {host}, which is not this machine; only {}:// \
                 reaches other machines",
                secure.join(", ")
            ))
        }
    } else {
        refuse(format!(
            "{field} must be a {}:// URL, not {scheme}://",
            secure.join(", ")
        ))
    }
}

/// An AWS region's shape: lowercase words and a number, joined by hyphens (`us-west-2`,
/// `us-gov-west-1`).
fn is_region(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    value.len() <= 32
        && parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// An IVS Chat room ARN: `arn:<partition>:ivschat:<region>:<account>:room/<id>`.
fn check_arn(arn: &str) -> Result<(), Refused> {
    let bad = || {
        refuse(format!(
            "room is not an IVS Chat room ARN (arn:aws:ivschat:<region>:<account>:room/<id>): {:?}",
            shorten(arn)
        ))
    };
    if arn.chars().count() > MAX_ARN_CHARS {
        return refuse(format!("room is longer than {MAX_ARN_CHARS} characters"));
    }
    let parts: Vec<&str> = arn.split(':').collect();
    let [arn_word, partition, service, region, account, resource] = parts.as_slice() else {
        return bad();
    };
    let id = resource.strip_prefix("room/").unwrap_or_default();
    let fine = *arn_word == "arn"
        && partition.starts_with("aws")
        && *service == "ivschat"
        && is_region(region)
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric());
    if fine { Ok(()) } else { bad() }
}

/// Reads an invite link the desktop handed the app: shows the question in the UI (an
/// `Invite` event, or the refusal in words) and returns what it shows. Nothing is joined
/// until [`AcceptInvite`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenInvite {
    /// The link, as received.
    pub link: String,
}

/// What an invite link offers, as the UI asks about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InviteOffer {
    /// The link as received (the UI hands it back to accept).
    pub link: String,
    /// The invite, when the link was accepted as one.
    pub invite: Option<Invite>,
    /// The question: "Join room … through … as …?"; or why the link was refused (in words,
    /// said by the UI in its language).
    pub text: chatdeck_l10n::Words,
    /// The saved profile it would use, if one already matches.
    pub profile_name: Option<String>,
}

command!(OpenInvite => "open_invite", InviteOffer);

/// Joins what an invite link offers: the link is checked again, a profile for its token
/// endpoint is created (or the matching one reused), and the room opens in a tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptInvite {
    /// The link.
    pub link: String,
}

command!(AcceptInvite => "accept_invite", Tab);

/// Declines the offer of an invite link: nothing is joined, and the question is not asked
/// again (a window that loads later does not show it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DismissInvite {
    /// The link, as offered.
    pub link: String,
}

command!(DismissInvite => "dismiss_invite", ());

/// Puts an invite link to a tab's room on the system clipboard (for its profile's token
/// endpoint and messaging endpoint) and returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyInviteLink {
    /// The tab.
    pub tab_id: TabId,
}

command!(CopyInviteLink => "copy_invite_link", String);

#[cfg(test)]
mod tests;
