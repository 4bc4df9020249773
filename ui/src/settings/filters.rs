//! The settings dialog's *Ignore and filters*: per profile, the users ignored (each can be
//! let back) and the words or patterns that hide or mask others' messages. The shell applies
//! them; whether a regular expression compiles is its check too, answered on save.

use chatdeck_ipc::model::ProfileId;
use chatdeck_ipc::settings::filters::{ChatFilters, FilterAction, FilterRule, PatternKind};
use chatdeck_ipc::settings::{Problem, Settings};
use leptos::prelude::*;

use crate::context::chat;
use crate::i18n::t;
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
                .map(|problem| crate::i18n::say(&problem.words))
        })
    };
    view! {
        <fieldset class="stack filters-section" data-testid="settings-filters">
            <legend>{t!("settings-filters")}</legend>
            <label>
                {t!("settings-filters-profile")}
                <select data-testid="settings-filters-profile"
                    on:change=move |event| profile.set(ProfileId::new(event_target_value(&event)))>
                    {move || profiles().into_iter().map(|item| {
                        let selected = item.id == profile.get_untracked();
                        view! { <option value=item.id.to_string() selected=selected>{item.settings.name}</option> }
                    }).collect_view()}
                </select>
            </label>
            <p class="muted">{t!("settings-filters-scope")}</p>
            <ul class="filter-list" aria-label=t!("settings-ignored-users")>
                {move || {
                    let users = filters().ignored_users;
                    if users.is_empty() {
                        return view! { <li class="muted">{t!("settings-ignored-none")}</li> }.into_any();
                    }
                    users.into_iter().map(|user| {
                        let user_id = user.user_id.clone();
                        view! {
                            <li data-testid="settings-ignored-user" data-user-id=user.user_id.clone()>
                                <span>{user.display_name.clone()}</span>
                                <span class="muted">{format!(" ({})", user.user_id)}</span>
                                <button class="ghost" data-testid="settings-unignore"
                                    on:click=move |_| edit(&|filters| filters.ignored_users.retain(|known| known.user_id != user_id))>
                                    {t!("settings-unignore")}
                                </button>
                            </li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            <ul class="filter-list" aria-label=t!("settings-filter-list")>
                {move || filters().rules.into_iter().enumerate().map(|(index, rule)| {
                    let removed = rule.clone();
                    view! {
                        <li data-testid="settings-filter-rule" data-pattern=rule.pattern.clone()
                            data-kind=rule.kind.as_str() data-action=rule.action.as_str()>
                            <code>{rule.pattern.clone()}</code>
                            <span class="muted">{format!(" {} · {}", kind_label(rule.kind), action_label(rule.action))}</span>
                            <button class="ghost" data-testid="settings-filter-remove"
                                on:click=move |_| edit(&|filters| filters.rules.retain(|known| known != &removed))>{t!("settings-filter-remove")}</button>
                            {move || problem_of(index).map(|text| view! { <span class="field-problem" data-testid="settings-problem">{text}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="form-row filter-add">
                <input type="text" data-testid="settings-filter-pattern" placeholder=t!("settings-filter-pattern-placeholder") aria-label=t!("settings-filter-pattern")
                    prop:value=move || pattern.get() on:input=move |event| pattern.set(event_target_value(&event))
                    on:keydown=move |event| if event.key() == "Enter" { event.prevent_default(); add(); }/>
                <select data-testid="settings-filter-kind" aria-label=t!("settings-filter-kind")
                    on:change=move |event| kind.set(PatternKind::from_name(&event_target_value(&event)).unwrap_or_default())>
                    {PatternKind::ALL.map(|item| view! { <option value=item.as_str() selected=move || kind.get() == item>{kind_label(item)}</option> })}
                </select>
                <select data-testid="settings-filter-action" aria-label=t!("settings-filter-action")
                    on:change=move |event| action.set(FilterAction::from_name(&event_target_value(&event)).unwrap_or_default())>
                    {FilterAction::ALL.map(|item| view! { <option value=item.as_str() selected=move || action.get() == item>{action_label(item)}</option> })}
                </select>
                <button class="secondary" data-testid="settings-filter-add" on:click=move |_| add()>{t!("settings-filter-add")}</button>
            </div>
        </fieldset>
    }
}

fn kind_label(kind: PatternKind) -> String {
    match kind {
        PatternKind::Word => t!("settings-filter-kind-word"),
        PatternKind::Regex => t!("settings-filter-kind-regex"),
    }
}

fn action_label(action: FilterAction) -> String {
    match action {
        FilterAction::Hide => t!("settings-filter-action-hide"),
        FilterAction::Mask => t!("settings-filter-action-mask"),
    }
}
