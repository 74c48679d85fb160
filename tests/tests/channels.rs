//! Messaging webhooks end to end: every real WhatsApp and Telegram payload through the real
//! daemon's routes, signatures per provider, the Meta handshake, replays, status ordering.

use centralita_protocol::{ContactId, ConversationFilter, ConversationId, PageRequest};
use centralita_tests::inbox::{
    META_SECRET, customer_writes, outbound_status, payloads, post_meta, settled,
};
use centralita_tests::{TENANT, TestDaemon, fixture, sign, tenant, wait_until};
use tarpc::context;
const TELEGRAM_SECRET: &str = "sandbox-telegram";

fn fixture_files(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(fixture(dir))
        .expect("fixture dir")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| {
            std::path::Path::new(name)
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
        })
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

async fn post_telegram(http: &reqwest::Client, url: &str, body: &[u8], token: Option<&str>) -> u16 {
    let mut request = http.post(url).body(body.to_vec());
    if let Some(token) = token {
        request = request.header("x-telegram-bot-api-secret-token", token);
    }
    request.send().await.expect("request").status().as_u16()
}

#[tokio::test]
async fn every_whatsapp_and_telegram_fixture_is_accepted_and_becomes_records() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let base = daemon.webhook_url().await;
    let mut posted = 0;
    for file in fixture_files("webhooks/whatsapp") {
        for (name, payload) in payloads(&file) {
            let body = payload.to_string().into_bytes();
            let status = post_meta(
                &http,
                &format!("{base}/webhooks/whatsapp/{TENANT}"),
                &body,
                Some(&sign(&body, META_SECRET)),
            )
            .await;
            assert_eq!(status, 200, "{file} {name}");
            posted += 1;
        }
    }
    for file in fixture_files("webhooks/telegram") {
        let body = std::fs::read(fixture(&file)).expect("fixture");
        let status = post_telegram(
            &http,
            &format!("{base}/webhooks/telegram/{TENANT}"),
            &body,
            Some(TELEGRAM_SECRET),
        )
        .await;
        assert_eq!(status, 200, "{file}");
        posted += 1;
    }
    assert!(posted > 120, "{posted} payloads posted");
    let conversations = settled(&daemon).await;
    let whatsapp = conversations
        .iter()
        .find(|detail| {
            detail.conversation.channel == "whatsapp"
                && detail.contact.name.as_deref() == Some("Test Name")
        })
        .expect("the WhatsApp customer's conversation");
    assert_eq!(whatsapp.contact.phone.as_deref(), Some("+972987654321"));
    assert_eq!(whatsapp.contact.country.as_deref(), Some("IL"));
    assert!(
        whatsapp
            .messages
            .iter()
            // Most fixtures reuse `wamid.xyzxyz`, so the first of them wins; `wamid.ID` is
            // message.json's referral text alone.
            .any(|message| message.external_id == "wamid.ID"
                && message.text.as_deref() == Some("BODY")),
        "{:?}",
        whatsapp.messages
    );
    assert!(
        conversations
            .iter()
            .any(|detail| detail.conversation.channel == "telegram")
    );
    // The jobs all succeeded: nothing in the fixtures is an error.
    let failed: Vec<_> = daemon
        .all_jobs()
        .await
        .into_iter()
        .filter(|job| job.state != centralita_protocol::JobState::Succeeded)
        .collect();
    assert!(failed.is_empty(), "{failed:?}");
}

