//! Every fault scenario in its short form: nothing lost, nothing duplicated, nothing
//! pending, the right final state, the reason said in words. Assertions are on outcomes,
//! never on timings; each scenario is bounded by its own waits and by `LIMIT`.

use std::time::Duration;

use chatdeck_faults::Outcome;
use chatdeck_faults::scenario::{Form, Scenario};

/// Bound on one scenario, setup included.
const LIMIT: Duration = Duration::from_secs(90);

async fn check(scenario: Scenario) {
    // Building the service binary is not part of any scenario's time.
    if scenario == Scenario::ServerKill {
        chatdeck_faults::local::local_binary()
            .await
            .unwrap_or_else(|error| panic!("{error}"));
    }
    let outcome: Outcome = tokio::time::timeout(LIMIT, scenario.run(Form::short()))
        .await
        .unwrap_or_else(|_| panic!("{scenario:?} did not finish within {LIMIT:?}"))
        .unwrap_or_else(|error| panic!("{scenario:?} could not run: {error}"));
    println!("{outcome}");
    assert_eq!(outcome.lost, 0, "{outcome}");
    assert_eq!(outcome.duplicated, 0, "{outcome}");
    assert_eq!(outcome.pending, 0, "{outcome}");
    assert!(outcome.passed(), "{outcome}");
}

macro_rules! scenarios {
    ($($name:ident => $scenario:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                check(Scenario::$scenario).await;
            }
        )*
    };
}

scenarios! {
    proxy_reset_mid_traffic => ProxyReset,
    proxy_fin_mid_traffic => ProxyClose,
    proxy_stall_mid_traffic => ProxyStall,
    proxy_stall_past_the_silence_limit => ProxyBlackhole,
    proxy_trickle_mid_traffic => ProxyTrickle,
    proxy_refuses_new_connections_then_heals => ProxyRefuse,
    proxy_refuses_past_the_attempt_limit => ProxyRefuseForever,
    server_killed_and_restarted_mid_traffic => ServerKill,
    server_restarted_cleanly_mid_traffic => ServerRestart,
    token_endpoint_500s => TokenServerError,
    token_endpoint_hangs => TokenHang,
    token_endpoint_garbage => TokenGarbage,
    token_endpoint_expired_tokens => TokenExpired,
    token_endpoint_500s_past_the_attempt_limit => TokenServerErrorForever,
    review_handler_slow => ReviewSlow,
    review_handler_erroring => ReviewErroring,
    review_handler_invalid_json => ReviewInvalid,
    review_handler_erroring_with_fallback_deny => ReviewErroringDeny,
    rapid_rotation_under_traffic => RapidRotation,
}
