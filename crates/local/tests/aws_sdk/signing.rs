//! Request signing: SigV4 verified when credentials are configured, and binds beyond loopback
//! refused without them.

use super::*;

#[tokio::test]
async fn sigv4_is_verified_when_credentials_are_configured() {
    let config = Config {
        credentials: Some(Credentials {
            access_key_id: "AKIDLOCAL".into(),
            secret_access_key: Secret::new("local-secret"),
        }),
        ..Config::default()
    };
    let service = serve(config).await;
    let good = client(&service.http_endpoint(), "AKIDLOCAL", "local-secret");
    let room = good
        .create_room()
        .name("signed")
        .tags("k", "v")
        .send()
        .await
        .unwrap();
    // a URI label that the signature double-encodes
    let tags = good
        .list_tags_for_resource()
        .resource_arn(room.arn().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(tags.tags().len(), 1);
    good.untag_resource()
        .resource_arn(room.arn().unwrap())
        .tag_keys("k")
        .send()
        .await
        .unwrap();

    let wrong_secret = client(&service.http_endpoint(), "AKIDLOCAL", "guess");
    let error = wrong_secret.list_rooms().send().await.unwrap_err();
    assert_eq!(error.raw_response().map(|r| r.status().as_u16()), Some(403));
    assert_eq!(
        error.into_service_error().code(),
        Some("InvalidSignatureException")
    );
    let wrong_key = client(&service.http_endpoint(), "AKIDOTHER", "local-secret");
    let error = wrong_key
        .list_rooms()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(error.code(), Some("UnrecognizedClientException"));
    let (status, body) = call(&service, "ListRooms", serde_json::json!({})).await;
    assert_eq!(
        (status, body["__type"].as_str()),
        (403, Some("UnrecognizedClientException"))
    );
    // the tutorial token server stays unsigned
    let response = reqwest::Client::new()
        .post(format!("{}/create_chat_token", service.http_endpoint()))
        .json(&serde_json::json!({"roomIdentifier": room.arn().unwrap(), "userId": "u"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    service.shutdown().await;
}

#[tokio::test]
async fn non_loopback_binds_need_credentials() {
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let refused = ivs_chat_local::Service::start(listener, Config::default())
        .await
        .err();
    assert!(
        matches!(
            refused,
            Some(ivs_chat_local::Error::NonLoopbackWithoutCredentials { .. })
        ),
        "{refused:?}"
    );
}
