//! Control-plane conformance with the official `aws-sdk-ivschat`, unchanged, pointed at the
//! local service with an endpoint override: every operation's success and error paths, error
//! types that parse into the SDK's modelled variants, and SigV4 verification.
#![allow(clippy::unwrap_used)]

mod common;

#[path = "aws_sdk/logging.rs"]
mod logging;
#[path = "aws_sdk/rooms.rs"]
mod rooms;
#[path = "aws_sdk/signing.rs"]
mod signing;

use aws_sdk_ivschat::Client;
use aws_sdk_ivschat::config::{BehaviorVersion, Region, retry::RetryConfig};
use aws_sdk_ivschat::error::ProvideErrorMetadata;
use aws_sdk_ivschat::operation::{
    create_chat_token::CreateChatTokenError,
    create_logging_configuration::CreateLoggingConfigurationError, create_room::CreateRoomError,
    delete_logging_configuration::DeleteLoggingConfigurationError,
    delete_message::DeleteMessageError, delete_room::DeleteRoomError,
    disconnect_user::DisconnectUserError, get_logging_configuration::GetLoggingConfigurationError,
    get_room::GetRoomError, list_logging_configurations::ListLoggingConfigurationsError,
    list_rooms::ListRoomsError, list_tags_for_resource::ListTagsForResourceError,
    send_event::SendEventError, tag_resource::TagResourceError, untag_resource::UntagResourceError,
    update_logging_configuration::UpdateLoggingConfigurationError, update_room::UpdateRoomError,
};
use aws_sdk_ivschat::types::{
    ChatTokenCapability, DestinationConfiguration, FallbackResult,
    FirehoseDestinationConfiguration, MessageReviewHandler, S3DestinationConfiguration,
    ValidationExceptionReason,
};
use common::*;
use ivs_chat_local::{Config, Credentials};
use ivs_chat_protocol::Secret;

const MISSING_ROOM: &str = "arn:aws:ivschat:us-west-2:123456789012:room/AAAAAAAAAAAA";
const MISSING_LOGGING: &str =
    "arn:aws:ivschat:us-west-2:123456789012:logging-configuration/AAAAAAAAAAAA";

fn client(endpoint: &str, key: &str, secret: &str) -> Client {
    let credentials =
        aws_credential_types::Credentials::new(key, secret, None, None, "conformance");
    let config = aws_sdk_ivschat::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(credentials)
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
        .build();
    Client::from_conf(config)
}

fn s3(bucket: &str) -> DestinationConfiguration {
    DestinationConfiguration::S3(
        S3DestinationConfiguration::builder()
            .bucket_name(bucket)
            .build()
            .unwrap(),
    )
}
