//! How tightly the message list sets its rows: cozy (avatar, name and time above the text,
//! grouped by sender) or compact (one line per message: time, name and text, as IRC and
//! Twitch clients such as Chatterino show chat). The pinned overlay keeps its own look.

use serde::{Deserialize, Serialize};

/// How the message list sets its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Density {
    /// Avatar, name and time above the text; a sender's consecutive messages grouped.
    #[default]
    Cozy,
    /// One line per message: time, name and text.
    Compact,
}

impl Density {
    /// Every density, in the order a menu lists them.
    pub const ALL: [Density; 2] = [Density::Cozy, Density::Compact];

    /// The serialized name, also the list's `data-density`.
    pub fn as_str(self) -> &'static str {
        match self {
            Density::Cozy => "cozy",
            Density::Compact => "compact",
        }
    }

    /// The density named `name` (as [`Density::as_str`] writes it).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|density| density.as_str() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_match_the_wire() {
        for density in Density::ALL {
            assert_eq!(Density::from_name(density.as_str()), Some(density));
            assert_eq!(
                serde_json::to_string(&density).ok(),
                Some(format!("\"{}\"", density.as_str()))
            );
        }
        assert_eq!(Density::from_name("roomy"), None);
    }
}
