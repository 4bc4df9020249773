//! The control plane's field rules in the page's language.
//!
//! `validate` (the protocol crate's checks, shared with the local service) words each problem
//! as the service does, in English: the local service returns those texts to the AWS SDKs, so
//! they stay as they are there. The console reads the rule and its limit back out of that
//! wording and says it with its own message. A text no rule here knows shows as it came: a
//! refusal the real service worded its own way, or a problem the form found itself, which is
//! already in the page's language.

use chatdeck_ipc::console::FieldError;

use crate::i18n::t;

/// What the console shows for `problem`.
pub fn say(problem: &FieldError) -> String {
    rule(&problem.message).unwrap_or_else(|| problem.message.clone())
}

/// `message` in the page's language, when it is one of the model's rules.
fn rule(message: &str) -> Option<String> {
    // The value between a rule's fixed words, as the service wrote it. Limits stay text, not
    // numbers, so the English reads exactly as the wire does (`4096`, not `4,096`).
    let value = |before: &str, after: &str| {
        message
            .strip_prefix(before)?
            .strip_suffix(after)
            .filter(|value| !value.is_empty())
    };
    let limit = |before: &str, after: &str| {
        value(before, after).filter(|limit| limit.bytes().all(|b| b.is_ascii_digit()))
    };
    let said = match message {
        "Member must not be null" => t!("console-rule-required"),
        "Member must not begin with aws: (the prefix is reserved for AWS use)" => {
            t!("console-rule-aws-prefix")
        }
        "Member must have exactly one of s3, cloudWatchLogs or firehose" => {
            t!("console-rule-one-destination")
        }
        _ => {
            if let Some(min) = limit("Member must have length greater than or equal to ", "") {
                t!("console-rule-length-min", min = min)
            } else if let Some(max) = limit("Member must have length less than or equal to ", "") {
                t!("console-rule-length-max", max = max)
            } else if let Some(min) = limit("Member must have value greater than or equal to ", "")
            {
                t!("console-rule-value-min", min = min)
            } else if let Some(max) = limit("Member must have value less than or equal to ", "") {
                t!("console-rule-value-max", max = max)
            } else if let Some(max) = limit("Member must total at most ", " bytes") {
                t!("console-rule-bytes-max", max = max)
            } else if let Some(pattern) =
                value("Member must satisfy regular expression pattern: ", "")
            {
                t!("console-rule-pattern", pattern = pattern)
            } else {
                return None;
            }
        }
    };
    Some(said)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatdeck_ipc::console::{
        Attributes, CreateLoggingConfigurationRequest, CreateRoomRequest, DeleteMessageRequest,
        DestinationConfiguration, DisconnectUserRequest, MessageReviewHandler, SendEventRequest,
        Tags, UpdateLoggingConfigurationRequest, UpdateRoomRequest, validate,
    };

    /// Every problem the console's checks can report, from requests that break each rule.
    fn every_problem() -> Vec<FieldError> {
        let tags: Tags = (0..51)
            .map(|n| (format!("k{n}"), "v".to_owned()))
            .chain([
                ("aws:mine".to_owned(), "v".to_owned()),
                ("tab\tkey".to_owned(), "v".to_owned()),
                (String::new(), "x".repeat(257)),
            ])
            .collect();
        let attributes: Attributes = [("big".to_owned(), "x".repeat(5000))].into_iter().collect();
        let results = [
            validate::create_room(&CreateRoomRequest {
                name: Some("has space".into()),
                maximum_message_rate_per_second: Some(0),
                maximum_message_length: Some(501),
                message_review_handler: Some(MessageReviewHandler {
                    uri: Some("lambda".into()),
                    fallback_result: None,
                }),
                tags: Some(tags),
                logging_configuration_identifiers: Some(vec!["x".into(); 4]),
            }),
            validate::update_room(&UpdateRoomRequest {
                identifier: Some(String::new()),
                name: Some("n".repeat(129)),
                maximum_message_rate_per_second: Some(101),
                maximum_message_length: Some(0),
                ..UpdateRoomRequest::default()
            }),
            validate::create_logging_configuration(&CreateLoggingConfigurationRequest::default()),
            validate::update_logging_configuration(&UpdateLoggingConfigurationRequest {
                identifier: Some("arn:nope".into()),
                name: None,
                destination_configuration: Some(DestinationConfiguration::default()),
            }),
            validate::create_logging_configuration(&CreateLoggingConfigurationRequest {
                destination_configuration: Some(DestinationConfiguration::s3("No")),
                ..CreateLoggingConfigurationRequest::default()
            }),
            validate::create_logging_configuration(&CreateLoggingConfigurationRequest {
                destination_configuration: Some(DestinationConfiguration::cloud_watch_logs("a b")),
                ..CreateLoggingConfigurationRequest::default()
            }),
            validate::create_logging_configuration(&CreateLoggingConfigurationRequest {
                destination_configuration: Some(DestinationConfiguration::firehose("")),
                ..CreateLoggingConfigurationRequest::default()
            }),
            validate::send_event(&SendEventRequest {
                room_identifier: None,
                event_name: Some(String::new()),
                attributes: Some(attributes),
            }),
            validate::delete_message(&DeleteMessageRequest {
                room_identifier: Some("arn:aws:ivschat:us-west-2:1:room/x".into()),
                id: Some("short".into()),
                reason: Some(String::new()),
            }),
            validate::delete_message(&DeleteMessageRequest {
                id: Some("abc!defghijk".into()),
                ..DeleteMessageRequest::default()
            }),
            validate::disconnect_user(&DisconnectUserRequest {
                user_id: Some("u".repeat(129)),
                reason: Some("r".repeat(257)),
                ..DisconnectUserRequest::default()
            }),
        ];
        results
            .into_iter()
            .flat_map(|result| result.err().unwrap_or_default())
            .collect()
    }

    #[test]
    fn every_rule_the_checks_report_has_a_console_message() {
        let problems = every_problem();
        assert!(problems.len() > 30, "{problems:#?}");
        for problem in &problems {
            assert!(
                rule(&problem.message).is_some(),
                "no console message for {problem:?}"
            );
            // The page's language here is English: it reads exactly as the service words it.
            assert_eq!(say(problem), problem.message, "{problem:?}");
        }
        let kinds = [
            "not be null",
            "length greater",
            "length less",
            "value greater",
            "value less",
            "pattern",
            "aws:",
            "bytes",
            "exactly one",
        ];
        for kind in kinds {
            assert!(
                problems
                    .iter()
                    .any(|problem| problem.message.contains(kind)),
                "no problem shows the rule {kind:?}"
            );
        }
    }

    #[test]
    fn other_texts_show_as_they_came() {
        for message in [
            "Enter a whole number",
            "Member must satisfy enum value set: [ALLOW, DENY]",
            "Member must have length less than or equal to many",
            "Member must total at most  bytes",
        ] {
            assert_eq!(rule(message), None, "{message}");
            assert_eq!(say(&FieldError::new("f", message)), message);
        }
    }
}
