//! One lead (opened with Enter from `:leads` or a funnel card): its fields, notes, reminders
//! and contact. `e` edits a field, `n` adds a note, `M` moves it to a stage of its funnel, `R`
//! adds a reminder.

use centralita_protocol::{
    Contact, ContactId, Lead, LeadEdit, LeadId, LeadStatus, LeadType, Reminder,
};
use jiff::Timestamp;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{Context, Screen, View, ViewState, detail};
use crate::console::effect::Effect;
use crate::console::event::Reply;
use crate::console::keymap::{self, Action, Binding, key};
use crate::console::mode::Form;
use crate::console::theme::Theme;
use crate::console::widgets::relative;
use crate::text;

/// This view's keys, besides the ones every view has ([`GLOBAL`](crate::console::keymap::GLOBAL)).
pub const KEYS: &[Binding] = &[
    key('e', text::KEY_EDIT_FIELD, Action::Edit),
    key('n', text::KEY_NOTE, Action::Note),
    key('M', text::KEY_MOVE_TO_STAGE, Action::Move),
    key('R', text::KEY_REMINDER, Action::Remind),
    keymap::BACK,
];

/// A lead with what the view shows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadDetail {
    pub lead: Lead,
    /// `None` when the caller may not see it (or it is gone).
    pub contact: Option<Contact>,
    /// Its reminders not done, soonest first.
    pub reminders: Vec<Reminder>,
    /// The stages of its funnel, in order.
    pub stages: Vec<String>,
}

/// The state of the lead on screen.
#[derive(Debug, Default)]
pub struct LeadView {
    /// The lead asked for, and its details once loaded.
    pub id: Option<LeadId>,
    pub detail: Option<LeadDetail>,
}

impl LeadView {
    /// Shows lead `id`, loading.
    pub fn open(&mut self, id: LeadId) -> Vec<Effect> {
        self.id = Some(id);
        self.detail = None;
        vec![Effect::LoadLead(id)]
    }
}

impl ViewState for LeadView {
    fn reload(&self, _access: super::Access) -> Vec<Effect> {
        self.id.map(Effect::LoadLead).into_iter().collect()
    }

    fn update(&mut self, action: Action, context: &mut Context<'_>) -> Vec<Effect> {
        let Some(detail) = &self.detail else {
            return Vec::new();
        };
        let id = detail.lead.id;
        let (form, label) = match action {
            Action::Edit => (Form::EditLead(id), text::prompt_edit_lead(id)),
            Action::Note => (Form::NoteLead(id), text::prompt_note("lead", id)),
            Action::Move => (
                Form::MoveLead(id),
                text::prompt_move_lead(id, &detail.stages),
            ),
            Action::Remind => (Form::RemindLead(id), text::prompt_reminder(id)),
            _ => return Vec::new(),
        };
        context.prompt_blank(form, label);
        Vec::new()
    }

    fn on_reply(&mut self, reply: Reply, _context: &mut Context<'_>) -> Vec<Effect> {
        if let Reply::Lead(detail) = reply
            && self.id == Some(detail.lead.id)
        {
            self.detail = Some(*detail);
        }
        Vec::new()
    }

    fn draw(&self, frame: &mut Frame<'_>, area: Rect, screen: &Screen<'_>) {
        let theme = screen.theme;
        let Some(detail) = detail::loaded(frame, area, View::Lead, &self.detail, theme) else {
            return;
        };
        let lead = &detail.lead;
        let [left, right] = detail::columns(area, 50);
        let title = format!(
            " lead {} · {} ",
            lead.id,
            text::contact_name(lead.contact_name.as_deref(), lead.contact)
        );
        let mut lines = fields(detail, screen, theme);
        detail::section(&mut lines, text::CONTACT_HEADING, theme);
        lines.extend(contact_lines(detail.contact.as_ref(), lead.contact, theme));
        frame.render_widget(detail::pane(lines, title, theme), left);
        let mut lines = vec![Line::styled(
            text::notes_heading(lead.notes.len()),
            theme.title(),
        )];
        if lead.notes.is_empty() {
            lines.push(Line::styled(text::NOTHING_HERE, theme.dim()));
        }
        lines.extend(detail::notes(&lead.notes, screen.now, theme));
        let heading = text::reminders_heading(detail.reminders.len());
        detail::section(&mut lines, heading, theme);
        for reminder in &detail.reminders {
            let due = relative(screen.now, reminder.due_at);
            let style = if reminder.due_at <= screen.now {
                theme.error()
            } else {
                theme.dim()
            };
            lines.push(Line::from(vec![
                Span::styled(
                    format!("#{} {due} · {}  ", reminder.id, reminder.assignee),
                    style,
                ),
                Span::raw(reminder.text.clone()),
            ]));
        }
        frame.render_widget(detail::pane(lines, text::LEAD_HISTORY, theme), right);
    }
}

