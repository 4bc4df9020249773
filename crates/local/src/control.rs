//! The control-plane REST API (reference §2): the 17 operations, their errors and pagination.

pub(crate) mod events;
pub(crate) mod logging;
pub(crate) mod room;
pub(crate) mod tags;
pub(crate) mod throttle;

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ivs_chat_protocol::control::{ErrorBody, ErrorType, FieldError, ValidationReason};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::store::StoreError;

/// A control-plane error: status, `x-amzn-ErrorType` and the JSON body (reference §2.2).
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The error type, which fixes the status.
    pub error_type: ErrorType,
    /// The body (boxed: errors travel in `Result`s and should stay small).
    pub body: Box<ErrorBody>,
}

impl ApiError {
    /// An error with just a message.
    pub fn new(error_type: ErrorType, message: impl Into<String>) -> Self {
        Self {
            error_type,
            body: Box::new(ErrorBody::new(error_type, message)),
        }
    }

    /// A FIELD_VALIDATION_FAILED ValidationException.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self {
            error_type: ErrorType::ValidationException,
            body: Box::new(ErrorBody::validation(fields)),
        }
    }

    /// A ValidationException about one field.
    pub fn field(name: &str, message: &str) -> Self {
        Self::validation(vec![FieldError::new(name, message)])
    }

    /// ResourceNotFoundException for the resource an identifier (an ARN or an id) names.
    /// `resourceId` follows the model's pattern `[a-zA-Z0-9]+`: the ARN's id part, never the
    /// whole ARN (reference §2.5).
    pub fn not_found(kind: &str, identifier: &str) -> Self {
        let id = resource_id(identifier);
        Self {
            error_type: ErrorType::ResourceNotFoundException,
            body: Box::new(ErrorBody::about_resource(
                ErrorType::ResourceNotFoundException,
                format!("{kind} {id} not found"),
                &id,
            )),
        }
    }

    /// A ServiceQuotaExceededException (402) about the resource `id` would have been, with
    /// the quota's `limit` (reference §2.5).
    pub fn quota_exceeded(message: String, id: &str, limit: u32) -> Self {
        let mut error = Self::about(ErrorType::ServiceQuotaExceededException, message, id);
        error.body.limit = Some(limit);
        error
    }

    /// An error about one resource (Conflict, Quota).
    pub fn about(error_type: ErrorType, message: impl Into<String>, id: &str) -> Self {
        Self {
            error_type,
            body: Box::new(ErrorBody::about_resource(error_type, message, id)),
        }
    }

    /// A ValidationException with reason UNKNOWN_OPERATION for a method and path that name
    /// no operation: the model's `ValidationExceptionReason` has that member for this case.
    pub fn unknown_operation(method: &str, path: &str) -> Self {
        let mut error = Self::new(
            ErrorType::ValidationException,
            format!("no operation at {method} {path}"),
        );
        error.body.reason = Some(ValidationReason::UnknownOperation);
        error
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "state database failed");
        Self::new(
            ErrorType::InternalServerException,
            "internal error in the state database",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.error_type.status()).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_vec(&self.body).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        headers.insert(
            "x-amzn-ErrorType",
            HeaderValue::from_static(self.error_type.name()),
        );
        response
    }
}

/// The id an identifier names, in the model's `resourceId` pattern `[a-zA-Z0-9]+`: what
/// follows the ARN's last `/`, its other characters left out (a validated ARN's id may hold
/// `-`). An identifier with no such character at all (never one that passed validation) is
/// reported as `unknown`.
pub fn resource_id(identifier: &str) -> String {
    let id: String = identifier
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    if id.is_empty() { "unknown".into() } else { id }
}

/// The result of an operation.
pub type ApiResult = Result<Response, ApiError>;

/// A 200 JSON response.
pub fn ok<T: Serialize>(value: &T) -> ApiResult {
    let body = serde_json::to_vec(value).unwrap_or_default();
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// A 204 response with an empty body (DeleteRoom, DeleteLoggingConfiguration).
pub fn no_content() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Reads an operation's JSON body. An empty body is an empty input. A value outside its
/// enum (a capability, a `fallbackResult`) is a ValidationException naming the field and the
/// allowed values, as the service answers; anything else that is not a JSON object of the
/// input's shape is a SerializationException (reference §2.2).
pub fn parse_body<T: DeserializeOwned + Default>(body: &Bytes) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let mut reader = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut reader).map_err(|error| {
        let field = field_name(error.path());
        let inner = error.into_inner();
        match enum_violation(&inner.to_string()) {
            Some(allowed) => ApiError::field(
                &field,
                &format!("Member must satisfy enum value set: [{allowed}]"),
            ),
            None => ApiError::new(
                ErrorType::SerializationException,
                format!("the request body is not valid input for this operation: {inner}"),
            ),
        }
    })
}

