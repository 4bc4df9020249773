//! Pure decisions of the room actor: functions of (state, input, now) that return what to do
//! next, with table tests. The actor around them only performs I/O.

pub mod backoff;
pub mod close;
pub mod rotation;

pub use backoff::Backoff;
pub use close::{
    AfterClose, AfterFailure, Close, Kick, Watch, after_close, after_failed_attempt, failure_reason,
};
pub use rotation::rotation_deadline;
