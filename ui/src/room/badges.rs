//! A user's roles beside their name (chatdeck_ipc::badge): short words in pills, named in full
//! for a tooltip and a screen reader. Only known badges reach here, as text.

use chatdeck_ipc::model::Badge;
use leptos::prelude::*;

/// The badges, in their fixed order; nothing when there are none.
pub fn badges(badges: &[Badge]) -> Option<AnyView> {
    (!badges.is_empty()).then(|| {
        let pills = badges
            .iter()
            .map(|badge| {
                view! {
                    <span class="role-badge" data-testid="badge" data-badge=badge.name()
                        title=badge.label() aria-label=badge.label() role="img">{badge.short()}</span>
                }
            })
            .collect_view();
        view! { <span class="role-badges">{pills}</span> }.into_any()
    })
}
