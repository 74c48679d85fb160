//! Refusals a client words in the operator's language. Each key names one sentence and how
//! many values fill it (`{0}`, `{1}`, …, in the order the daemon gives them). The daemon writes
//! the English into [`RpcError::message`](crate::RpcError) and sends the key and the values in
//! [`ErrorDetail::Said`](crate::ErrorDetail); a client keeps its own sentence for each key (the
//! console's tests check it has one for every key here, with no value it is not given).

/// One sentence of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    /// Stable: clients look their sentence up by it.
    pub name: &'static str,
    /// How many values fill it.
    pub args: usize,
}

const fn key(name: &'static str, args: usize) -> Key {
    Key { name, args }
}

// Conversations and messages.
/// An agent tried to give a conversation to someone else.
pub const AGENT_TAKES_CONVERSATION: Key = key("agent_takes_conversation", 0);
/// {0} user, {1} tenant.
pub const NO_ROLE_TO_ASSIGN: Key = key("no_role_to_assign", 2);
pub const MESSAGE_EMPTY: Key = key("message_empty", 0);
/// {0} characters, {1} the limit.
pub const MESSAGE_TOO_LONG: Key = key("message_too_long", 2);
/// {0} channel, {1} when it closed.
pub const WINDOW_CLOSED: Key = key("window_closed", 2);
/// {0} channel.
pub const WINDOW_NOT_OPEN: Key = key("window_not_open", 1);
/// {0} file name.
pub const FILE_EMPTY: Key = key("file_empty", 1);
/// {0} file name, {1} its bytes, {2} channel, {3} file kind, {4} the limit in bytes.
pub const FILE_TOO_LARGE: Key = key("file_too_large", 5);
/// {0} characters, {1} the limit.
pub const CAPTION_TOO_LONG: Key = key("caption_too_long", 2);
/// {0} template, {1} its channels, {2} this conversation's channel.
pub const REPLY_TEMPLATE_CHANNEL: Key = key("reply_template_channel", 3);
/// {0} this conversation's channel.
pub const WHATSAPP_TEMPLATE_CHANNEL: Key = key("whatsapp_template_channel", 1);
/// {0} template, {1} language, {2} its status (and Meta's reason).
pub const WHATSAPP_TEMPLATE_NOT_APPROVED: Key = key("whatsapp_template_not_approved", 3);
/// {0} template, {1} values it takes, {2} values given.
pub const WHATSAPP_TEMPLATE_VALUES: Key = key("whatsapp_template_values", 3);
/// {0} which value (from 1), {1} template.
pub const WHATSAPP_TEMPLATE_VALUE_EMPTY: Key = key("whatsapp_template_value_empty", 2);

// Leads, contacts, reminders.
pub const AGENT_TAKES_LEAD: Key = key("agent_takes_lead", 0);
/// {0} funnel, {1} the stage asked for, {2} its stages.
pub const NO_SUCH_STAGE: Key = key("no_such_stage", 3);
/// {0} the value typed.
pub const NOT_AN_AMOUNT: Key = key("not_an_amount", 1);
pub const NO_FUNNEL: Key = key("no_funnel", 0);
/// {0} the number typed.
pub const NOT_A_PHONE: Key = key("not_a_phone", 1);
pub const MERGE_INTO_ITSELF: Key = key("merge_into_itself", 0);
pub const AGENT_OWN_REMINDERS: Key = key("agent_own_reminders", 0);
/// {0} reminder, {1} whose it is.
pub const SOMEONE_ELSES_REMINDER: Key = key("someone_elses_reminder", 2);
pub const REMINDER_TEXT_EMPTY: Key = key("reminder_text_empty", 0);
pub const NOTHING_TO_CHANGE: Key = key("nothing_to_change", 0);

// Invoices and jobs.
/// {0} invoice, {1} its state, {2} the states that allow it, {3} the action.
pub const INVOICE_STATE: Key = key("invoice_state", 4);
pub const REJECTION_NEEDS_REASON: Key = key("rejection_needs_reason", 0);
/// {0} job, {1} its state.
pub const JOB_NOT_RETRIABLE: Key = key("job_not_retriable", 2);
/// {0} job, {1} the active job, {2} their unique key.
pub const JOB_RETRY_BLOCKED: Key = key("job_retry_blocked", 3);
/// {0} job, {1} its state.
pub const JOB_NOT_CANCELLABLE: Key = key("job_not_cancellable", 2);

// Tenants and operators.
pub const TENANT_NAME_LENGTH: Key = key("tenant_name_length", 0);
/// {0} the zone typed.
pub const NOT_A_ZONE: Key = key("not_a_zone", 1);
/// {0} the name typed, {1} the most characters.
pub const NOT_A_DISPLAY_NAME: Key = key("not_a_display_name", 2);

/// Every key, for clients to check their translations against.
pub const ALL: &[Key] = &[
    AGENT_TAKES_CONVERSATION,
    NO_ROLE_TO_ASSIGN,
    MESSAGE_EMPTY,
    MESSAGE_TOO_LONG,
    WINDOW_CLOSED,
    WINDOW_NOT_OPEN,
    FILE_EMPTY,
    FILE_TOO_LARGE,
    CAPTION_TOO_LONG,
    REPLY_TEMPLATE_CHANNEL,
    WHATSAPP_TEMPLATE_CHANNEL,
    WHATSAPP_TEMPLATE_NOT_APPROVED,
    WHATSAPP_TEMPLATE_VALUES,
    WHATSAPP_TEMPLATE_VALUE_EMPTY,
    AGENT_TAKES_LEAD,
    NO_SUCH_STAGE,
    NOT_AN_AMOUNT,
    NO_FUNNEL,
    NOT_A_PHONE,
    MERGE_INTO_ITSELF,
    AGENT_OWN_REMINDERS,
    SOMEONE_ELSES_REMINDER,
    REMINDER_TEXT_EMPTY,
    NOTHING_TO_CHANGE,
    INVOICE_STATE,
    REJECTION_NEEDS_REASON,
    JOB_NOT_RETRIABLE,
    JOB_RETRY_BLOCKED,
    JOB_NOT_CANCELLABLE,
    TENANT_NAME_LENGTH,
    NOT_A_ZONE,
    NOT_A_DISPLAY_NAME,
];
