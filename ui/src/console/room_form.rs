//! Creating or updating a room: name, limits, review handler with fallback, up to three
//! logging configurations, tags. The request is checked with the service's own rules as the
//! user types; nothing is sent while a problem shows.

use chatdeck_ipc::IpcError;
use chatdeck_ipc::console::Destination;
use chatdeck_ipc::console::{
    ConsoleCreateRoom, ConsoleUpdateRoom, CreateRoomRequest, FallbackResult, MessageReviewHandler,
    Room, TagChange, UpdateRoomRequest, validate,
};
use leptos::prelude::*;

use super::fields::{FieldProblems, Problems, lines, number, pairs};
use super::rules;
use super::ui::{ConsoleUi, Editing};
use crate::context::call_with;
use crate::i18n::t;

/// The form's text, as typed.
#[derive(Debug, Clone, PartialEq, Default)]
struct Draft {
    name: String,
    max_length: String,
    max_rate: String,
    review_uri: String,
    deny_on_failure: bool,
    logging: Vec<String>,
    tags: String,
}

impl Draft {
    fn of(room: &Room) -> Draft {
        let handler = room.message_review_handler.clone().unwrap_or_default();
        Draft {
            name: room.name.clone(),
            max_length: room.maximum_message_length.to_string(),
            max_rate: room.maximum_message_rate_per_second.to_string(),
            review_uri: handler.uri.unwrap_or_default(),
            deny_on_failure: handler.fallback_result == Some(FallbackResult::Deny),
            logging: room.logging_configuration_identifiers.clone(),
            tags: lines(&room.tags),
        }
    }

    fn handler(&self) -> MessageReviewHandler {
        MessageReviewHandler {
            uri: Some(self.review_uri.trim().to_owned()),
            fallback_result: Some(if self.deny_on_failure {
                FallbackResult::Deny
            } else {
                FallbackResult::Allow
            }),
        }
    }
}

/// A checked request, ready to send.
#[derive(Debug, Clone)]
enum Checked {
    Create(CreateRoomRequest),
    Update(UpdateRoomRequest, TagChange),
}

/// The request the draft makes, and every problem with it: numbers that are not numbers,
/// bad `key=value` lines, and whatever `validate` finds.
fn check(draft: &Draft, editing: &Editing) -> (Checked, Problems) {
    let mut problems = Problems::new();
    let length = number("maximumMessageLength", &draft.max_length, &mut problems);
    let rate = number(
        "maximumMessageRatePerSecond",
        &draft.max_rate,
        &mut problems,
    );
    let tags = pairs("tags", &draft.tags, &mut problems);
    let name = Some(draft.name.trim().to_owned()).filter(|name| !name.is_empty());
    let logging = Some(draft.logging.clone());
    match editing {
        Editing::New => {
            let request = CreateRoomRequest {
                name,
                maximum_message_rate_per_second: rate,
                maximum_message_length: length,
                message_review_handler: (!draft.review_uri.trim().is_empty())
                    .then(|| draft.handler()),
                tags: (!tags.is_empty()).then_some(tags),
                logging_configuration_identifiers: logging,
            };
            if let Err(found) = validate::create_room(&request) {
                problems.extend(found);
            }
            (Checked::Create(request), problems)
        }
        Editing::Existing(room) => {
            let had_handler = room
                .message_review_handler
                .as_ref()
                .is_some_and(|handler| handler.uri.as_ref().is_some_and(|uri| !uri.is_empty()));
            let request = UpdateRoomRequest {
                identifier: Some(room.arn.clone()),
                name: Some(draft.name.trim().to_owned()),
                maximum_message_rate_per_second: rate,
                maximum_message_length: length,
                // An empty URI removes a handler; with none before, leave it alone.
                message_review_handler: (had_handler || !draft.review_uri.trim().is_empty())
                    .then(|| draft.handler()),
                logging_configuration_identifiers: logging,
            };
            if let Err(found) = validate::update_room(&request) {
                problems.extend(found);
            }
            // The tags as they will be: the same 50-tag rule as CreateRoom's.
            if let Err(found) = validate::create_room(&CreateRoomRequest {
                tags: Some(tags.clone()),
                ..CreateRoomRequest::default()
            }) {
                problems.extend(found);
            }
            let change = TagChange::between(&room.tags, &tags);
            (Checked::Update(request, change), problems)
        }
    }
}

