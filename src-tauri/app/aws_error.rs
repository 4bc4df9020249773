//! AWS SDK failures as app errors: one classifier for every control-plane call (the console's,
//! the room lists', the local service's demo room).

use aws_sdk_ivschat::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use chatdeck_ipc::console::FieldError;
use chatdeck_l10n::Words;

use crate::error::{AppError, as_is};

/// A control-plane failure in words: the service's code and message for service errors (a
/// ValidationException's `fieldList` as the error's fields, so a form can mark them), the
/// cause for everything else (no connection, a timeout). The service's and the SDK's own
/// words are said as they came.
pub fn classify<E, R>(error: SdkError<E, R>) -> AppError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
    aws_sdk_ivschat::Error: From<SdkError<E, R>>,
{
    if !matches!(error, SdkError::ServiceError(_)) {
        return AppError::Unavailable(as_is(DisplayErrorContext(&error).to_string()));
    }
    match aws_sdk_ivschat::Error::from(error) {
        aws_sdk_ivschat::Error::ValidationException(refusal) => {
            let fields: Vec<FieldError> = refusal
                .field_list()
                .iter()
                .map(|field| FieldError::new(field.name(), field.message()))
                .collect();
            AppError::Refused {
                message: Words::new("shell-error-service")
                    .with("code", "ValidationException")
                    .with("message", refusal.message()),
                fields,
            }
        }
        other => {
            let code = other.code().unwrap_or("error").to_owned();
            let message = match other.message() {
                Some(message) => Words::new("shell-error-service")
                    .with("code", code.as_str())
                    .with("message", message),
                None => Words::new("shell-error-service-refused").with("code", code.as_str()),
            };
            match code.as_str() {
                "ResourceNotFoundException" => AppError::NotFound(message),
                "AccessDeniedException" => AppError::Unauthorized(message),
                _ => AppError::Invalid(message),
            }
        }
    }
}