#[tokio::test]
async fn signatures_are_checked_per_provider_and_per_tenant_and_refusals_store_nothing() {
    let daemon = TestDaemon::start_with_env(
        "[channels.whatsapp.other]\napp_secret = { env = \"OTHER_SECRET\" }\nverify_token = { env = \"OTHER_VERIFY\" }\n[channels.telegram.other]\nsecret_token = { env = \"OTHER_TELEGRAM\" }\n",
        &[("OTHER_SECRET", "other-secret"), ("OTHER_VERIFY", "other-verify"), ("OTHER_TELEGRAM", "other-telegram")],
    )
    .await;
    let http = reqwest::Client::new();
    let base = daemon.webhook_url().await;
    let url = format!("{base}/webhooks/whatsapp/{TENANT}");
    let body = payloads("webhooks/whatsapp/message.json")["text"]
        .to_string()
        .into_bytes();
    let good = sign(&body, META_SECRET);
    let mut flipped = body.clone();
    flipped[10] ^= 1;
    let reserialised = serde_json::to_vec_pretty(
        &serde_json::from_slice::<serde_json::Value>(&body).expect("json"),
    )
    .expect("json");
    for (what, body, signature) in [
        ("a flipped bit", flipped, Some(good.clone())),
        ("re-serialised JSON", reserialised, Some(good.clone())),
        (
            "another tenant's secret",
            body.clone(),
            Some(sign(&body, b"other-secret")),
        ),
        ("no signature", body.clone(), None),
        (
            "no sha256= prefix",
            body.clone(),
            Some(good.trim_start_matches("sha256=").to_owned()),
        ),
        ("not hex", body.clone(), Some("sha256=zz".to_owned())),
    ] {
        assert_eq!(
            post_meta(&http, &url, &body, signature.as_deref()).await,
            401,
            "{what}"
        );
    }
    let telegram = std::fs::read(fixture("webhooks/telegram/message.json")).expect("fixture");
    let telegram_url = format!("{base}/webhooks/telegram/{TENANT}");
    for (what, token) in [
        ("wrong token", Some("nope")),
        ("other tenant's token", Some("other-telegram")),
        ("no token", None),
    ] {
        assert_eq!(
            post_telegram(&http, &telegram_url, &telegram, token).await,
            401,
            "{what}"
        );
    }
    assert!(
        daemon.all_jobs().await.is_empty(),
        "a refused delivery stores nothing"
    );

    // The right secret on the right route.
    assert_eq!(post_meta(&http, &url, &body, Some(&good)).await, 200);
    // The other tenant's secret on its own route works.
    let other = format!("{base}/webhooks/whatsapp/other");
    // `other` is configured but not created: the event is refused as an unknown tenant.
    assert_eq!(
        post_meta(&http, &other, &body, Some(&sign(&body, b"other-secret"))).await,
        404
    );
    // A body that is not a WhatsApp payload, signed: 400.
    let junk = b"[1, 2, 3".to_vec();
    assert_eq!(
        post_meta(&http, &url, &junk, Some(&sign(&junk, META_SECRET))).await,
        400
    );
}

#[tokio::test]
async fn the_meta_handshake_echoes_the_challenge_only_with_the_right_token() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let base = daemon.webhook_url().await;
    for provider in ["whatsapp", "messenger"] {
        let url = format!("{base}/webhooks/{provider}/{TENANT}");
        let ok = http
            .get(format!(
                "{url}?hub.mode=subscribe&hub.verify_token=sandbox-verify&hub.challenge=1158201444"
            ))
            .send()
            .await
            .expect("request");
        assert_eq!(ok.status().as_u16(), 200);
        assert_eq!(ok.text().await.expect("body"), "1158201444");
        let wrong = http
            .get(format!(
                "{url}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1"
            ))
            .send()
            .await
            .expect("request");
        assert_eq!(wrong.status().as_u16(), 403);
    }
}

#[tokio::test]
async fn fifty_concurrent_replays_store_one_message() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let body = payloads("webhooks/whatsapp/message.json")["text"]
        .to_string()
        .into_bytes();
    let signature = sign(&body, META_SECRET);
    let replays = (0..50).map(|_| {
        let (http, url, body, signature) =
            (http.clone(), url.clone(), body.clone(), signature.clone());
        tokio::spawn(async move { post_meta(&http, &url, &body, Some(&signature)).await })
    });
    for replay in replays {
        assert_eq!(replay.await.expect("task"), 200);
    }
    let conversations = settled(&daemon).await;
    assert_eq!(conversations.len(), 1);
    assert_eq!(conversations[0].messages.len(), 1);
    assert_eq!(conversations[0].conversation.unread, 1);
}

