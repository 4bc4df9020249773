//! Tokens from the IVS Chat control plane itself (CreateChatToken through `aws-sdk-ivschat`),
//! against AWS or, with a custom endpoint, against `ivs-chat-local`.

use std::collections::HashMap;

use aws_sdk_ivschat::config::http::HttpResponse;
use aws_sdk_ivschat::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_ivschat::operation::create_chat_token::CreateChatTokenError;
use aws_sdk_ivschat::types::ChatTokenCapability;
use chrono::{DateTime, Utc};
use ivs_chat_protocol::Secret;
use ivs_chat_protocol::control::CreateChatTokenRequest;

use super::{ChatToken, TokenError, TokenFuture, TokenProvider};

/// Explicit AWS keys, instead of the credential chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsCredentials {
    /// `AKIA…`; not secret on its own.
    pub access_key_id: String,
    /// Never printed.
    pub secret_access_key: Secret,
    /// For temporary credentials.
    pub session_token: Option<Secret>,
}

/// How to reach and authenticate to the control plane. Everything unset falls back to the
/// standard AWS configuration chain (environment, profile files, SSO, instance metadata).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    /// `us-west-2`, …; defaults to the chain's region.
    pub region: Option<String>,
    /// A named profile of the AWS config files.
    pub profile: Option<String>,
    /// Explicit keys; override the chain.
    pub credentials: Option<AwsCredentials>,
    /// A custom control-plane URL such as `http://127.0.0.1:8080` for `ivs-chat-local`.
    pub endpoint_url: Option<String>,
}

impl AwsSettings {
    /// Loads an `ivschat` client with these settings.
    pub async fn client(&self) -> aws_sdk_ivschat::Client {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(region) = &self.region {
            loader = loader.region(aws_config::Region::new(region.clone()));
        }
        if let Some(profile) = &self.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(keys) = &self.credentials {
            loader = loader.credentials_provider(aws_credential_types::Credentials::new(
                keys.access_key_id.clone(),
                keys.secret_access_key.expose(),
                keys.session_token
                    .as_ref()
                    .map(|token| token.expose().to_owned()),
                None,
                "ivs-chat-client",
            ));
        }
        if let Some(url) = &self.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        aws_sdk_ivschat::Client::new(&loader.load().await)
    }
}

/// Mints a token per connection attempt with the control plane's CreateChatToken.
#[derive(Debug, Clone)]
pub struct AwsTokenProvider {
    /// The control-plane client; its `Debug` shows no credentials.
    client: aws_sdk_ivschat::Client,
    /// The CreateChatToken input sent each time.
    request: CreateChatTokenRequest,
}

impl AwsTokenProvider {
    /// A provider sending `request` with a client built from `settings`.
    pub async fn new(settings: &AwsSettings, request: CreateChatTokenRequest) -> Self {
        Self::from_client(settings.client().await, request)
    }

    /// A provider over an existing client.
    pub fn from_client(client: aws_sdk_ivschat::Client, request: CreateChatTokenRequest) -> Self {
        Self { client, request }
    }

    async fn fetch_once(&self) -> Result<ChatToken, TokenError> {
        let request = &self.request;
        let output = self
            .client
            .create_chat_token()
            .set_room_identifier(request.room_identifier.clone())
            .set_user_id(request.user_id.clone())
            .set_capabilities(request.capabilities.as_ref().map(|list| {
                list.iter()
                    .map(|capability| ChatTokenCapability::from(capability.as_str()))
                    .collect()
            }))
            .set_session_duration_in_minutes(
                request
                    .session_duration_in_minutes
                    .map(|minutes| i32::try_from(minutes).unwrap_or(i32::MAX)),
            )
            .set_attributes(request.attributes.as_ref().map(|attributes| {
                attributes
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect::<HashMap<_, _>>()
            }))
            .send()
            .await
            .map_err(classify)?;
        let token = output
            .token()
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                TokenError::InvalidResponse("no token in CreateChatToken output".into())
            })?;
        Ok(ChatToken {
            token: Secret::new(token),
            token_expiration_time: output.token_expiration_time().and_then(to_chrono),
            session_expiration_time: output.session_expiration_time().and_then(to_chrono),
            // The control plane grants exactly what was asked (reference §2.7).
            capabilities: Some(request.capabilities.clone().unwrap_or_default()),
            user_id: request.user_id.clone(),
        })
    }
}

impl TokenProvider for AwsTokenProvider {
    fn fetch(&self) -> TokenFuture<'_> {
        Box::pin(self.fetch_once())
    }
}

fn to_chrono(time: &aws_sdk_ivschat::primitives::DateTime) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(time.secs(), time.subsec_nanos())
}

fn classify(error: SdkError<CreateChatTokenError, HttpResponse>) -> TokenError {
    match &error {
        SdkError::TimeoutError(_) => TokenError::Timeout,
        SdkError::DispatchFailure(_) => {
            TokenError::Network(DisplayErrorContext(&error).to_string())
        }
        SdkError::ServiceError(service) => {
            let status = service.raw().status().as_u16();
            let message = service
                .err()
                .message()
                .or(service.err().code())
                .unwrap_or("no message")
                .to_owned();
            TokenError::Status { status, message }
        }
        _ => TokenError::Aws(DisplayErrorContext(&error).to_string()),
    }
}
