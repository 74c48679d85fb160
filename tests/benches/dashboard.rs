//! The dashboard of a large tenant: 20,000 WhatsApp conversations (each its contact, lead and
//! first message), then the `dashboard` call an operator's console makes every few seconds.
//! Its conversation box reads every conversation the operator may see, so its cost grows with
//! the tenant; this prints how much.
//!
//! Run: `cargo build --release --bins && cargo bench -p centralita-tests --bench dashboard`
//! Prints `name: value unit` lines.

use std::time::{Duration, Instant};

use centralita_tests::inbox::{META_SECRET, customer_writes, post_meta};
use centralita_tests::{TENANT, TestDaemon, sign, tenant};
use futures::StreamExt as _;
use tarpc::context;

const CONVERSATIONS: u64 = 20_000;
const CALLS: usize = 50;

#[tokio::main]
async fn main() {
    let daemon = TestDaemon::start().await;
    let url = format!("{}/webhooks/whatsapp/{TENANT}", daemon.webhook_url().await);
    let http = reqwest::Client::new();
    let started = Instant::now();
    futures::stream::iter(0..CONVERSATIONS)
        .map(|n| {
            let (http, url) = (&http, &url);
            async move {
                let body = customer_writes(
                    &format!("519{n:08}"),
                    &format!("wamid.bench{n}"),
                    "Hola, ¿tienen cita para el sábado?",
                );
                let signature = sign(&body, META_SECRET);
                assert_eq!(post_meta(http, url, &body, Some(&signature)).await, 200);
            }
        })
        .buffer_unordered(32)
        .collect::<Vec<()>>()
        .await;
    let client = daemon.client().await;
    // The conversations open as the inbox queue works through the deliveries.
    let dashboard = loop {
        let dashboard = client
            .rpc
            .dashboard(context::current(), tenant())
            .await
            .expect("rpc")
            .expect("dashboard");
        if dashboard.conversations.active >= CONVERSATIONS {
            break dashboard;
        }
        assert!(
            started.elapsed() < Duration::from_mins(10),
            "only {} conversations after 10 minutes",
            dashboard.conversations.active
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    println!(
        "dashboard_seed_{CONVERSATIONS}_conversations: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(dashboard.conversations.unanswered, CONVERSATIONS);

    let mut calls = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let started = Instant::now();
        client
            .rpc
            .dashboard(context::current(), tenant())
            .await
            .expect("rpc")
            .expect("dashboard");
        calls.push(started.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "dashboard_{CONVERSATIONS}_conversations_p50: {:.1} ms",
        percentile(&mut calls, 0.50)
    );
    println!(
        "dashboard_{CONVERSATIONS}_conversations_p99: {:.1} ms",
        percentile(&mut calls, 0.99)
    );
}

fn percentile(values: &mut [f64], quantile: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64 - 1.0) * quantile).round() as usize;
    values[index]
}
