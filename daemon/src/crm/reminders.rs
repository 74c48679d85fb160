//! Reminders on leads, keyed (tenant, id): something to do by a time, for one operator. Agents
//! see and act on their own; supervisors and admins on everyone's. Due ones show on the
//! dashboard.

use centralita_protocol::said as key;
use centralita_protocol::{ChangeOp, LeadId, Reminder, ReminderId, TenantId};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::actor::Actor;
use crate::audit;
use crate::error::{AreaError, Said, said};
use crate::lookup::find;
use crate::store::{ReadTxn, Records, Store, WriteTxn, tenant_keys};

/// (tenant, reminder id) → [`ReminderRecord`].
pub(super) const REMINDERS: Records<(&str, u64), ReminderRecord> = Records::new("reminders");

/// A reminder as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRecord {
    pub id: ReminderId,
    pub lead: LeadId,
    pub due_at: Timestamp,
    pub assignee: String,
    pub text: String,
    pub done: bool,
    pub created_by: String,
}

/// A reminder's due time: `YYYY-MM-DD HH:MM` in the tenant's `zone`, or an RFC 3339 time.
pub fn parse_due(text: &str, zone: &TimeZone) -> Result<Timestamp, Said> {
    let text = text.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Ok(at);
    }
    let refused = || {
        said!(
            key::NOT_A_DUE_TIME,
            "{0} is not a time: write YYYY-MM-DD HH:MM ({1}) or 2026-12-01T15:00:00Z",
            format!("{text:?}"),
            zone.iana_name().unwrap_or("the tenant's time zone")
        )
    };
    let local = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", text).map_err(|_| refused())?;
    // A local time that has no instant in the zone (out of range) is as unusable as a typo.
    local
        .to_zoned_datetime(zone.clone())
        .map(|zoned| zoned.timestamp())
        .map_err(|_| refused())
}

/// The tenant's reminders the actor sees (an agent their own), soonest first; done ones only
/// with `include_done`.
pub async fn list(
    store: &Store,
    actor: &Actor,
    include_done: bool,
) -> Result<Vec<Reminder>, AreaError> {
    let tenant = actor.tenant.clone();
    let mut reminders = store.read(move |txn| txn.reminders(&tenant)).await?;
    reminders.retain(|reminder| {
        (include_done || !reminder.done)
            && actor.agent().is_none_or(|user| reminder.assignee == user)
    });
    Ok(reminders.into_iter().map(Reminder::from).collect())
}

/// Reminders due now or before, not done, that the actor sees (for the dashboard).
pub async fn due(store: &Store, actor: &Actor) -> Result<Vec<Reminder>, AreaError> {
    let now = Timestamp::now();
    let mut due = list(store, actor, false).await?;
    due.retain(|reminder| reminder.due_at <= now);
    Ok(due)
}

/// A reminder on a lead the actor sees. `due` is `YYYY-MM-DD HH:MM` in the tenant's time zone
/// or an RFC 3339 time; `assignee` defaults to the actor (agents may only remind themselves).
pub async fn add(
    store: &Store,
    actor: &Actor,
    lead: LeadId,
    due: String,
    text: String,
    assignee: Option<String>,
) -> Result<Reminder, AreaError> {
    let zone = crate::tenants::zone_of(store, &actor.tenant).await?;
    let due_at = parse_due(&due, &zone).map_err(Said::invalid)?;
    let assignee = assignee.unwrap_or_else(|| actor.user().to_owned());
    if actor.agent().is_some_and(|user| assignee != user) {
        return Err(said!(
            key::AGENT_OWN_REMINDERS,
            "agents set reminders for themselves"
        )
        .denied());
    }
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err(said!(
            key::REMINDER_TEXT_EMPTY,
            "say what to do: the reminder text is empty"
        )
        .invalid());
    }
    let reminder = ReminderRecord {
        id: ReminderId(0),
        lead,
        due_at,
        assignee,
        text,
        done: false,
        created_by: actor.user().to_owned(),
    };
    let entry = actor.audit(
        format!("lead {lead}"),
        format!("{due_at}: {}", reminder.text),
    );
    let checker = actor.clone();
    let stored = audit::audited(store, entry, move |txn| {
        txn.require_visible_lead(&checker, lead)?;
        txn.insert_reminder(&checker.tenant, &reminder)
    })
    .await?;
    Ok(Reminder::from(stored))
}

/// What [`change`] does to a reminder.
enum Change {
    Done,
    Snooze(u32),
    Edit {
        due: Option<Timestamp>,
        text: Option<String>,
    },
}

/// Completes a reminder. Its assignee, or a supervisor or admin.
pub async fn done(store: &Store, actor: &Actor, id: ReminderId) -> Result<Reminder, AreaError> {
    change(store, actor, id, Change::Done).await
}