#[tokio::test]
async fn delivery_statuses_never_go_backwards() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let with_id = |value: &serde_json::Value| {
        value
            .to_string()
            .replace("<WHATSAPP_MESSAGE_ID>", "wamid.out1")
            .replace("wamid.xyzxyz", "wamid.out1")
            .into_bytes()
    };
    let echo = with_id(&payloads("webhooks/whatsapp/outgoing_message.json")["text"]);
    let statuses = payloads("webhooks/whatsapp/message_status.json");
    for body in [
        echo,
        with_id(&statuses["sent"]),
        with_id(&statuses["read"]),
        with_id(&statuses["delivered"]),
    ] {
        assert_eq!(
            post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
            200
        );
        settled(&daemon).await;
    }
    let conversations = settled(&daemon).await;
    let message = conversations
        .iter()
        .flat_map(|detail| &detail.messages)
        .find(|message| message.external_id == "wamid.out1")
        .expect("the business's message");
    assert_eq!(message.status, "read", "delivered after read keeps read");
}

/// A WhatsApp text from `wa_id`, sent now (so the 24-hour window is open).
#[tokio::test]
async fn a_customer_writes_the_operator_replies_from_the_cli_and_the_sandbox_reports_read() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let body = customer_writes(
        "51987654321",
        "wamid.customer-1",
        "Hola, ¿tienen cita mañana?",
    );
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    let conversation = settled(&daemon).await.remove(0);
    assert_eq!(conversation.contact.country.as_deref(), Some("PE"));
    let id = conversation.conversation.id.to_string();

    let sent = daemon.centralita(&["conversations", "send", &id, "Sí, a las 10:00"]);
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let reply = outbound_status(&daemon, "Sí, a las 10:00", "read").await;
    assert!(
        reply.external_id.starts_with("wamid.sandbox-"),
        "{}",
        reply.external_id
    );
    let shown = daemon.centralita(&["conversations", "show", &id]);
    let thread = String::from_utf8_lossy(&shown.stdout);
    assert!(
        thread.contains("Sí, a las 10:00") && thread.contains("(read)"),
        "{thread}"
    );

    // Reading it zeroes the unread count and sends WhatsApp's read receipt (a job).
    let client = daemon.client().await;
    client
        .rpc
        .conversations_mark_read(context::current(), tenant(), conversation.conversation.id)
        .await
        .expect("rpc")
        .expect("marked read");
    let after = settled(&daemon).await.remove(0);
    assert_eq!(after.conversation.unread, 0);
    let receipt = daemon
        .all_jobs()
        .await
        .into_iter()
        .find(|job| job.kind == "channel.read")
        .expect("a read receipt job");
    assert_eq!(receipt.state, centralita_protocol::JobState::Succeeded);

    // A provider refusal is shown with its reason and not retried.
    let failing = daemon.centralita(&["conversations", "send", &id, "sandbox:fail please"]);
    assert!(failing.status.success());
    let failed = outbound_status(&daemon, "sandbox:fail please", "failed").await;
    assert!(
        failed
            .error
            .as_deref()
            .is_some_and(|error| error.contains("131026")),
        "{:?}",
        failed.error
    );
}

#[tokio::test]
async fn free_text_outside_the_24_hour_window_is_refused_before_anything_is_sent() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    // The fixture's customer wrote in 2023.
    let body = payloads("webhooks/whatsapp/message.json")["text"]
        .to_string()
        .into_bytes();
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    let conversation = settled(&daemon).await.remove(0);
    let refused = daemon.centralita(&[
        "conversations",
        "send",
        &conversation.conversation.id.to_string(),
        "hola",
    ]);
    assert_eq!(refused.status.code(), Some(6), "invalid argument");
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("24-hour window") && message.contains("template"),
        "{message}"
    );
    let after = settled(&daemon).await.remove(0);
    assert_eq!(after.messages.len(), 1, "nothing was queued");
}

