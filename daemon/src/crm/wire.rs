//! The one place the CRM's records become `protocol` types (and back, for what arrives).

use centralita_protocol::{Contact, ContactId, Funnel, Lead, LeadNote, Reminder};

use super::Note;
use super::contacts::ContactRecord;
use super::funnels::FunnelRecord;
use super::leads::LeadRecord;
use super::reminders::ReminderRecord;

impl From<Note> for LeadNote {
    fn from(note: Note) -> Self {
        Self {
            at: note.at,
            author: note.author,
            text: note.text,
        }
    }
}

impl LeadRecord {
    /// The lead as the wire shows it, with its contact's name.
    pub fn into_wire(self, contact_name: Option<String>) -> Lead {
        Lead {
            id: self.id,
            contact: self.contact,
            contact_name,
            conversation: self.conversation,
            lead_type: self.lead_type,
            status: self.status,
            funnel: self.funnel,
            stage: self.stage,
            stage_since: self.stage_since,
            assignee: self.assignee,
            value: self.value,
            notes: self.notes.into_iter().map(LeadNote::from).collect(),
            created_at: self.created_at,
        }
    }
}

impl ContactRecord {
    /// Contact `id` as the wire shows it.
    pub fn into_wire(self, id: ContactId) -> Contact {
        Contact {
            id,
            name: self.name,
            phone: self.phone,
            country: self.country,
            email: self.email,
            identities: self.identities,
            tags: self.tags,
            notes: self.notes.into_iter().map(LeadNote::from).collect(),
            created_at: self.created_at,
        }
    }
}

impl From<ReminderRecord> for Reminder {
    fn from(reminder: ReminderRecord) -> Self {
        Self {
            id: reminder.id,
            lead: reminder.lead,
            due_at: reminder.due_at,
            assignee: reminder.assignee,
            text: reminder.text,
            done: reminder.done,
            created_by: reminder.created_by,
        }
    }
}

impl From<&FunnelRecord> for Funnel {
    fn from(funnel: &FunnelRecord) -> Self {
        Self {
            name: funnel.name.clone(),
            lead_type: funnel.lead_type,
            stages: funnel.stages.clone(),
            keywords: funnel.keywords.clone(),
        }
    }
}

impl From<Funnel> for FunnelRecord {
    fn from(funnel: Funnel) -> Self {
        Self {
            name: funnel.name,
            lead_type: funnel.lead_type,
            stages: funnel.stages,
            keywords: funnel.keywords,
        }
    }
}