/// The model's name of the field at `path`: `capabilities.1`, `messageReviewHandler.fallbackResult`
/// (list indices as dotted members, like the other field names of this service's errors).
fn field_name(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The allowed values, `A, B, C`, when serde refused a value that is not one of an enum's
/// members (`unknown variant `X`, expected one of `A`, `B``).
fn enum_violation(message: &str) -> Option<String> {
    let expected = message.strip_prefix("unknown variant `")?;
    let (_, expected) = expected.split_once("`, expected ")?;
    let expected = expected
        .strip_prefix("one of ")
        .unwrap_or(expected)
        .split(" at line ")
        .next()?;
    // serde says "expected `A`" for one member, "`A` or `B`" for two, "one of `A`, `B`, …".
    Some(
        expected
            .split(", ")
            .flat_map(|part| part.split(" or "))
            .map(|value| value.trim_matches('`'))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// A page of `items` from an opaque `next_token` (reference §2.6: `maxResults` 1..50, default
/// 50; `nextToken` only when more results exist).
pub fn page<T: Clone>(
    items: &[T],
    next_token: Option<&str>,
    max_results: Option<i64>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let start = match next_token.filter(|token| !token.is_empty()) {
        None => 0,
        Some(token) => decode_token(token)
            .filter(|&start| start <= items.len())
            .ok_or_else(|| {
                ApiError::field(
                    "nextToken",
                    "Member must be a token returned by a previous call",
                )
            })?,
    };
    let size = usize::try_from(max_results.unwrap_or(50))
        .unwrap_or(50)
        .clamp(1, 50);
    let end = (start + size).min(items.len());
    let next = (end < items.len()).then(|| encode_token(end));
    Ok((items[start..end].to_vec(), next))
}

const TOKEN_PREFIX: &str = "ivschat-local-page-";

fn encode_token(offset: usize) -> String {
    format!("{TOKEN_PREFIX}{offset:x}")
}

fn decode_token(token: &str) -> Option<usize> {
    usize::from_str_radix(token.strip_prefix(TOKEN_PREFIX)?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_walk_the_whole_list_once() {
        let items: Vec<u32> = (0..7).collect();
        let mut seen = vec![];
        let mut token: Option<String> = None;
        loop {
            let (page, next) =
                page(&items, token.as_deref(), Some(3)).unwrap_or_else(|e| panic!("{e:?}"));
            assert!(page.len() <= 3);
            seen.extend(page);
            match next {
                Some(next) => token = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, items);
        assert!(page(&items, Some("garbage"), None).is_err());
        assert_eq!(
            page(&items, None, None).map(|(p, n)| (p.len(), n)).ok(),
            Some((7, None))
        );
    }

    #[test]
    fn values_outside_an_enum_are_validation_errors_naming_the_field() {
        use ivs_chat_protocol::control::{CreateChatTokenRequest, CreateRoomRequest};
        let token: Result<CreateChatTokenRequest, _> = parse_body(&Bytes::from_static(
            br#"{"capabilities":["SEND_MESSAGE","VIEW_MESSAGE"]}"#,
        ));
        let error = token.err().unwrap_or_else(|| panic!("accepted"));
        assert_eq!(error.error_type, ErrorType::ValidationException);
        assert_eq!(
            error.body.reason,
            Some(ValidationReason::FieldValidationFailed)
        );
        let fields = error.body.field_list.unwrap_or_default();
        assert_eq!(fields[0].name, "capabilities.1");
        assert_eq!(
            fields[0].message,
            "Member must satisfy enum value set: [SEND_MESSAGE, DELETE_MESSAGE, DISCONNECT_USER]"
        );
        let room: Result<CreateRoomRequest, _> = parse_body(&Bytes::from_static(
            br#"{"messageReviewHandler":{"uri":"","fallbackResult":"MAYBE"}}"#,
        ));
        let error = room.err().unwrap_or_else(|| panic!("accepted"));
        assert_eq!(
            error.body.field_list.unwrap_or_default()[0].name,
            "messageReviewHandler.fallbackResult"
        );
        // A value of the wrong type is not an enum question: the body does not parse.
        let typed: Result<CreateChatTokenRequest, _> =
            parse_body(&Bytes::from_static(br#"{"capabilities":[7]}"#));
        assert_eq!(
            typed.err().map(|error| error.error_type),
            Some(ErrorType::SerializationException)
        );
    }

    #[test]
    fn resource_ids_follow_the_model_pattern() {
        assert_eq!(
            resource_id("arn:aws:ivschat:eu-west-1:123456789012:room/g1H2I3j4k5L6"),
            "g1H2I3j4k5L6"
        );
        assert_eq!(
            resource_id("arn:aws:ivschat:us-west-2:1:room/ab-cd"),
            "abcd"
        );
        assert_eq!(resource_id("g1H2I3j4k5L6"), "g1H2I3j4k5L6");
        assert_eq!(
            resource_id("arn:aws:ivschat:us-west-2:1:room/--"),
            "unknown"
        );
    }

    #[test]
    fn empty_bodies_are_empty_inputs_and_bad_json_is_a_serialization_error() {
        let input: Result<ivs_chat_protocol::control::ListRoomsRequest, _> =
            parse_body(&Bytes::new());
        assert!(input.is_ok());
        let bad: Result<ivs_chat_protocol::control::ListRoomsRequest, _> =
            parse_body(&Bytes::from_static(b"{\"maxResults\":\"many\"}"));
        assert_eq!(
            bad.map_err(|e| e.error_type).err(),
            Some(ErrorType::SerializationException)
        );
    }
}
