//! RPC round trip and a 1,000-row jobs page, over the real Unix socket to a real daemon.
//!
//! Run: `cargo build --release --bins && cargo bench -p centralita-tests --bench rpc`
//! Prints `name: value unit` lines. Budgets (DESIGN.md): p50 round trip < 150 µs; a 1,000-row
//! page < 5 ms.

use std::time::Instant;

use centralita_protocol::{JobFilter, PageRequest};
use centralita_tests::{TestDaemon, tenant};
use tarpc::context;

const ROUND_TRIPS: usize = 10_000;
const PAGES: usize = 200;
const JOBS: usize = 1_000;

#[tokio::main]
async fn main() {
    let daemon = TestDaemon::start().await;
    let client = daemon.client().await;
    // Keep the seeded jobs queued so every page has 1,000 rows of the same shape.
    client
        .rpc
        .queues_set_paused(context::current(), "default".into(), true)
        .await
        .expect("rpc")
        .expect("paused");
    let http = reqwest::Client::new();
    let base = daemon.webhook_url().await;
    for n in 0..JOBS {
        let (status, _) = daemon
            .post_event(&http, &base, &format!("bench-{n}"), "ok")
            .await;
        assert_eq!(status, 200);
    }

    for _ in 0..500 {
        client
            .rpc
            .status(context::current())
            .await
            .expect("rpc")
            .expect("status");
    }
    let mut round_trips = Vec::with_capacity(ROUND_TRIPS);
    for _ in 0..ROUND_TRIPS {
        let started = Instant::now();
        client
            .rpc
            .status(context::current())
            .await
            .expect("rpc")
            .expect("status");
        round_trips.push(started.elapsed().as_secs_f64() * 1e6);
    }
    println!(
        "rpc_roundtrip_p50: {:.0} us",
        percentile(&mut round_trips, 0.50)
    );
    println!(
        "rpc_roundtrip_p99: {:.0} us",
        percentile(&mut round_trips, 0.99)
    );

    let mut pages = Vec::with_capacity(PAGES);
    for _ in 0..PAGES {
        let started = Instant::now();
        let page = client
            .rpc
            .jobs_list(
                context::current(),
                tenant(),
                JobFilter::default(),
                PageRequest::first(1_000),
            )
            .await
            .expect("rpc")
            .expect("jobs_list");
        pages.push(started.elapsed().as_secs_f64() * 1e3);
        assert_eq!(page.jobs.len(), JOBS);
    }
    println!("jobs_page_1000_p50: {:.2} ms", percentile(&mut pages, 0.50));
    println!("jobs_page_1000_p99: {:.2} ms", percentile(&mut pages, 0.99));
}

fn percentile(values: &mut [f64], quantile: f64) -> f64 {
    values.sort_by(f64::total_cmp);
    let index = ((values.len() as f64 - 1.0) * quantile).round() as usize;
    values[index]
}
