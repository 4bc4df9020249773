//! Ids as types: a tab's id, a line's key and a profile's id are all strings on the wire, but a
//! function that wants one says which, and the compiler keeps them apart.
//!
//! Each is `#[serde(transparent)]`, so the JSON is the bare string it always was (saved
//! `tabs.json` files and the UI's payloads keep their shape).

use std::borrow::Borrow;
use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The id with this text.
            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            /// The id's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Whether the id is empty (never a valid id: a placeholder before one is known).
            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        /// Shown as the quoted text, as the bare string it replaced was (messages such as
        /// `no tab "a1b2"` read the same).
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(id.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        /// Lets maps keyed by this id be looked up with a `&str`.
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

string_id! {
    /// A tab's id: stable across restarts (tabs are restored with their ids).
    TabId
}

string_id! {
    /// A line's stable key within its room: the client request id of this client's messages
    /// (so a row survives pending → confirmed), the service's id of everything else.
    LineKey
}

string_id! {
    /// A saved profile's id (`local` for the built-in Local profile).
    ProfileId
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_bare_strings_on_the_wire() {
        let tab = TabId::new("a1b2");
        assert_eq!(
            serde_json::to_string(&tab).ok().as_deref(),
            Some("\"a1b2\"")
        );
        let back: Result<TabId, _> = serde_json::from_str("\"a1b2\"");
        assert_eq!(back.ok(), Some(tab));
        let key: Result<LineKey, _> = serde_json::from_str("42");
        assert!(key.is_err(), "a number is not a line key");
    }

    #[test]
    fn maps_keyed_by_an_id_are_looked_up_by_text() {
        let mut map = std::collections::HashMap::new();
        map.insert(ProfileId::new("local"), 1);
        assert_eq!(map.get("local"), Some(&1));
        assert_eq!(ProfileId::new("local"), "local");
    }
}
