//! The originals a room's reply quotes show: from the window when it holds them, else looked
//! up in the history store once per message id for the room, not once per quote.
//!
//! Threads answer the same few messages many times; a quote whose original has left the
//! window would otherwise ask the shell again for every row that shows it.

use std::collections::HashMap;

use chatdeck_ipc::model::{Line, TabId};
use chatdeck_ipc::reply::ReplyOriginal;
use leptos::prelude::*;
use reactive_stores::Field;

use crate::context::call_with;
use crate::live_list::row_memo;
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

/// A room's originals.
#[derive(Debug, Clone, Copy)]
pub struct Originals {
    tab_id: StoredValue<TabId>,
    tab: Field<TabState>,
    fetched: StoredValue<HashMap<String, ArcRwSignal<Original>>>,
}

impl Originals {
    /// The originals of the tab's room.
    pub fn new(tab_id: TabId, tab: Field<TabState>) -> Self {
        Self {
            tab_id: StoredValue::new(tab_id),
            tab,
            fetched: StoredValue::new(HashMap::new()),
        }
    }

    /// The original of `message_id`, read again as the window changes (so a deletion, a
    /// filter or the original paged in shows). Looked up in the history store when the window
    /// does not hold it, once per id.
    ///
    /// For a quote in a row: the room's lines and a looked-up answer outlive the row, so they
    /// are read through a [`row_memo`] that leaves them when the row goes. A looked-up answer
    /// is set once and never again, so nothing else would ever take a gone quote off it.
    pub fn of(self, message_id: &str) -> Memo<Original> {
        let fetched = if self.in_window(message_id).is_none() {
            Some(self.fetch(message_id))
        } else {
            None
        };
        let message_id = message_id.to_owned();
        row_memo(move || match self.in_window(&message_id) {
            Some(line) => Original::Found(Box::new(line)),
            None => fetched
                .as_ref()
                .map_or(Original::Missing, |fetched| fetched.get()),
        })
    }

    /// The line with `message_id` in the window (newest first: answers follow soon after).
    fn in_window(self, message_id: &str) -> Option<Line> {
        self.tab
            .lines()
            .try_with(|lines| {
                lines
                    .iter()
                    .rev()
                    .find(|line| line.message_id.as_deref() == Some(message_id))
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
