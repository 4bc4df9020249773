//! Rooms, chat tokens, tags and the messaging API: every operation's success and error paths.

use super::*;

#[tokio::test]
async fn every_room_and_token_operation_succeeds_and_fails_as_modelled() {
    let service = serve_default().await;
    let ivs = client(&service.http_endpoint(), "AKIDLOCAL", "anything");

    // CreateRoom
    let room = ivs
        .create_room()
        .name("lobby")
        .maximum_message_length(200)
        .maximum_message_rate_per_second(5)
        .message_review_handler(
            MessageReviewHandler::builder()
                .uri("arn:aws:lambda:us-west-2:123456789012:function:review")
                .fallback_result(FallbackResult::Deny)
                .build(),
        )
        .tags("env", "dev")
        .send()
        .await
        .unwrap();
    let arn = room.arn().unwrap().to_owned();
    assert_eq!(room.id().map(str::len), Some(12));
    assert_eq!(room.maximum_message_length(), Some(200));
    assert_eq!(room.maximum_message_rate_per_second(), Some(5));
    assert_eq!(
        room.message_review_handler()
            .and_then(|h| h.fallback_result()),
        Some(&FallbackResult::Deny)
    );
    assert!(room.create_time().is_some());
    let defaults = ivs.create_room().send().await.unwrap();
    assert_eq!(
        (
            defaults.maximum_message_length(),
            defaults.maximum_message_rate_per_second()
        ),
        (Some(500), Some(10))
    );
    let error = ivs
        .create_room()
        .maximum_message_length(501)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateRoomError::ValidationException(validation) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        validation.reason(),
        &ValidationExceptionReason::FieldValidationFailed
    );
    assert_eq!(validation.field_list()[0].name(), "maximumMessageLength");
    let error = ivs
        .create_room()
        .logging_configuration_identifiers(MISSING_LOGGING)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, CreateRoomError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    // GetRoom
    let got = ivs.get_room().identifier(&arn).send().await.unwrap();
    assert_eq!(got.name(), Some("lobby"));
    assert_eq!(
        got.tags().and_then(|t| t.get("env")).map(String::as_str),
        Some("dev")
    );
    let error = ivs
        .get_room()
        .identifier(MISSING_ROOM)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, GetRoomError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let error = ivs
        .get_room()
        .identifier("not-an-arn")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, GetRoomError::ValidationException(_)),
        "{error:?}"
    );

    // UpdateRoom: partial, and an empty uri removes the handler
    let updated = ivs
        .update_room()
        .identifier(&arn)
        .maximum_message_length(100)
        .message_review_handler(MessageReviewHandler::builder().uri("").build())
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            updated.maximum_message_length(),
            updated.maximum_message_rate_per_second()
        ),
        (Some(100), Some(5))
    );
    assert!(updated.message_review_handler().is_none());
    assert_eq!(updated.name(), Some("lobby"));
    let error = ivs
        .update_room()
        .identifier(MISSING_ROOM)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, UpdateRoomError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let error = ivs
        .update_room()
        .identifier(&arn)
        .maximum_message_rate_per_second(101)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, UpdateRoomError::ValidationException(_)),
        "{error:?}"
    );

    // ListRooms: newest update first, pagination, filters
    let first = ivs.list_rooms().max_results(1).send().await.unwrap();
    assert_eq!(first.rooms().len(), 1);
    assert_eq!(
        first.rooms()[0].arn(),
        Some(arn.as_str()),
        "updated last, listed first"
    );
    let second = ivs
        .list_rooms()
        .max_results(1)
        .next_token(first.next_token().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(second.rooms()[0].arn(), defaults.arn());
    assert!(second.next_token().is_none());
    let named = ivs.list_rooms().name("lobby").send().await.unwrap();
    assert_eq!(named.rooms().len(), 1);
    let error = ivs
        .list_rooms()
        .max_results(51)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, ListRoomsError::ValidationException(_)),
        "{error:?}"
    );
    let error = ivs
        .list_rooms()
        .next_token("bogus")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, ListRoomsError::ValidationException(_)),
        "{error:?}"
    );

    // CreateChatToken
    let token = ivs
        .create_chat_token()
        .room_identifier(&arn)
        .user_id("alice")
        .capabilities(ChatTokenCapability::SendMessage)
        .session_duration_in_minutes(180)
        .attributes("username", "Alice")
        .send()
        .await
        .unwrap();
    let value = token.token().unwrap();
    assert!(value.len() >= 22 && value.bytes().all(|b| b.is_ascii_alphanumeric()));
    let session = token.session_expiration_time().unwrap().secs();
    let expiry = token.token_expiration_time().unwrap().secs();
    assert!(
        (session - expiry - 120 * 60).abs() <= 2,
        "token ~60 min, session 180 min"
    );
    let _socket = connect(&service, value).await;
    let error = ivs
        .create_chat_token()
        .room_identifier(MISSING_ROOM)
        .user_id("alice")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, CreateChatTokenError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let error = ivs
        .create_chat_token()
        .room_identifier(&arn)
        .user_id("alice")
        .session_duration_in_minutes(181)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, CreateChatTokenError::ValidationException(_)),
        "{error:?}"
    );

    // SendEvent, DeleteMessage, DisconnectUser
    let event = ivs
        .send_event()
        .room_identifier(&arn)
        .event_name("app:poll")
        .attributes("q", "?")
        .send()
        .await
        .unwrap();
    assert_eq!(event.id().map(str::len), Some(12));
    let error = ivs
        .send_event()
        .room_identifier(MISSING_ROOM)
        .event_name("x")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, SendEventError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let deleted = ivs
        .delete_message()
        .room_identifier(&arn)
        .id("R1BLTDN84zEO")
        .reason("Spam")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.id().map(str::len), Some(12));
    let error = ivs
        .delete_message()
        .room_identifier(&arn)
        .id("short")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DeleteMessageError::ValidationException(_)),
        "{error:?}"
    );
    let error = ivs
        .delete_message()
        .room_identifier(MISSING_ROOM)
        .id("R1BLTDN84zEO")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DeleteMessageError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    ivs.disconnect_user()
        .room_identifier(&arn)
        .user_id("bob")
        .reason("bye")
        .send()
        .await
        .unwrap();
    let error = ivs
        .disconnect_user()
        .room_identifier(MISSING_ROOM)
        .user_id("bob")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DisconnectUserError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    // Tags
    ivs.tag_resource()
        .resource_arn(&arn)
        .tags("team", "chat")
        .send()
        .await
        .unwrap();
    let tags = ivs
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 2);
    ivs.untag_resource()
        .resource_arn(&arn)
        .tag_keys("env")
        .tag_keys("absent")
        .send()
        .await
        .unwrap();
    let tags = ivs
        .list_tags_for_resource()
        .resource_arn(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().keys().collect::<Vec<_>>(), ["team"]);
    let error = ivs
        .list_tags_for_resource()
        .resource_arn(MISSING_ROOM)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            ListTagsForResourceError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );
    let error = ivs
        .tag_resource()
        .resource_arn(MISSING_ROOM)
        .tags("a", "b")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, TagResourceError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    let mut too_many = ivs.tag_resource().resource_arn(&arn);
    for n in 0..50 {
        too_many = too_many.tags(format!("k{n}"), "v");
    }
    let error = too_many.send().await.unwrap_err().into_service_error();
    assert!(
        matches!(error, TagResourceError::ValidationException(_)),
        "{error:?}"
    );
    let error = ivs
        .untag_resource()
        .resource_arn(MISSING_ROOM)
        .tag_keys("a")
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, UntagResourceError::ResourceNotFoundException(_)),
        "{error:?}"
    );

    // DeleteRoom
    ivs.delete_room().identifier(&arn).send().await.unwrap();
    let error = ivs
        .delete_room()
        .identifier(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DeleteRoomError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    service.shutdown().await;
}
