//! RPC over the real socket: versions, audit, tenant isolation, the change feed.

use centralita_protocol::{
    API_VERSION, CentralitaClient, ErrorKind, JobFilter, PageRequest, Role, TenantId,
};
use centralita_tests::{TestDaemon, tenant};
use tarpc::context;
use tarpc::tokio_serde::formats::Json;
use tarpc::tokio_util::codec::LengthDelimitedCodec;

#[tokio::test]
async fn a_client_of_another_api_version_gets_a_clear_error() {
    let daemon = TestDaemon::start().await;
    let stream = tokio::net::UnixStream::connect(daemon.socket())
        .await
        .expect("connects");
    let transport = tarpc::serde_transport::new(
        LengthDelimitedCodec::builder().new_framed(stream),
        Json::default(),
    );
    let client = CentralitaClient::new(tarpc::client::Config::default(), transport).spawn();
    let error = client
        .hello(context::current(), API_VERSION + 1)
        .await
        .expect("rpc")
        .expect_err("refused");
    assert_eq!(error.kind, ErrorKind::VersionMismatch);
    assert!(
        error.message.contains("install matching versions"),
        "{}",
        error.message
    );
}

#[tokio::test]
async fn the_socket_is_private_to_the_daemon_user_and_its_group() {
    use std::os::unix::fs::PermissionsExt;
    let daemon = TestDaemon::start().await;
    let mode = std::fs::metadata(daemon.socket())
        .expect("socket")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o660);
}

#[tokio::test]
async fn mutations_are_audited_and_tenants_are_isolated() {
    let daemon = TestDaemon::start().await;
    let client = daemon.client().await;
    assert!(
        client.hello.operator.superuser,
        "the test runs as the daemon's own user"
    );
    let other = TenantId::new("other").expect("valid");
    client
        .rpc
        .tenants_add(context::current(), other.clone(), "Other Co".into())
        .await
        .expect("rpc")
        .expect("tenant");
    client
        .rpc
        .operators_add(context::current(), tenant(), "ana".into(), Role::Agent)
        .await
        .expect("rpc")
        .expect("operator");
    let audit = client
        .rpc
        .audit_list(context::current(), tenant(), PageRequest::first(50))
        .await
        .expect("rpc")
        .expect("audit");
    assert!(
        audit
            .entries
            .iter()
            .any(|entry| entry.action == "operators_add" && entry.target == "operator ana")
    );
    let other_audit = client
        .rpc
        .audit_list(context::current(), other.clone(), PageRequest::first(50))
        .await
        .expect("rpc")
        .expect("audit");
    assert!(
        other_audit
            .entries
            .iter()
            .all(|entry| entry.action != "operators_add")
    );

    let (http, base) = (reqwest::Client::new(), daemon.webhook_url().await);
    daemon.post_event(&http, &base, "only-demo", "ok").await;
    let other_jobs = client
        .rpc
        .jobs_list(
            context::current(),
            other.clone(),
            JobFilter::default(),
            PageRequest::first(100),
        )
        .await
        .expect("rpc")
        .expect("jobs");
    assert!(other_jobs.jobs.is_empty());
    let changes = client
        .rpc
        .watch(context::current(), other, 0)
        .await
        .expect("rpc")
        .expect("watch");
    assert!(
        changes
            .changes
            .iter()
            .all(|change| change.kind != "job" && change.kind != "event"),
        "{changes:?}"
    );
}

#[tokio::test]
async fn watch_returns_promptly_when_something_changes() {
    let daemon = TestDaemon::start().await;
    let client = daemon.client().await;
    let since = client
        .rpc
        .watch(context::current(), tenant(), 0)
        .await
        .expect("rpc")
        .expect("watch")
        .last_seq;
    let waiting = {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .rpc
                .watch(centralita_tui::client::watch_context(), tenant(), since)
                .await
        })
    };
    let (http, base) = (reqwest::Client::new(), daemon.webhook_url().await);
    daemon.post_event(&http, &base, "wake-up", "ok").await;
    let batch = waiting.await.expect("task").expect("rpc").expect("watch");
    assert!(
        batch.changes.iter().any(|change| change.kind == "job"),
        "{batch:?}"
    );
    // With nothing new, a watch ends empty after its hold time instead of hitting the deadline.
    let quiet = client
        .rpc
        .watch(
            centralita_tui::client::watch_context(),
            TenantId::new("nobody-else").expect("valid"),
            0,
        )
        .await
        .expect("rpc");
    assert_eq!(
        quiet.map_err(|error| error.kind).err(),
        Some(ErrorKind::NotFound)
    );
}
