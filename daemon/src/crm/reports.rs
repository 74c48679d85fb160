//! Reports over a period: contacts and conversations by channel, leads by type and status,
//! conversations by country, activity per operator, first-response times, won/lost per funnel.
//! Each reads what it needs in one read transaction, every page of it (nothing is cut at one
//! page); fine for a small business's volumes (a tenant with millions of messages would want
//! counters kept at write time instead).

use std::collections::BTreeMap;

use centralita_protocol::{
    AuditEntry, Contact, ContactId, LeadStatus, PageRequest, Report, ReportRange, TenantId,
};
use jiff::Timestamp;

use crate::actor::Actor;
use crate::error::{AreaError, said};
use crate::store::{ReadTxn, Store};
use centralita_protocol::said as key;

pub use centralita_protocol::REPORT_NAMES as NAMES;

/// Report `name` over `range` (the last N days up to now, or from one time to another).
pub async fn report(
    store: &Store,
    actor: &Actor,
    name: String,
    range: ReportRange,
) -> Result<Report, AreaError> {
    let (from, to) = match range {
        ReportRange::Days(days) => {
            let to = Timestamp::now();
            let days = i64::from(days.clamp(1, 3660));
            (to - jiff::SignedDuration::from_hours(24 * days), to)
        }
        ReportRange::Between { from, to } if from < to => (from, to),
        ReportRange::Between { from, to } => {
            return Err(said!(
                key::REPORT_RANGE,
                "the report range must end after it starts: {0} to {1}",
                from,
                to
            )
            .invalid());
        }
    };
    let tenant = actor.tenant.clone();
    store
        .read(move |txn| build(txn, &tenant, &name, from, to))
        .await
}

/// Builds report `name` for `tenant` from `from` (included) to `to` (excluded).
fn build(
    txn: &ReadTxn,
    tenant: &TenantId,
    name: &str,
    from: Timestamp,
    to: Timestamp,
) -> Result<Report, AreaError> {
    let within = |at: Timestamp| at >= from && at < to;
    let (title, unit, rows) = match name {
        "channels" => {
            let mut rows = count_by(
                conversations(txn, tenant)?
                    .iter()
                    .filter(|c| within(c.0.last_activity)),
                |c| format!("conversations · {}", c.0.channel),
            );
            let contacts = all_contacts(txn, tenant)?;
            rows.extend(count_by(
                contacts.iter().filter(|contact| within(contact.created_at)),
                |contact| {
                    format!(
                        "new contacts · {}",
                        contact
                            .identities
                            .first()
                            .map_or("?", |(channel, _)| channel.as_str())
                    )
                },
            ));
            ("Contacts and conversations by channel", "count", rows)
        }
        "leads" => {
            let leads = txn.leads(tenant)?;
            let recent: Vec<_> = leads
                .iter()
                .filter(|lead| within(lead.created_at))
                .collect();
            let mut rows = count_by(recent.iter(), |lead| format!("type · {}", lead.lead_type));
            rows.extend(count_by(recent.iter(), |lead| {
                format!("status · {}", lead.status)
            }));
            ("Leads by type and status", "leads", rows)
        }
        "countries" => {
            let rows = count_by(
                conversations(txn, tenant)?
                    .iter()
                    .filter(|c| within(c.0.last_activity)),
                |c| c.1.clone().unwrap_or_else(|| "unknown".to_owned()),
            );
            ("Conversations by country", "conversations", rows)
        }
        "operators" => {
            let entries = audit_since(txn, tenant, from)?;
            let rows = count_by(
                entries
                    .iter()
                    .filter(|entry| within(entry.at) && entry.operator != "centralitad"),
                |entry| entry.operator.clone(),
            );
            ("Actions per operator", "actions", rows)
        }
        "first-response" => (
            "First response time",
            "seconds",
            first_response(txn, tenant, from, to)?,
        ),
        "funnels" => {
            let leads = txn.leads(tenant)?;
            let rows = count_by(
                leads.iter().filter(|lead| {
                    within(lead.stage_since)
                        && matches!(lead.status, LeadStatus::Won | LeadStatus::Lost)
                }),
                |lead| format!("{} · {}", lead.funnel, lead.status),
            );
            ("Won and lost per funnel", "leads", rows)
        }
        other => {
            return Err(said!(
                key::UNKNOWN_REPORT,
                "unknown report {0}: use {1}",
                format!("{other:?}"),
                NAMES.join(", ")
            )
            .invalid());
        }
    };
    Ok(Report {
        title: title.to_owned(),
        from,
        to,
        unit: unit.to_owned(),
        rows,
    })
}

/// Every conversation with its contact's country.
fn conversations(
    txn: &ReadTxn,
    tenant: &TenantId,
) -> Result<Vec<(centralita_protocol::ConversationSummary, Option<String>)>, AreaError> {
    let conversations = txn.all_conversations(tenant, None)?;
    let countries: BTreeMap<ContactId, Option<String>> = all_contacts(txn, tenant)?
        .into_iter()
        .map(|contact| (contact.id, contact.country))
        .collect();
    Ok(conversations
        .into_iter()
        .map(|conversation| {
            let country = countries.get(&conversation.contact).cloned().flatten();
            (conversation, country)
        })
        .collect())
}

