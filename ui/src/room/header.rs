//! The room's header: name, profile, connection badge, reconnect, the room menu.

use chatdeck_ipc::command::{Reconnect, SetChatDelay, SetDemoAudience};
use chatdeck_ipc::invite::CopyInviteLink;
use chatdeck_ipc::model::{Capability, ConnectionState, DemoAudience, ProfileKind};
use leptos::prelude::*;

use super::hidden::HiddenCounter;
use super::overlay_items::OverlayMenuItems;
use super::split_items::SplitMenuItems;
use super::ui::{Panel, RoomUi};
use crate::context::{call, chat};
use crate::i18n::t;
use crate::store::{ChatStoreFields, TabStateStoreFields};
use crate::tabs::close;

/// The header.
#[component]
pub fn RoomHeader() -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let tab = ui.tab;
    let copied = ui.copied;
    let copy_note = ui.copy_note;
    let menu = RwSignal::new(false);
    let tab_id = ui.tab_id.clone();
    let reconnect = {
        let tab_id = tab_id.clone();
        move |_| {
            call(
                Reconnect {
                    tab_id: tab_id.clone(),
                },
                |()| {},
            )
        }
    };
    let disconnected = move || {
        tab.connection()
            .try_with(|connection| connection.state == ConnectionState::Disconnected)
            .unwrap_or(false)
    };
    view! {
        <div class="room-header">
            <div class="room-title">
                <h1 data-testid="room-name" title=move || tab.room_arn().try_get().unwrap_or_default()>
                    "# " {move || tab.room_name().try_get().unwrap_or_default()}
                </h1>
                <span class="chip" title=t!("room-profile-title")>{move || tab.profile_name().try_get().unwrap_or_default()}</span>
                {move || {
                    let seconds = tab.chat_delay_seconds().try_get().unwrap_or(0);
                    (seconds > 0).then(|| view! {
                        <span class="chip delay-chip" data-testid="chat-delay"
                            title=t!("room-delay-chip-title", seconds = seconds)>
                            {t!("room-delay-chip", seconds = seconds)}
                        </span>
                    })
                }}
            </div>
            <ConnectionBadge/>
            <HiddenCounter/>
            {move || copy_note.get().map(|note| view! {
                <span class="chip" role="status" data-testid="copy-note">{note}</span>
            })}
            {move || copied.get().map(|link| view! {
                <span class="chip" role="status" data-testid="invite-copied" data-link=link.clone() title=link>
                    {t!("room-invite-copied")}
                </span>
            })}
            <Show when=disconnected>
                <button class="secondary" data-testid="reconnect" on:click=reconnect.clone()>{t!("room-reconnect")}</button>
            </Show>
            <div class="menu-anchor">
                <button class="ghost icon" data-testid="room-menu" aria-label=t!("room-menu") aria-haspopup="menu"
                    aria-expanded=move || menu.get().to_string() on:click=move |_| menu.update(|open| *open = !*open)>"⋯"</button>
                <Show when=move || menu.get()>
                    <RoomMenu close_menu=move || menu.set(false)/>
                </Show>
            </div>
        </div>
    }
}

/// The badge: a dot, the state, and the reason in words.
#[component]
fn ConnectionBadge() -> impl IntoView {
    let tab = expect_context::<RoomUi>().tab;
    let state = move || {
        tab.connection()
            .try_with(|c| c.state)
            .unwrap_or(ConnectionState::Connecting)
    };
    let label = move || match state() {
        ConnectionState::Connecting => t!("room-state-connecting"),
        ConnectionState::Connected => t!("room-state-connected"),
        ConnectionState::Disconnected => t!("room-state-disconnected"),
    };
    let reason = move || {
        tab.connection()
            .try_with(|c| c.reason.as_ref().map(crate::i18n::say))
            .flatten()
    };
    view! {
        <div class="badge" data-testid="connection-badge" data-state=move || state().as_str() role="status">
            <span class="dot" data-state=move || state().as_str() aria-hidden="true"></span>
            <span class="badge-state">{label}</span>
            {move || reason().map(|reason| view! { <span class="badge-reason" data-testid="connection-reason" title=reason.clone()>{reason.clone()}</span> })}
        </div>
    }
}

/// The chat delays the room menu offers, in seconds: a stream's latency, from low-latency
/// (about 2 s) to a standard HLS player's 30.
const CHAT_DELAYS: [u32; 5] = [0, 2, 5, 10, 30];

/// The key that closes a tab, shown beside the menu's item (a key's name, not words).
const CLOSE_TAB_KEY: &str = "Ctrl+W";

