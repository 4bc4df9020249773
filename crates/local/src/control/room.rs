//! Rooms and chat tokens: CreateRoom, GetRoom, UpdateRoom, DeleteRoom, ListRooms,
//! CreateChatToken (reference §2.3).

use axum::body::Bytes;
use chrono::Utc;
use ivs_chat_protocol::control::{
    Arn, CreateChatTokenRequest, CreateChatTokenResponse, CreateRoomRequest, IdentifierRequest,
    ListRoomsRequest, ListRoomsResponse, MessageReviewHandler, ResourceType, Room, RoomSummary,
    UpdateRoomRequest, validate,
};
use ivs_chat_protocol::messaging::{DEFAULT_MAXIMUM_MESSAGE_LENGTH, DEFAULT_MAXIMUM_MESSAGE_RATE};
use tokio::time::Instant;

use super::{ApiError, ApiResult, no_content, ok, page, parse_body};
use crate::quota::Quota;
use crate::state::Shared;
use crate::token::Grant;

/// Default `sessionDurationInMinutes` (reference §2.3 CreateChatToken).
pub const DEFAULT_SESSION_MINUTES: u32 = 60;

/// The id of an ARN that passed validation, if it belongs to this service's region and
/// account; ARNs of elsewhere name nothing here.
pub(crate) fn local_id(shared: &Shared, arn: &str, resource_type: ResourceType) -> Option<String> {
    let arn = Arn::parse(arn, resource_type)?;
    (arn.region == shared.config.region && arn.account == shared.config.account_id)
        .then_some(arn.id)
}

/// The stored room an identifier names, or ResourceNotFoundException.
pub(crate) fn find_room(shared: &Shared, identifier: &str) -> Result<Room, ApiError> {
    let id = local_id(shared, identifier, ResourceType::Room)
        .ok_or_else(|| ApiError::not_found("room", identifier))?;
    shared
        .store
        .room(&id)?
        .ok_or_else(|| ApiError::not_found("room", &id))
}

/// A handler as stored: `None` for an empty uri, the fallback made explicit (default ALLOW).
fn normalize_handler(handler: Option<MessageReviewHandler>) -> Option<MessageReviewHandler> {
    let handler = handler?;
    let uri = handler.uri.filter(|uri| !uri.is_empty())?;
    Some(MessageReviewHandler {
        uri: Some(uri),
        fallback_result: Some(handler.fallback_result.unwrap_or_default()),
    })
}

/// Checks that every logging configuration exists; returns them as given.
fn check_logging_identifiers(
    shared: &Shared,
    identifiers: Option<Vec<String>>,
) -> Result<Vec<String>, ApiError> {
    let identifiers = identifiers.unwrap_or_default();
    for identifier in &identifiers {
        let id = local_id(shared, identifier, ResourceType::LoggingConfiguration)
            .ok_or_else(|| ApiError::not_found("logging configuration", identifier))?;
        if shared.store.logging_configuration(&id)?.is_none() {
            return Err(ApiError::not_found("logging configuration", &id));
        }
    }
    Ok(identifiers)
}

fn check_limit(value: Option<i64>, default: u32) -> u32 {
    value
        .and_then(|value| u32::try_from(value).ok())
        .unwrap_or(default)
}

/// CreateRoom; past the account's rooms quota (user guide, "Outras cotas": 50,000), a
/// ServiceQuotaExceededException.
pub fn create(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: CreateRoomRequest = parse_body(body)?;
    validate::create_room(&request).map_err(ApiError::validation)?;
    let logging_configuration_identifiers =
        check_logging_identifiers(shared, request.logging_configuration_identifiers)?;
    let id = shared.ids.next();
    if let Some(limit) = shared.quotas.limits().rooms
        && shared.store.room_count()? >= u64::from(limit)
    {
        shared.metrics.quota_exceeded(Quota::Rooms);
        return Err(ApiError::quota_exceeded(
            format!("at most {limit} rooms per account and region"),
            &id,
            limit,
        ));
    }
    let now = Utc::now();
    let room = Room {
        arn: Arn::new(
            &shared.config.region,
            &shared.config.account_id,
            ResourceType::Room,
            &id,
        )
        .to_string(),
        id,
        name: request.name.unwrap_or_default(),
        create_time: now,
        update_time: now,
        maximum_message_rate_per_second: check_limit(
            request.maximum_message_rate_per_second,
            DEFAULT_MAXIMUM_MESSAGE_RATE,
        ),
        maximum_message_length: check_limit(
            request.maximum_message_length,
            DEFAULT_MAXIMUM_MESSAGE_LENGTH,
        ),
        message_review_handler: normalize_handler(request.message_review_handler),
        tags: request.tags.unwrap_or_default(),
        logging_configuration_identifiers,
    };
    shared.store.put_room(&room)?;
    ok(&room)
}

