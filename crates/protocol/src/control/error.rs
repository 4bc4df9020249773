//! Control-plane error shapes (reference §2.2, §2.5).

use serde::{Deserialize, Serialize};

/// The error types the service returns: the modelled exceptions and the generic AWS ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ErrorType {
    /// 403: IAM denies the call.
    AccessDeniedException,
    /// 409: the resource is in use (a logging configuration still attached to a room).
    ConflictException,
    /// 500: the service failed.
    InternalServerException,
    /// 403: the account is not verified yet.
    PendingVerification,
    /// 404: no such resource.
    ResourceNotFoundException,
    /// 402: a quota (10 logging configurations) would be exceeded.
    ServiceQuotaExceededException,
    /// 429: call rate exceeded.
    ThrottlingException,
    /// 400: a field violates the model.
    ValidationException,
    /// 403: the request's credentials are unknown (generic AWS error).
    UnrecognizedClientException,
    /// 403: the SigV4 signature does not match (generic AWS error).
    InvalidSignatureException,
    /// 400: the body is not JSON of the expected shape (generic AWS error).
    SerializationException,
}

impl ErrorType {
    /// The HTTP status the model assigns (reference §2.5).
    pub fn status(self) -> u16 {
        match self {
            ErrorType::AccessDeniedException
            | ErrorType::PendingVerification
            | ErrorType::UnrecognizedClientException
            | ErrorType::InvalidSignatureException => 403,
            ErrorType::ConflictException => 409,
            ErrorType::InternalServerException => 500,
            ErrorType::ResourceNotFoundException => 404,
            ErrorType::ServiceQuotaExceededException => 402,
            ErrorType::ThrottlingException => 429,
            ErrorType::ValidationException | ErrorType::SerializationException => 400,
        }
    }

    /// The type name, as sent in `x-amzn-ErrorType` and `__type`.
    pub fn name(self) -> &'static str {
        match self {
            ErrorType::AccessDeniedException => "AccessDeniedException",
            ErrorType::ConflictException => "ConflictException",
            ErrorType::InternalServerException => "InternalServerException",
            ErrorType::PendingVerification => "PendingVerification",
            ErrorType::ResourceNotFoundException => "ResourceNotFoundException",
            ErrorType::ServiceQuotaExceededException => "ServiceQuotaExceededException",
            ErrorType::ThrottlingException => "ThrottlingException",
            ErrorType::ValidationException => "ValidationException",
            ErrorType::UnrecognizedClientException => "UnrecognizedClientException",
            ErrorType::InvalidSignatureException => "InvalidSignatureException",
            ErrorType::SerializationException => "SerializationException",
        }
    }
}

/// `reason` of a ValidationException.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ValidationReason {
    /// The operation does not exist (the local service's answer to a path that names none).
    UnknownOperation,
    /// A field failed its constraint; `fieldList` says which.
    FieldValidationFailed,
    /// Anything else.
    Other,
}

/// One entry of a ValidationException's `fieldList`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's path, e.g. `maximumMessageLength` or `messageReviewHandler.uri`.
    pub name: String,
    /// What is wrong, in the model's words.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(name: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            message: message.into(),
        }
    }
}

/// The JSON body of every error response: `__type`, `message`, and the modelled extras.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// The error type name.
    #[serde(rename = "__type")]
    pub error_type: String,
    /// Human-readable text.
    pub message: String,
    /// ValidationException: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<ValidationReason>,
    /// ValidationException: the fields at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_list: Option<Vec<FieldError>>,
    /// Conflict / NotFound / Quota / Throttling: the resource id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    /// Conflict / NotFound / Quota / Throttling: the resource type (`ROOM` in the model).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// Quota / Throttling: the limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl ErrorBody {
    /// A body with just a type and message.
    pub fn new(error_type: ErrorType, message: impl Into<String>) -> Self {
        Self {
            error_type: error_type.name().to_owned(),
            message: message.into(),
            reason: None,
            field_list: None,
            resource_id: None,
            resource_type: None,
            limit: None,
        }
    }

    /// A FIELD_VALIDATION_FAILED ValidationException listing the fields, with the message in
    /// the service's "N validation errors detected" wording (reference §2.2).
    pub fn validation(fields: Vec<FieldError>) -> Self {
        let count = fields.len();
        let details = fields
            .iter()
            .map(|field| {
                format!(
                    "Value at '{}' failed to satisfy constraint: {}",
                    field.name, field.message
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let noun = if count == 1 { "error" } else { "errors" };
        Self {
            reason: Some(ValidationReason::FieldValidationFailed),
            field_list: Some(fields),
            ..Self::new(
                ErrorType::ValidationException,
                format!("{count} validation {noun} detected: {details}"),
            )
        }
    }

    /// A modelled error about one resource (NotFound, Conflict, Quota, Throttling).
    pub fn about_resource(
        error_type: ErrorType,
        message: impl Into<String>,
        resource_id: &str,
    ) -> Self {
        Self {
            resource_id: Some(resource_id.to_owned()),
            resource_type: Some("ROOM".to_owned()),
            ..Self::new(error_type, message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_body_has_the_documented_shape() {
        let body = ErrorBody::validation(vec![FieldError::new(
            "maximumMessageLength",
            "Member must have value less than or equal to 500",
        )]);
        let json = serde_json::to_value(&body).unwrap_or_default();
        assert_eq!(json["__type"], "ValidationException");
        assert_eq!(json["reason"], "FIELD_VALIDATION_FAILED");
        assert_eq!(json["fieldList"][0]["name"], "maximumMessageLength");
        assert_eq!(
            json["message"],
            "1 validation error detected: Value at 'maximumMessageLength' failed to satisfy constraint: Member must have value less than or equal to 500"
        );
        assert!(json.get("resourceId").is_none());
    }

    #[test]
    fn statuses_follow_the_model() {
        assert_eq!(ErrorType::ServiceQuotaExceededException.status(), 402);
        assert_eq!(ErrorType::ConflictException.status(), 409);
        assert_eq!(ErrorType::InvalidSignatureException.status(), 403);
        assert_eq!(ErrorType::ThrottlingException.status(), 429);
    }
}
