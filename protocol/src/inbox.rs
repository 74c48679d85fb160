//! Inbox records: contacts, conversations and messages across WhatsApp, Messenger and Telegram.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::{ContactId, ConversationId, LeadId, MessageId, ReminderId};

/// A customer, matched across channels by their identities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    #[serde(default)]
    pub name: Option<String>,
    /// E.164 (`+51987654321`).
    #[serde(default)]
    pub phone: Option<String>,
    /// ISO 3166 alpha-2, from the phone's calling code.
    #[serde(default)]
    pub country: Option<String>,
    /// Lower-case (`ana.perez@clinica.pe`).
    #[serde(default)]
    pub email: Option<String>,
    /// `(channel, id at the provider)`: wa_id, PSID, Telegram user id.
    pub identities: Vec<(String, String)>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// What operators wrote about this customer, oldest first.
    #[serde(default)]
    pub notes: Vec<LeadNote>,
    pub created_at: Timestamp,
}

/// Open, waiting on the customer, or done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationState {
    Open,
    Pending,
    Resolved,
}

impl std::str::FromStr for ConversationState {
    type Err = String;
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim() {
            "open" => Ok(Self::Open),
            "pending" => Ok(Self::Pending),
            "resolved" => Ok(Self::Resolved),
            other => Err(format!(
                "unknown conversation state {other:?}: use open, pending or resolved"
            )),
        }
    }
}

impl ConversationState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Resolved => "resolved",
        }
    }
}

/// One row of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: ConversationId,
    pub contact: ContactId,
    #[serde(default)]
    pub contact_name: Option<String>,
    /// `whatsapp`, `messenger`, `telegram`.
    pub channel: String,
    /// The business side: phone number id, Page id, bot.
    pub account: String,
    pub state: ConversationState,
    #[serde(default)]
    pub assignee: Option<String>,
    pub unread: u32,
    pub last_activity: Timestamp,
    /// The customer's last message: the 24-hour window (WhatsApp, Messenger) counts from it.
    #[serde(default)]
    pub last_inbound_at: Option<Timestamp>,
    /// The start of the newest message, for the list.
    #[serde(default)]
    pub preview: String,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

/// One message of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub conversation: ConversationId,
    /// The provider's id (wamid, mid, `chat:message_id`).
    pub external_id: String,
    pub direction: Direction,
    /// `text`, `image`, `document`, `location`, `reaction`, `button`, …
    pub kind: String,
    #[serde(default)]
    pub text: Option<String>,
    /// Provider media reference and type, when the message carries a file.
    #[serde(default)]
    pub media: Option<String>,
    /// `queued`, `sent`, `delivered`, `read` or `failed` (outbound); `received` (inbound).
    pub status: String,
    /// The provider's error for a failed message.
    #[serde(default)]
    pub error: Option<String>,
    /// `error` in the catalog's words, when it has them (`said`): a client says it in the
    /// operator's language, else shows `error`.
    #[serde(default)]
    pub error_words: Option<crate::said::Words>,
    #[serde(default)]
    pub reply_to: Option<String>,
    pub sent_at: Timestamp,
}

/// A conversation with its contact and newest messages (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationDetail {
    pub conversation: ConversationSummary,
    pub contact: Contact,
    pub messages: Vec<Message>,
}

/// A page of conversations, most recent activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationPage {
    pub conversations: Vec<ConversationSummary>,
    /// Pass as `before` (a last-activity time in ms) for the next page.
    pub next: Option<u64>,
}

/// A canned response operators insert when replying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickReply {
    /// Unique in the tenant; what `/name` in the composer picks.
    pub name: String,
    #[serde(default)]
    pub category: String,
    /// Channels it is offered on (`whatsapp`, `messenger`, `telegram`); empty means all.
    #[serde(default)]
    pub channels: Vec<String>,
    /// Text with variables: `{{name}}`, `{{first_name}}`, `{{agent}}`.
    pub body: String,
}

/// What a lead is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadType {
    Sale,
    NoInterest,
    FutureContact,
    Support,
    Recovery,
}

/// Where a lead stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadStatus {
    New,
    InProgress,
    Negotiation,
    Won,
    Lost,
}

macro_rules! snake_enum {
    ($name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                let value = value.trim().replace('-', "_");
                Self::ALL
                    .iter()
                    .copied()
                    .find(|item| item.as_str() == value)
                    .ok_or_else(|| {
                        let names: Vec<&str> = Self::ALL.iter().map(|item| item.as_str()).collect();
                        format!("unknown {} {value:?}: use {}", stringify!($name), names.join(", "))
                    })
            }
        }
    };
}

snake_enum!(LeadType {
    Sale => "sale",
    NoInterest => "no_interest",
    FutureContact => "future_contact",
    Support => "support",
    Recovery => "recovery",
});

snake_enum!(LeadStatus {
    New => "new",
    InProgress => "in_progress",
    Negotiation => "negotiation",
    Won => "won",
    Lost => "lost",
});

