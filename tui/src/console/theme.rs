//! Styles. Sixteen ANSI colours only (they follow the terminal's palette, over SSH too); with
//! `NO_COLOR` set every style is plain and emphasis is bold/reverse only.

use centralita_protocol::{
    AttachmentOutcome, ConnectionState, GlosaState, InvoiceState, JobState, Urgency,
};
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub no_color: bool,
}

impl Theme {
    /// Colour unless `$NO_COLOR` is set (to anything non-empty), per no-color.org.
    pub fn from_env() -> Self {
        Self {
            no_color: std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()),
        }
    }

    fn fg(self, color: Color) -> Style {
        if self.no_color {
            Style::default()
        } else {
            Style::default().fg(color)
        }
    }

    /// Black on `color`, or reversed without colour: a bar across the screen, a picked row.
    fn bar(self, color: Color) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().fg(Color::Black).bg(color)
        }
    }

    pub fn header(self) -> Style {
        self.bar(Color::Cyan)
    }
    pub fn title(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn selected(self) -> Style {
        self.bar(Color::Yellow)
    }
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn dim(self) -> Style {
        self.fg(Color::DarkGray)
    }
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn ok(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn banner(self) -> Style {
        if self.no_color {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        }
    }
    /// A count in `style` when there are some, dim when there are none, so the states with
    /// something in them stand out.
    pub fn count(self, count: u64, style: Style) -> Style {
        if count > 0 { style } else { self.dim() }
    }

    pub fn state(self, state: JobState) -> Style {
        match state {
            JobState::Succeeded => self.ok(),
            JobState::Failed | JobState::Dead => self.error(),
            JobState::Running => self.fg(Color::Cyan),
            JobState::Queued => self.fg(Color::Blue),
            _ => self.dim(),
        }
    }
    pub fn invoice_state(self, state: InvoiceState) -> Style {
        match state {
            InvoiceState::Processed => self.ok(),
            InvoiceState::Failed | InvoiceState::Rejected => self.error(),
            InvoiceState::WaitingValidation => self.fg(Color::Yellow),
            InvoiceState::Processing => self.fg(Color::Cyan),
        }
    }
    pub fn connection_state(self, state: ConnectionState) -> Style {
        match state {
            ConnectionState::Connected => self.ok(),
            ConnectionState::ReauthorizationNeeded | ConnectionState::Error => self.error(),
            ConnectionState::Pending => self.fg(Color::Yellow),
            ConnectionState::Refreshing => self.fg(Color::Cyan),
            _ => self.dim(),
        }
    }

    /// An attachment that became an invoice in green, one waiting for intake in cyan, a
    /// skipped one in yellow.
    pub fn attachment_outcome(self, outcome: &AttachmentOutcome) -> Style {
        match outcome {
            AttachmentOutcome::Invoice { .. } => self.ok(),
            AttachmentOutcome::Queued => self.fg(Color::Cyan),
            _ => self.fg(Color::Yellow),
        }
    }

    /// How close a glosa's due date is: plain while there is time, yellow when it is soon,
    /// red when urgent, red and bold once past the term (tacitly accepted).
    pub fn urgency(self, urgency: Urgency) -> Style {
        match urgency {
            Urgency::Soon => self.fg(Color::Yellow),
            Urgency::Urgent => self.fg(Color::Red),
            Urgency::Overdue => self.error(),
            _ => Style::default(),
        }
    }

    /// A glosa nobody looked at in yellow, one in review in cyan, an answered one in green, a
    /// closed one dim.
    pub fn glosa_state(self, state: GlosaState) -> Style {
        match state {
            GlosaState::Received => self.fg(Color::Yellow),
            GlosaState::InReview => self.fg(Color::Cyan),
            GlosaState::Answered => self.ok(),
            _ => self.dim(),
        }
    }
}
