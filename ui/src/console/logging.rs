//! Logging configurations: list, create, update (name and destination), delete. One
//! destination each: an S3 bucket, a CloudWatch Logs group or a Firehose delivery stream.

use chatdeck_ipc::IpcError;
use chatdeck_ipc::console::{
    ConsoleCreateLogging, ConsoleDeleteLogging, ConsoleUpdateLogging,
    CreateLoggingConfigurationRequest, Destination, DestinationConfiguration, LoggingConfiguration,
    UpdateLoggingConfigurationRequest, validate,
};
use leptos::prelude::*;

use super::fields::{FieldProblems, Problems};
use super::room_form::destination;
use super::ui::ConsoleUi;
use crate::context::call_with;
use crate::i18n::t;

/// A destination kind, as the form's select names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    S3,
    CloudWatchLogs,
    Firehose,
}

impl Kind {
    const ALL: [(Kind, &'static str); 3] = [
        (Kind::CloudWatchLogs, "cloudwatch"),
        (Kind::S3, "s3"),
        (Kind::Firehose, "firehose"),
    ];

    fn parse(value: &str) -> Kind {
        Self::ALL
            .iter()
            .find(|(_, name)| *name == value)
            .map_or(Kind::CloudWatchLogs, |(kind, _)| *kind)
    }

    /// The kind in words: the select's option and the target's label.
    fn label(self) -> String {
        match self {
            Kind::CloudWatchLogs => t!("console-logging-kind-cloudwatch"),
            Kind::S3 => t!("console-logging-kind-s3"),
            Kind::Firehose => t!("console-logging-kind-firehose"),
        }
    }

    fn configuration(self, target: &str) -> DestinationConfiguration {
        let target = target.trim();
        match self {
            Kind::S3 => DestinationConfiguration::s3(target),
            Kind::CloudWatchLogs => DestinationConfiguration::cloud_watch_logs(target),
            Kind::Firehose => DestinationConfiguration::firehose(target),
        }
    }
}

/// What the logging form edits: a new configuration or an existing one.
#[derive(Debug, Clone, PartialEq)]
enum Form {
    Closed,
    New,
    Existing(Box<LoggingConfiguration>),
}

/// The logging part of the console.
#[component]
pub fn Logging() -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let form = RwSignal::new(Form::Closed);
    view! {
        {move || match form.get() {
            Form::Closed => view! {
                <div class="console-filters">
                    <span class="muted">{t!("console-logging-intro")}</span>
                    <button class="primary" data-testid="logging-new" on:click=move |_| form.set(Form::New)>{t!("console-logging-new")}</button>
                </div>
                <div class="console-list" data-testid="console-logging">
                    {move || match console.logging.get() {
                        None => view! { <p class="muted">{t!("console-logging-loading")}</p> }.into_any(),
                        Some(Err(message)) => view! { <p class="error-text">{message}</p> }.into_any(),
                        Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{t!("console-logging-empty")}</p> }.into_any(),
                        Some(Ok(list)) => list.into_iter().map(|configuration| view! {
                            <LoggingRow configuration on_edit=move |configuration| form.set(Form::Existing(Box::new(configuration)))/>
                        }).collect_view().into_any(),
                    }}
                </div>
            }.into_any(),
            Form::New => view! { <LoggingForm existing=None done=move || form.set(Form::Closed)/> }.into_any(),
            Form::Existing(configuration) => view! { <LoggingForm existing=Some(*configuration) done=move || form.set(Form::Closed)/> }.into_any(),
        }}
    }
}

