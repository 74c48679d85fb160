//! What the CRM lists keep: conversations, contacts and leads. Empty fields match everything.

use serde::{Deserialize, Serialize};

use crate::{ContactId, ConversationState, LeadStatus};

/// Whose records a list keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssigneeFilter {
    /// The caller's.
    Me,
    /// Assigned to no one.
    Nobody,
    /// One operator's (a Unix user name).
    User(String),
}

impl std::str::FromStr for AssigneeFilter {
    type Err = String;
    /// `me`, `nobody` (or `none`, `-`), else an operator's user name.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim() {
            "" => Err("an assignee: me, nobody or a user name".to_owned()),
            "me" => Ok(Self::Me),
            "nobody" | "none" | "-" => Ok(Self::Nobody),
            user => Ok(Self::User(user.to_owned())),
        }
    }
}

impl std::fmt::Display for AssigneeFilter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Me => f.write_str("me"),
            Self::Nobody => f.write_str("nobody"),
            Self::User(user) => f.write_str(user),
        }
    }
}

/// Which conversations `conversations_list` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationFilter {
    #[serde(default)]
    pub state: Option<ConversationState>,
    #[serde(default)]
    pub assignee: Option<AssigneeFilter>,
    /// `whatsapp`, `messenger`, `telegram`.
    #[serde(default)]
    pub channel: Option<String>,
    /// Only those with unread customer messages.
    #[serde(default)]
    pub unread: bool,
    /// Case-insensitive words, all of which are in the contact's name, phone or channel
    /// handles, or in the newest message's text.
    #[serde(default)]
    pub search: Option<String>,
    /// Only this contact's.
    #[serde(default)]
    pub contact: Option<ContactId>,
}

/// Which contacts `contacts_list` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactFilter {
    /// Case-insensitive words, all of which are in the name, phone, a channel handle or a tag.
    #[serde(default)]
    pub search: Option<String>,
}

/// Which leads `leads_list` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadFilter {
    #[serde(default)]
    pub status: Option<LeadStatus>,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub funnel: Option<String>,
    #[serde(default)]
    pub assignee: Option<AssigneeFilter>,
    /// Case-insensitive words, all of which are in the contact's name or the lead's value.
    #[serde(default)]
    pub search: Option<String>,
    /// Only this contact's.
    #[serde(default)]
    pub contact: Option<ContactId>,
}
