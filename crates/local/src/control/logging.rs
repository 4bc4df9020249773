//! Logging configurations: Create, Get, Update, Delete, List (reference §2.3).

use axum::body::Bytes;
use chrono::Utc;
use ivs_chat_protocol::control::{
    Arn, CreateLoggingConfigurationRequest, ErrorType, IdentifierRequest,
    ListLoggingConfigurationsRequest, ListLoggingConfigurationsResponse, LoggingConfiguration,
    LoggingConfigurationState, ResourceType, UpdateLoggingConfigurationRequest, validate,
};

use super::room::local_id;
use super::{ApiError, ApiResult, no_content, ok, page, parse_body};
use crate::quota::Quota;
use crate::state::Shared;

fn find(shared: &Shared, identifier: &str) -> Result<LoggingConfiguration, ApiError> {
    let id = local_id(shared, identifier, ResourceType::LoggingConfiguration)
        .ok_or_else(|| ApiError::not_found("logging configuration", identifier))?;
    shared
        .store
        .logging_configuration(&id)?
        .ok_or_else(|| ApiError::not_found("logging configuration", &id))
}

/// CreateLoggingConfiguration; past the account's quota (user guide, "Outras cotas": 10), a
/// ServiceQuotaExceededException.
pub fn create(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: CreateLoggingConfigurationRequest = parse_body(body)?;
    validate::create_logging_configuration(&request).map_err(ApiError::validation)?;
    let id = shared.ids.next();
    if let Some(limit) = shared.quotas.limits().logging_configurations
        && shared.store.logging_configurations()?.len() >= limit as usize
    {
        shared.metrics.quota_exceeded(Quota::LoggingConfigurations);
        return Err(ApiError::quota_exceeded(
            format!("at most {limit} logging configurations per account and region"),
            &id,
            limit,
        ));
    }
    let now = Utc::now();
    let configuration = LoggingConfiguration {
        arn: Arn::new(
            &shared.config.region,
            &shared.config.account_id,
            ResourceType::LoggingConfiguration,
            &id,
        )
        .to_string(),
        id,
        create_time: now,
        update_time: now,
        name: request.name.unwrap_or_default(),
        destination_configuration: request.destination_configuration.unwrap_or_default(),
        state: LoggingConfigurationState::Active,
        tags: request.tags.unwrap_or_default(),
    };
    shared.store.put_logging_configuration(&configuration)?;
    ok(&configuration)
}

/// GetLoggingConfiguration.
pub fn get(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: IdentifierRequest = parse_body(body)?;
    validate::logging_configuration_identifier(&request).map_err(ApiError::validation)?;
    ok(&find(
        shared,
        request.identifier.as_deref().unwrap_or_default(),
    )?)
}

/// UpdateLoggingConfiguration: name and destination.
pub fn update(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: UpdateLoggingConfigurationRequest = parse_body(body)?;
    validate::update_logging_configuration(&request).map_err(ApiError::validation)?;
    let mut configuration = find(shared, request.identifier.as_deref().unwrap_or_default())?;
    if let Some(name) = request.name {
        configuration.name = name;
    }
    if let Some(destination) = request.destination_configuration {
        configuration.destination_configuration = destination;
    }
    configuration.update_time = Utc::now();
    shared.store.put_logging_configuration(&configuration)?;
    ok(&configuration)
}

/// DeleteLoggingConfiguration: a ConflictException while a room still uses it.
pub fn delete(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: IdentifierRequest = parse_body(body)?;
    validate::logging_configuration_identifier(&request).map_err(ApiError::validation)?;
    let configuration = find(shared, request.identifier.as_deref().unwrap_or_default())?;
    let users: Vec<String> = shared
        .store
        .rooms()?
        .into_iter()
        .filter(|room| {
            room.logging_configuration_identifiers
                .contains(&configuration.arn)
        })
        .map(|room| room.id)
        .collect();
    if let Some(room) = users.first() {
        return Err(ApiError::about(
            ErrorType::ConflictException,
            format!(
                "logging configuration {} is still used by room {room}; detach it first",
                configuration.id
            ),
            room,
        ));
    }
    shared
        .store
        .delete_logging_configuration(&configuration.id)?;
    no_content()
}

/// ListLoggingConfigurations.
pub fn list(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: ListLoggingConfigurationsRequest = parse_body(body)?;
    validate::list_logging_configurations(&request).map_err(ApiError::validation)?;
    let all = shared.store.logging_configurations()?;
    let (logging_configurations, next_token) =
        page(&all, request.next_token.as_deref(), request.max_results)?;
    ok(&ListLoggingConfigurationsResponse {
        logging_configurations,
        next_token,
    })
}
