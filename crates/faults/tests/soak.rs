//! A 60 s soak: 20 rooms, sessions of one (10 s) minute so tokens rotate several times,
//! random disconnects and proxy cuts, steady traffic. Nothing lost, duplicated or pending;
//! memory of client and service flat in steady state.

use std::time::Duration;

use chatdeck_faults::soak::{SoakSettings, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_second_soak_loses_nothing_and_stays_flat() {
    let settings = SoakSettings {
        duration: Duration::from_secs(60),
        rooms: 20,
        minute: Duration::from_secs(10),
        rate: 1.0,
        disconnect_every: Duration::from_secs(10),
        cut_every: Duration::from_secs(15),
        sample_every: Duration::from_secs(2),
    };
    // Building the service binary is not part of the soak's time.
    chatdeck_faults::local::local_binary()
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    let report = tokio::time::timeout(Duration::from_secs(180), run(settings))
        .await
        .unwrap_or_else(|_| panic!("the soak did not finish in time"))
        .unwrap_or_else(|error| panic!("the soak could not run: {error}"));
    println!("{}", chatdeck_faults::report::markdown(&[], Some(&report)));
    assert_eq!(report.lost, 0, "{:?}", report.problems);
    assert_eq!(report.duplicated, 0, "{:?}", report.problems);
    assert_eq!(report.pending, 0, "{:?}", report.problems);
    assert!(
        report.sessions > 60 * 3,
        "tokens rotated: {} sessions",
        report.sessions
    );
    assert!(report.passed(), "{:?}", report.problems);
}
