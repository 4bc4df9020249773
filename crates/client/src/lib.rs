//! Placeholder until the client engine lands.