/// The form.
#[component]
pub fn RoomForm(
    /// A new room, or the room to update.
    editing: Editing,
) -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let draft = RwSignal::new(match &editing {
        Editing::New => Draft::default(),
        Editing::Existing(room) => Draft::of(room),
    });
    let editing = StoredValue::new(editing);
    // The service's refusal of the last attempt; cleared by any edit.
    let refusal = RwSignal::new(None::<IpcError>);
    let busy = RwSignal::new(false);
    let checked = Memo::new(move |_| {
        let (request, problems) =
            editing.with_value(|editing| draft.with(|draft| check(draft, editing)));
        (format!("{request:?}"), problems)
    });
    let problems = Signal::derive(move || {
        let mut all = checked.with(|(_, problems)| problems.clone());
        if let Some(refusal) = refusal.get() {
            all.extend(refusal.fields);
        }
        all
    });
    let has_problems = move || checked.with(|(_, problems)| !problems.is_empty());
    let edit = move |change: fn(&mut Draft, String)| typed_into(draft, refusal, change);
    let submit = move || {
        if busy.get_untracked() {
            return;
        }
        let (request, problems) =
            editing.with_value(|editing| draft.with_untracked(|draft| check(draft, editing)));
        // The same check as the inline one: with a problem showing, nothing is sent.
        if !problems.is_empty() {
            return;
        }
        busy.set(true);
        refusal.set(None);
        send(console, request, busy, refusal);
    };
    let is_new = editing.with_value(|editing| matches!(editing, Editing::New));
    view! {
        <form class="form console-form" data-testid="room-form" on:submit=move |event| { event.prevent_default(); submit(); }>
            <h3>{if is_new { t!("console-room-form-new") } else { editing.with_value(|editing| match editing {
                Editing::Existing(room) => t!("console-room-form-existing", arn = &room.arn),
                Editing::New => String::new(),
            }) }}</h3>
            <label>
                {t!("console-name")}
                <input data-testid="room-form-name" placeholder=t!("console-name-placeholder") prop:value=move || draft.with(|d| d.name.clone())
                    on:input=edit(|draft, value| draft.name = value)/>
                <FieldProblems field="name" problems/>
            </label>
            {limits_and_review(draft, refusal, problems)}
            <fieldset data-testid="room-form-logging">
                <legend>{t!("console-room-form-logging")}</legend>
                {logging_options(console, draft, refusal)}
                <FieldProblems field="loggingConfigurationIdentifiers" problems/>
            </fieldset>
            <label>
                {t!("console-room-form-tags")}
                <textarea data-testid="room-form-tags" rows="3" prop:value=move || draft.with(|d| d.tags.clone())
                    on:input=edit(|draft, value| draft.tags = value)></textarea>
                <FieldProblems field="tags" problems/>
            </label>
            {move || refusal.get().map(refusal_view)}
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| console.editing.set(None)>{t!("console-cancel")}</button>
                <button type="submit" class="primary" data-testid="room-form-submit" disabled=move || busy.get() || has_problems()>
                    {if is_new { t!("console-room-form-create") } else { t!("console-room-form-save") }}
                </button>
            </div>
        </form>
    }
}

/// An input's handler: the typed value goes into the draft and the last refusal goes.
fn typed_into(
    draft: RwSignal<Draft>,
    refusal: RwSignal<Option<IpcError>>,
    change: fn(&mut Draft, String),
) -> impl Fn(leptos::ev::Event) + Copy + 'static {
    move |event| {
        let value = event_target_value(&event);
        refusal.set(None);
        draft.update(|draft| change(draft, value));
    }
}

