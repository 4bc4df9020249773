//! A keyed list for rows that come and go without end (a live room's messages).
//!
//! Leptos' `For` makes each row's reactive owner a child of the owner the `For` was created
//! in, and an owner only forgets its children when it is itself cleaned up. A message list
//! lives as long as its room is in front, and at 100 lines a second it creates 100 rows a
//! second: every row that ever scrolled through stayed on that parent's list of children, a
//! `Weak` whose allocation (the row owner's whole state) is never freed. That was the wasm
//! memory growing by a few hundred bytes per message, in steps as the list doubled, while
//! the store and the DOM stayed bounded.
//!
//! [`live_for`] renders the same keyed list, but each row's owner has no parent: it is
//! owned only by the row's view state and freed with the row. A row without a parent would
//! not find the contexts of the components above it, so the list takes the ones its caller
//! names where it is created ([`Inherited`]) and provides them again in every row. The list
//! itself knows no context of the app: which ones its rows read is the caller's business.
//!
//! The second way rows outlived themselves: a reactive source (a store field, a memo) keeps a
//! `Weak` to each subscriber that read it, and a subscriber only leaves that list when it runs
//! again; a memo or effect that is disposed never does. A row reading the room's lines, the
//! focused line, the highlighter or the clock format left one entry (and the allocation
//! behind it, with the row's cloned line) on each of those long-lived sources, and every
//! later change of the lines walked and cloned the ever longer list. So a row reads what
//! lives longer than itself only through one [`row_memo`], which leaves those sources when
//! the row goes; the row's view reads that memo, which dies with it.

use std::hash::Hash;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::reactive::graph::{Subscriber, ToAnySubscriber};
use leptos::tachys::reactive_graph::OwnedView;
use leptos::tachys::view::keyed::{SerializableKey, keyed};

/// Contexts found where a list is created, provided again in each of its rows (whose owners
/// have no parent to find them through). The caller names every context its rows read, so
/// a row sees what it would have seen under `For`.
#[derive(Clone, Default)]
pub struct Inherited(Vec<Arc<dyn Fn() + Send + Sync>>);

impl std::fmt::Debug for Inherited {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Inherited({} contexts)", self.0.len())
    }
}

impl Inherited {
    /// No context yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the context of type `T` provided here, if there is one.
    pub fn with<T: Clone + Send + Sync + 'static>(mut self) -> Self {
        if let Some(value) = use_context::<T>() {
            self.0
                .push(Arc::new(move || provide_context(value.clone())));
        }
        self
    }

    /// Provides them in the current (row) owner.
    fn provide(&self) {
        for again in &self.0 {
            again();
        }
    }
}

/// An owner with no parent, so that no long-lived owner keeps a trace of it.
fn detached_owner() -> Owner {
    let current = Owner::current();
    if let Some(current) = current.clone() {
        // Only clears the thread's current owner; `current` itself is untouched.
        current.unset();
    }
    let owner = Owner::new();
    if let Some(current) = current {
        current.set();
    }
    owner
}

/// `For`, with rows whose owners are freed with the rows (see the module's documentation);
/// each row is given the `inherited` contexts.
pub fn live_for<I, T, K, N>(
    inherited: Inherited,
    each: impl Fn() -> I + Send + 'static,
    key: impl Fn(&T) -> K + Send + Clone + 'static,
    children: impl Fn(T) -> N + Send + Clone + 'static,
) -> impl IntoView
where
    I: IntoIterator<Item = T> + Send + 'static,
    T: Send + 'static,
    K: Eq + Hash + SerializableKey + 'static,
    N: IntoView + 'static,
{
    let row = move |_, item| {
        let owner = detached_owner();
        let view = owner.with(|| {
            inherited.provide();
            children(item)
        });
        (drop, OwnedView::new_with_owner(view, owner))
    };
    move || keyed(each(), key.clone(), row.clone())
}

/// A memo for a row's reads of sources that outlive the row: it unsubscribes from them when
/// the row's owner is cleaned up (see the module's documentation). Anything else in the row
/// should read this memo, not those sources.
pub fn row_memo<T>(compute: impl Fn() -> T + Send + Sync + 'static) -> Memo<T>
where
    T: PartialEq + Send + Sync + 'static,
{
    let memo = ArcMemo::new(move |_| compute());
    on_cleanup({
        let memo = memo.clone();
        move || memo.clear_sources(&memo.to_any_subscriber())
    });
    Memo::from(memo)
}
