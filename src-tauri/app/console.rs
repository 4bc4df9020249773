//! The room console: the control plane of a Local or AWS profile through `aws-sdk-ivschat`
//! (for Local, against the embedded service's endpoint).
//!
//! Every request is checked with `ivs_chat_protocol::control::validate` before the call, the
//! same rules the UI applied inline and the local service answers with; a refusal's
//! `fieldList` comes back as the error's fields, so the form can mark them.

pub(super) mod convert;

use std::collections::HashMap;
use std::sync::Arc;

use chatdeck_ipc::console::{
    ConsoleCreateLogging, ConsoleCreateRoom, ConsoleDeleteLogging, ConsoleDeleteMessage,
    ConsoleDeleteRoom, ConsoleDisconnectUser, ConsoleGetRoom, ConsoleListLogging, ConsoleListRooms,
    ConsoleSendEvent, ConsoleUpdateLogging, ConsoleUpdateRoom, FieldError, LoggingConfiguration,
    Room, RoomSummary, validate,
};
use ivs_chat_protocol::control::{
    IdentifierRequest, ListRoomsRequest, TagResourceRequest, UpdateRoomRequest,
};

use chatdeck_ipc::model::ProfileId;
use chatdeck_l10n::Words;

use super::aws_error;
use super::connect::Connector;
use crate::error::AppError;
use convert::{logging, room};

/// More pages than a console list usefully shows (50 items each).
const MAX_PAGES: usize = 20;

/// The fields at fault, or the call.
fn checked(validation: Result<(), Vec<FieldError>>) -> Result<(), AppError> {
    validation.map_err(|fields| {
        let message = fields
            .iter()
            .map(|field| format!("{}: {}", field.name, field.message))
            .collect::<Vec<_>>()
            .join("; ");
        // The service's own rules and words (ivs_chat_protocol), said as the service says them.
        AppError::Refused {
            message: crate::error::as_is(message),
            fields,
        }
    })
}