/// The lead's fields, one a line.
fn fields(detail: &LeadDetail, screen: &Screen<'_>, theme: Theme) -> Vec<Line<'static>> {
    let now = screen.now;
    let lead = &detail.lead;
    let field = |name: &str, value: String| detail::field(name, 10, value, theme);
    let stages = detail
        .stages
        .iter()
        .map(|stage| {
            if *stage == lead.stage {
                format!("[{stage}]")
            } else {
                stage.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(" › ");
    vec![
        field(text::LEAD_TYPE.get(), lead.lead_type.to_string()),
        field(text::LEAD_STATUS.get(), lead.status.to_string()),
        field(text::LEAD_FUNNEL.get(), lead.funnel.clone()),
        field(
            text::LEAD_STAGE.get(),
            text::stage_since(&lead.stage, &relative(now, lead.stage_since)),
        ),
        field(text::LEAD_STAGES.get(), stages),
        field(
            text::LEAD_ASSIGNEE.get(),
            lead.assignee
                .clone()
                .unwrap_or_else(|| text::NOBODY.to_string()),
        ),
        field(
            text::LEAD_VALUE.get(),
            lead.value
                .as_deref()
                .map(|value| screen.amount(value))
                .unwrap_or_default(),
        ),
        field(
            text::LEAD_CHAT.get(),
            lead.conversation
                .map(text::conversation_named)
                .unwrap_or_default(),
        ),
        field(text::LEAD_CREATED.get(), relative(now, lead.created_at)),
    ]
}

/// The contact behind the lead: name, phone, country, handles, tags.
fn contact_lines(contact: Option<&Contact>, id: ContactId, theme: Theme) -> Vec<Line<'static>> {
    let Some(contact) = contact else {
        return vec![Line::styled(text::contact_named(id), theme.dim())];
    };
    let mut lines = vec![Line::raw(format!(
        "{} · {} {}",
        text::contact_name(contact.name.as_deref(), contact.id),
        contact.phone.as_deref().unwrap_or_default(),
        contact.country.as_deref().unwrap_or_default()
    ))];
    for (channel, handle) in &contact.identities {
        lines.push(Line::styled(format!("{channel}: {handle}"), theme.dim()));
    }
    if !contact.tags.is_empty() {
        lines.push(Line::raw(format!(
            "{}: {}",
            text::TAGS_LABEL,
            contact.tags.join(", ")
        )));
    }
    lines
}

/// `e`: "field value" — `status won`, `type sale`, `assignee ana` (`-` or nothing
/// unassigns, `me` is `user`), `value 1500` (`-` or nothing clears).
pub fn parse_edit_form(id: LeadId, input: &str, user: &str) -> Result<Effect, String> {
    let (field, value) = input
        .trim()
        .split_once(char::is_whitespace)
        .map_or((input.trim(), ""), |(field, value)| (field, value.trim()));
    let cleared = |value: &str| (!value.is_empty() && value != "-").then(|| value.to_owned());
    let edit = match field {
        "status" => LeadEdit {
            status: Some(value.parse::<LeadStatus>()?),
            ..LeadEdit::default()
        },
        "type" => LeadEdit {
            lead_type: Some(value.parse::<LeadType>()?),
            ..LeadEdit::default()
        },
        "assignee" => LeadEdit {
            assignee: Some(
                cleared(value).map(|who| if who == "me" { user.to_owned() } else { who }),
            ),
            ..LeadEdit::default()
        },
        "value" => LeadEdit {
            value: Some(cleared(value)),
            ..LeadEdit::default()
        },
        _ => return Err(text::NEED_LEAD_FIELD.to_string()),
    };
    Ok(Effect::EditLead { id, edit })
}

/// `M`: a stage of the lead's funnel.
pub fn parse_move_form(id: LeadId, input: &str) -> Result<Effect, String> {
    let stage = input.trim();
    if stage.is_empty() || stage.contains(char::is_whitespace) {
        return Err(text::NEED_STAGE.to_string());
    }
    Ok(Effect::MoveLead {
        id,
        stage: stage.to_owned(),
    })
}

/// `R`: "YYYY-MM-DD HH:MM text" or "HH:MM text" (today), in the tenant's zone.
pub fn parse_reminder_form(
    lead: LeadId,
    input: &str,
    now: Timestamp,
    zone: &jiff::tz::TimeZone,
) -> Result<Effect, String> {
    let (due, text) = super::reminders::parse_due_and_text(input, now, zone)?;
    Ok(Effect::AddReminder { lead, due, text })
}