/// GetRoom.
pub fn get(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: IdentifierRequest = parse_body(body)?;
    validate::room_identifier(&request).map_err(ApiError::validation)?;
    ok(&find_room(
        shared,
        request.identifier.as_deref().unwrap_or_default(),
    )?)
}

/// UpdateRoom: omitted members stay as they are; an empty handler uri removes the handler.
pub fn update(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: UpdateRoomRequest = parse_body(body)?;
    validate::update_room(&request).map_err(ApiError::validation)?;
    let mut room = find_room(shared, request.identifier.as_deref().unwrap_or_default())?;
    if let Some(name) = request.name {
        room.name = name;
    }
    if let Some(rate) = request.maximum_message_rate_per_second {
        room.maximum_message_rate_per_second =
            check_limit(Some(rate), room.maximum_message_rate_per_second);
    }
    if let Some(length) = request.maximum_message_length {
        room.maximum_message_length = check_limit(Some(length), room.maximum_message_length);
    }
    if request.message_review_handler.is_some() {
        room.message_review_handler = normalize_handler(request.message_review_handler);
    }
    if request.logging_configuration_identifiers.is_some() {
        room.logging_configuration_identifiers =
            check_logging_identifiers(shared, request.logging_configuration_identifiers)?;
    }
    room.update_time = Utc::now();
    shared.store.put_room(&room)?;
    shared.hub.update(&room);
    ok(&room)
}

/// DeleteRoom. Live connections stay open (the guide says so); new tokens and connects fail.
pub fn delete(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: IdentifierRequest = parse_body(body)?;
    validate::room_identifier(&request).map_err(ApiError::validation)?;
    let room = find_room(shared, request.identifier.as_deref().unwrap_or_default())?;
    shared.store.delete_room(&room.id)?;
    shared.hub.forget(&room.id);
    no_content()
}

/// ListRooms: newest update first, filtered, paginated. Filtering by a logging
/// configuration that does not exist is a ResourceNotFoundException: the model lists that
/// error for ListRooms, and the logging configuration is the only resource its input names.
pub fn list(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: ListRoomsRequest = parse_body(body)?;
    validate::list_rooms(&request).map_err(ApiError::validation)?;
    if let Some(identifier) = &request.logging_configuration_identifier {
        check_logging_identifiers(shared, Some(vec![identifier.clone()]))?;
    }
    let rooms: Vec<RoomSummary> = shared
        .store
        .rooms()?
        .iter()
        .filter(|room| {
            request
                .name
                .as_ref()
                .is_none_or(|name| name.is_empty() || &room.name == name)
        })
        .filter(|room| {
            request
                .message_review_handler_uri
                .as_ref()
                .is_none_or(|uri| {
                    uri.is_empty()
                        || room
                            .message_review_handler
                            .as_ref()
                            .and_then(|handler| handler.uri.as_ref())
                            == Some(uri)
                })
        })
        .filter(|room| {
            request
                .logging_configuration_identifier
                .as_ref()
                .is_none_or(|arn| room.logging_configuration_identifiers.contains(arn))
        })
        .map(RoomSummary::from)
        .collect();
    let (rooms, next_token) = page(&rooms, request.next_token.as_deref(), request.max_results)?;
    ok(&ListRoomsResponse { rooms, next_token })
}

/// CreateChatToken, also served as the tutorials' `POST /create_chat_token`.
pub fn create_chat_token(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: CreateChatTokenRequest = parse_body(body)?;
    validate::create_chat_token(&request).map_err(ApiError::validation)?;
    let room = find_room(
        shared,
        request.room_identifier.as_deref().unwrap_or_default(),
    )?;
    let minutes = request
        .session_duration_in_minutes
        .and_then(|minutes| u32::try_from(minutes).ok())
        .unwrap_or(DEFAULT_SESSION_MINUTES);
    let session = shared.config.minute.saturating_mul(minutes);
    let lifetime = shared.config.token_lifetime;
    let (now, wall) = (Instant::now(), Utc::now());
    let wall_delta = |duration: std::time::Duration| {
        chrono::TimeDelta::from_std(duration).unwrap_or(chrono::TimeDelta::MAX)
    };
    let mut capabilities = request.capabilities.unwrap_or_default();
    capabilities.sort();
    capabilities.dedup();
    let grant = Grant {
        room_id: room.id,
        room_arn: room.arn,
        user_id: request.user_id.unwrap_or_default(),
        capabilities,
        attributes: request.attributes.unwrap_or_default(),
        token_expiration_time: wall + wall_delta(lifetime),
        session_expiration_time: wall + wall_delta(session),
        token_deadline: now + lifetime,
        session_deadline: now + session,
    };
    let response = CreateChatTokenResponse {
        token_expiration_time: Some(grant.token_expiration_time),
        session_expiration_time: Some(grant.session_expiration_time),
        token: shared.tokens.mint(grant),
    };
    ok(&response)
}
