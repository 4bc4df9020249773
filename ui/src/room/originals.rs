//! The originals a room's reply quotes show, found once per room rather than once per quote:
//! an index of the window's message ids, rebuilt at most once per change of the window, and
//! the originals looked up in the history store, one lookup per message id.
//!
//! Threads answer the same few messages many times, and a quote whose original has left the
//! window would otherwise scan every line on each batch and ask the shell again for each row.

use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use chatdeck_ipc::model::{Line, TabId};
use chatdeck_ipc::reply::ReplyOriginal;
use leptos::prelude::*;
use reactive_stores::Field;

use crate::context::call_with;
use crate::store::{TabState, TabStateStoreFields};

/// Originals looked up in the history store kept at most; past it the oldest lookups are
/// forgotten (quotes showing them keep theirs).
const KEPT: usize = 256;

/// What a reply's quote knows of its original.
#[derive(Debug, Clone, PartialEq)]
pub enum Original {
    /// Being looked up in the history store.
    Looking,
    /// Neither the window nor the history store holds it.
    Missing,
    /// Found.
    Found(Box<Line>),
}

/// Where each message id sits in the window: the hash of the id to its index. A hash may
/// collide, so a hit is checked against the line's id.
type MessageIndex = HashMap<u64, usize>;

/// A room's originals.
#[derive(Debug, Clone, Copy)]
pub struct Originals {
    tab_id: StoredValue<TabId>,
    tab: Field<TabState>,
    index: Memo<MessageIndex>,
    fetched: StoredValue<HashMap<String, ArcRwSignal<Original>>>,
}

impl Originals {
    /// The originals of the tab's room. The index is built only while a quote reads it.
    pub fn new(tab_id: TabId, tab: Field<TabState>) -> Self {
        let index = Memo::new_owning(move |previous: Option<MessageIndex>| {
            let mut index = previous.unwrap_or_default();
            index.clear();
            tab.lines().try_with(|lines| {
                for (at, line) in lines.iter().enumerate() {
                    if let Some(id) = &line.message_id {
                        index.insert(id_hash(id), at);
                    }
                }
            });
            // Always "changed": the window changed, and a quote checks its own original.
            (index, true)
        });
        Self {
            tab_id: StoredValue::new(tab_id),
            tab,
            index,
            fetched: StoredValue::new(HashMap::new()),
        }
    }

    /// The original of `message_id`, read again as the window changes (so a deletion, a
    /// filter or the original paged in shows). Looked up in the history store when the window
    /// does not hold it, once per id.
    pub fn of(self, message_id: &str) -> Memo<Original> {
        let fetched = if self.in_window(message_id).is_none() {
            Some(self.fetch(message_id))
        } else {
            None
        };
        let message_id = message_id.to_owned();
        Memo::new(move |_| match self.in_window(&message_id) {
            Some(line) => Original::Found(Box::new(line)),
            None => fetched
                .as_ref()
                .map_or(Original::Missing, |fetched| fetched.get()),
        })
    }

    /// The line with `message_id` in the window.
    fn in_window(self, message_id: &str) -> Option<Line> {
        let at = self
            .index
            .try_with(|index| index.get(&id_hash(message_id)).copied())
            .flatten()?;
        self.tab
            .lines()
            .try_with(|lines| {
                lines
                    .get(at)
                    .filter(|line| line.message_id.as_deref() == Some(message_id))
                    .cloned()
            })
            .flatten()
    }

    /// The history store's answer for `message_id`, asked once.
    fn fetch(self, message_id: &str) -> ArcRwSignal<Original> {
        let known = self
            .fetched
            .try_with_value(|fetched| fetched.get(message_id).cloned())
            .flatten();
        if let Some(known) = known {
            return known;
        }
        let answer = ArcRwSignal::new(Original::Looking);
        self.fetched.update_value(|fetched| {
            if fetched.len() >= KEPT {
                fetched.clear();
            }
            fetched.insert(message_id.to_owned(), answer.clone());
        });
        let request = ReplyOriginal {
            tab_id: self.tab_id.get_value(),
            message_id: message_id.to_owned(),
        };
        let set = answer.clone();
        let fetched = self.fetched;
        let asked = message_id.to_owned();
        call_with(request, move |result: Result<Option<Line>, _>| {
            set.set(match result {
                Ok(Some(line)) => Original::Found(Box::new(line)),
                Ok(None) => Original::Missing,
                Err(_) => {
                    // Not known to be missing: the next quote asks again.
                    fetched.try_update_value(|fetched| fetched.remove(&asked));
                    Original::Missing
                }
            });
        });
        answer
    }
}

fn id_hash(message_id: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    message_id.hash(&mut hasher);
    hasher.finish()
}