#[tokio::test]
async fn inbound_media_is_downloaded_at_once_into_the_blob_store() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let base = daemon.webhook_url().await;
    let image = payloads("webhooks/whatsapp/message.json")["image"]
        .to_string()
        .into_bytes();
    let url = format!("{base}/webhooks/whatsapp/{TENANT}");
    assert_eq!(
        post_meta(&http, &url, &image, Some(&sign(&image, META_SECRET))).await,
        200
    );
    let photo = std::fs::read(fixture("webhooks/telegram/photo.json")).expect("fixture");
    let telegram = format!("{base}/webhooks/telegram/{TENANT}");
    assert_eq!(
        post_telegram(&http, &telegram, &photo, Some(TELEGRAM_SECRET)).await,
        200
    );
    let client = daemon.client().await;
    wait_until("both files are downloaded", || async {
        let page = client
            .rpc
            .conversations_list(
                context::current(),
                tenant(),
                ConversationFilter::default(),
                PageRequest::first(10),
            )
            .await
            .ok()?
            .ok()?;
        let mut downloaded = 0;
        for conversation in page.conversations {
            let detail = client
                .rpc
                .conversations_show(context::current(), tenant(), conversation.id, 10)
                .await
                .ok()?
                .ok()?;
            downloaded += detail
                .messages
                .iter()
                .filter(|message| {
                    message.media.as_deref().is_some_and(|media| {
                        media.starts_with("blob:") && media.contains("image/png")
                    })
                })
                .count();
        }
        (downloaded == 2).then_some(())
    })
    .await;
    let blobs = walk(&daemon.dir().join("blobs"));
    assert!(!blobs.is_empty(), "the file is in the blob store");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .flat_map(|entry| {
            let path = entry.path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}

#[tokio::test]
async fn quick_replies_are_managed_from_the_cli_and_sent_filled_in() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let body = customer_writes("573001234567", "wamid.customer-2", "¿Cuánto cuesta?");
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    let id = settled(&daemon).await.remove(0).conversation.id.to_string();

    let bad = daemon.centralita(&["replies", "add", "roto", "Hola {{apellido}}"]);
    assert_eq!(
        bad.status.code(),
        Some(6),
        "an unknown variable is refused when saved"
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("{{first_name}}"));
    let added = daemon.centralita(&[
        "replies",
        "add",
        "precio",
        "Hola {{first_name}}, la consulta cuesta 80 soles.",
        "--category",
        "ventas",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let listed =
        String::from_utf8_lossy(&daemon.centralita(&["replies", "list"]).stdout).into_owned();
    assert!(
        listed.contains("precio") && listed.contains("ventas"),
        "{listed}"
    );

    let sent = daemon.centralita(&["conversations", "send", &id, "--reply", "precio"]);
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    // The sandbox customer is "María Quispe" (customer_writes), so the first name is María.
    outbound_status(&daemon, "Hola María, la consulta cuesta 80 soles.", "read").await;

    // {{agent}} is the operator's display name, once they have one.
    let me = std::env::var("USER").unwrap_or_else(|_| "root".to_owned());
    let me = if me.is_empty() { "root".to_owned() } else { me };
    for args in [
        vec!["operators", "add", me.as_str(), "--role", "admin"],
        vec!["operators", "rename", me.as_str(), "Ana  Torres"],
        vec!["replies", "add", "firma", "Le atiende {{agent}}."],
        vec!["conversations", "send", &id, "--reply", "firma"],
    ] {
        let done = daemon.centralita(&args);
        assert!(
            done.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let listed =
        String::from_utf8_lossy(&daemon.centralita(&["operators", "list"]).stdout).into_owned();
    assert!(listed.contains("Ana Torres"), "{listed}");
    outbound_status(&daemon, "Le atiende Ana Torres.", "read").await;
    // The console's preview is the daemon's own filling: what it shows is what went out.
    let client = daemon.client().await;
    let conversation: u64 = id.parse().expect("an id");
    let preview = client
        .rpc
        .quick_replies_preview(
            context::current(),
            tenant(),
            ConversationId(conversation),
            "firma".into(),
        )
        .await
        .expect("rpc")
        .expect("preview");
    assert_eq!(preview, "Le atiende Ana Torres.");

    let removed = daemon.centralita(&["replies", "remove", "precio"]);
    assert!(removed.status.success());
    let gone = daemon.centralita(&["conversations", "send", &id, "--reply", "precio"]);
    assert_eq!(gone.status.code(), Some(3), "not found");
}

#[tokio::test]
async fn a_new_conversation_opens_a_lead_that_moves_through_its_funnel() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    for (wa_id, id, text) in [
        (
            "51911111111",
            "wamid.l1",
            "Hola, ¿cuánto cuesta la limpieza dental?",
        ),
        (
            "51922222222",
            "wamid.l2",
            "Tengo un problema con mi cita, no funciona el enlace",
        ),
        ("51911111111", "wamid.l3", "¿Y los sábados?"),
    ] {
        let body = customer_writes(wa_id, id, text);
        assert_eq!(
            post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
            200
        );
    }
    let listed = daemon.centralita(&["leads", "list", "--json"]);
    let leads: Vec<centralita_protocol::Lead> =
        serde_json::from_slice(&listed.stdout).expect("json");
    assert_eq!(
        leads.len(),
        2,
        "one lead per new conversation, not per message"
    );
    let sale = leads
        .iter()
        .find(|lead| lead.funnel == "sales")
        .expect("a sales lead");
    let support = leads
        .iter()
        .find(|lead| lead.funnel == "support")
        .expect("a support lead");
    assert_eq!(
        (sale.stage.as_str(), support.stage.as_str()),
        ("initial_chat", "initial_contact")
    );

    let id = sale.id.to_string();
    let refused = daemon.centralita(&["leads", "move", &id, "support_process"]);
    assert_eq!(refused.status.code(), Some(6), "a stage of another funnel");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("negotiation"));
    assert!(
        daemon
            .centralita(&["leads", "move", &id, "negotiation"])
            .status
            .success()
    );
    assert!(
        daemon
            .centralita(&["leads", "note", &id, "Pidió precio con seguro"])
            .status
            .success()
    );
    let edited = daemon.centralita(&[
        "leads",
        "edit",
        &id,
        "--status",
        "negotiation",
        "--value",
        "1.250,00",
    ]);
    assert!(
        edited.status.success(),
        "{}",
        String::from_utf8_lossy(&edited.stderr)
    );
    let shown = daemon.centralita(&["leads", "show", &id, "--json"]);
    let lead: centralita_protocol::Lead = serde_json::from_slice(&shown.stdout).expect("json");
    assert_eq!(lead.value.as_deref(), Some("1250.00"));
    assert_eq!(lead.notes.len(), 1);
    assert_eq!(lead.stage, "negotiation");

    let funnel = daemon.centralita(&["leads", "funnel", "--json"]);
    let stages: Vec<centralita_protocol::FunnelStage> =
        serde_json::from_slice(&funnel.stdout).expect("json");
    let count = |funnel: &str, stage: &str| {
        stages
            .iter()
            .find(|row| row.funnel == funnel && row.stage == stage)
            .map(|row| row.leads)
    };
    assert_eq!(count("sales", "negotiation"), Some(1));
    assert_eq!(count("sales", "initial_chat"), Some(0));
    assert_eq!(count("support", "initial_contact"), Some(1));

    reminders_come_due_and_go(&daemon, &id).await;
}

/// A reminder already due shows on the dashboard until it is done.
async fn reminders_come_due_and_go(daemon: &TestDaemon, id: &str) {
    let added = daemon.centralita(&[
        "reminders",
        "add",
        id,
        "2026-01-05 09:30",
        "Llamar con la cotización",
    ]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let bad = daemon.centralita(&["reminders", "add", id, "mañana", "x"]);
    assert_eq!(bad.status.code(), Some(6));
    let client = daemon.client().await;
    let dashboard = client
        .rpc
        .dashboard(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("dashboard");
    let due = dashboard.reminders_due.first().expect("one reminder due");
    assert_eq!(due.text, "Llamar con la cotización");
    assert_eq!(
        due.due_at.to_string(),
        "2026-01-05T14:30:00Z",
        "read in America/Lima"
    );
    // Reports count what happened.
    let report = daemon.centralita(&["reports", "leads", "--days", "7", "--json"]);
    let report: centralita_protocol::Report = serde_json::from_slice(&report.stdout).expect("json");
    assert!(
        report.rows.contains(&("type · sale".to_owned(), 1.0)),
        "{:?}",
        report.rows
    );
    let countries = daemon.centralita(&["reports", "countries"]);
    assert!(String::from_utf8_lossy(&countries.stdout).contains("PE"));
    let unknown = daemon.centralita(&["reports", "weather"]);
    assert_eq!(unknown.status.code(), Some(6));
    let reminder = due.id.to_string();
    assert!(
        daemon
            .centralita(&["reminders", "snooze", &reminder, "30"])
            .status
            .success()
    );
    assert!(
        daemon
            .centralita(&["reminders", "done", &reminder])
            .status
            .success()
    );
    let open: Vec<centralita_protocol::Reminder> =
        serde_json::from_slice(&daemon.centralita(&["reminders", "list", "--json"]).stdout)
            .expect("json");
    assert!(open.is_empty(), "{open:?}");
}

#[tokio::test]
async fn two_contacts_of_one_person_merge_with_their_conversations_and_leads() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let base = daemon.webhook_url().await;
    let body = customer_writes("51933333333", "wamid.m1", "Hola, quiero una cita");
    let url = format!("{base}/webhooks/whatsapp/{TENANT}");
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    let telegram = std::fs::read(fixture("webhooks/telegram/message.json")).expect("fixture");
    assert_eq!(
        post_telegram(
            &http,
            &format!("{base}/webhooks/telegram/{TENANT}"),
            &telegram,
            Some(TELEGRAM_SECRET)
        )
        .await,
        200
    );
    let contacts = contacts_of(&daemon);
    assert_eq!(contacts.len(), 2);
    let whatsapp = contacts
        .iter()
        .find(|c| c.identities[0].0 == "whatsapp")
        .expect("whatsapp")
        .id;
    let telegram = contacts
        .iter()
        .find(|c| c.identities[0].0 == "telegram")
        .expect("telegram")
        .id;

    edit_and_note(&daemon, whatsapp, telegram);

    let merged = daemon.centralita(&[
        "contacts",
        "merge",
        &whatsapp.to_string(),
        &telegram.to_string(),
    ]);
    assert!(
        merged.status.success(),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let contacts = contacts_of(&daemon);
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].identities.len(), 2);
    let notes: Vec<&str> = contacts[0]
        .notes
        .iter()
        .map(|note| note.text.as_str())
        .collect();
    assert_eq!(notes, ["Prefiere citas por la tarde", "Pagó con tarjeta"]);
    assert!(contacts[0].notes.iter().all(|note| !note.author.is_empty()));
    let conversations = settled(&daemon).await;
    assert!(
        conversations
            .iter()
            .all(|detail| detail.contact.id == whatsapp)
    );
    let leads: Vec<centralita_protocol::Lead> =
        serde_json::from_slice(&daemon.centralita(&["leads", "list", "--json"]).stdout)
            .expect("json");
    assert!(
        leads.iter().all(|lead| lead.contact == whatsapp),
        "{leads:?}"
    );
    // The Telegram customer writing again lands on the merged contact.
    let again = String::from_utf8(telegram_again()).expect("utf-8");
    assert_eq!(
        post_telegram(
            &http,
            &format!("{base}/webhooks/telegram/{TENANT}"),
            again.as_bytes(),
            Some(TELEGRAM_SECRET)
        )
        .await,
        200
    );
    let contacts = contacts_of(&daemon);
    assert_eq!(contacts.len(), 1, "no new contact for a known identity");
}

/// Edits the WhatsApp contact from the CLI and writes a note on each contact.
fn edit_and_note(daemon: &TestDaemon, whatsapp: ContactId, telegram: ContactId) {
    let edited = daemon.centralita(&[
        "contacts",
        "edit",
        &whatsapp.to_string(),
        "--phone",
        "0057 300 123 4567",
        "--tags",
        "vip,clínica",
        "--email",
        " Maria.Quispe@Clinica.PE ",
    ]);
    assert!(
        edited.status.success(),
        "{}",
        String::from_utf8_lossy(&edited.stderr)
    );
    let shown: centralita_protocol::Contact = serde_json::from_slice(
        &daemon
            .centralita(&["contacts", "show", &whatsapp.to_string(), "--json"])
            .stdout,
    )
    .expect("json");
    assert_eq!(shown.phone.as_deref(), Some("+573001234567"));
    assert_eq!(shown.country.as_deref(), Some("CO"));
    assert_eq!(shown.tags, ["vip", "clínica"]);
    assert_eq!(shown.email.as_deref(), Some("maria.quispe@clinica.pe"));
    // The email finds the contact, and a malformed one is refused, naming it, changing nothing.
    let found: Vec<centralita_protocol::Contact> = serde_json::from_slice(
        &daemon
            .centralita(&["contacts", "list", "--search", "quispe@clinica", "--json"])
            .stdout,
    )
    .expect("json");
    assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [whatsapp]);
    let refused = daemon.centralita(&[
        "contacts",
        "edit",
        &whatsapp.to_string(),
        "--email",
        "maria@clinica",
        "--name",
        "X",
    ]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("\"maria@clinica\" is not an email address"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert_eq!(
        contacts_of(daemon)
            .iter()
            .find(|c| c.id == whatsapp)
            .and_then(|c| c.name.clone()),
        shown.name
    );
    for (contact, text) in [
        (whatsapp, "Prefiere citas por la tarde"),
        (telegram, "Pagó con tarjeta"),
    ] {
        let noted = daemon.centralita(&["contacts", "note", &contact.to_string(), text]);
        assert!(
            noted.status.success(),
            "{}",
            String::from_utf8_lossy(&noted.stderr)
        );
    }
}

fn contacts_of(daemon: &TestDaemon) -> Vec<centralita_protocol::Contact> {
    serde_json::from_slice(&daemon.centralita(&["contacts", "list", "--json"]).stdout)
        .expect("json")
}

/// Telegram's message.json with another update and message id: the same customer again.
fn telegram_again() -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixture("webhooks/telegram/message.json")).expect("fixture"),
    )
    .expect("json");
    value["update_id"] = serde_json::json!(999_999_999);
    value["message"]["message_id"] = serde_json::json!(424_242);
    value.to_string().into_bytes()
}

