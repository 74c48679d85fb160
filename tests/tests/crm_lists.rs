//! The CRM lists filter on the daemon: `conversations list`, `contacts list` and `leads list`
//! with their filters, through the real CLI and daemon.

use centralita_tests::inbox::{META_SECRET, customer_writes, post_meta, settled};
use centralita_tests::{TENANT, TestDaemon, sign};

/// Two customers write on WhatsApp; returns their conversations' ids, in that order.
async fn two_customers(daemon: &TestDaemon) -> (u64, u64) {
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    for (wa_id, text) in [
        ("51911111111", "quiero el precio del plan"),
        ("51922222222", "hola"),
    ] {
        let body = customer_writes(wa_id, &format!("wamid.{wa_id}"), text);
        assert_eq!(
            post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
            200
        );
    }
    let details = settled(daemon).await;
    let of = |wa_id: &str| {
        details
            .iter()
            .find(|detail| detail.contact.identities.iter().any(|(_, id)| id == wa_id))
            .expect("the conversation")
            .conversation
            .id
            .0
    };
    (of("51911111111"), of("51922222222"))
}

/// The ids of the rows `centralita <args> --json` prints.
fn ids(daemon: &TestDaemon, args: &[&str]) -> Vec<u64> {
    let mut args = args.to_vec();
    args.push("--json");
    let output = daemon.centralita(&args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).expect("json rows");
    let mut ids: Vec<u64> = rows
        .iter()
        .map(|row| row["id"].as_u64().expect("an id"))
        .collect();
    ids.sort_unstable();
    ids
}

fn run(daemon: &TestDaemon, args: &[&str]) {
    let output = daemon.centralita(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn conversations_list_filters_by_search_state_assignee_and_channel() {
    let daemon = TestDaemon::start().await;
    let (price, hello) = two_customers(&daemon).await;
    let list = ["--tenant", TENANT, "conversations", "list"];
    let with = |extra: &[&str]| ids(&daemon, &[list.as_slice(), extra].concat());
    assert_eq!(with(&[]), vec![price, hello]);
    assert_eq!(with(&["--search", "PRECIO"]), vec![price]);
    assert_eq!(with(&["--search", "922222"]), vec![hello]);
    assert_eq!(
        with(&["--assignee", "nobody", "--unread"]),
        vec![price, hello]
    );
    run(
        &daemon,
        &[
            "--tenant",
            TENANT,
            "conversations",
            "resolve",
            &hello.to_string(),
        ],
    );
    assert_eq!(with(&["--state", "resolved"]), vec![hello]);
    assert_eq!(with(&["--state", "open"]), vec![price]);
    assert!(with(&["--channel", "telegram"]).is_empty());
}

#[tokio::test]
async fn contacts_list_searches_names_phones_and_tags() {
    let daemon = TestDaemon::start().await;
    two_customers(&daemon).await;
    let list = ["--tenant", TENANT, "contacts", "list"];
    let all = ids(&daemon, &list);
    assert_eq!(all.len(), 2);
    let tagged = all[0].to_string();
    run(
        &daemon,
        &[
            "--tenant", TENANT, "contacts", "edit", &tagged, "--tags", "vip,lima",
        ],
    );
    let search = |text: &str| ids(&daemon, &[list.as_slice(), &["--search", text]].concat());
    assert_eq!(search("VIP"), vec![all[0]]);
    assert_eq!(search("maría"), all);
    assert!(search("nadie").is_empty());
}

#[tokio::test]
async fn leads_list_filters_by_status_stage_and_assignee() {
    let daemon = TestDaemon::start().await;
    two_customers(&daemon).await;
    let list = ["--tenant", TENANT, "leads", "list"];
    let all = ids(&daemon, &list);
    assert_eq!(all.len(), 2, "each customer's first message opened a lead");
    let won = all[1].to_string();
    run(
        &daemon,
        &["--tenant", TENANT, "leads", "edit", &won, "--status", "won"],
    );
    let with = |extra: &[&str]| ids(&daemon, &[list.as_slice(), extra].concat());
    assert_eq!(with(&["--status", "won"]), vec![all[1]]);
    assert_eq!(with(&["--status", "new"]), vec![all[0]]);
    assert_eq!(with(&["--assignee", "nobody"]), all);
    assert!(with(&["--stage", "no-such-stage"]).is_empty());
}