/// Changes a reminder's time (as [`parse_due`] reads it) or text. Its assignee, or a
/// supervisor or admin.
pub async fn edit(
    store: &Store,
    actor: &Actor,
    id: ReminderId,
    due: Option<String>,
    text: Option<String>,
) -> Result<Reminder, AreaError> {
    let zone = crate::tenants::zone_of(store, &actor.tenant).await?;
    let due = due
        .map(|due| parse_due(&due, &zone))
        .transpose()
        .map_err(Said::invalid)?;
    let text = text.map(|text| text.trim().to_owned());
    if text.as_deref().is_some_and(str::is_empty) {
        return Err(said!(key::REMINDER_TEXT_EMPTY, "a reminder needs a text").invalid());
    }
    if due.is_none() && text.is_none() {
        return Err(said!(
            key::NOTHING_TO_CHANGE,
            "nothing to change: give a time or a text"
        )
        .invalid());
    }
    change(store, actor, id, Change::Edit { due, text }).await
}

/// Pushes a reminder `minutes` later than now. Its assignee, or a supervisor or admin.
pub async fn snooze(
    store: &Store,
    actor: &Actor,
    id: ReminderId,
    minutes: u32,
) -> Result<Reminder, AreaError> {
    change(store, actor, id, Change::Snooze(minutes)).await
}

async fn change(
    store: &Store,
    actor: &Actor,
    id: ReminderId,
    what: Change,
) -> Result<Reminder, AreaError> {
    let detail = match &what {
        Change::Done => String::new(),
        Change::Snooze(minutes) => format!("{minutes} min"),
        Change::Edit { due, text } => {
            let due = due.map(|due| due.to_string()).unwrap_or_default();
            format!("{due} {}", text.as_deref().unwrap_or_default())
                .trim()
                .to_owned()
        }
    };
    let entry = actor.audit(format!("reminder {id}"), detail);
    let checker = actor.clone();
    let reminder = audit::audited(store, entry, move |txn| {
        let tenant = &checker.tenant;
        let mut reminder = txn.reminder(tenant, id)?;
        if checker
            .agent()
            .is_some_and(|user| reminder.assignee != user)
        {
            return Err(said!(
                key::SOMEONE_ELSES_REMINDER,
                "reminder {0} is {1}'s; agents act on their own reminders",
                id,
                reminder.assignee
            )
            .denied());
        }
        match &what {
            &Change::Snooze(minutes) => {
                reminder.due_at = txn.now() + jiff::SignedDuration::from_mins(i64::from(minutes));
            }
            Change::Done => reminder.done = true,
            Change::Edit { due, text } => {
                if let Some(due) = due {
                    reminder.due_at = *due;
                }
                if let Some(text) = text {
                    reminder.text.clone_from(text);
                }
            }
        }
        txn.put_reminder(tenant, &reminder)?;
        Ok(reminder)
    })
    .await?;
    Ok(Reminder::from(reminder))
}

impl WriteTxn<'_> {
    /// Stores a new reminder (its id assigned here).
    fn insert_reminder(
        &mut self,
        tenant: &TenantId,
        reminder: &ReminderRecord,
    ) -> Result<ReminderRecord, AreaError> {
        let reminder = ReminderRecord {
            id: ReminderId(self.next_id("reminder")?),
            ..reminder.clone()
        };
        self.put_reminder(tenant, &reminder)?;
        Ok(reminder)
    }

    fn reminder(&mut self, tenant: &TenantId, id: ReminderId) -> Result<ReminderRecord, AreaError> {
        find(self, &REMINDERS, tenant, id)
    }

    fn put_reminder(
        &mut self,
        tenant: &TenantId,
        reminder: &ReminderRecord,
    ) -> Result<(), AreaError> {
        self.open(&REMINDERS)?
            .insert((tenant.as_str(), reminder.id.0), reminder)?;
        self.record_change(
            tenant,
            "reminder",
            &reminder.id.to_string(),
            ChangeOp::Updated,
        )?;
        Ok(())
    }
}

impl ReadTxn {
    /// Every reminder of the tenant, soonest first.
    fn reminders(&self, tenant: &TenantId) -> Result<Vec<ReminderRecord>, AreaError> {
        let table = self.open(&REMINDERS)?;
        let mut reminders = Vec::new();
        for entry in table.range(tenant_keys(tenant))? {
            reminders.push(entry?.1);
        }
        reminders.sort_by_key(|reminder| reminder.due_at);
        Ok(reminders)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_times_are_read_in_the_tenants_zone_or_as_rfc3339() {
        let zone = |name: &str| TimeZone::get(name).expect("zone");
        let lima = parse_due("2026-12-01 10:00", &zone("America/Lima")).expect("valid");
        assert_eq!(lima.to_string(), "2026-12-01T15:00:00Z", "Lima is UTC-5");
        assert_eq!(
            parse_due("2026-12-01T15:00:00Z", &zone("America/Lima")).expect("valid"),
            lima
        );
        let santiago = parse_due("2026-12-01 10:00", &zone("America/Santiago")).expect("valid");
        assert_eq!(santiago.to_string(), "2026-12-01T13:00:00Z", "summer time");
        let refused = parse_due("mañana", &zone("America/Bogota")).expect_err("refused");
        assert!(
            refused.text.contains("YYYY-MM-DD HH:MM (America/Bogota)"),
            "{refused}"
        );
        for trailing in [
            "2026-12-01 10:00zz",
            "2026-12-01 10:00 x",
            "2026-12-01T15:00:00Zzz",
        ] {
            assert!(
                parse_due(trailing, &zone("America/Lima")).is_err(),
                "{trailing} is refused whole"
            );
        }
    }
}
