//! Tagging: ListTagsForResource, TagResource, UntagResource on `/tags/{resourceArn}`
//! (reference §2.3).

use axum::body::Bytes;
use ivs_chat_protocol::control::{
    Arn, ListTagsResponse, ResourceType, TagResourceRequest, Tags, validate,
};
use percent_encoding::percent_decode_str;
use serde_json::json;

use super::{ApiError, ApiResult, ok, parse_body};
use crate::state::Shared;

/// Most tags a resource may carry (reference §2.6).
pub const MAX_TAGS: usize = 50;

/// The `{resourceArn}` label, percent-decoded (reference §2.1: SDKs encode it whole).
pub fn decode_label(label: &str) -> String {
    percent_decode_str(label).decode_utf8_lossy().into_owned()
}

/// The repeated `tagKeys` query parameter.
pub fn tag_keys(query: &str) -> Vec<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| decode_label(key) == "tagKeys")
        .map(|(_, value)| decode_label(&value.replace('+', " ")))
        .collect()
}

/// Reads the tags of the resource, lets `change` edit them, and stores the result.
fn with_tags(
    shared: &Shared,
    arn: &str,
    change: impl FnOnce(&mut Tags) -> Result<(), ApiError>,
) -> Result<Tags, ApiError> {
    validate::resource_arn(arn).map_err(ApiError::validation)?;
    let parsed = Arn::parse_any(arn).ok_or_else(|| ApiError::not_found("resource", arn))?;
    if parsed.region != shared.config.region || parsed.account != shared.config.account_id {
        return Err(ApiError::not_found("resource", arn));
    }
    match parsed.resource_type {
        ResourceType::Room => {
            let mut room = shared
                .store
                .room(&parsed.id)?
                .ok_or_else(|| ApiError::not_found("room", &parsed.id))?;
            let before = room.tags.clone();
            change(&mut room.tags)?;
            if room.tags != before {
                shared.store.put_room(&room)?;
            }
            Ok(room.tags)
        }
        ResourceType::LoggingConfiguration => {
            let mut configuration = shared
                .store
                .logging_configuration(&parsed.id)?
                .ok_or_else(|| ApiError::not_found("logging configuration", &parsed.id))?;
            let before = configuration.tags.clone();
            change(&mut configuration.tags)?;
            if configuration.tags != before {
                shared.store.put_logging_configuration(&configuration)?;
            }
            Ok(configuration.tags)
        }
    }
}

/// ListTagsForResource.
pub fn list(shared: &Shared, arn: &str) -> ApiResult {
    let tags = with_tags(shared, arn, |_| Ok(()))?;
    ok(&ListTagsResponse { tags })
}

/// TagResource: adds or overwrites; at most 50 in all.
pub fn tag(shared: &Shared, arn: &str, body: &Bytes) -> ApiResult {
    let request: TagResourceRequest = parse_body(body)?;
    validate::tag_resource(&request).map_err(ApiError::validation)?;
    let new = request.tags.unwrap_or_default();
    with_tags(shared, arn, |tags| {
        let mut merged = tags.clone();
        merged.extend(new);
        if merged.len() > MAX_TAGS {
            return Err(ApiError::field(
                "tags",
                "Member must have length less than or equal to 50",
            ));
        }
        *tags = merged;
        Ok(())
    })?;
    ok(&json!({}))
}

/// UntagResource: removing absent keys is fine (idempotent). `tagKeys` is a required member
/// carried in the query string (reference §2.3): without it the request is invalid, as the
/// model's "Member must not be null" has it for any required member.
pub fn untag(shared: &Shared, arn: &str, query: &str) -> ApiResult {
    let keys = tag_keys(query);
    if keys.is_empty() {
        return Err(ApiError::field("tagKeys", "Member must not be null"));
    }
    validate::untag_resource(&keys).map_err(ApiError::validation)?;
    with_tags(shared, arn, |tags| {
        for key in &keys {
            tags.remove(key);
        }
        Ok(())
    })?;
    ok(&json!({}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_label_and_repeated_keys() {
        assert_eq!(
            decode_label("arn%3Aaws%3Aivschat%3Aus-west-2%3A123456789012%3Aroom%2Fg1H2I3j4k5L6"),
            "arn:aws:ivschat:us-west-2:123456789012:room/g1H2I3j4k5L6"
        );
        assert_eq!(tag_keys("tagKeys=a&tagKeys=b%20c&other=x"), ["a", "b c"]);
        assert!(tag_keys("").is_empty());
    }
}
