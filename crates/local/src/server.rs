//! The HTTP server: one port for the control plane, the token server, the messaging
//! WebSocket, `/metrics` and `/health` (issue "Interface").

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use chrono::Utc;
use ivs_chat_protocol::control::{ErrorType, Operation};
use tokio::time::Instant;

use crate::control::{self, ApiError, ApiResult};
use crate::messaging::connection::{self, MAX_WEBSOCKET_MESSAGE_BYTES};
use crate::quota::Quota;
use crate::sigv4::{self, SignatureError, SignedRequest};
use crate::state::Shared;
use crate::token::RedeemError;

/// The router of every endpoint.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", any(root))
        .fallback(dispatch)
        .with_state(shared)
}

/// `/`: the messaging WebSocket (reference §1.1, §1.2).
async fn root(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(upgrade) = upgrade else {
        return (
            StatusCode::BAD_REQUEST,
            "the messaging API is a WebSocket: connect with the chat token as the subprotocol\n",
        )
            .into_response();
    };
    // reference §1.2: the token is the one subprotocol offered.
    let token = headers
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .find(|value| !value.is_empty())
        .map(str::to_owned);
    let Some(token) = token else {
        return handshake_refusal(
            StatusCode::UNAUTHORIZED,
            "the chat token is missing (send it as the WebSocket subprotocol)",
        );
    };
    // The account's concurrent connections (user guide, "Outras cotas": 50,000), checked
    // before the token is redeemed, so a refused client keeps its token for the next try.
    let Some(slot) = shared.quotas.connect() else {
        shared.metrics.quota_exceeded(Quota::ConcurrentConnections);
        return handshake_refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "the account's concurrent chat connections are all in use",
        );
    };
    let grant = match shared.tokens.redeem(&token, Instant::now()) {
        Ok(grant) => grant,
        Err(error @ (RedeemError::Unknown | RedeemError::Expired)) => {
            return handshake_refusal(StatusCode::UNAUTHORIZED, &error.to_string());
        }
    };
    let room = match shared.store.room(&grant.room_id) {
        Ok(Some(room)) => room,
        Ok(None) => {
            return handshake_refusal(StatusCode::NOT_FOUND, "the chat room no longer exists");
        }
        Err(error) => {
            tracing::error!(%error, "state database failed");
            return handshake_refusal(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let hub = shared.hub.room(&room);
    // In the room before the 101 goes out; the membership leaves if the upgrade fails.
    let membership = connection::Membership::join(&shared, &hub, &grant, slot);
    upgrade
        .protocols([token])
        .max_message_size(MAX_WEBSOCKET_MESSAGE_BYTES)
        // tungstenite's 128 KiB defaults would dominate the memory of an idle connection; chat
        // frames are small, and the actor flushes each batch anyway.
        .read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .on_upgrade(move |socket| connection::run(socket, shared, hub, grant, peer, membership))
}

/// Each WebSocket's read buffer, which is also the most one read takes. tungstenite allocates
/// it up front and zero-fills it before every read, so it is resident in every connection, idle
/// or not. A client sends at most 10 small requests a second (a SEND_MESSAGE is typically
/// under 256 bytes); a larger frame grows the buffer as its header announces it and is read in
/// a few more calls.
const READ_BUFFER_BYTES: usize = 256;
/// How much each WebSocket gathers before writing to the socket (a threshold, not an
/// allocation: the buffer grows with what is written).
const WRITE_BUFFER_BYTES: usize = 4 * 1024;

fn handshake_refusal(status: StatusCode, message: &str) -> Response {
    (status, format!("{message}\n")).into_response()
}

/// Every other path: the control plane, the token server, `/metrics`, `/health`.
async fn dispatch(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path();
    match (&method, path) {
        (&Method::GET, "/health") => {
            return json_response(StatusCode::OK, r#"{"status":"ok"}"#);
        }
        (&Method::GET, "/metrics") => {
            let mut response = shared.metrics.render().into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            );
            return response;
        }
        (&Method::POST, "/create_chat_token") => {
            // The tutorials' token server (reference §4): unsigned, with CORS so a browser app
            // can call it. Only on loopback: on a network address it would hand out tokens to
            // anyone, so there it needs the same signature as the control plane.
            if !shared.config.loopback
                && let Err(error) = authenticate(&shared, &method, &uri, &headers, &body)
            {
                return with_cors(error.into_response());
            }
            let result = shared
                .call_rates
                .admit(Operation::CreateChatToken, &body)
                .and_then(|()| control::room::create_chat_token(&shared, &body));
            return with_cors(respond(result));
        }
        (&Method::OPTIONS, "/create_chat_token") => {
            return with_cors(StatusCode::NO_CONTENT.into_response());
        }
        _ => {}
    }
    if let Err(error) = authenticate(&shared, &method, &uri, &headers, &body) {
        return error.into_response();
    }
    let operation = if path.starts_with("/tags/") {
        match method {
            Method::GET => Some(Operation::ListTagsForResource),
            Method::POST => Some(Operation::TagResource),
            Method::DELETE => Some(Operation::UntagResource),
            _ => None,
        }
    } else if method == Method::POST {
        Operation::from_path(path.trim_start_matches('/'))
    } else {
        None
    };
    let Some(operation) = operation else {
        return respond(Err(ApiError::unknown_operation(method.as_str(), path)));
    };
    let result = shared
        .call_rates
        .admit(operation, &body)
        .and_then(|()| operate(&shared, operation, &uri, &body));
    respond(result)
}

fn operate(shared: &Shared, operation: Operation, uri: &Uri, body: &Bytes) -> ApiResult {
    use control::{events, logging, room, tags};
    // The tagging operations name their resource in the path: /tags/{resourceArn}.
    let tagged_arn = || tags::decode_label(uri.path().trim_start_matches("/tags/"));
    match operation {
        Operation::CreateChatToken => room::create_chat_token(shared, body),
        Operation::CreateRoom => room::create(shared, body),
        Operation::GetRoom => room::get(shared, body),
        Operation::UpdateRoom => room::update(shared, body),
        Operation::DeleteRoom => room::delete(shared, body),
        Operation::ListRooms => room::list(shared, body),
        Operation::CreateLoggingConfiguration => logging::create(shared, body),
        Operation::GetLoggingConfiguration => logging::get(shared, body),
        Operation::UpdateLoggingConfiguration => logging::update(shared, body),
        Operation::DeleteLoggingConfiguration => logging::delete(shared, body),
        Operation::ListLoggingConfigurations => logging::list(shared, body),
        Operation::SendEvent => events::send_event(shared, body),
        Operation::DeleteMessage => events::delete_message(shared, body),
        Operation::DisconnectUser => events::disconnect_user(shared, body),
        Operation::ListTagsForResource => tags::list(shared, &tagged_arn()),
        Operation::TagResource => tags::tag(shared, &tagged_arn(), body),
        Operation::UntagResource => {
            tags::untag(shared, &tagged_arn(), uri.query().unwrap_or_default())
        }
    }
}

/// SigV4 when credentials are configured; anything goes otherwise (loopback only).
fn authenticate(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ApiError> {
    let Some(credentials) = &shared.config.credentials else {
        return Ok(());
    };
    let request = SignedRequest {
        method: method.as_str(),
        path: uri.path(),
        query: uri.query().unwrap_or_default(),
        headers,
        body,
    };
    sigv4::verify(&request, credentials, &shared.config.region, Utc::now()).map_err(|error| {
        match error {
            SignatureError::Missing | SignatureError::UnknownAccessKey => {
                ApiError::new(ErrorType::UnrecognizedClientException, error.to_string())
            }
            SignatureError::Invalid(message) => {
                ApiError::new(ErrorType::InvalidSignatureException, message)
            }
        }
    })
}

fn respond(result: ApiResult) -> Response {
    let mut response = result.unwrap_or_else(IntoResponse::into_response);
    if let Ok(id) = HeaderValue::from_str(&uuid_like()) {
        response.headers_mut().insert("x-amzn-RequestId", id);
    }
    response
}

/// A request id in the UUID shape AWS uses; not a secret, so the thread RNG is plenty.
fn uuid_like() -> String {
    let hex = hex::encode(rand::random::<[u8; 16]>());
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn json_response(status: StatusCode, body: &'static str) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

fn with_cors(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("Content-Type"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    response
}
