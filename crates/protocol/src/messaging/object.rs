//! Case-insensitive access to the keys of a JSON object (reference §1.3: the service matches
//! request keys case-insensitively; clients read `MessageId` and `MessageID` alike).

use serde_json::{Map, Value};

/// A JSON object whose keys are looked up without regard to ASCII case.
pub(crate) struct Fields<'a> {
    object: &'a Map<String, Value>,
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FieldProblem {
    Missing,
    WrongType(&'static str),
}

impl<'a> Fields<'a> {
    pub(crate) fn new(object: &'a Map<String, Value>) -> Self {
        Self { object }
    }

    /// The value under `name`, matched case-insensitively. When an object carries the same key
    /// in two spellings, the first in the map's key order wins: serde_json keeps keys sorted,
    /// so `RequestId` is read before `requestId` whatever order the frame had.
    pub(crate) fn get(&self, name: &str) -> Option<&'a Value> {
        self.object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    /// A required string.
    pub(crate) fn string(&self, name: &str) -> Result<&'a str, FieldProblem> {
        match self.get(name) {
            None | Some(Value::Null) => Err(FieldProblem::Missing),
            Some(Value::String(text)) => Ok(text),
            Some(_) => Err(FieldProblem::WrongType("a string")),
        }
    }

    /// An optional string: absent and null are `None`.
    pub(crate) fn optional_string(&self, name: &str) -> Result<Option<&'a str>, FieldProblem> {
        match self.string(name) {
            Ok(text) => Ok(Some(text)),
            Err(FieldProblem::Missing) => Ok(None),
            Err(problem) => Err(problem),
        }
    }

    /// An optional nested object.
    pub(crate) fn optional_object(
        &self,
        name: &str,
    ) -> Result<Option<&'a Map<String, Value>>, FieldProblem> {
        match self.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Object(object)) => Ok(Some(object)),
            Some(_) => Err(FieldProblem::WrongType("an object")),
        }
    }
}
