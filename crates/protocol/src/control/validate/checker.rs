//! The [`Checker`] that collects one input's field errors, and the model's patterns.

use super::Validation;
use crate::control::arn::{Arn, ResourceType};
use crate::control::error::FieldError;
use crate::control::shape::{Destination, DestinationConfiguration, MessageReviewHandler, Tags};
use crate::messaging::{Attributes, attributes_size};

/// Collects field errors for one input.
#[derive(Debug, Default)]
pub(super) struct Checker {
    errors: Vec<FieldError>,
}

pub(super) const NAME_PATTERN: &str = "[a-zA-Z0-9-_]*";
pub(super) const ROOM_ARN_PATTERN: &str = "arn:aws:ivschat:[a-z0-9-]+:[0-9]+:room/[a-zA-Z0-9-]+";
pub(super) const LOGGING_ARN_PATTERN: &str =
    "arn:aws:ivschat:[a-z0-9-]+:[0-9]+:logging-configuration/[a-zA-Z0-9-]+";
/// The characters AWS allows in tag keys and values: letters, numbers, spaces and `_.:/=+-@`.
pub(super) const TAG_PATTERN: &str = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";
pub(super) const LAMBDA_PATTERN: &str = "$|^arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:function:.+";

impl Checker {
    pub(super) fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    pub(super) fn finish(self) -> Validation {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(self.errors)
        }
    }

    pub(super) fn required<'a, T>(&mut self, field: &str, value: &'a Option<T>) -> Option<&'a T> {
        if value.is_none() {
            self.fail(field, "Member must not be null");
        }
        value.as_ref()
    }

    /// Length in characters within `min..=max`; reports one error.
    pub(super) fn length(&mut self, field: &str, value: &str, min: usize, max: usize) -> bool {
        let length = value.chars().count();
        if length < min {
            self.fail(
                field,
                format!("Member must have length greater than or equal to {min}"),
            );
            false
        } else if length > max {
            self.fail(
                field,
                format!("Member must have length less than or equal to {max}"),
            );
            false
        } else {
            true
        }
    }

    pub(super) fn range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if value < min {
            self.fail(
                field,
                format!("Member must have value greater than or equal to {min}"),
            );
        } else if value > max {
            self.fail(
                field,
                format!("Member must have value less than or equal to {max}"),
            );
        }
    }

    pub(super) fn pattern(&mut self, field: &str, ok: bool, pattern: &str) {
        if !ok {
            self.fail(
                field,
                format!("Member must satisfy regular expression pattern: {pattern}"),
            );
        }
    }

    pub(super) fn name(&mut self, field: &str, name: &Option<String>) {
        if let Some(name) = name
            && self.length(field, name, 0, 128)
        {
            let ok = name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            self.pattern(field, ok, NAME_PATTERN);
        }
    }

    pub(super) fn arn(&mut self, field: &str, arn: &str, resource_type: ResourceType) {
        if self.length(field, arn, 1, 128) {
            let pattern = match resource_type {
                ResourceType::Room => ROOM_ARN_PATTERN,
                ResourceType::LoggingConfiguration => LOGGING_ARN_PATTERN,
            };
            self.pattern(field, Arn::parse(arn, resource_type).is_some(), pattern);
        }
    }

    pub(super) fn required_arn(
        &mut self,
        field: &str,
        arn: &Option<String>,
        resource_type: ResourceType,
    ) {
        if let Some(arn) = self.required(field, arn) {
            self.arn(field, arn, resource_type);
        }
    }

    pub(super) fn tags(&mut self, field: &str, tags: &Tags) {
        if tags.len() > 50 {
            self.fail(field, "Member must have length less than or equal to 50");
        }
        for (key, value) in tags {
            self.tag_key(&format!("{field}.{key}.key"), key);
            let value_field = format!("{field}.{key}.value");
            if self.length(&value_field, value, 0, 256) {
                self.pattern(&value_field, value.chars().all(is_tag_char), TAG_PATTERN);
            }
        }
    }

    /// A tag key by the AWS tagging rules: 1..128 characters of [`TAG_PATTERN`], and not in
    /// the `aws:` namespace, which AWS reserves for its own tags (any letter case).
    pub(super) fn tag_key(&mut self, field: &str, key: &str) {
        if !self.length(field, key, 1, 128) {
            return;
        }
        if key
            .get(..4)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("aws:"))
        {
            self.fail(
                field,
                "Member must not begin with aws: (the prefix is reserved for AWS use)",
            );
        } else {
            self.pattern(field, key.chars().all(is_tag_char), TAG_PATTERN);
        }
    }

    pub(super) fn attributes(
        &mut self,
        field: &str,
        attributes: &Option<Attributes>,
        limit: usize,
    ) {
        if let Some(attributes) = attributes
            && attributes_size(attributes) > limit
        {
            self.fail(field, format!("Member must total at most {limit} bytes"));
        }
    }

    pub(super) fn reason(&mut self, field: &str, reason: &Option<String>) {
        if let Some(reason) = reason {
            self.length(field, reason, 1, 256);
        }
    }

    pub(super) fn max_results(&mut self, max_results: Option<i64>, next_token: &Option<String>) {
        if let Some(max_results) = max_results {
            self.range("maxResults", max_results, 1, 50);
        }
        if let Some(token) = next_token {
            self.length("nextToken", token, 0, 1024);
        }
    }

    pub(super) fn review_handler(&mut self, handler: &Option<MessageReviewHandler>) {
        if let Some(uri) = handler.as_ref().and_then(|handler| handler.uri.as_ref())
            && self.length("messageReviewHandler.uri", uri, 0, 170)
        {
            self.pattern(
                "messageReviewHandler.uri",
                super::is_review_handler_uri(uri),
                LAMBDA_PATTERN,
            );
        }
    }

    pub(super) fn logging_identifiers(&mut self, identifiers: &Option<Vec<String>>) {
        if let Some(identifiers) = identifiers {
            if identifiers.len() > 3 {
                self.fail(
                    "loggingConfigurationIdentifiers",
                    "Member must have length less than or equal to 3",
                );
            }
            for (index, identifier) in identifiers.iter().enumerate() {
                self.arn(
                    &format!("loggingConfigurationIdentifiers.{index}"),
                    identifier,
                    ResourceType::LoggingConfiguration,
                );
            }
        }
    }

    pub(super) fn destination(&mut self, destination: &DestinationConfiguration) {
        const FIELD: &str = "destinationConfiguration";
        match destination.destination() {
            None => self.fail(
                FIELD,
                "Member must have exactly one of s3, cloudWatchLogs or firehose",
            ),
            Some(Destination::S3(bucket)) => {
                let field = "destinationConfiguration.s3.bucketName";
                if self.length(field, bucket, 3, 63) {
                    let ok = bucket.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                    });
                    self.pattern(field, ok, "[a-z0-9-.]+");
                }
            }
            Some(Destination::CloudWatchLogs(group)) => {
                let field = "destinationConfiguration.cloudWatchLogs.logGroupName";
                if self.length(field, group, 1, 512) {
                    let ok = group
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b".-_/#".contains(&b));
                    self.pattern(field, ok, "[\\.\\-_/#A-Za-z0-9]+");
                }
            }
            Some(Destination::Firehose(stream)) => {
                let field = "destinationConfiguration.firehose.deliveryStreamName";
                if self.length(field, stream, 1, 64) {
                    let ok = stream
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
                    self.pattern(field, ok, "[a-zA-Z0-9_.-]+");
                }
            }
        }
    }
}

/// Whether `c` may appear in a tag key or value ([`TAG_PATTERN`]): a letter, a number, a space
/// separator (not a tab or a line break), or one of `_.:/=+-@`.
fn is_tag_char(c: char) -> bool {
    c.is_alphabetic()
        || c.is_numeric()
        || (c.is_whitespace() && !c.is_control())
        || "_.:/=+-@".contains(c)
}