#[component]
fn LoggingRow(
    configuration: LoggingConfiguration,
    on_edit: impl Fn(LoggingConfiguration) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let arn = StoredValue::new(configuration.arn.clone());
    let state = serde_json::to_value(configuration.state)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    let name = if configuration.name.is_empty() {
        configuration.id.clone()
    } else {
        configuration.name.clone()
    };
    let delete = move |_| {
        call_with(
            ConsoleDeleteLogging {
                profile_id: console.profile.get_untracked(),
                arn: arn.get_value(),
            },
            move |answer| match answer {
                Ok(()) => {
                    console
                        .notice
                        .set(Some(t!("console-logging-deleted", arn = arn.get_value())));
                    console.reload_logging();
                }
                Err(failure) => {
                    confirming.set(false);
                    error.set(Some(crate::i18n::say(&failure.words)));
                }
            },
        );
    };
    let editing = configuration.clone();
    view! {
        <div class="console-row" data-testid="logging-row" data-arn=configuration.arn.clone() data-name=configuration.name.clone()>
            <div class="console-row-main">
                <strong>{name}</strong>
                <span>{destination(&configuration.destination_configuration)}</span>
                <span class="muted mono">{configuration.arn.clone()}</span>
                <span class="console-row-facts"><span class="chip">{state}</span></span>
                {move || error.get().map(|message| view! { <p class="error-text" data-testid="console-row-error">{message}</p> })}
            </div>
            <div class="console-row-actions">
                <Show when=move || !confirming.get() fallback=move || view! {
                    <span class="muted">{t!("console-logging-delete-question")}</span>
                    <button class="danger" data-testid="logging-delete-confirm" on:click=delete>{t!("console-delete")}</button>
                    <button class="secondary" on:click=move |_| confirming.set(false)>{t!("console-keep")}</button>
                }>
                    <button class="secondary" data-testid="logging-edit" on:click={
                        let editing = editing.clone();
                        move |_| on_edit(editing.clone())
                    }>{t!("console-edit")}</button>
                    <button class="danger ghost" data-testid="logging-delete" on:click=move |_| confirming.set(true)>{t!("console-delete")}</button>
                </Show>
            </div>
        </div>
    }
}

/// A checked request of the logging form.
#[derive(Debug, Clone)]
enum Request {
    Create(CreateLoggingConfigurationRequest),
    Update(UpdateLoggingConfigurationRequest),
}

impl Request {
    /// The request the form makes: an update of the configuration at `arn`, else a new one.
    fn of(arn: Option<String>, name: &str, kind: Kind, target: &str) -> Self {
        let destination = Some(kind.configuration(target));
        let name = Some(name.trim().to_owned()).filter(|name| !name.is_empty());
        match arn {
            None => Request::Create(CreateLoggingConfigurationRequest {
                name,
                destination_configuration: destination,
                tags: None,
            }),
            Some(identifier) => Request::Update(UpdateLoggingConfigurationRequest {
                identifier: Some(identifier),
                name,
                destination_configuration: destination,
            }),
        }
    }

    /// What the service's rules find wrong with it.
    fn problems(&self) -> Problems {
        let result = match self {
            Request::Create(request) => validate::create_logging_configuration(request),
            Request::Update(request) => validate::update_logging_configuration(request),
        };
        result.err().unwrap_or_default()
    }
}

/// The destination a configuration has: its kind and target (a new one's: CloudWatch Logs).
fn destination_of(existing: Option<&LoggingConfiguration>) -> (Kind, String) {
    match existing.and_then(|configuration| configuration.destination_configuration.destination()) {
        Some(Destination::S3(bucket)) => (Kind::S3, bucket.to_owned()),
        Some(Destination::Firehose(stream)) => (Kind::Firehose, stream.to_owned()),
        Some(Destination::CloudWatchLogs(group)) => (Kind::CloudWatchLogs, group.to_owned()),
        None => (Kind::CloudWatchLogs, String::new()),
    }
}

/// Sends a checked request; `done` closes the form once it is made or updated, else the
/// service's refusal shows.
fn send(
    console: ConsoleUi,
    request: Request,
    busy: RwSignal<bool>,
    refusal: RwSignal<Option<IpcError>>,
    done: impl Fn() + Copy + Send + Sync + 'static,
) {
    let profile_id = console.profile.get_untracked();
    let finish = move |answer: Result<LoggingConfiguration, IpcError>, created: bool| {
        busy.set(false);
        match answer {
            Ok(configuration) => {
                let arn = configuration.arn;
                let notice = if created {
                    t!("console-logging-created", arn = arn)
                } else {
                    t!("console-logging-updated", arn = arn)
                };
                console.notice.set(Some(notice));
                console.reload_logging();
                done();
            }
            Err(error) => refusal.set(Some(error)),
        }
    };
    match request {
        Request::Create(request) => call_with(
            ConsoleCreateLogging {
                profile_id,
                request,
            },
            move |answer| finish(answer, true),
        ),
        Request::Update(request) => call_with(
            ConsoleUpdateLogging {
                profile_id,
                request,
            },
            move |answer| finish(answer, false),
        ),
    }
}