/// The limits (length, rate) and the review handler with its fallback.
fn limits_and_review(
    draft: RwSignal<Draft>,
    refusal: RwSignal<Option<IpcError>>,
    problems: Signal<Problems>,
) -> impl IntoView {
    let edit = move |change: fn(&mut Draft, String)| typed_into(draft, refusal, change);
    view! {
        <div class="form-row">
            <label>
                {t!("console-room-form-max-length")}
                <input data-testid="room-form-max-length" inputmode="numeric" placeholder="500" prop:value=move || draft.with(|d| d.max_length.clone())
                    on:input=edit(|draft, value| draft.max_length = value)/>
                <FieldProblems field="maximumMessageLength" problems/>
            </label>
            <label>
                {t!("console-room-form-max-rate")}
                <input data-testid="room-form-max-rate" inputmode="numeric" placeholder="10" prop:value=move || draft.with(|d| d.max_rate.clone())
                    on:input=edit(|draft, value| draft.max_rate = value)/>
                <FieldProblems field="maximumMessageRatePerSecond" problems/>
            </label>
        </div>
        <label>
            {t!("console-room-form-handler")}
            <input data-testid="room-form-review-uri" placeholder="arn:aws:lambda:…:function:…" prop:value=move || draft.with(|d| d.review_uri.clone())
                on:input=edit(|draft, value| draft.review_uri = value)/>
            <FieldProblems field="messageReviewHandler" problems/>
        </label>
        <label class="inline">
            <input type="checkbox" data-testid="room-form-fallback-deny" prop:checked=move || draft.with(|d| d.deny_on_failure)
                on:change=move |event| { refusal.set(None); draft.update(|d| d.deny_on_failure = event_target_checked(&event)); }/>
            {t!("console-room-form-fallback-deny")}
        </label>
    }
}

/// Sends a checked request; the form closes once the room is made or updated, else the
/// service's refusal shows.
fn send(
    console: ConsoleUi,
    request: Checked,
    busy: RwSignal<bool>,
    refusal: RwSignal<Option<IpcError>>,
) {
    let profile_id = console.profile.get_untracked();
    let done = move |answer: Result<Room, IpcError>, created: bool| {
        busy.set(false);
        match answer {
            Ok(room) => {
                let name = if room.name.is_empty() {
                    room.arn.clone()
                } else {
                    room.name.clone()
                };
                let notice = if created {
                    t!("console-room-created", name = name, arn = room.arn)
                } else {
                    t!("console-room-updated", name = name, arn = room.arn)
                };
                console.notice.set(Some(notice));
                console.editing.set(None);
                console.reload_rooms();
            }
            Err(error) => refusal.set(Some(error)),
        }
    };
    match request {
        Checked::Create(request) => call_with(
            ConsoleCreateRoom {
                profile_id,
                request,
            },
            move |answer| done(answer, true),
        ),
        Checked::Update(request, tags) => call_with(
            ConsoleUpdateRoom {
                profile_id,
                request,
                tags,
            },
            move |answer| done(answer, false),
        ),
    }
}

