//! Glosas: a health payer's (EPS) objections to the clinic's invoices. Notices arrive by mail
//! (the body, a PDF or a spreadsheet attached), by upload and through the inbox folder; a job
//! reads each into a glosa with its items, links the invoices it objects to, and starts the
//! legal clock: the clinic answers within 15 Colombian business days of receipt (Ley 1438 de
//! 2011 art. 57), or the glosa is tacitly accepted.
//!
//! - `records.rs`: glosas as stored; `read.rs`: the reading job and the intake paths.
//! - `service.rs`: what operators do (list by days left, answer items, states, export).
//! - `codes.rs`: the code catalogs (data, loaded at start); `export.rs`: the answer file.
//! - `wire.rs`: records as the protocol shows them.
//!
//! Reading notices, the catalogs and the business-day calendar live in the
//! `centralita-glosas` crate, which does no I/O.

mod codes;
mod export;
mod read;
mod records;
mod service;
mod wire;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use centralita_glosas::catalog::Catalog;
use centralita_glosas::notice::Mappings;
use jiff::civil::Date;

pub use read::{GlosaIntake, ReadGlosa};
pub(crate) use records::TABLES;

use crate::invoices::Invoices;
use crate::queue::Queue;
use crate::store::Store;

/// The queue of glosa jobs.
pub const QUEUE: &str = "glosas";
/// The legal clock runs on Colombian days.
pub const ZONE: &str = "America/Bogota";

/// The glosas service; cheap to clone.
#[derive(Clone)]
pub struct Glosas {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    queue: Queue,
    invoices: Invoices,
    catalog: &'static Catalog,
    mappings: Mappings,
}

impl Glosas {
    /// The service, with the code catalog (`glosas-codes.csv` beside `mappings_dir` when there
    /// is one, else the built-in one) and the payer mapping files of `mappings_dir` (problems
    /// are logged; the good files still load).
    pub fn new(store: Store, queue: Queue, invoices: Invoices, mappings_dir: &Path) -> Self {
        let (mappings, problems) = if mappings_dir.is_dir() {
            Mappings::load_dir(mappings_dir)
        } else {
            (Mappings::default(), Vec::new())
        };
        for problem in problems {
            tracing::warn!(%problem, "a glosa payer mapping was not loaded");
        }
        Self {
            inner: Arc::new(Inner {
                store,
                queue,
                invoices,
                catalog: catalog(&mappings_dir.with_file_name("glosas-codes.csv")),
                mappings,
            }),
        }
    }

    /// Registers the reading job.
    pub fn register(&self, queue: &Queue) {
        let service = self.clone();
        queue.register_job(move |context, job: ReadGlosa| {
            let service = service.clone();
            async move { service.run_read(&context, job).await }
        });
    }

    /// Starts watching `<inbox_dir>/<tenant>/glosas/` until `stop`.
    pub fn spawn_inbox(
        &self,
        tracker: &tokio_util::task::TaskTracker,
        stop: tokio_util::sync::CancellationToken,
        inbox_dir: PathBuf,
        poll: std::time::Duration,
    ) {
        let folders = crate::folders::Folders {
            store: self.inner.store.clone(),
            root: inbox_dir,
            inside: Some("glosas"),
            poll,
            max_bytes: centralita_glosas::notice::MAX_INPUT_BYTES as u64,
            limit_key: "the 20 MB a glosa notice may have",
            what: "glosa notice",
        };
        tracker.spawn(folders.watch(self.clone(), stop));
    }

    fn store(&self) -> &Store {
        &self.inner.store
    }

    fn catalog(&self) -> &'static Catalog {
        self.inner.catalog
    }
}

/// The catalog in `file` when it exists and reads, else the built-in one (a file that does not
/// read is logged with its line, and the built-in catalog stays).
fn catalog(file: &Path) -> &'static Catalog {
    let Ok(text) = std::fs::read_to_string(file) else {
        return Catalog::embedded();
    };
    match Catalog::from_csv(&text) {
        // Read once at start and kept for the daemon's life.
        Ok(catalog) => Box::leak(Box::new(catalog)),
        Err(error) => {
            tracing::warn!(%error, file = %file.display(), "the glosa code catalog file does not read; using the built-in one");
            Catalog::embedded()
        }
    }
}

/// Today in Colombia.
pub fn today() -> Date {
    let now = jiff::Timestamp::now();
    now.in_tz(ZONE).map_or_else(
        |_| now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(),
        |now| now.date(),
    )
}

/// Business days from `today` to `due` (0 on the day, negative after).
pub fn days_left(due: Date, today: Date) -> i64 {
    centralita_glosas::deadline::days_left(due, today)
}

/// A tax id or notice number as keys compare it: letters and digits, upper case.
pub fn key_part(value: &str) -> String {
    value
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::sync::Arc;

    use super::read::ReadGlosa;
    use crate::queue::{JobContext, JobError};
    use crate::store::BlobHash;
    use crate::testing::{open_with_tenants, tenant};

    #[tokio::test]
    async fn a_notice_whose_file_is_gone_fails_its_job_in_the_catalogs_words() {
        let dir = tempfile::tempdir().expect("dir");
        let store = open_with_tenants(&dir, &["acme"]).await;
        let queue = crate::queue::Queue::new(
            store.clone(),
            &centralita_config::QueueConfig::default(),
            Arc::new(crate::metrics::Metrics::default()),
        );
        let invoices = crate::invoices::Invoices::new(
            store.clone(),
            queue.clone(),
            &centralita_config::InvoicesConfig::default(),
            dir.path(),
            BTreeMap::new(),
        );
        let glosas = super::Glosas::new(store, queue, invoices, dir.path());
        let context = JobContext::for_test(tenant("acme"), 1, 5);
        let job = |blob: String| ReadGlosa {
            blob,
            name: "aviso.pdf".to_owned(),
            origin: "upload".to_owned(),
            operator: "ana".to_owned(),
            received_on: jiff::civil::date(2026, 3, 2),
        };
        let key_of = |error: JobError| match error {
            JobError::Permanent {
                message,
                words: Some(words),
            } => (words.key, message),
            other => panic!("a permanent failure with words: {other:?}"),
        };
        let malformed = glosas
            .run_read(&context, job("not a hash".to_owned()))
            .await
            .expect_err("no file");
        assert_eq!(
            key_of(malformed),
            (
                "glosa_notice_file_not_kept".to_owned(),
                "the notice's file was not kept".to_owned()
            )
        );
        let hash = BlobHash::of(b"never stored");
        let gone = glosas
            .run_read(&context, job(hash.as_str().to_owned()))
            .await
            .expect_err("no file");
        assert_eq!(
            key_of(gone),
            (
                "blob_not_found".to_owned(),
                format!("blob {} not found", hash.as_str())
            )
        );
    }

    #[test]
    fn a_catalog_file_replaces_the_built_in_one_and_a_broken_one_does_not() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("glosas-codes.csv");
        assert!(super::catalog(&file).lookup("FA0101").is_some(), "built in");
        std::fs::write(&file, "system,code,family,description\n2284,FA,FA,Facturación\n2284,FA9901,FA,Un código nuevo\n")
            .expect("written");
        let loaded = super::catalog(&file);
        assert!(loaded.lookup("FA9901").is_some() && loaded.lookup("TA0201").is_none());
        std::fs::write(&file, "system,code,family,description\n2284,FA9901\n").expect("written");
        assert!(
            super::catalog(&file).lookup("FA0101").is_some(),
            "the built-in one stays"
        );
    }
}
