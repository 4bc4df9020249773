//! Logging configurations: create, get, list, update and delete, and the errors the model lists.

use super::*;

#[tokio::test]
async fn logging_configuration_operations_follow_the_model() {
    let service = serve_default().await;
    let ivs = client(&service.http_endpoint(), "AKIDLOCAL", "anything");
    let created = ivs
        .create_logging_configuration()
        .name("archive")
        .destination_configuration(s3("chat-archive"))
        .tags("env", "dev")
        .send()
        .await
        .unwrap();
    let arn = created.arn().unwrap().to_owned();
    assert_eq!(created.state().map(|s| s.as_str()), Some("ACTIVE"));
    let error = ivs
        .create_logging_configuration()
        .destination_configuration(s3("UPPER"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            CreateLoggingConfigurationError::ValidationException(_)
        ),
        "{error:?}"
    );

    let got = ivs
        .get_logging_configuration()
        .identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(got.name(), Some("archive"));
    assert!(
        matches!(got.destination_configuration(), Some(DestinationConfiguration::S3(s)) if s.bucket_name() == "chat-archive")
    );
    let error = ivs
        .get_logging_configuration()
        .identifier(MISSING_LOGGING)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            GetLoggingConfigurationError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );

    let firehose = DestinationConfiguration::Firehose(
        FirehoseDestinationConfiguration::builder()
            .delivery_stream_name("stream-1")
            .build()
            .unwrap(),
    );
    let updated = ivs
        .update_logging_configuration()
        .identifier(&arn)
        .destination_configuration(firehose)
        .send()
        .await
        .unwrap();
    assert!(matches!(
        updated.destination_configuration(),
        Some(DestinationConfiguration::Firehose(_))
    ));
    assert_eq!(updated.name(), Some("archive"));
    let error = ivs
        .update_logging_configuration()
        .identifier(MISSING_LOGGING)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            UpdateLoggingConfigurationError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );

    // attached to a room: cannot be deleted
    let room = ivs
        .create_room()
        .logging_configuration_identifiers(&arn)
        .send()
        .await
        .unwrap();
    let error = ivs
        .delete_logging_configuration()
        .identifier(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(error, DeleteLoggingConfigurationError::ConflictException(_)),
        "{error:?}"
    );
    let filtered = ivs
        .list_rooms()
        .logging_configuration_identifier(&arn)
        .send()
        .await
        .unwrap();
    assert_eq!(filtered.rooms().len(), 1);
    ivs.update_room()
        .identifier(room.arn().unwrap())
        .set_logging_configuration_identifiers(Some(vec![]))
        .send()
        .await
        .unwrap();

    // quota: 10 per account and region
    for n in 1..10 {
        ivs.create_logging_configuration()
            .destination_configuration(s3(&format!("bucket-{n}")))
            .send()
            .await
            .unwrap();
    }
    let error = ivs
        .create_logging_configuration()
        .destination_configuration(s3("bucket-11"))
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    let CreateLoggingConfigurationError::ServiceQuotaExceededException(quota) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(quota.limit(), 10);

    let page = ivs
        .list_logging_configurations()
        .max_results(4)
        .send()
        .await
        .unwrap();
    assert_eq!(page.logging_configurations().len(), 4);
    let mut seen = page.logging_configurations().len();
    let mut token = page.next_token().map(str::to_owned);
    while let Some(next) = token {
        let page = ivs
            .list_logging_configurations()
            .max_results(4)
            .next_token(next)
            .send()
            .await
            .unwrap();
        seen += page.logging_configurations().len();
        token = page.next_token().map(str::to_owned);
    }
    assert_eq!(seen, 10);
    let error = ivs
        .list_logging_configurations()
        .max_results(0)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            ListLoggingConfigurationsError::ValidationException(_)
        ),
        "{error:?}"
    );

    ivs.delete_logging_configuration()
        .identifier(&arn)
        .send()
        .await
        .unwrap();
    let error = ivs
        .delete_logging_configuration()
        .identifier(&arn)
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(
            error,
            DeleteLoggingConfigurationError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );
    service.shutdown().await;
}
