//! The control-plane twins of messaging: SendEvent, DeleteMessage, DisconnectUser
//! (reference §1.6: they reach every connection of the room, without a RequestId).

use axum::body::Bytes;
use chrono::Utc;
use ivs_chat_protocol::control::{
    DeleteMessageRequest, DisconnectUserRequest, ErrorType, IdResponse, SendEventRequest, validate,
};
use ivs_chat_protocol::messaging::{ChatEvent, Frame};
use serde_json::json;
use tokio::time::Instant;

use super::room::find_room;
use super::{ApiError, ApiResult, ok, parse_body};
use crate::messaging;
use crate::metrics::Action;
use crate::quota::Rate;
use crate::state::Shared;

/// SendEvent: an EVENT with the application's name and attributes; the response id is the
/// EVENT's `Id` (reference §6).
pub fn send_event(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: SendEventRequest = parse_body(body)?;
    validate::send_event(&request).map_err(ApiError::validation)?;
    let room = find_room(
        shared,
        request.room_identifier.as_deref().unwrap_or_default(),
    )?;
    let hub = shared.hub.room(&room);
    shared.metrics.request(Action::SendEvent);
    let id = shared.ids.next();
    let event = ChatEvent {
        id: id.clone(),
        request_id: None,
        event_name: request.event_name.unwrap_or_default(),
        attributes: request.attributes.unwrap_or_default(),
        send_time: Utc::now(),
    };
    messaging::deliver(shared, &hub, &Frame::Event(event), Action::SendEvent);
    ok(&IdResponse { id })
}

/// DeleteMessage: the `aws:DELETE_MESSAGE` event.
pub fn delete_message(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: DeleteMessageRequest = parse_body(body)?;
    validate::delete_message(&request).map_err(ApiError::validation)?;
    let room = find_room(
        shared,
        request.room_identifier.as_deref().unwrap_or_default(),
    )?;
    admit(shared, Rate::DeleteMessage, &room.id)?;
    let hub = shared.hub.room(&room);
    shared.metrics.request(Action::DeleteMessage);
    let id = shared.ids.next();
    let event = messaging::delete_message_event(
        id.clone(),
        None,
        request.id.as_deref().unwrap_or_default(),
        request.reason.as_deref(),
    );
    messaging::deliver(shared, &hub, &Frame::Event(event), Action::DeleteMessage);
    ok(&IdResponse { id })
}

/// DisconnectUser: the `aws:DISCONNECT_USER` event, then every socket of the user closed.
pub fn disconnect_user(shared: &Shared, body: &Bytes) -> ApiResult {
    let request: DisconnectUserRequest = parse_body(body)?;
    validate::disconnect_user(&request).map_err(ApiError::validation)?;
    let room = find_room(
        shared,
        request.room_identifier.as_deref().unwrap_or_default(),
    )?;
    admit(shared, Rate::DisconnectUser, &room.id)?;
    let hub = shared.hub.room(&room);
    shared.metrics.request(Action::DisconnectUser);
    let user_id = request.user_id.unwrap_or_default();
    let event = messaging::disconnect_user_event(
        shared.ids.next(),
        None,
        &user_id,
        request.reason.as_deref(),
    );
    messaging::disconnect_user(shared, &hub, event, &user_id);
    ok(&json!({}))
}

/// One request of `rate` under the account's quota across all rooms, which REST calls share
/// with WebSocket requests (user guide, "Outras cotas"); over it, the ThrottlingException the
/// model gives these operations, with the room and the limit (reference §2.5).
fn admit(shared: &Shared, rate: Rate, room_id: &str) -> Result<(), ApiError> {
    if shared.quotas.admit(rate, Instant::now()) {
        return Ok(());
    }
    shared.metrics.quota_exceeded(rate.quota());
    let limit = shared.quotas.limits().get(rate.quota()).unwrap_or_default();
    let mut error = ApiError::about(
        ErrorType::ThrottlingException,
        format!(
            "Rate exceeded: the account allows {limit} {} requests per second across all rooms",
            rate.quota().name()
        ),
        room_id,
    );
    error.body.limit = Some(limit);
    Err(error)
}