#[tokio::test]
async fn automatic_leads_can_be_turned_off() {
    let daemon = TestDaemon::start_with("[crm]\nauto_leads = false\n").await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let body = customer_writes("51944444444", "wamid.no-lead", "Hola");
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    assert_eq!(settled(&daemon).await.len(), 1, "the conversation exists");
    let leads: Vec<centralita_protocol::Lead> =
        serde_json::from_slice(&daemon.centralita(&["leads", "list", "--json"]).stdout)
            .expect("json");
    assert!(leads.is_empty(), "{leads:?}");
}

#[tokio::test]
async fn a_customers_file_without_a_token_to_fetch_it_fails_in_words_an_operator_reads_in_spanish()
{
    // The sandbox tenant's WhatsApp as the config sets it: it receives, but has no token.
    let daemon = TestDaemon::start_with_env(
        &format!(
            "[channels.whatsapp.{TENANT}]\napp_secret = {{ env = \"DEMO_SECRET\" }}\nverify_token = {{ env = \"DEMO_VERIFY\" }}\n"
        ),
        &[("DEMO_SECRET", "sandbox-secret"), ("DEMO_VERIFY", "sandbox-verify")],
    )
    .await;
    let http = reqwest::Client::new();
    let base = daemon.webhook_url().await;
    let image = payloads("webhooks/whatsapp/message.json")["image"]
        .to_string()
        .into_bytes();
    let url = format!("{base}/webhooks/whatsapp/{TENANT}");
    assert_eq!(
        post_meta(&http, &url, &image, Some(&sign(&image, META_SECRET))).await,
        200
    );
    let failed = wait_until("the download fails", || async {
        daemon.all_jobs().await.into_iter().find(|job| {
            job.kind == "channel.media" && job.state == centralita_protocol::JobState::Failed
        })
    })
    .await;
    assert_eq!(
        failed.last_error.as_deref(),
        Some("no whatsapp token for this tenant")
    );
    let words = failed.last_error_words.expect("the catalog's words");
    assert_eq!(
        (words.key.as_str(), words.args.as_slice()),
        ("no_channel_token", ["whatsapp".to_owned()].as_slice())
    );
    let id = failed.id.to_string();
    let shown = daemon.centralita(&["--lang", "es", "jobs", "show", &id]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains("este tenant no tiene token de whatsapp"),
        "{shown}"
    );
}
