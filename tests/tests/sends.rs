//! What operators send, end to end through the real daemon and the sandbox providers: files
//! (WhatsApp media upload then send, Telegram multipart), approved WhatsApp templates outside
//! the 24-hour window, the providers' pace, Messenger read watermarks, and the tenant's own
//! funnels deciding where a new conversation goes.

use centralita_protocol::{
    ConversationId, ErrorKind, Funnel, JobState, LeadFilter, LeadType, MessageId, PageRequest,
    ReportRange, RpcError,
};
use centralita_tests::inbox::{META_SECRET, customer_writes, outbound_status, post_meta, settled};
use centralita_tests::{TENANT, TestDaemon, fixture, sign, tenant};
use tarpc::context;

/// A customer writing now on WhatsApp; returns the conversation id.
async fn whatsapp_customer(daemon: &TestDaemon, wa_id: &str, text: &str) -> ConversationId {
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let body = customer_writes(wa_id, &format!("wamid.{wa_id}"), text);
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    settled(daemon)
        .await
        .into_iter()
        .find(|detail| detail.contact.identities.iter().any(|(_, id)| id == wa_id))
        .expect("the conversation")
        .conversation
        .id
}

fn refusal(result: Result<MessageId, RpcError>) -> String {
    let error = result.expect_err("refused");
    assert_eq!(error.kind, ErrorKind::InvalidArgument, "{error:?}");
    error.message
}

