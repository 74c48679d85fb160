//! Console redraws with a big list loaded: the same `App` and views the console runs, drawn on
//! a 160×50 ratatui `TestBackend` (what a terminal gets is the diff of that buffer, written by
//! crossterm; not included).
//!
//! Run: `cargo bench -p centralita-tui --bench console` (env `ROWS`, default 100000).
//! Prints `name: value unit` lines. Budget (DESIGN.md): a redraw < 5 ms with 100,000 rows.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use centralita_protocol::{
    ContactId, ConversationId, ConversationState, ConversationSummary, JobId, JobPage, JobState,
    JobSummary, OperatorIdentity, Role, TenantId,
};
use centralita_tui::console::app::App;
use centralita_tui::console::event::{Event, Reply};
use centralita_tui::console::theme::Theme;
use centralita_tui::console::views;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let rows: u64 = std::env::var("ROWS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(100_000);
    let now = Timestamp::now();
    let tenant = TenantId::new("bench").expect("valid");
    let identity = OperatorIdentity {
        user: "ana".into(),
        superuser: false,
        roles: BTreeMap::from([(tenant.clone(), Role::Admin)]),
    };

    let mut inbox = App::new(tenant.clone(), identity.clone(), now);
    inbox.start();
    command(&mut inbox, "inbox");
    let conversations = (0..rows)
        .map(|id| conversation(id, now))
        .collect::<Vec<_>>();
    let loaded = Instant::now();
    inbox.update(Event::Reply(Reply::Conversations(conversations)));
    println!(
        "console_load_{rows}_conversations: {:.1} ms",
        loaded.elapsed().as_secs_f64() * 1e3
    );
    report("inbox", rows, &mut inbox);

    let mut jobs = App::new(tenant.clone(), identity, now);
    jobs.start();
    command(&mut jobs, "jobs");
    let page = JobPage {
        jobs: (0..rows).map(|id| job(id, &tenant, now)).collect(),
        next: None,
    };
    jobs.update(Event::Reply(Reply::Jobs {
        page,
        append: false,
    }));
    report("jobs", rows, &mut jobs);
}

/// Types `:name` and Enter.
fn command(app: &mut App, name: &str) {
    for c in format!(":{name}").chars() {
        app.update(Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
    app.update(Event::Key(KeyEvent::new(
        KeyCode::Enter,
        KeyModifiers::NONE,
    )));
}

/// Redraws while the selection moves down the list; prints the median and p99.
fn report(view: &str, rows: u64, app: &mut App) {
    let mut terminal = Terminal::new(TestBackend::new(160, 50)).expect("test backend");
    let theme = Theme { no_color: false };
    let mut times = Vec::new();
    for round in 0..600 {
        app.update(Event::Key(KeyEvent::new(
            KeyCode::Char('j'),
            KeyModifiers::NONE,
        )));
        let started = Instant::now();
        terminal
            .draw(|frame| views::draw(frame, app, theme))
            .expect("test backend");
        // The first draws warm caches up.
        if round >= 100 {
            times.push(started.elapsed());
        }
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    let ms = |duration: Duration| duration.as_secs_f64() * 1e3;
    println!(
        "console_redraw_{view}_{rows}_rows_p50: {:.3} ms",
        ms(at(0.5))
    );
    println!(
        "console_redraw_{view}_{rows}_rows_p99: {:.3} ms",
        ms(at(0.99))
    );
}

fn conversation(id: u64, now: Timestamp) -> ConversationSummary {
    let channel = ["whatsapp", "messenger", "telegram"][(id % 3) as usize];
    ConversationSummary {
        id: ConversationId(id),
        contact: ContactId(id),
        contact_name: Some(format!("Cliente {id}")),
        channel: channel.to_owned(),
        account: "106540352242922".to_owned(),
        state: ConversationState::Open,
        assignee: id.is_multiple_of(4).then(|| "ana".to_owned()),
        unread: u32::try_from(id % 5).expect("small"),
        last_activity: now - SignedDuration::from_secs(i64::try_from(id).expect("fits")),
        last_inbound_at: Some(now - SignedDuration::from_mins(30)),
        preview: "Hola, ¿tienen cita para mañana a las 10?".to_owned(),
    }
}

fn job(id: u64, tenant: &TenantId, now: Timestamp) -> JobSummary {
    let at = now - SignedDuration::from_secs(i64::try_from(id).expect("fits"));
    JobSummary {
        id: JobId(id),
        tenant: tenant.clone(),
        queue: "inbox".into(),
        kind: "channel.send".into(),
        state: if id.is_multiple_of(7) {
            JobState::Failed
        } else {
            JobState::Succeeded
        },
        attempts: 1,
        max_attempts: 8,
        run_at: at,
        created_at: at,
        updated_at: at,
        last_error: id
            .is_multiple_of(7)
            .then(|| "whatsapp refused the message: (#131026)".into()),
        last_error_words: None,
        unique_key: None,
        schedule: None,
    }
}
