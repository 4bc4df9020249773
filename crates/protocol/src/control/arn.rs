//! IVS Chat ARNs (reference §2.6): `arn:aws:ivschat:<region>:<account>:<type>/<id>`.

/// The resource types that have ARNs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceType {
    /// A chat room.
    Room,
    /// A logging configuration.
    LoggingConfiguration,
}

impl ResourceType {
    /// The ARN resource-type segment.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceType::Room => "room",
            ResourceType::LoggingConfiguration => "logging-configuration",
        }
    }
}

/// A parsed IVS Chat ARN.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Arn {
    /// The region segment, e.g. `us-west-2`.
    pub region: String,
    /// The account segment, digits.
    pub account: String,
    /// Room or logging configuration.
    pub resource_type: ResourceType,
    /// The resource id after the slash.
    pub id: String,
}

impl Arn {
    /// Builds the ARN of a resource.
    pub fn new(region: &str, account: &str, resource_type: ResourceType, id: &str) -> Self {
        Self {
            region: region.to_owned(),
            account: account.to_owned(),
            resource_type,
            id: id.to_owned(),
        }
    }

    /// Parses an ARN of the given type against the model pattern
    /// `arn:aws:ivschat:[a-z0-9-]+:[0-9]+:<type>/[a-zA-Z0-9-]+`, at most 128 characters.
    pub fn parse(text: &str, resource_type: ResourceType) -> Option<Arn> {
        let arn = Self::parse_any(text)?;
        (arn.resource_type == resource_type).then_some(arn)
    }

    /// Parses an ARN of either type (the tagging operations accept both).
    pub fn parse_any(text: &str) -> Option<Arn> {
        if text.len() > 128 {
            return None;
        }
        let rest = text.strip_prefix("arn:aws:ivschat:")?;
        let (region, rest) = rest.split_once(':')?;
        let (account, resource) = rest.split_once(':')?;
        let (kind, id) = resource.split_once('/')?;
        let region_ok = !region.is_empty()
            && region
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        let account_ok = !account.is_empty() && account.bytes().all(|b| b.is_ascii_digit());
        let id_ok = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let resource_type = match kind {
            "room" => ResourceType::Room,
            "logging-configuration" => ResourceType::LoggingConfiguration,
            _ => return None,
        };
        (region_ok && account_ok && id_ok).then(|| Arn::new(region, account, resource_type, id))
    }
}

impl std::fmt::Display for Arn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "arn:aws:ivschat:{}:{}:{}/{}",
            self.region,
            self.account,
            self.resource_type.as_str(),
            self.id
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_room_and_logging_arns() {
        let text = "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6";
        let arn = Arn::parse(text, ResourceType::Room);
        assert_eq!(arn.as_ref().map(|a| a.id.as_str()), Some("g1H2I3j4k5L6"));
        assert_eq!(arn.map(|a| a.to_string()).as_deref(), Some(text));
        let logging = "arn:aws:ivschat:eu-west-1:1:logging-configuration/ABCDEFabcdef";
        assert!(Arn::parse(logging, ResourceType::LoggingConfiguration).is_some());
        assert!(Arn::parse(logging, ResourceType::Room).is_none());
    }

    #[test]
    fn rejects_what_the_model_pattern_rejects() {
        for text in [
            "g1H2I3j4k5L6",
            "arn:aws:ivs:us-west-2:123456789012:room/g1H2I3j4k5L6",
            "arn:aws:ivschat:US-WEST-2:123456789012:room/g1H2I3j4k5L6",
            "arn:aws:ivschat:us-west-2:12a:room/g1H2I3j4k5L6",
            "arn:aws:ivschat:us-west-2:123456789012:room/",
            "arn:aws:ivschat:us-west-2:123456789012:room/a_b",
            "arn:aws:ivschat:us-west-2:123456789012:channel/abc",
        ] {
            assert!(Arn::parse_any(text).is_none(), "{text}");
        }
        let long = format!(
            "arn:aws:ivschat:us-west-2:123456789012:room/{}",
            "a".repeat(100)
        );
        assert!(Arn::parse_any(&long).is_none());
    }
}
