//! Roles and name colors from chat-token attributes, a convention of Chatdeck's (README,
//! "Roles and badges"): IVS Chat has no roles of its own, but whoever issues a token may put
//! any attributes in it, and the service relays them with every message of that user
//! (reference §1.5.1: `Sender.Attributes` come from the token). So a token server that knows
//! its users' roles writes
//!
//! - `badges`: comma-separated, from `broadcaster`, `moderator`, `vip`, `subscriber`;
//! - `color`: the user's name color as `#rrggbb`.
//!
//! Both are read as text only: unknown badges are ignored, anything that is not a plain hex
//! color is no color, and nothing of either value reaches the page but the known names.

use serde::{Deserialize, Serialize};

/// The token attribute listing a user's badges.
pub const BADGES_ATTRIBUTE: &str = "badges";
/// The token attribute holding a user's name color.
pub const COLOR_ATTRIBUTE: &str = "color";

/// A role shown beside a user's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Badge {
    /// The room's streamer.
    Broadcaster,
    /// Moderates the room.
    Moderator,
    /// A viewer the streamer singles out.
    Vip,
    /// A paying supporter.
    Subscriber,
}

impl Badge {
    /// Every badge, in the order they are shown.
    pub const ALL: [Badge; 4] = [
        Badge::Broadcaster,
        Badge::Moderator,
        Badge::Vip,
        Badge::Subscriber,
    ];

    /// The name in the `badges` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Badge::Broadcaster => "broadcaster",
            Badge::Moderator => "moderator",
            Badge::Vip => "vip",
            Badge::Subscriber => "subscriber",
        }
    }

    /// The role in words, for a tooltip and a screen reader.
    pub fn label(self) -> &'static str {
        match self {
            Badge::Broadcaster => "Broadcaster",
            Badge::Moderator => "Moderator",
            Badge::Vip => "VIP",
            Badge::Subscriber => "Subscriber",
        }
    }

    /// What the badge shows: short enough for a one-line row.
    pub fn short(self) -> &'static str {
        match self {
            Badge::Broadcaster => "HOST",
            Badge::Moderator => "MOD",
            Badge::Vip => "VIP",
            Badge::Subscriber => "SUB",
        }
    }

    /// The badges a `badges` attribute names, each once and in [`Badge::ALL`]'s order;
    /// names are trimmed and compared ignoring ASCII case, unknown ones are ignored.
    pub fn parse_list(text: &str) -> Vec<Badge> {
        Badge::ALL
            .into_iter()
            .filter(|badge| {
                text.split(',')
                    .any(|name| name.trim().eq_ignore_ascii_case(badge.name()))
            })
            .collect()
    }

    /// The `badges` attribute for `badges`.
    pub fn join(badges: &[Badge]) -> String {
        badges
            .iter()
            .map(|badge| badge.name())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The hue (0–359) of a `color` attribute written `#rrggbb`, or `None` for anything else and
/// for grays (which have no hue). Names are drawn in the theme's own lightness and saturation
/// at that hue, so a chosen color never makes a name unreadable in either theme.
pub fn color_hue(text: &str) -> Option<u16> {
    let text = text.trim();
    if !is_color(text) {
        return None;
    }
    let hex = &text[1..];
    let channel = |at: usize| u8::from_str_radix(&hex[at..at + 2], 16).ok().map(f64::from);
    let (r, g, b) = (channel(0)?, channel(2)?, channel(4)?);
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    let spread = max - min;
    if spread < 16.0 {
        return None;
    }
    let sector = if max == r {
        ((g - b) / spread).rem_euclid(6.0)
    } else if max == g {
        (b - r) / spread + 2.0
    } else {
        (r - g) / spread + 4.0
    };
    Some((sector * 60.0).round() as u16 % 360)
}

impl crate::model::Sender {
    /// The hue of the sender's chosen color, if they chose one.
    pub fn color_hue(&self) -> Option<u16> {
        self.color.as_deref().and_then(color_hue)
    }
}

/// Whether `text` is a color the `color` attribute accepts (`#rrggbb`).
pub fn is_color(text: &str) -> bool {
    let text = text.trim();
    text.len() == 7
        && text.starts_with('#')
        && text[1..].bytes().all(|byte| byte.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_are_read_from_a_comma_separated_list_in_a_fixed_order() {
        assert_eq!(
            Badge::parse_list("subscriber, Moderator,broadcaster"),
            vec![Badge::Broadcaster, Badge::Moderator, Badge::Subscriber]
        );
        assert_eq!(Badge::parse_list("VIP,vip , vip"), vec![Badge::Vip]);
        assert_eq!(Badge::parse_list(""), Vec::<Badge>::new());
    }

    #[test]
    fn unknown_and_hostile_names_are_ignored() {
        assert_eq!(
            Badge::parse_list("admin,<img src=x onerror=alert(1)>,mod erator,staff"),
            Vec::<Badge>::new()
        );
        assert_eq!(
            Badge::parse_list("owner,moderator\u{200B},vip"),
            vec![Badge::Vip]
        );
    }

    #[test]
    fn a_list_joins_back_to_what_parses_to_it() {
        for badges in [
            vec![],
            vec![Badge::Subscriber],
            Badge::ALL.to_vec(),
            vec![Badge::Moderator, Badge::Vip],
        ] {
            assert_eq!(Badge::parse_list(&Badge::join(&badges)), badges);
        }
    }

    #[test]
    fn badges_cross_as_their_attribute_names() {
        for badge in Badge::ALL {
            assert_eq!(
                serde_json::to_value(badge).expect("json"),
                serde_json::json!(badge.name())
            );
        }
    }

    #[test]
    fn a_hex_color_gives_its_hue_and_anything_else_none() {
        assert_eq!(color_hue("#ff0000"), Some(0));
        assert_eq!(color_hue("#00FF00"), Some(120));
        assert_eq!(color_hue(" #0000ff "), Some(240));
        assert_eq!(color_hue("#ff00ff"), Some(300));
        assert_eq!(color_hue("#ff8000"), Some(30));
        for refused in [
            "#808080", "#fff", "red", "ff0000", "#ff00001", "#gg0000", "url(x)", "",
        ] {
            assert_eq!(color_hue(refused), None, "{refused}");
        }
        assert!(is_color("#1a2B3c"));
        assert!(!is_color("#1a2b3"));
        assert!(!is_color("1a2b3c4"));
    }
}
