//! Reports over a period: contacts and conversations by channel, leads by type and status,
//! conversations by country, activity per operator, first-response times, won/lost per funnel.
//! Each reads what it needs in one read transaction; fine for a small business's volumes (a
//! tenant with millions of messages would want counters kept at write time instead).

use std::collections::BTreeMap;

use centralita_protocol::{Direction, LeadStatus, PageRequest, Report, ReportRange, TenantId};
use jiff::Timestamp;

use crate::actor::Actor;
use crate::error::AreaError;
use crate::store::{ReadTxn, Store};

/// The report names, as `centralita reports NAME` takes them.
pub const NAMES: [&str; 6] = [
    "channels",
    "leads",
    "countries",
    "operators",
    "first-response",
    "funnels",
];

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
            return Err(AreaError::invalid(format!(
                "the report range must end after it starts: {from} to {to}"
            )));
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
            let contacts = txn.list_contacts(
                tenant,
                PageRequest::first(PageRequest::MAX_LIMIT),
                |_, _| true,
            )?;
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
            let page = txn.audit_page(Some(tenant), PageRequest::first(PageRequest::MAX_LIMIT))?;
            let rows = count_by(
                page.entries
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
            return Err(AreaError::Invalid(format!(
                "unknown report {other:?}: use {}",
                NAMES.join(", ")
            )));
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
    let page = txn.list_conversations(
        tenant,
        PageRequest::first(PageRequest::MAX_LIMIT),
        |_, _| Ok(true),
    )?;
    let countries: BTreeMap<u64, Option<String>> = txn
        .list_contacts(
            tenant,
            PageRequest::first(PageRequest::MAX_LIMIT),
            |_, _| true,
        )?
        .into_iter()
        .map(|contact| (contact.id, contact.country))
        .collect();
    Ok(page
        .conversations
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
/// min, max, average and median, in seconds.
fn first_response(
    txn: &ReadTxn,
    tenant: &TenantId,
    from: Timestamp,
    to: Timestamp,
) -> Result<Vec<(String, f64)>, AreaError> {
    let mut waits: Vec<f64> = Vec::new();
    for (conversation, _) in conversations(txn, tenant)? {
        let detail = txn.conversation_detail(tenant, conversation.id, PageRequest::MAX_LIMIT)?;
        let mut waiting_since: Option<Timestamp> = None;
        for message in &detail.messages {
            match message.direction {
                Direction::Inbound => {
                    if waiting_since.is_none() && message.sent_at >= from && message.sent_at < to {
                        waiting_since = Some(message.sent_at);
                    }
                }
                Direction::Outbound => {
                    if let Some(since) = waiting_since.take() {
                        waits.push(message.sent_at.duration_since(since).as_secs_f64().max(0.0));
                    }
                }
            }
        }
    }
    if waits.is_empty() {
        return Ok(Vec::new());
    }
    waits.sort_by(f64::total_cmp);
    let median = if waits.len() % 2 == 1 {
        waits[waits.len() / 2]
    } else {
        f64::midpoint(waits[waits.len() / 2 - 1], waits[waits.len() / 2])
    };
    Ok(vec![
        ("answered".to_owned(), waits.len() as f64),
        ("min".to_owned(), waits[0]),
        ("max".to_owned(), waits[waits.len() - 1]),
        (
            "average".to_owned(),
            waits.iter().sum::<f64>() / waits.len() as f64,
        ),
        ("median".to_owned(), median),
    ])
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
}
