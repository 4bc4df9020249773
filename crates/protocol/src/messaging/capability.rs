use serde::{Deserialize, Serialize};

/// What a chat token allows beyond receiving (reference §1.8). Viewing is implicit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Capability {
    /// May send messages.
    SendMessage,
    /// May delete any message in the room.
    DeleteMessage,
    /// May disconnect any user from the room.
    DisconnectUser,
}

impl Capability {
    /// Every capability, in the model's order.
    pub const ALL: [Capability; 3] = [
        Capability::SendMessage,
        Capability::DeleteMessage,
        Capability::DisconnectUser,
    ];

    /// The wire name (`SEND_MESSAGE`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::SendMessage => "SEND_MESSAGE",
            Capability::DeleteMessage => "DELETE_MESSAGE",
            Capability::DisconnectUser => "DISCONNECT_USER",
        }
    }

    /// Parses a wire name, exactly as the model spells it.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|capability| capability.as_str() == name)
    }
}

impl std::fmt::Display for Capability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for capability in Capability::ALL {
            let json = serde_json::to_string(&capability).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", capability.as_str()));
            assert_eq!(Capability::parse(capability.as_str()), Some(capability));
        }
        assert_eq!(
            Capability::parse("VIEW_MESSAGE"),
            None,
            "reference §1.8: not a capability"
        );
    }
}
