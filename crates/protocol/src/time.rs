//! Timestamps on the wire.
//!
//! Reference §1.3: `SendTime` is RFC 3339 UTC, emitted with millisecond precision
//! (`2022-10-11T12:46:41.723Z`). Reference §2.1: control-plane times are ISO 8601 strings with
//! a `Z` or an offset. Both sides parse any RFC 3339 value.

use chrono::{DateTime, SecondsFormat, Utc};

/// Formats a timestamp the way the service emits it: `YYYY-MM-DDTHH:MM:SS.sssZ`.
pub fn format(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Parses any RFC 3339 timestamp into UTC.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|time| time.with_timezone(&Utc))
}

/// Serde adapter for a required timestamp in the service's format.
pub mod rfc3339 {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Serializes with [`super::format`].
    pub fn serialize<S: Serializer>(
        time: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format(*time))
    }

    /// Deserializes any RFC 3339 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse(&text).ok_or_else(|| D::Error::custom(format!("invalid timestamp {text:?}")))
    }
}

/// Serde adapter for an optional timestamp in the service's format.
pub mod rfc3339_option {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Serializes with [`super::format`]; `None` as null (callers skip it when absent).
    pub fn serialize<S: Serializer>(
        time: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => serializer.serialize_str(&super::format(*time)),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes an optional RFC 3339 string.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) => super::parse(&text)
                .map(Some)
                .ok_or_else(|| D::Error::custom(format!("invalid timestamp {text:?}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_with_milliseconds_and_z() {
        let time = Utc.with_ymd_and_hms(2022, 10, 11, 12, 46, 41).single();
        let time = time.map(|t| t + chrono::Duration::milliseconds(723));
        assert_eq!(
            time.map(format).as_deref(),
            Some("2022-10-11T12:46:41.723Z")
        );
    }

    #[test]
    fn parses_offsets_and_whole_seconds() {
        for (text, expected) in [
            ("2024-01-19T15:22:35Z", "2024-01-19T15:22:35.000Z"),
            ("2024-01-19T16:22:35.000+01:00", "2024-01-19T15:22:35.000Z"),
            ("2022-10-11T12:46:41.723Z", "2022-10-11T12:46:41.723Z"),
        ] {
            assert_eq!(parse(text).map(format).as_deref(), Some(expected), "{text}");
        }
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse(""), None);
    }
}
