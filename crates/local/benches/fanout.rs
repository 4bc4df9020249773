//! Fan-out benchmark (in progress).
fn main() {}
