//! Placeholder until the local service lands.
