//! Words as they cross IPC: a catalogue message id and its arguments, said by the receiver in
//! its language.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::{Args, Language, text_with};

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Word {
    /// A number (chooses plural forms, and is written as the language writes numbers).
    Number(f64),
    /// Text, said as it is (a name, a reason a moderator typed, an id).
    Text(String),
}

macro_rules! numbers {
    ($($number:ty),+) => {$(
        impl From<$number> for Word {
            fn from(value: $number) -> Self {
                Word::Number(value as f64)
            }
        }
    )+};
}

numbers!(u8, u16, u32, u64, usize, i32, i64, f64);

impl From<&str> for Word {
    fn from(value: &str) -> Self {
        Word::Text(value.to_owned())
    }
}

impl From<String> for Word {
    fn from(value: String) -> Self {
        Word::Text(value)
    }
}

impl From<&String> for Word {
    fn from(value: &String) -> Self {
        Word::Text(value.clone())
    }
}

/// A message to say: its id in the catalogues and its arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Words {
    /// The message id (`state-kicked`).
    pub id: String,
    /// Its arguments by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, Word>,
}

impl Eq for Words {}

impl Words {
    /// The message `id` without arguments.
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_owned(),
            args: BTreeMap::new(),
        }
    }

    /// The same words with the argument `name`: a number or text.
    pub fn with(mut self, name: &str, value: impl Into<Word>) -> Self {
        self.args.insert(name.to_owned(), value.into());
        self
    }

    /// The words in `language`.
    pub fn say(&self, language: Language) -> String {
        let mut args = Args::new();
        for (name, value) in &self.args {
            args = args.with(name, value.clone());
        }
        text_with(language, &self.id, &args)
    }
}