/// A note on a lead or a contact: who wrote it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadNote {
    pub at: Timestamp,
    pub author: String,
    pub text: String,
}

/// A sales or support opportunity with a contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lead {
    pub id: LeadId,
    pub contact: ContactId,
    #[serde(default)]
    pub contact_name: Option<String>,
    #[serde(default)]
    pub conversation: Option<ConversationId>,
    #[serde(rename = "type")]
    pub lead_type: LeadType,
    pub status: LeadStatus,
    /// `sales` or `support`.
    pub funnel: String,
    pub stage: String,
    /// When it entered its stage.
    pub stage_since: Timestamp,
    #[serde(default)]
    pub assignee: Option<String>,
    /// A plain decimal amount.
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub notes: Vec<LeadNote>,
    pub created_at: Timestamp,
}

/// Changes for `contacts_edit`; `None` keeps a field. An empty name or email clears it; `tags`
/// replace the old ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEdit {
    #[serde(default)]
    pub name: Option<String>,
    /// Any format; stored E.164.
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub tags: Option<Vec<String>>,
}

/// Changes for `leads_edit`; `None` keeps a field. `assignee: Some(None)` unassigns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadEdit {
    #[serde(default)]
    pub lead_type: Option<LeadType>,
    #[serde(default)]
    pub status: Option<LeadStatus>,
    #[serde(default)]
    pub assignee: Option<Option<String>>,
    #[serde(default)]
    pub value: Option<Option<String>>,
}

/// One funnel's stages with how many leads sit in each and for how long on average.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStage {
    pub funnel: String,
    pub stage: String,
    pub leads: u64,
    /// Average time the leads now in the stage have been there, in seconds.
    pub average_secs: u64,
}

/// Something to do about a lead at a given time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    pub id: ReminderId,
    pub lead: LeadId,
    pub due_at: Timestamp,
    pub assignee: String,
    pub text: String,
    pub done: bool,
    pub created_by: String,
}

/// The reports the daemon makes, by the name `reports` takes (`centralita reports NAME`, `n` in
/// `:reports`).
pub const REPORT_NAMES: [&str; 6] = [
    "channels",
    "leads",
    "countries",
    "operators",
    "first-response",
    "funnels",
];

/// One report: labelled numbers, for a table or bars.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub title: String,
    pub from: Timestamp,
    pub to: Timestamp,
    /// What the values count or measure (`conversations`, `seconds`…).
    pub unit: String,
    pub rows: Vec<(String, f64)>,
}

/// The inbox at a glance, as the caller may see it (agents: their own and unassigned).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationStats {
    /// Open conversations.
    pub active: u64,
    /// Open conversations whose last message is the customer's.
    pub unanswered: u64,
    /// When the longest-waiting of those wrote.
    #[serde(default)]
    pub waiting_since: Option<Timestamp>,
    /// Time to the first reply over the last [`ConversationStats::RESPONSE_DAYS`] days.
    #[serde(default)]
    pub response: Option<ResponseTimes>,
    /// The latest conversations, most recent activity first.
    #[serde(default)]
    pub recent: Vec<ConversationSummary>,
}

impl ConversationStats {
    /// The days answer times cover.
    pub const RESPONSE_DAYS: u32 = 7;
}

/// How long customers waited for a first reply: every customer message that opened an
/// exchange and was answered, in whole seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseTimes {
    pub answered: u64,
    pub min_secs: u64,
    pub max_secs: u64,
    pub average_secs: u64,
}

/// Which period a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportRange {
    /// The last N days up to now.
    Days(u32),
    /// From `from` (included) to `to` (excluded).
    Between { from: Timestamp, to: Timestamp },
}

/// A funnel of a tenant: its stages in order and the keyword rules that send a new
/// conversation into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funnel {
    /// Unique in the tenant (`sales`, `support`, …).
    pub name: String,
    /// The type a lead opened in this funnel gets; a lead opened by hand with this type starts
    /// here.
    pub lead_type: LeadType,
    /// Stage names in order; a new lead starts in the first.
    pub stages: Vec<String>,
    /// Words or phrases (case-insensitive) that send a customer's first message here. A funnel
    /// without keywords takes the messages no other funnel's keywords match.
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// A WhatsApp message template as Meta approved (or rejected) it: the only thing a business
/// may send outside the 24-hour window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatsAppTemplate {
    pub name: String,
    /// Meta's language code (`es`, `en_US`…).
    pub language: String,
    /// `APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`…
    pub status: String,
    #[serde(default)]
    pub category: Option<String>,
    /// The body with its numbered variables (`Hola {{1}}, tu cita es el {{2}}`), once known.
    #[serde(default)]
    pub body: Option<String>,
    /// How many values a send must give (the highest `{{n}}` in the body).
    #[serde(default)]
    pub variables: u32,
    /// Why Meta rejected or paused it.
    #[serde(default)]
    pub reason: Option<String>,
    pub updated_at: Timestamp,
}
