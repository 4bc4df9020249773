//! An invite link the desktop handed the app: the question ("Join room … through … as …?")
//! with Join and Cancel, or the refusal in words. Joining opens the room's tab.

use chatdeck_ipc::invite::{AcceptInvite, DismissInvite};
use leptos::prelude::*;

use crate::context::{call_with, chat};
use crate::i18n::t;
use crate::store::{ChatStoreFields, OpenedBy, bring_to_front, tab_opened};

/// The invite dialog, shown while the store holds an offer.
#[component]
pub fn InviteDialog() -> impl IntoView {
    let store = chat();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let close = move || {
        if let Some(offer) = store.invite().get_untracked() {
            // Declined: the shell forgets it, so a window loading later does not ask again.
            call_with(DismissInvite { link: offer.link }, |_| {});
        }
        store.invite().set(None);
        error.set(None);
    };
    let join = move || {
        let Some(offer) = store.invite().get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        call_with(AcceptInvite { link: offer.link }, move |result| {
            busy.set(false);
            match result {
                Ok(tab) => {
                    let id = tab_opened(store, tab, OpenedBy::Answer);
                    bring_to_front(store, &id);
                    store.invite().set(None);
                }
                Err(failure) => error.set(Some(crate::i18n::say(&failure.words))),
            }
        });
    };
    move || {
        store.invite().get().map(|offer| {
            let valid = offer.invite.is_some();
            let detail = offer.invite.clone().map(|invite| {
                let text = match offer.profile_name.clone() {
                    Some(profile) => t!(
                        "app-invite-detail-profile",
                        room = invite.room_arn,
                        token_url = invite.token_url,
                        endpoint = invite.endpoint,
                        profile = profile
                    ),
                    None => t!(
                        "app-invite-detail-new-profile",
                        room = invite.room_arn,
                        token_url = invite.token_url,
                        endpoint = invite.endpoint
                    ),
                };
                view! { <p class="muted" data-testid="invite-detail">{text}</p> }
            });
            view! {
                <div class="scrim" on:click=move |_| close()></div>
                <div class="dialog small" role="alertdialog" aria-modal="true" aria-labelledby="invite-title"
                    data-testid="invite-dialog" data-valid=valid.to_string()
                    on:keydown=move |event| if event.key() == "Escape" { close() }>
                    <h2 id="invite-title">{t!("app-invite-title")}</h2>
                    <p class=if valid { "" } else { "error-text" } role=if valid { "status" } else { "alert" }
                        data-testid="invite-question">{crate::i18n::say(&offer.text)}</p>
                    {detail}
                    {move || error.get().map(|message| view! { <p class="error-text" role="alert" data-testid="invite-error">{message}</p> })}
                    <div class="dialog-actions">
                        <button class="secondary" data-testid="invite-cancel" on:click=move |_| close()>
                            {if valid { t!("app-invite-cancel") } else { t!("app-invite-close") }}
                        </button>
                        <Show when=move || valid>
                            <button class="primary" data-testid="invite-join" disabled=move || busy.get()
                                on:click=move |_| join()>{t!("app-invite-join")}</button>
                        </Show>
                    </div>
                </div>
            }
        })
    }
}