#[tokio::test]
async fn approved_whatsapp_templates_are_synced_and_go_outside_the_window() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    // The fixture's customer wrote in 2023: the window is long closed.
    let cases: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixture("webhooks/whatsapp/message.json")).expect("fixture"),
    )
    .expect("json");
    let body = cases["text"].to_string().into_bytes();
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    let conversation = settled(&daemon).await.remove(0).conversation.id;
    let client = daemon.client().await;
    let rpc = &client.rpc;

    rpc.whatsapp_templates_sync(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("sync queued");
    daemon
        .wait_for_job(&format!("templates:{TENANT}"), JobState::Succeeded)
        .await;
    // Meta's status webhook adds what it approves later.
    let cases: serde_json::Value = serde_json::from_slice(
        &std::fs::read(fixture("webhooks/whatsapp/template_status_update.json")).expect("fixture"),
    )
    .expect("json");
    let body = cases["approved"].to_string().into_bytes();
    assert_eq!(
        post_meta(&http, &url, &body, Some(&sign(&body, META_SECRET))).await,
        200
    );
    let templates = rpc
        .whatsapp_templates_list(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("list");
    let summary: Vec<String> = templates
        .iter()
        .map(|t| format!("{} {} {} {}", t.name, t.language, t.status, t.variables))
        .collect();
    assert_eq!(
        summary,
        [
            "order_confirmation en_US APPROVED 0",
            "promo_navidad es REJECTED 2",
            "recordatorio_cita es APPROVED 2",
            "seguimiento es APPROVED 1",
        ]
    );
    assert_eq!(templates[1].reason.as_deref(), Some("INVALID_FORMAT"));

    let send = |name: &str, values: &[&str]| {
        rpc.conversations_send_whatsapp_template(
            context::current(),
            tenant(),
            conversation,
            name.to_owned(),
            "es".to_owned(),
            values.iter().map(|value| (*value).to_owned()).collect(),
        )
    };
    let rejected = refusal(send("promo_navidad", &["a", "b"]).await.expect("rpc"));
    assert!(rejected.contains("REJECTED (INVALID_FORMAT)"), "{rejected}");
    let short = refusal(send("recordatorio_cita", &["María"]).await.expect("rpc"));
    assert!(short.contains("takes 2 value(s), 1 given"), "{short}");
    send("recordatorio_cita", &["María", "martes 10:00"])
        .await
        .expect("rpc")
        .expect("queued outside the window");
    let reminder = outbound_status(
        &daemon,
        "Hola María, le recordamos su cita del martes 10:00. Responda SI para confirmar.",
        "read",
    )
    .await;
    assert_eq!(reminder.kind, "template");
    // Free text is still refused there.
    let free = rpc
        .conversations_send(context::current(), tenant(), conversation, "hola".into())
        .await
        .expect("rpc");
    assert!(refusal(free).contains("24-hour window"));
}

#[tokio::test]
async fn files_go_as_whatsapp_media_and_telegram_documents_at_each_providers_pace() {
    let daemon = TestDaemon::start().await;
    let conversation = whatsapp_customer(&daemon, "51987654321", "¿Me envía la receta?").await;
    let client = daemon.client().await;
    let rpc = &client.rpc;
    let send_file = |name: &str,
                     bytes: Vec<u8>,
                     caption: Option<&str>,
                     conversation: ConversationId| {
        let caption = caption.map(str::to_owned);
        let name = name.to_owned();
        let daemon = &daemon;
        async move {
            let upload = daemon.upload_file(&name, &bytes).await;
            rpc.conversations_send_file(context::current(), tenant(), conversation, upload, caption)
                .await
                .expect("rpc")
        }
    };

    send_file("receta.png", vec![7; 2048], Some("Su receta"), conversation)
        .await
        .expect("queued");
    let photo = outbound_status(&daemon, "Su receta", "read").await;
    assert_eq!(photo.kind, "image");
    let media = photo.media.expect("kept");
    assert!(
        media.starts_with("blob:") && media.contains("image/png, 2048 bytes"),
        "{media}"
    );
    // WhatsApp takes one message every 6 s per customer: the next one waits, then goes.
    rpc.conversations_send(
        context::current(),
        tenant(),
        conversation,
        "¿Algo más?".into(),
    )
    .await
    .expect("rpc")
    .expect("queued");
    outbound_status(&daemon, "¿Algo más?", "read").await;
    let paced = daemon
        .all_jobs()
        .await
        .into_iter()
        .filter(|job| job.kind == "channel.send")
        .max_by_key(|job| job.id)
        .expect("the second send");
    let detail = rpc
        .jobs_show(context::current(), tenant(), paced.id)
        .await
        .expect("rpc")
        .expect("job");
    assert!(
        detail.attempts.iter().any(|attempt| attempt
            .error
            .as_deref()
            .is_some_and(|error| error.contains("one message every 6 s"))),
        "{:?}",
        detail.attempts
    );
    assert_eq!(detail.job.attempts, 1, "waiting is not an attempt");

    // Over WhatsApp's 5 MB image limit: refused before anything is queued.
    let big = refusal(send_file("grande.png", vec![1; 6 << 20], None, conversation).await);
    assert!(big.contains("at most 5242880 bytes"), "{big}");

    // Telegram: any file goes as a document with its caption.
    let http = reqwest::Client::new();
    let body = std::fs::read(fixture("webhooks/telegram/message.json")).expect("fixture");
    let status = http
        .post(format!(
            "{}/webhooks/telegram/{TENANT}",
            daemon.webhook_url().await
        ))
        .header("x-telegram-bot-api-secret-token", "sandbox-telegram")
        .body(body)
        .send()
        .await
        .expect("request")
        .status();
    assert_eq!(status, 200);
    let telegram = settled(&daemon)
        .await
        .into_iter()
        .find(|detail| detail.conversation.channel == "telegram")
        .expect("a telegram conversation")
        .conversation
        .id;
    send_file(
        "informe.pdf",
        b"%PDF-1.4 informe".to_vec(),
        Some("Su informe"),
        telegram,
    )
    .await
    .expect("queued");
    let document = outbound_status(&daemon, "Su informe", "sent").await;
    assert_eq!(document.kind, "document");
}

/// A Messenger event from customer 2400000000000001 (a PSID) to Page `PAGE-1`, `at` Unix
/// milliseconds.
fn messenger(at: i64, event: &serde_json::Value) -> Vec<u8> {
    let mut event = event.clone();
    event["sender"] = serde_json::json!({ "id": "2400000000000001" });
    event["recipient"] = serde_json::json!({ "id": "PAGE-1" });
    event["timestamp"] = at.into();
    serde_json::json!({ "object": "page", "entry": [{ "id": "PAGE-1", "time": at, "messaging": [event] }] })
        .to_string()
        .into_bytes()
}

#[tokio::test]
async fn messenger_read_watermarks_mark_what_was_sent_before_them_read() {
    let daemon = TestDaemon::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/webhooks/messenger/{TENANT}", daemon.webhook_url().await);
    let now = jiff::Timestamp::now().as_millisecond();
    let hello = messenger(
        now,
        &serde_json::json!({ "message": { "mid": "m_customer", "text": "Hola" } }),
    );
    assert_eq!(
        post_meta(&http, &url, &hello, Some(&sign(&hello, META_SECRET))).await,
        200
    );
    let first = settled(&daemon).await.remove(0);
    // Messenger sends no names: the profile lookup (a job) gave the contact one.
    assert_eq!(first.contact.name.as_deref(), Some("Cliente Sandbox"));
    let conversation = first.conversation.id;
    let client = daemon.client().await;
    let upload = daemon.upload_file("menu.png", &[1; 64]).await;
    let captioned = client
        .rpc
        .conversations_send_file(
            context::current(),
            tenant(),
            conversation,
            upload,
            Some("el menú".into()),
        )
        .await
        .expect("rpc");
    assert!(refusal(captioned).contains("no caption"));

    // Messenger names no message when it is read, only a time: the sandbox's customer reads
    // the reply and everything sent before the watermark becomes read.
    client
        .rpc
        .conversations_send(
            context::current(),
            tenant(),
            conversation,
            "Buenas tardes".into(),
        )
        .await
        .expect("rpc")
        .expect("queued");
    outbound_status(&daemon, "Buenas tardes", "read").await;
}

#[tokio::test]
async fn a_tenants_funnels_and_keyword_rules_decide_where_new_conversations_go() {
    let daemon = TestDaemon::start().await;
    let client = daemon.client().await;
    let rpc = &client.rpc;
    let defaults = rpc
        .funnels_list(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("list");
    assert_eq!(
        defaults.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["support", "sales"]
    );
    let implants = |stages: &[&str]| Funnel {
        name: "implants".into(),
        lead_type: LeadType::Sale,
        stages: stages.iter().map(|stage| (*stage).to_owned()).collect(),
        keywords: vec!["Implante".into()],
    };
    let funnels = rpc
        .funnels_put(
            context::current(),
            tenant(),
            implants(&["consulta", "presupuesto", "cirugía"]),
        )
        .await
        .expect("rpc")
        .expect("stored");
    assert_eq!(funnels[2].keywords, ["implante"]);

    whatsapp_customer(&daemon, "51911111111", "Quisiera un IMPLANTE dental").await;
    let lead = rpc
        .leads_list(
            context::current(),
            tenant(),
            LeadFilter::default(),
            PageRequest::first(10),
        )
        .await
        .expect("rpc")
        .expect("leads")
        .remove(0);
    assert_eq!(
        (lead.funnel.as_str(), lead.stage.as_str()),
        ("implants", "consulta")
    );
    rpc.leads_move(context::current(), tenant(), lead.id, "presupuesto".into())
        .await
        .expect("rpc")
        .expect("moved");

    let dropped = rpc
        .funnels_put(
            context::current(),
            tenant(),
            implants(&["consulta", "cirugía"]),
        )
        .await
        .expect("rpc")
        .expect_err("a stage with a lead");
    assert!(
        dropped.message.contains("still holds 1 lead"),
        "{dropped:?}"
    );
    let removed = rpc
        .funnels_remove(context::current(), tenant(), "implants".into())
        .await
        .expect("rpc")
        .expect_err("a funnel with a lead");
    assert!(
        removed.message.contains("still holds 1 lead"),
        "{removed:?}"
    );
    let stages = rpc
        .leads_funnel(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("stages");
    assert!(
        stages
            .iter()
            .any(|row| row.funnel == "implants" && row.stage == "presupuesto" && row.leads == 1),
        "{stages:?}"
    );
}

#[tokio::test]
async fn reports_cover_a_custom_range_and_refuse_a_backwards_one() {
    let daemon = TestDaemon::start().await;
    whatsapp_customer(&daemon, "51922222222", "¿Precio de la consulta?").await;
    let client = daemon.client().await;
    let rpc = &client.rpc;
    // The dashboard says how each channel is set up for the tenant.
    let dashboard = rpc
        .dashboard(context::current(), tenant())
        .await
        .expect("rpc")
        .expect("dashboard");
    let states: Vec<String> = dashboard
        .integrations
        .iter()
        .map(|row| format!("{} {}", row.name, row.state))
        .collect();
    assert_eq!(
        states,
        [
            "sandbox sandbox",
            "whatsapp sandbox",
            "messenger sandbox",
            "telegram sandbox",
            "gmail not_connected",
            "gohighlevel not_configured",
            "llm sandbox",
        ]
    );
    let now = jiff::Timestamp::now();
    let hour = jiff::SignedDuration::from_hours(1);
    let report = rpc
        .reports(
            context::current(),
            tenant(),
            "leads".into(),
            ReportRange::Between {
                from: now - hour,
                to: now + hour,
            },
        )
        .await
        .expect("rpc")
        .expect("report");
    assert!(
        report.rows.contains(&("type · sale".to_owned(), 1.0)),
        "{report:?}"
    );
    let backwards = rpc
        .reports(
            context::current(),
            tenant(),
            "leads".into(),
            ReportRange::Between {
                from: now,
                to: now - hour,
            },
        )
        .await
        .expect("rpc")
        .expect_err("backwards");
    assert!(backwards.message.contains("must end after it starts"));
}

#[tokio::test]
async fn the_dashboard_counts_conversations_waiting_and_how_fast_they_were_answered() {
    let daemon = TestDaemon::start().await;
    let first = whatsapp_customer(&daemon, "51933333333", "¿Atienden el sábado?").await;
    let second = whatsapp_customer(&daemon, "51944444444", "Quiero una cita").await;
    let client = daemon.client().await;
    let rpc = &client.rpc;
    let dashboard = || async {
        rpc.dashboard(context::current(), tenant())
            .await
            .expect("rpc")
            .expect("dashboard")
            .conversations
    };
    let before = dashboard().await;
    assert_eq!((before.active, before.unanswered), (2, 2), "{before:?}");
    assert!(before.waiting_since.is_some());
    assert_eq!(before.response, None, "nothing answered yet");
    let recent: Vec<ConversationId> = before.recent.iter().map(|c| c.id).collect();
    assert_eq!(recent, [second, first], "most recent first");

    rpc.conversations_send(context::current(), tenant(), first, "Sí, de 9 a 13".into())
        .await
        .expect("rpc")
        .expect("queued");
    let after = dashboard().await;
    assert_eq!((after.active, after.unanswered), (2, 1), "{after:?}");
    let times = after.response.expect("one answer");
    assert_eq!(times.answered, 1);
    assert!(times.min_secs <= times.average_secs && times.average_secs <= times.max_secs);
    assert_eq!(after.recent.first().map(|c| c.id), Some(first));

    // The report reads the same answers.
    let report = rpc
        .reports(
            context::current(),
            tenant(),
            "first-response".into(),
            ReportRange::Days(1),
        )
        .await
        .expect("rpc")
        .expect("report");
    assert!(
        report.rows.contains(&("answered".to_owned(), 1.0)),
        "{report:?}"
    );
}

#[tokio::test]
async fn a_reply_whatsapp_refuses_says_why_in_spanish_in_the_thread_and_its_job() {
    let daemon = TestDaemon::start().await;
    let conversation = whatsapp_customer(&daemon, "51911222333", "Hola").await;
    let id = conversation.to_string();
    // The sandbox's WhatsApp refuses a text with `sandbox:fail` as undeliverable (131026).
    let sent = daemon.centralita(&["conversations", "send", &id, "sandbox:fail hoy"]);
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let failed = outbound_status(&daemon, "sandbox:fail hoy", "failed").await;
    let provider_words = "(#131026) Message undeliverable (code 131026)";
    assert_eq!(
        failed.error.as_deref(),
        Some(format!("whatsapp refused the message: {provider_words}").as_str())
    );
    let words = failed.error_words.expect("the catalog's words");
    assert_eq!(
        (words.key.as_str(), words.args.as_slice()),
        (
            "send_refused",
            ["whatsapp".to_owned(), provider_words.to_owned()].as_slice()
        )
    );

    let shown = daemon.centralita(&["--lang", "es", "conversations", "show", &id]);
    let thread = String::from_utf8_lossy(&shown.stdout);
    assert!(
        thread.contains("sandbox:fail hoy  (fallido)")
            && thread.contains(&format!("! whatsapp rechazó el mensaje: {provider_words}")),
        "{thread}"
    );

    let job = daemon
        .all_jobs()
        .await
        .into_iter()
        .find(|job| job.kind == "channel.send" && job.state == JobState::Failed)
        .expect("the failed send");
    assert_eq!(
        job.last_error_words
            .as_ref()
            .map(|words| words.key.as_str()),
        Some("send_refused")
    );
    let shown = daemon.centralita(&["--lang", "es", "jobs", "show", &job.id.to_string()]);
    let shown = String::from_utf8_lossy(&shown.stdout);
    assert!(
        shown.contains(&format!("whatsapp rechazó el mensaje: {provider_words}")),
        "{shown}"
    );
}