/// Where the logs go: the kind of destination and its bucket, group or stream.
fn destination_fields(
    kind: RwSignal<Kind>,
    target: RwSignal<String>,
    refusal: RwSignal<Option<IpcError>>,
    problems: Signal<Problems>,
) -> impl IntoView {
    let target_label = move || kind.get().label();
    let field = move || match kind.get() {
        Kind::S3 => "destinationConfiguration.s3",
        Kind::CloudWatchLogs => "destinationConfiguration.cloudWatchLogs",
        Kind::Firehose => "destinationConfiguration.firehose",
    };
    view! {
        <div class="form-row">
            <label>
                {t!("console-logging-destination")}
                <select data-testid="logging-form-kind" on:change=move |event| { refusal.set(None); kind.set(Kind::parse(&event_target_value(&event))); }>
                    {Kind::ALL.iter().map(|(option, value)| {
                        let option = *option;
                        view! { <option value=*value selected=move || kind.get() == option>{option.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>
                {target_label}
                <input data-testid="logging-form-target" prop:value=move || target.get()
                    on:input=move |event| { refusal.set(None); target.set(event_target_value(&event)); }/>
                {move || view! { <FieldProblems field=field() problems/> }}
            </label>
        </div>
    }
}

#[component]
fn LoggingForm(
    existing: Option<LoggingConfiguration>,
    done: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let console = expect_context::<ConsoleUi>();
    let (kind, target) = destination_of(existing.as_ref());
    let name = RwSignal::new(
        existing
            .as_ref()
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    );
    let kind = RwSignal::new(kind);
    let target = RwSignal::new(target);
    let refusal = RwSignal::new(None::<IpcError>);
    let busy = RwSignal::new(false);
    let arn = StoredValue::new(existing.as_ref().map(|c| c.arn.clone()));
    let check = move || -> Problems {
        Request::of(arn.get_value(), &name.get(), kind.get(), &target.get()).problems()
    };
    let problems = Signal::derive(move || {
        let mut all = check();
        if let Some(refusal) = refusal.get() {
            all.extend(refusal.fields);
        }
        all
    });
    let submit = move || {
        if busy.get_untracked() || !check().is_empty() {
            return;
        }
        busy.set(true);
        let request = Request::of(
            arn.get_value(),
            &name.get_untracked(),
            kind.get_untracked(),
            &target.get_untracked(),
        );
        send(console, request, busy, refusal, done);
    };
    view! {
        <form class="form console-form" data-testid="logging-form" on:submit=move |event| { event.prevent_default(); submit(); }>
            <h3>{if arn.with_value(Option::is_none) { t!("console-logging-new") } else { t!("console-logging-form-existing") }}</h3>
            <label>
                {t!("console-name")}
                <input data-testid="logging-form-name" placeholder=t!("console-name-placeholder") prop:value=move || name.get()
                    on:input=move |event| { refusal.set(None); name.set(event_target_value(&event)); }/>
                <FieldProblems field="name" problems/>
            </label>
            {destination_fields(kind, target, refusal, problems)}
            {move || refusal.get().map(|refusal| view! {
                <div class="api-error" data-testid="console-api-error" role="alert">
                    <p>{crate::i18n::say(&refusal.words)}</p>
                </div>
            })}
            <div class="dialog-actions">
                <button type="button" class="secondary" on:click=move |_| done()>{t!("console-cancel")}</button>
                <button type="submit" class="primary" data-testid="logging-form-submit"
                    disabled=move || busy.get() || !check().is_empty()>
                    {if arn.with_value(Option::is_none) { t!("console-logging-form-create") } else { t!("console-logging-form-save") }}
                </button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_the_select() {
        for (kind, value) in Kind::ALL {
            assert_eq!(Kind::parse(value), kind);
        }
        assert_eq!(Kind::parse("unknown"), Kind::CloudWatchLogs);
    }
}
