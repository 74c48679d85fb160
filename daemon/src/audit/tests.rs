//! The audit log on a real redb file: entries keep the catalog's words beside their English,
//! and entries written before the words still read.

use centralita_protocol::said as key;
use centralita_protocol::{AuditOutcome, Record};
use jiff::Timestamp;
use serde::Serialize;

use super::{AUDIT, AuditRecord, audited};
use crate::actor::Actor;
use crate::error::{AreaError, said};
use crate::store::Records;
use crate::testing::{last_audit, open_with_tenants, tenant, words_of};

/// An entry as builds before `detail_words` stored it.
#[derive(Serialize)]
struct Before {
    at: Timestamp,
    operator: String,
    action: String,
    target: String,
    outcome: AuditOutcome,
    detail: String,
}

/// The audit table, with the rows as they were written before `detail_words`.
const BEFORE: Records<(&str, u64), Before> = Records::new("audit");

#[tokio::test]
async fn an_entry_stored_before_the_catalogs_words_still_reads() {
    // `AUDIT` is the table the log reads; `BEFORE` names the same one.
    assert_eq!(
        crate::store::Declared::name(&AUDIT),
        crate::store::Declared::name(&BEFORE)
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    store
        .write(|txn| {
            let seq = txn.next_id("audit")?;
            txn.open(&BEFORE)?.insert(
                ("acme", seq),
                &Before {
                    at: Timestamp::UNIX_EPOCH,
                    operator: "ana".into(),
                    action: "contacts_merge".into(),
                    target: "contact 3".into(),
                    outcome: AuditOutcome::Ok,
                    detail: "merged contact 4 into it".into(),
                },
            )?;
            Ok::<_, AreaError>(())
        })
        .await
        .expect("an old row written");
    let entry = last_audit(&store, "acme", "contacts_merge").await;
    assert_eq!(
        (entry.target.as_str(), entry.detail.as_str(), entry.at),
        (
            "contact 3",
            "merged contact 4 into it",
            Timestamp::UNIX_EPOCH
        )
    );
    assert_eq!(entry.detail_words, None);
}

#[tokio::test]
async fn a_change_keeps_its_words_and_a_refused_one_keeps_the_refusals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let actor = Actor::daemon(tenant("acme"), "schedules_run");
    let entry = || {
        actor.audit(
            "schedule mail.sync.1",
            said!(key::SCHEDULE_RUN_NOW, "run now"),
        )
    };
    audited(&store, entry(), |_| Ok(())).await.expect("runs");
    let done = last_audit(&store, "acme", "schedules_run").await;
    assert_eq!(
        (done.detail.as_str(), done.outcome, words_of(&done)),
        ("run now", AuditOutcome::Ok, ("schedule_run_now", vec![]))
    );
    let refused: Result<(), _> = audited(&store, entry(), |_| {
        Err(said!(
            key::JOB_NOT_CANCELLABLE,
            "job {0} is {1}; it cannot be cancelled",
            7,
            "running"
        )
        .conflict())
    })
    .await;
    assert!(refused.is_err());
    let failed = last_audit(&store, "acme", "schedules_run").await;
    assert_eq!(failed.outcome, AuditOutcome::Failed);
    assert_eq!(failed.detail, "job 7 is running; it cannot be cancelled");
    assert_eq!(
        words_of(&failed),
        ("job_not_cancellable", vec!["7", "running"])
    );
    let missing: Result<(), _> = audited(&store, entry(), |_| {
        Err(AreaError::missing(
            Record::Schedule,
            "mail.sync.1",
            &tenant("acme"),
        ))
    })
    .await;
    assert!(missing.is_err());
    let failed = last_audit(&store, "acme", "schedules_run").await;
    assert_eq!(
        failed.detail,
        "schedule mail.sync.1 in tenant acme not found"
    );
    assert_eq!(
        words_of(&failed),
        (
            "record_not_found_in_tenant",
            vec!["schedule", "mail.sync.1", "acme"]
        )
    );
}

#[tokio::test]
async fn data_keeps_no_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open_with_tenants(&dir, &["acme"]).await;
    let actor = Actor::daemon(tenant("acme"), "tenants_set_zone");
    let entry: AuditRecord = actor.audit("tenant acme", "America/Bogota".to_owned());
    audited(&store, entry, |_| Ok(())).await.expect("runs");
    let entry = last_audit(&store, "acme", "tenants_set_zone").await;
    assert_eq!(entry.detail, "America/Bogota");
    assert_eq!(entry.detail_words, None);
}