/// The room menu: demo audience, chat delay, moderation log, export, clear history, close.
#[component]
fn RoomMenu(close_menu: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let ui = expect_context::<RoomUi>();
    let store = chat();
    let tab = ui.tab;
    let panel = ui.panel;
    let demo = move || tab.demo_audience().try_get().unwrap_or_default();
    let toggle_demo = {
        let tab_id = ui.tab_id.clone();
        let close_menu = close_menu.clone();
        move |_| {
            let on = demo() != DemoAudience::On;
            call(
                SetDemoAudience {
                    tab_id: tab_id.clone(),
                    on,
                },
                |()| {},
            );
            close_menu();
        }
    };
    let delay_items = chat_delay_items(ui.clone(), close_menu.clone());
    // Opens the side panel's view, or closes it when it is the one shown.
    let toggle = |view: Panel| {
        let close_menu = close_menu.clone();
        move |_| {
            panel.update(|panel| {
                *panel = if *panel == view {
                    Panel::Closed
                } else {
                    view.clone()
                }
            });
            close_menu();
        }
    };
    let toggle_log = toggle(Panel::Log);
    let toggle_chatters = toggle(Panel::Chatters);
    let close_tab = {
        let tab_id = ui.tab_id.clone();
        move |_| close(store, tab_id.clone())
    };
    let export = ui.export;
    let open_export = {
        let close_menu = close_menu.clone();
        move |_| {
            export.set(true);
            close_menu();
        }
    };
    // Moderators (by their token) and streamers (the room's owner: the Local profile or an
    // AWS account) hand out invite links.
    let can_invite = {
        let ui = ui.clone();
        move || {
            let owner = tab.profile_id().try_get().is_some_and(|id| {
                store.profiles().with(|profiles| {
                    profiles.iter().any(|profile| {
                        profile.id == id
                            && matches!(
                                profile.settings.kind,
                                ProfileKind::Local | ProfileKind::Aws { .. }
                            )
                    })
                })
            });
            owner || ui.can(Capability::DeleteMessage) || ui.can(Capability::DisconnectUser)
        }
    };
    let copied = ui.copied;
    let copy_invite = {
        let tab_id = ui.tab_id.clone();
        let close_menu = close_menu.clone();
        move |_| {
            call(
                CopyInviteLink {
                    tab_id: tab_id.clone(),
                },
                move |link| copied.set(Some(link)),
            );
            close_menu();
        }
    };
    let clear = ui.clear;
    let open_clear = {
        let close_menu = close_menu.clone();
        move |_| {
            clear.set(Some(crate::clear_history::ClearTarget {
                room_arn: tab.room_arn().try_get_untracked(),
                room_name: tab.room_name().try_get_untracked().unwrap_or_default(),
            }));
            close_menu();
        }
    };
    // Keyboard: the first item takes focus on opening; arrows move, Escape closes.
    let menu_ref: NodeRef<leptos::html::Div> = NodeRef::new();
    let on_menu_key = menu_keyboard(menu_ref, close_menu.clone());
    view! {
        <div class="menu" role="menu" node_ref=menu_ref on:keydown=on_menu_key>
            <Show when=move || demo() != DemoAudience::Unavailable>
                <button role="menuitemcheckbox" data-testid="demo-audience-toggle"
                    aria-checked=move || (demo() == DemoAudience::On).to_string() on:click=toggle_demo.clone()>
                    <span class="check">{move || if demo() == DemoAudience::On { "✓" } else { "" }}</span>
                    {t!("room-menu-demo-audience")}
                </button>
            </Show>
            <OverlayMenuItems close_menu=close_menu.clone()/>
            <SplitMenuItems close_menu=close_menu.clone()/>
            <div role="group" aria-label=t!("room-menu-chat-delay") class="menu-group">{delay_items}</div>
            <button role="menuitem" data-testid="moderation-log-toggle" on:click=toggle_log>
                <span class="check"></span>{t!("room-menu-moderation-log")}
            </button>
            <button role="menuitem" data-testid="recent-chatters-toggle" on:click=toggle_chatters>
                <span class="check"></span>{t!("room-menu-recent-chatters")}
            </button>
            <button role="menuitem" data-testid="export-history" on:click=open_export>
                <span class="check"></span>{t!("room-menu-export")}
            </button>
            <Show when=can_invite.clone()>
                <button role="menuitem" data-testid="copy-invite-link" on:click=copy_invite.clone()>
                    <span class="check"></span>{t!("room-menu-copy-invite")}
                </button>
            </Show>
            <button role="menuitem" data-testid="clear-room-history" on:click=open_clear>
                <span class="check"></span>{t!("room-menu-clear-history")}
            </button>
            <button role="menuitem" on:click=close_tab>
                <span class="check"></span>{t!("room-menu-close-tab")} <kbd>{CLOSE_TAB_KEY}</kbd>
            </button>
        </div>
    }
}

/// The chat delay choices, the one in effect checked.
fn chat_delay_items(
    ui: RoomUi,
    close_menu: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let tab = ui.tab;
    let delay = move || tab.chat_delay_seconds().try_get().unwrap_or(0);
    CHAT_DELAYS
        .into_iter()
        .map(|seconds| {
            let tab_id = ui.tab_id.clone();
            let close_menu = close_menu.clone();
            let pick = move |_| {
                call(
                    SetChatDelay {
                        tab_id: tab_id.clone(),
                        seconds,
                    },
                    |()| {},
                );
                close_menu();
            };
            let label = if seconds == 0 {
                t!("room-menu-no-delay")
            } else {
                t!("room-menu-delay", seconds = seconds)
            };
            view! {
                <button role="menuitemradio" data-testid="chat-delay-option" data-seconds=seconds.to_string()
                    aria-checked=move || (delay() == seconds).to_string() on:click=pick>
                    <span class="check">{move || if delay() == seconds { "●" } else { "" }}</span>
                    {label}
                </button>
            }
        })
        .collect_view()
}

/// Focuses the menu's first item once it shows; returns its key handler (arrows move,
/// Escape closes and returns to the menu button).
fn menu_keyboard(
    menu_ref: NodeRef<leptos::html::Div>,
    close_menu: impl Fn() + Clone + Send + Sync + 'static,
) -> impl Fn(leptos::ev::KeyboardEvent) + Clone + 'static {
    Effect::new(move |_| {
        if let Some(menu) = menu_ref.get() {
            crate::a11y::focus_first_item(&menu);
        }
    });
    move |event: leptos::ev::KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            close_menu();
            crate::a11y::focus_room_menu_button();
        } else {
            crate::a11y::menu_keys(&event);
        }
    }
}
