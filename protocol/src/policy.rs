//! Who may call what: the one table the daemon checks every call against. The docs of each
//! method in [`Centralita`](crate::Centralita) end with the same words (`Who: …`), and a test
//! keeps the two in step.

use crate::Role;

/// Who may call a method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Any operator: a role in some tenant, or a superuser.
    Operator,
    /// At least this role in the tenant the call names (superusers always may).
    Role(Role),
    /// Root or the daemon's own Unix user only.
    Superuser,
}

impl Who {
    /// How the method docs say it, after `Who: `.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Operator => "any operator",
            Self::Role(Role::Agent) => "any role in the tenant",
            Self::Role(Role::Supervisor) => "supervisor or admin",
            Self::Role(Role::Admin) => "admin",
            Self::Superuser => "superuser",
        }
    }
}

/// One method's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub method: &'static str,
    pub who: Who,
    /// The call changes something: it is audited, refused or not.
    pub writes: bool,
}

const fn read(method: &'static str, who: Who) -> Rule {
    Rule {
        method,
        who,
        writes: false,
    }
}

const fn write(method: &'static str, who: Who) -> Rule {
    Rule {
        method,
        who,
        writes: true,
    }
}

const AGENT: Who = Who::Role(Role::Agent);
const SUPERVISOR: Who = Who::Role(Role::Supervisor);
const ADMIN: Who = Who::Role(Role::Admin);

/// Every method of the protocol, with who may call it. Agents also see only their own and
/// unassigned conversations and leads; the daemon checks that inside the call.
pub const POLICY: &[Rule] = &[
    read("hello", Who::Operator),
    read("status", Who::Operator),
    read("dashboard", AGENT),
    read("watch", AGENT),
    read("jobs_list", SUPERVISOR),
    read("jobs_show", SUPERVISOR),
    write("jobs_retry", SUPERVISOR),
    write("jobs_retry_matching", SUPERVISOR),
    write("jobs_cancel", SUPERVISOR),
    read("queues_list", AGENT),
    write("queues_set_paused", Who::Superuser),
    read("tenants_list", Who::Operator),
    write("tenants_add", Who::Superuser),
    write("tenants_set_zone", ADMIN),
    write("tenants_set_currency", ADMIN),
    // A backup changes nothing but carries every tenant's data away: audited.
    write("admin_backup", Who::Superuser),
    // Supervisors assign conversations and leads, so they see who is on the team.
    read("operators_list", SUPERVISOR),
    write("operators_add", ADMIN),
    write("operators_remove", ADMIN),
    write("operators_rename", ADMIN),
    read("audit_list", SUPERVISOR),
    read("audit_list_unscoped", Who::Superuser),
    write("invoices_upload_start", AGENT),
    write("invoices_upload_chunk", Who::Operator),
    write("invoices_upload_finish", Who::Operator),
    read("invoices_list", AGENT),
    read("invoices_show", AGENT),
    write("invoices_edit", AGENT),
    write("invoices_confirm", AGENT),
    write("invoices_reject", AGENT),
    write("invoices_retry", AGENT),
    read("invoices_download", AGENT),
    read("invoices_export", SUPERVISOR),
    read("invoices_summary", AGENT),
    read("invoices_mappings", Who::Operator),
    write("invoices_mappings_reload", Who::Superuser),
    read("conversations_list", AGENT),
    read("conversations_show", AGENT),
    read("conversations_history", AGENT),
    write("conversations_send", AGENT),
    write("conversations_assign", AGENT),
    write("conversations_set_state", AGENT),
    write("conversations_mark_read", AGENT),
    write("conversations_send_quick_reply", AGENT),
    write("conversations_send_file", AGENT),
    write("conversations_to_invoice", AGENT),
    write("conversations_send_whatsapp_template", AGENT),
    read("whatsapp_templates_list", AGENT),
    write("whatsapp_templates_sync", SUPERVISOR),
    read("quick_replies_list", AGENT),
    write("quick_replies_put", SUPERVISOR),
    write("quick_replies_remove", SUPERVISOR),
    read("quick_replies_preview", AGENT),
    read("leads_list", AGENT),
    read("leads_show", AGENT),
    write("leads_add", AGENT),
    write("leads_edit", AGENT),
    write("leads_move", AGENT),
    write("leads_note", AGENT),
    read("funnels_list", AGENT),
    write("funnels_put", SUPERVISOR),
    write("funnels_remove", SUPERVISOR),
    read("leads_funnel", AGENT),
    read("reminders_list", AGENT),
    write("reminders_add", AGENT),
    write("reminders_done", AGENT),
    write("reminders_snooze", AGENT),
    write("reminders_edit", AGENT),
    read("reports", SUPERVISOR),
    read("contacts_show", AGENT),
    write("contacts_edit", AGENT),
    write("contacts_note", AGENT),
    write("contacts_merge", SUPERVISOR),
    read("contacts_list", AGENT),
    read("connections_list", AGENT),
    write("connections_add", ADMIN),
    write("connections_finish", ADMIN),
    write("connections_test", ADMIN),
    write("connections_revoke", ADMIN),
    write("connections_remove", ADMIN),
    read("mail_mailboxes", AGENT),
    write("mail_mailbox_add", ADMIN),
    write("mail_mailbox_edit", ADMIN),
    write("mail_mailbox_remove", ADMIN),
    write("mail_sync", SUPERVISOR),
    read("mail_messages", AGENT),
    read("mail_message", AGENT),
    read("glosas_list", AGENT),
    read("glosas_show", AGENT),
    write("glosas_answer", AGENT),
    write("glosas_set_state", AGENT),
    read("glosas_export", AGENT),
    read("glosas_catalog", AGENT),
    write("glosas_add", AGENT),
    read("schedules_list", SUPERVISOR),
    write("schedules_pause", SUPERVISOR),
    write("schedules_run_now", SUPERVISOR),
];

/// The rule of `method`, if it is one.
pub fn rule(method: &str) -> Option<&'static Rule> {
    POLICY.iter().find(|rule| rule.method == method)
}
