//! Every user-facing sentence of the console and the CLI that is not clap help, in one place so
//! it can be translated. English for now; a Spanish table goes beside it.

pub const NO_TENANT: &str = "you have no role in any tenant; ask an admin to add you";
pub const CHOOSE_TENANT: &str = "choose a tenant with --tenant";
pub const SANDBOX_BANNER: &str = "SANDBOX: fake providers and sample data, not for production";
pub const DEMO_STARTING: &str = "starting a demo daemon on a temporary folder…";

pub const CONNECTED: &str = "connected";
pub const DISCONNECTED: &str = "disconnected, retrying…";
pub const ADMIN_ONLY: &str = "admins only: ask an admin of this tenant";
pub const NOTHING_HERE: &str = "nothing here yet";
pub const UNKNOWN_VIEW: &str = "unknown view";
pub const CONFIRM_HINT: &str = "y confirm · n cancel";
pub const LOADING: &str = "loading…";

// Console prompts (`a`, `x`, `e`, `s`) and what they say when the input will not do.
pub const PROMPT_NEW_TENANT: &str = "new tenant: id name";
pub const PROMPT_NEW_OPERATOR: &str = "new operator: user role";
pub const PROMPT_SAVE_ORIGINAL: &str = "save original to";
pub const NEED_TENANT_FORM: &str = "type the tenant's id, a space, then its name";
pub const NEED_OPERATOR_FORM: &str = "type the Unix user, a space, then agent, supervisor or admin";
pub const NEED_REJECT_REASON: &str = "type why the invoice is rejected";
pub const NEED_SAVE_PATH: &str = "type a file name to save the original to";

/// The label of the reject prompt.
pub fn prompt_reject(id: u64) -> String {
    format!("reject invoice {id}, reason")
}

/// The label of the edit prompt for one field.
pub fn prompt_edit(field: &str) -> String {
    format!("{field} (empty clears)")
}

pub const NEED_REPLY_TEXT: &str = "type the reply, then Enter to send (Esc cancels)";

/// The label of the reply prompt.
pub fn prompt_reply(to: &str) -> String {
    format!("reply to {to} (/name: a template; Enter sends)")
}

/// The notice when reminders are due.
pub fn reminders_due(count: usize, first: &str) -> String {
    if count == 1 {
        format!("reminder due: {first}")
    } else {
        format!("{count} reminders due, first: {first}")
    }
}
