//! The settings dialog's *Ignore and filters*: per profile, the users ignored (each can be
//! let back) and the words or patterns that hide or mask others' messages. The shell applies
//! them; whether a regular expression compiles is its check too, answered on save.

use chatdeck_ipc::model::ProfileId;
use chatdeck_ipc::settings::filters::{ChatFilters, FilterAction, FilterRule, PatternKind};
use chatdeck_ipc::settings::{Problem, Settings};
use leptos::prelude::*;

use crate::context::chat;
use crate::store::ChatStoreFields;

/// The section, editing `draft`'s filters of one profile at a time.
pub fn filters_section(draft: RwSignal<Settings>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let store = chat();
    let profiles = move || store.profiles().get();
    // The profile of the tab in front, else the first one.
    let first = store
        .active()
        .get_untracked()
        .and_then(|active| {
            store.tabs().with_untracked(|tabs| {
                tabs.iter()
                    .find(|tab| tab.id == active)
                    .map(|tab| tab.profile_id.clone())
            })
        })
        .or_else(|| {
            store
                .profiles()
                .with_untracked(|profiles| profiles.first().map(|profile| profile.id.clone()))
        })
        .unwrap_or_default();
    let profile = RwSignal::new(first);
    let filters = move || draft.with(|settings| settings.filters_of(&profile.get()));
    let edit = move |change: &dyn Fn(&mut ChatFilters)| {
        let id = profile.get_untracked();
        draft.update(|settings| change(settings.filters.entry(id).or_default()));
    };
    let pattern = RwSignal::new(String::new());
    let kind = RwSignal::new(PatternKind::Word);
    let action = RwSignal::new(FilterAction::Hide);
    let add = move || {
        let text = pattern.get_untracked().trim().to_owned();
        if text.is_empty() {
            return;
        }
        edit(&|filters| {
            filters.rules.push(FilterRule {
                pattern: text.clone(),
                kind: kind.get_untracked(),
                action: action.get_untracked(),
            })
        });
        pattern.set(String::new());
    };
    let problem_of = move |index: usize| {
        let field = format!("filters.{}.rules[{index}].pattern", profile.get());
        problems.with(|problems| {
            problems
                .iter()
                .find(|problem| problem.field == field)
                .map(|problem| problem.message.clone())
        })
    };
    view! {
        <fieldset class="stack filters-section" data-testid="settings-filters">
            <legend>"Ignore and filters"</legend>
            <label>
                "Profile"
                <select data-testid="settings-filters-profile"
                    on:change=move |event| profile.set(ProfileId::new(event_target_value(&event)))>
                    {move || profiles().into_iter().map(|item| {
                        let selected = item.id == profile.get_untracked();
                        view! { <option value=item.id.to_string() selected=selected>{item.settings.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <p class="muted">"Others' messages only, in this profile's rooms, its overlays and Mentions; never your own messages or moderation notices."</p>
            <ul class="filter-list" aria-label="Ignored users">
                {move || {
                    let users = filters().ignored_users;
                    if users.is_empty() {
                        return view! { <li class="muted">"Nobody is ignored. Ignore someone from a message's menu."</li> }.into_any();
                    }
                    users.into_iter().map(|user| {
                        let user_id = user.user_id.clone();
                        view! {
                            <li data-testid="settings-ignored-user" data-user-id=user.user_id.clone()>
                                <span>{user.display_name.clone()}</span>
                                <span class="muted">{format!(" ({})", user.user_id)}</span>
                                <button class="ghost" data-testid="settings-unignore"
                                    on:click=move |_| edit(&|filters| filters.ignored_users.retain(|known| known.user_id != user_id))>
                                    "Stop ignoring"
                                </button>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <ul class="filter-list" aria-label="Filters">
                {move || filters().rules.into_iter().enumerate().map(|(index, rule)| {
                    let removed = rule.clone();
                    view! {
                        <li data-testid="settings-filter-rule" data-pattern=rule.pattern.clone()
                            data-kind=rule.kind.as_str() data-action=rule.action.as_str()>
                            <code>{rule.pattern.clone()}</code>
                            <span class="muted">{format!(" {} · {}", kind_label(rule.kind), action_label(rule.action))}</span>
                            <button class="ghost" data-testid="settings-filter-remove"
                                on:click=move |_| edit(&|filters| filters.rules.retain(|known| known != &removed))>"Remove"</button>
                            {move || problem_of(index).map(|text| view! { <span class="field-problem" data-testid="settings-problem">{text}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="form-row filter-add">
                <input type="text" data-testid="settings-filter-pattern" placeholder="A word, or a pattern" aria-label="Word or pattern"
                    prop:value=move || pattern.get() on:input=move |event| pattern.set(event_target_value(&event))
                    on:keydown=move |event| if event.key() == "Enter" { event.prevent_default(); add(); }/>
                <select data-testid="settings-filter-kind" aria-label="Matches"
                    on:change=move |event| kind.set(PatternKind::from_name(&event_target_value(&event)).unwrap_or_default())>
                    {PatternKind::ALL.map(|item| view! { <option value=item.as_str() selected=move || kind.get() == item>{kind_label(item)}</option> })}
                </select>
                <select data-testid="settings-filter-action" aria-label="Does"
                    on:change=move |event| action.set(FilterAction::from_name(&event_target_value(&event)).unwrap_or_default())>
                    {FilterAction::ALL.map(|item| view! { <option value=item.as_str() selected=move || action.get() == item>{action_label(item)}</option> })}
                </select>
                <button class="secondary" data-testid="settings-filter-add" on:click=move |_| add()>"Add filter"</button>
            </div>
        </fieldset>
    }
}

fn kind_label(kind: PatternKind) -> &'static str {
    match kind {
        PatternKind::Word => "word",
        PatternKind::Regex => "regular expression",
    }
}

fn action_label(action: FilterAction) -> &'static str {
    match action {
        FilterAction::Hide => "hides the message",
        FilterAction::Mask => "masks the match",
    }
}
