//! `chatdeck-faults`: proof that `ivs-chat-client` and `ivs-chat-local` keep working and lose
//! nothing under faults, load and hostile input. Development only; never shipped.