fn hash_map(tags: &ivs_chat_protocol::control::Tags) -> HashMap<String, String> {
    tags.iter()
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// The room console service.
#[derive(Debug)]
pub struct Console {
    /// A profile's control plane.
    connector: Arc<Connector>,
}

impl Console {
    /// The console over the profiles `connector` reaches.
    pub fn new(connector: Arc<Connector>) -> Self {
        Self { connector }
    }

    /// The control plane of a Local or AWS profile.
    async fn console_control(
        &self,
        profile_id: &ProfileId,
    ) -> Result<aws_sdk_ivschat::Client, AppError> {
        self.connector
            .control(profile_id)
            .await?
            .ok_or_else(|| AppError::Invalid(Words::new("shell-error-no-control-plane")))
    }

    /// See [`ConsoleListRooms`].
    pub async fn console_list_rooms(
        &self,
        request: ConsoleListRooms,
    ) -> Result<Vec<RoomSummary>, AppError> {
        let filter = request.filter;
        let non_empty = |value: String| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
        let list = ListRoomsRequest {
            name: non_empty(filter.name),
            message_review_handler_uri: non_empty(filter.review_handler_uri),
            logging_configuration_identifier: non_empty(filter.logging_configuration),
            ..ListRoomsRequest::default()
        };
        checked(validate::list_rooms(&list))?;
        let control = self.console_control(&request.profile_id).await?;
        let mut rooms = Vec::new();
        let mut next = None;
        for _ in 0..MAX_PAGES {
            let page = control
                .list_rooms()
                .set_name(list.name.clone())
                .set_message_review_handler_uri(list.message_review_handler_uri.clone())
                .set_logging_configuration_identifier(list.logging_configuration_identifier.clone())
                .max_results(50)
                .set_next_token(next.take())
                .send()
                .await
                .map_err(aws_error::classify)?;
            rooms.extend(page.rooms().iter().map(|summary| RoomSummary {
                arn: summary.arn().unwrap_or_default().to_owned(),
                id: summary.id().unwrap_or_default().to_owned(),
                name: summary.name().unwrap_or_default().to_owned(),
                message_review_handler: convert::handler(summary.message_review_handler()),
                create_time: convert::time(summary.create_time()),
                update_time: convert::time(summary.update_time()),
                tags: convert::tags(summary.tags()),
                logging_configuration_identifiers:
                    summary.logging_configuration_identifiers().to_vec(),
            }));
            match page.next_token() {
                Some(token) if !token.is_empty() => next = Some(token.to_owned()),
                _ => break,
            }
        }
        Ok(rooms)
    }

    /// See [`ConsoleGetRoom`].
    pub async fn console_get_room(&self, request: ConsoleGetRoom) -> Result<Room, AppError> {
        checked(validate::room_identifier(&IdentifierRequest {
            identifier: Some(request.arn.clone()),
        }))?;
        let control = self.console_control(&request.profile_id).await?;
        let output = control
            .get_room()
            .identifier(&request.arn)
            .send()
            .await
            .map_err(aws_error::classify)?;
        Ok(room!(output))
    }

    /// See [`ConsoleCreateRoom`].
    pub async fn console_create_room(&self, request: ConsoleCreateRoom) -> Result<Room, AppError> {
        let input = request.request;
        checked(validate::create_room(&input))?;
        let control = self.console_control(&request.profile_id).await?;
        let output = control
            .create_room()
            .set_name(input.name)
            .set_maximum_message_rate_per_second(
                input.maximum_message_rate_per_second.map(clamp_i32),
            )
            .set_maximum_message_length(input.maximum_message_length.map(clamp_i32))
            .set_message_review_handler(
                input
                    .message_review_handler
                    .as_ref()
                    .map(convert::sdk_handler),
            )
            .set_tags(input.tags.as_ref().map(hash_map))
            .set_logging_configuration_identifiers(input.logging_configuration_identifiers)
            .send()
            .await
            .map_err(aws_error::classify)?;
        let room = room!(output);
        tracing::info!(room = %room.arn, "room created from the console");
        Ok(room)
    }

    /// See [`ConsoleUpdateRoom`].
    pub async fn console_update_room(&self, request: ConsoleUpdateRoom) -> Result<Room, AppError> {
        let input: UpdateRoomRequest = request.request;
        checked(validate::update_room(&input))?;
        let arn = input.identifier.clone().unwrap_or_default();
        let tags = request.tags;
        checked(validate::tag_resource(&TagResourceRequest {
            tags: Some(tags.set.clone()),
        }))?;
        checked(validate::untag_resource(&tags.remove))?;
        let control = self.console_control(&request.profile_id).await?;
        let output = control
            .update_room()
            .identifier(&arn)
            .set_name(input.name)
            .set_maximum_message_rate_per_second(
                input.maximum_message_rate_per_second.map(clamp_i32),
            )
            .set_maximum_message_length(input.maximum_message_length.map(clamp_i32))
            .set_message_review_handler(
                input
                    .message_review_handler
                    .as_ref()
                    .map(convert::sdk_handler),
            )
            .set_logging_configuration_identifiers(input.logging_configuration_identifiers)
            .send()
            .await
            .map_err(aws_error::classify)?;
        let mut room = room!(output);
        // UpdateRoom cannot change tags (reference §2.3): untag what the user removed, then tag
        // what they added or changed. Tags others added meanwhile stay, so the service may
        // refuse the total (more than 50); its fieldList says so.
        if !tags.remove.is_empty() {
            control
                .untag_resource()
                .resource_arn(&arn)
                .set_tag_keys(Some(tags.remove.clone()))
                .send()
                .await
                .map_err(aws_error::classify)?;
            for key in &tags.remove {
                room.tags.remove(key);
            }
        }
        if !tags.set.is_empty() {
            control
                .tag_resource()
                .resource_arn(&arn)
                .set_tags(Some(hash_map(&tags.set)))
                .send()
                .await
                .map_err(aws_error::classify)?;
            room.tags.extend(tags.set);
        }
        tracing::info!(room = %room.arn, "room updated from the console");
        Ok(room)
    }

    /// See [`ConsoleDeleteRoom`].
    pub async fn console_delete_room(&self, request: ConsoleDeleteRoom) -> Result<(), AppError> {
        checked(validate::room_identifier(&IdentifierRequest {
            identifier: Some(request.arn.clone()),
        }))?;
        let control = self.console_control(&request.profile_id).await?;
        control
            .delete_room()
            .identifier(&request.arn)
            .send()
            .await
            .map_err(aws_error::classify)?;
        tracing::info!(room = %request.arn, "room deleted from the console");
        Ok(())
    }

    /// See [`ConsoleListLogging`].
    pub async fn console_list_logging(
        &self,
        request: ConsoleListLogging,
    ) -> Result<Vec<LoggingConfiguration>, AppError> {
        let control = self.console_control(&request.profile_id).await?;
        let mut configurations = Vec::new();
        let mut next = None;
        for _ in 0..MAX_PAGES {
            let page = control
                .list_logging_configurations()
                .max_results(50)
                .set_next_token(next.take())
                .send()
                .await
                .map_err(aws_error::classify)?;
            configurations.extend(
                page.logging_configurations()
                    .iter()
                    .map(|summary| logging!(summary)),
            );
            match page.next_token() {
                Some(token) if !token.is_empty() => next = Some(token.to_owned()),
                _ => break,
            }
        }
        Ok(configurations)
    }

    /// See [`ConsoleCreateLogging`].
    pub async fn console_create_logging(
        &self,
        request: ConsoleCreateLogging,
    ) -> Result<LoggingConfiguration, AppError> {
        let input = request.request;
        checked(validate::create_logging_configuration(&input))?;
        let destination = input
            .destination_configuration
            .as_ref()
            .map(convert::sdk_destination)
            .transpose()?;
        let control = self.console_control(&request.profile_id).await?;
        let output = control
            .create_logging_configuration()
            .set_name(input.name)
            .set_destination_configuration(destination)
            .set_tags(input.tags.as_ref().map(hash_map))
            .send()
            .await
            .map_err(aws_error::classify)?;
        Ok(logging!(output))
    }

    /// See [`ConsoleUpdateLogging`].
    pub async fn console_update_logging(
        &self,
        request: ConsoleUpdateLogging,
    ) -> Result<LoggingConfiguration, AppError> {
        let input = request.request;
        checked(validate::update_logging_configuration(&input))?;
        let destination = input
            .destination_configuration
            .as_ref()
            .map(convert::sdk_destination)
            .transpose()?;
        let control = self.console_control(&request.profile_id).await?;
        let output = control
            .update_logging_configuration()
            .set_identifier(input.identifier)
            .set_name(input.name)
            .set_destination_configuration(destination)
            .send()
            .await
            .map_err(aws_error::classify)?;
        Ok(logging!(output))
    }

    /// See [`ConsoleDeleteLogging`].
    pub async fn console_delete_logging(
        &self,
        request: ConsoleDeleteLogging,
    ) -> Result<(), AppError> {
        checked(validate::logging_configuration_identifier(
            &IdentifierRequest {
                identifier: Some(request.arn.clone()),
            },
        ))?;
        let control = self.console_control(&request.profile_id).await?;
        control
            .delete_logging_configuration()
            .identifier(&request.arn)
            .send()
            .await
            .map_err(aws_error::classify)?;
        Ok(())
    }

    /// See [`ConsoleSendEvent`].
    pub async fn console_send_event(&self, request: ConsoleSendEvent) -> Result<String, AppError> {
        let input = request.request;
        checked(validate::send_event(&input))?;
        let control = self.console_control(&request.profile_id).await?;
        let output = control
            .send_event()
            .set_room_identifier(input.room_identifier)
            .set_event_name(input.event_name)
            .set_attributes(
                input
                    .attributes
                    .map(|attributes| attributes.into_iter().collect()),
            )
            .send()
            .await
            .map_err(aws_error::classify)?;
        Ok(output.id().unwrap_or_default().to_owned())
    }

    /// See [`ConsoleDeleteMessage`].
    pub async fn console_delete_message(
        &self,
        request: ConsoleDeleteMessage,
    ) -> Result<String, AppError> {
        let input = request.request;
        checked(validate::delete_message(&input))?;
        let control = self.console_control(&request.profile_id).await?;
        let output = control
            .delete_message()
            .set_room_identifier(input.room_identifier)
            .set_id(input.id)
            .set_reason(input.reason)
            .send()
            .await
            .map_err(aws_error::classify)?;
        Ok(output.id().unwrap_or_default().to_owned())
    }

    /// See [`ConsoleDisconnectUser`].
    pub async fn console_disconnect_user(
        &self,
        request: ConsoleDisconnectUser,
    ) -> Result<(), AppError> {
        let input = request.request;
        checked(validate::disconnect_user(&input))?;
        let control = self.console_control(&request.profile_id).await?;
        control
            .disconnect_user()
            .set_room_identifier(input.room_identifier)
            .set_user_id(input.user_id)
            .set_reason(input.reason)
            .send()
            .await
            .map_err(aws_error::classify)?;
        Ok(())
    }
}

/// A validated limit (1..500) as the SDK's integer.
fn clamp_i32(value: i64) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}
