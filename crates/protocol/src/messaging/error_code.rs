use serde::{Deserialize, Serialize};

/// `ErrorCode` of an ERROR frame: an HTTP-like number (reference §1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ErrorCode(pub u16);

impl ErrorCode {
    /// Malformed or invalid request, content empty or over the room maximum.
    pub const BAD_REQUEST: ErrorCode = ErrorCode(400);
    /// The connection expired (session end); the client should reconnect with a new token.
    pub const UNAUTHORIZED: ErrorCode = ErrorCode(401);
    /// The token lacks the capability for the action.
    pub const FORBIDDEN: ErrorCode = ErrorCode(403);
    /// The room cannot be found.
    pub const NOT_FOUND: ErrorCode = ErrorCode(404);
    /// Rejected by the message review handler.
    pub const NOT_ACCEPTABLE: ErrorCode = ErrorCode(406);
    /// A field or the frame is too large.
    pub const PAYLOAD_TOO_LARGE: ErrorCode = ErrorCode(413);
    /// A rate limit was exceeded.
    pub const TOO_MANY_REQUESTS: ErrorCode = ErrorCode(429);
    /// A general service error.
    pub const INTERNAL_SERVER_ERROR: ErrorCode = ErrorCode(500);

    /// The number on the wire.
    pub fn as_u16(self) -> u16 {
        self.0
    }

    /// What the code means, in words a user can read (reference §1.7).
    pub fn describe(self) -> &'static str {
        match self.0 {
            400 => "the request was invalid",
            401 => "the connection expired",
            403 => "not allowed by this token",
            404 => "the room no longer exists",
            406 => "rejected by the room's message review",
            413 => "too large",
            429 => "sending too fast",
            500 => "the chat service failed",
            _ => "unknown error",
        }
    }

    /// Whether sending the same request again later can succeed. A rate limit or a service
    /// failure can pass; an invalid, forbidden or reviewed-away message will not.
    pub fn is_retryable(self) -> bool {
        matches!(self.0, 401 | 429 | 500)
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}
