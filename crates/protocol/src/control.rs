//! The control-plane REST API, `ivschat` 2020-07-14 (reference §2).
//!
//! Inputs and outputs are camelCase JSON (rest-json). Inputs deserialize leniently (every field
//! optional at the serde level) so that a missing required field becomes a modelled
//! `ValidationException` from [`validate`], not a serde message.

mod arn;
mod error;
mod operation;
mod shape;
pub mod validate;

pub use arn::{Arn, ResourceType};
pub use error::{ErrorBody, ErrorType, FieldError, ValidationReason};
pub use operation::*;
pub use shape::*;
