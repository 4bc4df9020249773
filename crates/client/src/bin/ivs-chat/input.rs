//! Reading stdin: one JSON object per line, or plain text to send.

use ivs_chat_client::outbox::Body;
use ivs_chat_protocol::Attributes;
use serde_json::{Map, Value};

/// What one line of stdin asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A request: `{"send":"text","attributes":{…}}` (or a line that is not a JSON object),
    /// `{"delete":"<messageId>","reason":"…"}`, `{"kick":"<userId>","reason":"…"}`.
    Request(Body),
    /// `{"disconnect":true}`.
    Disconnect,
}

/// Reads one line. `Ok(None)` for a blank line; `Err` with a one-line explanation for a JSON
/// object that is not a valid command.
pub fn parse_line(line: &str) -> Result<Option<Input>, String> {
    let line = line.trim_end_matches(['\r', '\n']);
    if line.trim().is_empty() {
        return Ok(None);
    }
    let object = match serde_json::from_str::<Value>(line) {
        Ok(Value::Object(object)) => object,
        // Anything else, JSON scalars included, is text to send.
        _ => {
            return Ok(Some(Input::Request(Body::Send {
                content: line.to_owned(),
                attributes: Attributes::new(),
            })));
        }
    };
    let commands: Vec<&str> = ["send", "delete", "kick", "disconnect"]
        .into_iter()
        .filter(|key| object.contains_key(*key))
        .collect();
    let command = match commands.as_slice() {
        [one] => *one,
        [] => return Err("expected one of \"send\", \"delete\", \"kick\", \"disconnect\"".into()),
        _ => {
            return Err(format!(
                "more than one command in one line: {}",
                commands.join(", ")
            ));
        }
    };
    let text = |key: &str| -> Result<String, String> {
        match object.get(key) {
            Some(Value::String(text)) => Ok(text.clone()),
            _ => Err(format!("\"{key}\" must be a string")),
        }
    };
    let reason = || -> Result<Option<String>, String> {
        match object.get("reason") {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(reason)) => Ok(Some(reason.clone())),
            Some(_) => Err("\"reason\" must be a string".into()),
        }
    };
    let input = match command {
        "send" => Input::Request(Body::Send {
            content: text("send")?,
            attributes: attributes(&object)?,
        }),
        "delete" => Input::Request(Body::Delete {
            message_id: text("delete")?,
            reason: reason()?,
        }),
        "kick" => Input::Request(Body::Kick {
            user_id: text("kick")?,
            reason: reason()?,
        }),
        _ => match object.get("disconnect") {
            Some(Value::Bool(true)) => Input::Disconnect,
            _ => return Err("\"disconnect\" must be true".into()),
        },
    };
    Ok(Some(input))
}

fn attributes(object: &Map<String, Value>) -> Result<Attributes, String> {
    match object.get("attributes") {
        None | Some(Value::Null) => Ok(Attributes::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| match value {
                Value::String(text) => Ok((key.clone(), text.clone())),
                _ => Err(format!("attribute {key:?} must be a string")),
            })
            .collect(),
        Some(_) => Err("\"attributes\" must be an object of strings".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(content: &str) -> Option<Input> {
        Some(Input::Request(Body::Send {
            content: content.into(),
            attributes: Attributes::new(),
        }))
    }

    #[test]
    fn line_table() {
        let mut attributes = Attributes::new();
        attributes.insert("k".into(), "v".into());
        let cases: Vec<(&str, Result<Option<Input>, ()>)> = vec![
            ("", Ok(None)),
            ("   \r\n", Ok(None)),
            ("hello world\n", Ok(send("hello world"))),
            ("42", Ok(send("42"))),
            ("\"quoted\"", Ok(send("\"quoted\""))),
            ("{not json", Ok(send("{not json"))),
            (r#"{"send":"hi"}"#, Ok(send("hi"))),
            (
                r#"{"send":"hi","attributes":{"k":"v"}}"#,
                Ok(Some(Input::Request(Body::Send {
                    content: "hi".into(),
                    attributes,
                }))),
            ),
            (
                r#"{"delete":"R1BLTDN84zEO","reason":"spam"}"#,
                Ok(Some(Input::Request(Body::Delete {
                    message_id: "R1BLTDN84zEO".into(),
                    reason: Some("spam".into()),
                }))),
            ),
            (
                r#"{"kick":"bob"}"#,
                Ok(Some(Input::Request(Body::Kick {
                    user_id: "bob".into(),
                    reason: None,
                }))),
            ),
            (r#"{"disconnect":true}"#, Ok(Some(Input::Disconnect))),
            (r#"{"disconnect":false}"#, Err(())),
            (r#"{"send":5}"#, Err(())),
            (r#"{"send":"x","attributes":{"k":1}}"#, Err(())),
            (r#"{"send":"x","attributes":[]}"#, Err(())),
            (r#"{"delete":"x","reason":3}"#, Err(())),
            (r#"{"hello":"x"}"#, Err(())),
            (r#"{"send":"x","kick":"y"}"#, Err(())),
        ];
        for (line, expected) in cases {
            assert_eq!(parse_line(line).map_err(|_| ()), expected, "{line:?}");
        }
    }
}