/// The profile's logging configurations to pick from, the room's checked.
fn logging_options(
    console: ConsoleUi,
    draft: RwSignal<Draft>,
    refusal: RwSignal<Option<IpcError>>,
) -> impl IntoView {
    move || {
        let options = console
            .logging
            .get()
            .and_then(Result::ok)
            .unwrap_or_default();
        if options.is_empty() {
            return view! { <span class="muted">{t!("console-room-form-logging-none")}</span> }
                .into_any();
        }
        options.into_iter().map(|configuration| {
            let arn = configuration.arn.clone();
            let checked_arn = arn.clone();
            let label = format!("{} — {}", if configuration.name.is_empty() { &configuration.id } else { &configuration.name },
                destination(&configuration.destination_configuration));
            view! {
                <label class="inline">
                    <input type="checkbox" data-testid="room-form-logging-option" data-arn=arn.clone()
                        prop:checked=move || draft.with(|d| d.logging.contains(&checked_arn))
                        on:change=move |event| {
                            let on = event_target_checked(&event);
                            refusal.set(None);
                            draft.update(|d| {
                                d.logging.retain(|known| known != &arn);
                                if on { d.logging.push(arn.clone()); }
                            });
                        }/>
                    {label}
                </label>
            }
        }).collect_view().into_any()
    }
}

/// The service's refusal: its message and the fields its `fieldList` names. The message is
/// the service's own (or the shell's) and shows as it came; a field's rule is said in the
/// page's language when `rules` knows it.
fn refusal_view(refusal: IpcError) -> impl IntoView {
    view! {
        <div class="api-error" data-testid="console-api-error" role="alert">
            <p>{crate::i18n::say(&refusal.words)}</p>
            <ul>
                {refusal.fields.into_iter().map(|field| view! {
                    <li data-testid="console-api-field" data-field=field.name.clone()><code>{field.name.clone()}</code>" — "{rules::say(&field)}</li>
                }).collect_view()}
            </ul>
        </div>
    }
}

/// A destination in words.
pub fn destination(configuration: &chatdeck_ipc::console::DestinationConfiguration) -> String {
    match configuration.destination() {
        Some(Destination::S3(bucket)) => t!("console-destination-s3", bucket = bucket),
        Some(Destination::CloudWatchLogs(group)) => {
            t!("console-destination-cloudwatch", group = group)
        }
        Some(Destination::Firehose(stream)) => t!("console-destination-firehose", stream = stream),
        None => t!("console-destination-none"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatdeck_ipc::console::Tags;

    fn fields(draft: &Draft, editing: &Editing) -> Vec<String> {
        check(draft, editing)
            .1
            .into_iter()
            .map(|problem| problem.name)
            .collect()
    }

    #[test]
    fn a_new_room_is_checked_with_the_services_rules() {
        assert!(fields(&Draft::default(), &Editing::New).is_empty());
        let draft = Draft {
            name: "has space".into(),
            max_length: "501".into(),
            max_rate: "ten".into(),
            review_uri: "lambda".into(),
            logging: vec!["x".into()],
            tags: "=v".into(),
            ..Draft::default()
        };
        assert_eq!(
            fields(&draft, &Editing::New),
            [
                "maximumMessageRatePerSecond",
                "name",
                "maximumMessageLength",
                "messageReviewHandler.uri",
                "tags..key",
                "loggingConfigurationIdentifiers.0",
            ]
        );
    }

    #[test]
    fn an_update_sends_tag_edits_against_what_was_loaded() {
        let room = Room {
            arn: "arn:aws:ivschat:us-west-2:123456789012:room/abcdEFGH1234".into(),
            id: "abcdEFGH1234".into(),
            name: "lobby".into(),
            create_time: Default::default(),
            update_time: Default::default(),
            maximum_message_rate_per_second: 10,
            maximum_message_length: 500,
            message_review_handler: None,
            tags: Tags::from([("a".to_owned(), "1".to_owned())]),
            logging_configuration_identifiers: Vec::new(),
        };
        let editing = Editing::Existing(Box::new(room.clone()));
        let mut draft = Draft::of(&room);
        draft.tags = "b=2".into();
        let (Checked::Update(request, change), problems) = check(&draft, &editing) else {
            panic!("an update");
        };
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            request.message_review_handler, None,
            "no handler before, none sent"
        );
        assert_eq!(change.remove, ["a"]);
        assert_eq!(change.set, Tags::from([("b".to_owned(), "2".to_owned())]));
    }
}
