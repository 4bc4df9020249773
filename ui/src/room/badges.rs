//! A user's roles beside their name (chatdeck_ipc::badge): short words in pills, named in full
//! for a tooltip and a screen reader. Only known badges reach here, as text.

use chatdeck_ipc::model::Badge;
use leptos::prelude::*;

use crate::i18n::t;

/// The badges, in their fixed order; nothing when there are none.
pub fn badges(badges: &[Badge]) -> Option<AnyView> {
    (!badges.is_empty()).then(|| {
        let pills = badges
            .iter()
            .map(|badge| {
                let label = label(*badge);
                view! {
                    <span class="role-badge" data-testid="badge" data-badge=badge.name()
                        title=label.clone() aria-label=label role="img">{badge.short()}</span>
                }
            })
            .collect_view();
        view! { <span class="role-badges">{pills}</span> }.into_any()
    })
}

/// A role in words (`Badge::label`'s, in the page's language). The pill's short form (`MOD`,
/// `VIP`) stays as it is: the same abbreviations are read in either language.
fn label(badge: Badge) -> String {
    match badge {
        Badge::Broadcaster => t!("room-badge-broadcaster"),
        Badge::Moderator => t!("room-badge-moderator"),
        Badge::Vip => t!("room-badge-vip"),
        Badge::Subscriber => t!("room-badge-subscriber"),
    }
}