/// Counts items per label, largest first.
fn count_by<'a, T: 'a>(
    items: impl Iterator<Item = &'a T>,
    label: impl Fn(&T) -> String,
) -> Vec<(String, f64)> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for item in items {
        *counts.entry(label(item)).or_default() += 1;
    }
    let mut rows: Vec<(String, f64)> = counts
        .into_iter()
        .map(|(label, count)| (label, count as f64))
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1));
    rows
}

/// For each customer message opening an exchange in the period, the time to the next reply:
/// how many, min, max, average and median, in seconds.
fn first_response(
    txn: &ReadTxn,
    tenant: &TenantId,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(String, f64)>, AreaError> {
    let mut waits = txn.first_response_waits(tenant, None, from, to)?;
    if waits.is_empty() {
        return Ok(Vec::new());
    }
    waits.sort_unstable();
    let count = waits.len();
    let median = if count % 2 == 1 {
        waits[count / 2] as f64
    } else {
        f64::midpoint(waits[count / 2 - 1] as f64, waits[count / 2] as f64)
    };
    let total: u64 = waits.iter().sum();
    Ok(vec![
        ("answered".to_owned(), count as f64),
        ("min".to_owned(), waits[0] as f64),
        ("max".to_owned(), waits[count - 1] as f64),
        ("average".to_owned(), total as f64 / count as f64),
        ("median".to_owned(), median),
    ])
}

/// Every contact of `tenant`, page by page.
fn all_contacts(txn: &ReadTxn, tenant: &TenantId) -> Result<Vec<Contact>, AreaError> {
    let mut all: Vec<Contact> = Vec::new();
    loop {
        let before = all.last().map(|contact| contact.id.0);
        let page = txn.list_contacts(
            tenant,
            PageRequest {
                before,
                limit: PageRequest::MAX_LIMIT,
            },
            |_, _| true,
        )?;
        let full = page.len() == PageRequest::MAX_LIMIT as usize;
        all.extend(page);
        if !full {
            return Ok(all);
        }
    }
}

/// Every audit entry of `tenant` at or after `from`, newest first, page by page.
fn audit_since(
    txn: &ReadTxn,
    tenant: &TenantId,
    from: Timestamp,
) -> Result<Vec<AuditEntry>, AreaError> {
    let mut all = Vec::new();
    let mut before = None;
    loop {
        let page = txn.audit_page(
            Some(tenant),
            PageRequest {
                before,
                limit: PageRequest::MAX_LIMIT,
            },
        )?;
        let older = page.entries.last().is_some_and(|entry| entry.at < from);
        all.extend(page.entries);
        match page.next {
            Some(next) if !older => before = Some(next),
            _ => return Ok(all),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_come_largest_first() {
        let items = ["a", "b", "a", "c", "a", "b"];
        let rows = count_by(items.iter(), |item| (*item).to_owned());
        assert_eq!(
            rows,
            vec![("a".into(), 3.0), ("b".into(), 2.0), ("c".into(), 1.0)]
        );
    }

    /// More rows than one page holds are all counted, not cut at the page size.
    #[tokio::test]
    async fn reports_count_past_one_page() {
        use centralita_channels::Channel;

        let dir = tempfile::tempdir().expect("temp dir");
        let store = crate::testing::open_with_tenants(&dir, &["acme"]).await;
        let many = u64::from(PageRequest::MAX_LIMIT) + 3;
        store
            .write(move |txn| {
                let acme = crate::testing::tenant("acme");
                for n in 0..many {
                    let handle = format!("psid-{n}");
                    let identity = crate::crm::contacts::Identity {
                        channel: "messenger",
                        id: &handle,
                        name: None,
                        phone: None,
                        country: None,
                    };
                    let contact = txn.contact_for(&acme, &identity)?;
                    txn.conversation_for(&acme, contact, Channel::Messenger, "page", &handle)?;
                }
                Ok::<_, AreaError>(())
            })
            .await
            .expect("written");
        let now = Timestamp::now();
        let hour = jiff::SignedDuration::from_hours(1);
        let report = store
            .read(move |txn| {
                build(
                    txn,
                    &crate::testing::tenant("acme"),
                    "channels",
                    now - hour,
                    now + hour,
                )
            })
            .await
            .expect("report");
        let all = many as f64;
        // Small pages too: every conversation once, though all share one commit's time.
        let paged = store
            .read(move |txn| {
                let acme = crate::testing::tenant("acme");
                let mut seen = std::collections::BTreeSet::new();
                let mut before = None;
                loop {
                    let page = txn.list_conversations(
                        &acme,
                        PageRequest { before, limit: 100 },
                        |_, _| Ok(true),
                    )?;
                    for conversation in page.conversations {
                        assert!(seen.insert(conversation.id), "{} twice", conversation.id);
                    }
                    match page.next {
                        Some(next) => before = Some(next),
                        None => return Ok::<_, AreaError>(seen.len()),
                    }
                }
            })
            .await
            .expect("paged");
        assert_eq!(paged as u64, many);
        assert_eq!(
            report.rows,
            vec![
                ("conversations · messenger".to_owned(), all),
                ("new contacts · messenger".to_owned(), all),
            ]
        );
    }
}
