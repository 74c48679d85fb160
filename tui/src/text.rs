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
/// The `/` line of the jobs list.
pub const JOBS_FILTER_HINT: &str = "words · state:dead queue:mail kind:gmail.sync error:timeout";
/// The `/` line of the invoices list.
pub const INVOICES_FILTER_HINT: &str =
    "issuer or tax id · state:waiting from:2024-11-01 to:15/11/2024";
/// The `/` line of the simple lists (filtered on the rows loaded).
pub const LIST_FILTER_HINT: &str = "words in any column · field:value";
/// `/` in a view that has no filter.
pub const NO_FILTER_HERE: &str = "this view has no / filter";

/// An empty list because of its filter, and how to get the rows back.
pub fn no_matches(filter: &str) -> String {
    format!("no matches for “{filter}” — Esc clears the filter")
}
pub const UNKNOWN_VIEW: &str = "unknown view";

/// A day typed in the CLI or the console that is not one (the forms that will do follow).
pub fn not_a_day(typed: &str) -> String {
    format!("{typed:?} is not a date: dates: 2024-11-15 or 15/11/2024")
}

/// `:` + Enter on a name no view starts with.
pub fn unknown_view(typed: &str) -> String {
    format!("{UNKNOWN_VIEW}: {typed} (Tab or the list under `:` shows the views)")
}

/// `:` + Enter on a start several views share.
pub fn ambiguous_view(typed: &str, names: &[&str]) -> String {
    format!("“{typed}” could be {}: type more", names.join(", "))
}

/// What each view of `:` shows, one line, beside its name in the list under the `:` line.
pub fn view_summary(name: &str) -> &'static str {
    match name {
        "dashboard" => "queues, failures and integrations at a glance",
        "contacts" => "people the tenant talks to",
        "reports" => "counts over time as bars",
        "funnel" => "leads as cards in their stages",
        "leads" => "every lead, newest first",
        "reminders" => "follow-ups not done yet",
        "inbox" => "conversations and their threads",
        "invoices" => "invoices to review, newest first",
        "mail" => "mail messages of the watched mailboxes",
        "mailboxes" => "the Gmail mailboxes watched",
        "glosas" => "payers' objections, soonest due first",
        "jobs" => "background jobs, their errors and retries",
        "audit" => "who did what, when",
        "tenants" => "every tenant (admins)",
        "operators" => "who may use the tenant (admins)",
        "connections" => "grants to providers (OAuth)",
        _ => "",
    }
}
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

/// `e` on an invoice whose fields are settled.
pub fn not_editable(state: &str) -> String {
    format!(
        "a {} invoice cannot be edited: only one waiting for validation or failed",
        state.replace('_', " ")
    )
}

/// The label of the edit prompt for one field.
pub fn prompt_edit(field: &str) -> String {
    format!("{field} (empty clears)")
}

// The inbox composer (`i`): key hints for the footer, titles, and what it says when a key
// will not do.
pub const COMPOSE_HINT: &str = "Ctrl-S send · / template · Ctrl-A attach · Esc close, draft kept";
pub const PICK_HINT: &str = "↑↓ choose · Enter sends it, the daemon fills its variables · Esc back";
pub const VALUES_HINT: &str = "values of {{1}}, {{2}}… separated by | · Enter sends · Esc back";
pub const ATTACH_HINT: &str =
    "Enter uploads and sends the file, your text as its caption · Esc back";
pub const NEED_REPLY_TEXT: &str = "type the reply first (Ctrl-S sends it)";
pub const NO_TEMPLATE_MATCHES: &str = "no template matches: Backspace to change the name";
pub const NEED_FILE_PATH: &str = "type the path of the file to send (~ is your home folder)";
pub const PICK_TITLE: &str = "templates";
pub const ATTACH_LABEL: &str = "file (~ is home)";
pub const CAPTION_LABEL: &str = "caption";
pub const WHATSAPP_MARK: &str = "WhatsApp";
pub const WINDOW_CLOSED: &str = "24 h window closed";
pub const WINDOW_CLOSED_WHATSAPP: &str = "window closed: / for a WhatsApp template";
pub const NO_TEMPLATES: &str = "no templates for this channel: `centralita templates add`";

/// The composer's title.
pub fn compose_title(to: &str) -> String {
    format!("reply to {to}")
}

/// The composer's title while it asks for a WhatsApp template's values.
pub fn values_title(name: &str, count: u32) -> String {
    if count == 1 {
        format!("{name} (1 value)")
    } else {
        format!("{name} ({count} values)")
    }
}

/// A WhatsApp template with variables sent with the wrong number of values.
pub fn need_template_values(count: u32) -> String {
    if count == 1 {
        "this template needs one value".to_owned()
    } else {
        format!("this template needs {count} values, separated by |")
    }
}

/// The status line while a file is uploaded; `percent` once some of it is there.
pub fn uploading(name: &str, percent: Option<u64>) -> String {
    match percent {
        Some(percent) => format!("uploading {name}… {percent}%"),
        None => format!("uploading {name}…"),
    }
}

/// How a lead or a conversation names its contact: by name, else "contact 42".
pub fn contact_name(name: Option<&str>, contact: u64) -> String {
    name.map_or_else(|| format!("contact {contact}"), str::to_owned)
}

/// The notice when reminders are due.
pub fn reminders_due(count: usize, first: &str) -> String {
    if count == 1 {
        format!("reminder due: {first}")
    } else {
        format!("{count} reminders due, first: {first}")
    }
}

/// `templates whatsapp` with none reported yet.
pub const NO_WHATSAPP_TEMPLATES: &str =
    "no WhatsApp templates yet: fetch them from Meta with `centralita templates whatsapp --sync`";

/// `templates whatsapp --sync` once the job is queued.
pub fn whatsapp_sync_queued(job: u64) -> String {
    format!(
        "job {job} is fetching the WhatsApp templates from Meta; `centralita templates whatsapp` \
         shows them once it is done (`centralita jobs show {job}`)"
    )
}

/// `funnels set` with `--stages` and nothing in it.
pub const NEED_FUNNEL_STAGES: &str =
    "--stages needs at least one stage name, e.g. --stages new,quoted,won";

/// `funnels set` of a funnel that does not exist yet, without `--stages`.
pub fn new_funnel_needs_stages(name: &str) -> String {
    format!("there is no funnel {name:?} yet: give its stages with --stages a,b,c to create it")
}

/// A funnel without keywords in `funnels list`.
pub const NO_FUNNEL_KEYWORDS: &str =
    "no keywords: takes the new conversations no other funnel's keywords match";

// Connections: `centralita connections` and `:connections`.

/// `connections remove` not confirmed.
pub const NOTHING_REMOVED: &str = "not confirmed; nothing was removed";

/// The first line of an authorization: where to go.
pub fn open_consent_page(connection: u64) -> String {
    format!("connection {connection}: open this address in a browser, sign in and allow access:")
}

/// `connections add`: the two ways an authorization comes back (the command to paste into
/// follows it).
pub const FINISH_AUTHORIZATION_CLI: &str = "The provider then sends the browser to this daemon's \
     /oauth/callback, and the connection finishes by itself. If that page does not load (the \
     daemon cannot be reached from that browser), copy the whole address from the browser's \
     address bar and give it to:";

/// `connections add`: until when the consent page works.
pub fn authorization_expires_at(when: &str) -> String {
    format!("The address works once, until {when}.")
}

/// The console's authorization modal: the two ways back.
pub const FINISH_AUTHORIZATION_CONSOLE: &str = "The provider then sends the browser to this daemon's \
     /oauth/callback and the connection finishes by itself. If that page does not load, press \
     f and paste the address the browser landed on.";

/// The console's authorization modal: how long the consent page works (`relative` as the
/// console's tables say it: "in 10m", "2m ago").
pub fn authorization_expires(relative: &str, expired: bool) -> String {
    if expired {
        format!("The address expired {relative}: press a for a new one.")
    } else {
        format!("The address works once and expires {relative}.")
    }
}

/// The keys of the console's authorization modal.
pub const AUTHORIZATION_HINT: &str = "f paste the address · any other key closes";

/// The title of the console's authorization modal.
pub fn authorization_title(connection: u64) -> String {
    format!(" authorize connection {connection} ")
}

/// The console's paste box (`f`).
pub const PROMPT_FINISH_URL: &str = "address the browser landed on";
pub const NEED_FINISH_URL: &str =
    "paste the whole address the browser landed on (it holds code= and state=)";

/// An authorization came back.
pub fn connection_finishing(connection: u64) -> String {
    format!("connection {connection}: authorization received, a job is fetching its tokens")
}

/// `t` in `:connections`.
pub fn connection_test_queued(connection: u64, job: u64) -> String {
    format!("connection {connection}: test queued as job {job}")
}

/// `connections test`.
pub fn connection_test_queued_cli(connection: u64, job: u64) -> String {
    format!(
        "{} (`centralita jobs show {job}` says how it went)",
        connection_test_queued(connection, job)
    )
}

pub fn connection_revoked(connection: u64) -> String {
    format!("connection {connection} revoked; a job ends the grant at the provider")
}

pub fn connection_removed(connection: u64) -> String {
    format!("connection {connection} removed")
}

/// How a question names a connection: "connection 3 (google, ana@acme.pe)".
fn connection_name(id: u64, connection: Option<&centralita_protocol::Connection>) -> String {
    match connection {
        Some(connection) if !connection.account.is_empty() => {
            format!(
                "connection {id} ({}, {})",
                connection.provider, connection.account
            )
        }
        Some(connection) => format!("connection {id} ({})", connection.provider),
        None => format!("connection {id}"),
    }
}

/// Before `v` in `:connections`.
pub fn confirm_revoke_connection(
    id: u64,
    connection: Option<&centralita_protocol::Connection>,
) -> String {
    format!(
        "Revoke {}? It stops working now and the provider ends the grant.",
        connection_name(id, connection)
    )
}

/// Before `connections remove` and `x` in `:connections`.
pub fn confirm_remove_connection(
    id: u64,
    connection: Option<&centralita_protocol::Connection>,
) -> String {
    format!(
        "Remove {}? Its tokens are forgotten; revoke it first to end the grant at the provider.",
        connection_name(id, connection)
    )
}

// Schedules: `centralita schedules`.

/// `schedules pause` and `schedules resume`.
pub fn schedule_paused(name: &str, paused: bool, next_at: &str) -> String {
    if paused {
        format!("schedule {name} paused")
    } else {
        format!("schedule {name} resumed; next at {next_at}")
    }
}

/// `schedules run-now`.
pub fn schedule_ran(name: &str, job: u64) -> String {
    format!("schedule {name}: job {job} queued (`centralita jobs show {job}`)")
}
// Mail: `centralita mail` and `:mail`, `:mailboxes`.

/// `mail mailboxes remove` not confirmed.
pub const MAILBOX_NOT_REMOVED: &str = "not confirmed; the mailbox was not removed";

/// The `:mail` header without a mailbox filter.
pub const ALL_MAILBOXES: &str = "all mailboxes · m picks one";

/// A mailbox that never synced (`pending`: its first full sync is still to do).
pub fn never_synced(pending: bool) -> &'static str {
    if pending { "pending" } else { "never" }
}

/// What became of an attachment: `queued`, `invoice 7`, `invoice 7 (duplicate)`,
/// `skipped: not an invoice document`.
pub fn attachment_outcome(outcome: &centralita_protocol::AttachmentOutcome) -> String {
    use centralita_protocol::AttachmentOutcome;
    match outcome {
        AttachmentOutcome::Queued => "queued".to_owned(),
        AttachmentOutcome::Invoice {
            invoice,
            duplicate: false,
        } => format!("invoice {invoice}"),
        AttachmentOutcome::Invoice {
            invoice,
            duplicate: true,
        } => format!("invoice {invoice} (duplicate)"),
        AttachmentOutcome::Skipped { reason } => format!("skipped: {reason}"),
        AttachmentOutcome::Glosa => "glosa notice: see :glosas".to_owned(),
        _ => "unknown (update centralita)".to_owned(),
    }
}

/// How a message or a question names a mailbox: "mailbox 2 (facturas@acme.pe)".
pub fn mailbox_name(id: u64, account: Option<&str>) -> String {
    match account.filter(|account| !account.is_empty()) {
        Some(account) => format!("mailbox {id} ({account})"),
        None => format!("mailbox {id}"),
    }
}

/// Before `mail mailboxes remove` and `x` in `:mailboxes`.
pub fn confirm_remove_mailbox(id: u64, account: Option<&str>) -> String {
    format!(
        "Remove {}? Its messages are forgotten; the invoices made from them stay.",
        mailbox_name(id, account)
    )
}

/// Before `S` in `:mail`, a mail message and `:mailboxes`.
pub fn confirm_full_sync(id: u64, account: Option<&str>) -> String {
    format!(
        "Sync {} in full? Every message is listed again; the ones already here are skipped.",
        mailbox_name(id, account)
    )
}

/// A sync was queued (`s`, `S`, `mail resync`).
pub fn mailbox_sync_queued(id: u64, job: u64, full: bool) -> String {
    let what = if full { "full sync" } else { "sync" };
    format!("mailbox {id}: {what} queued as job {job}")
}

/// `mail resync`: the sync and where to see how it went.
pub fn mailbox_sync_queued_cli(id: u64, job: u64, full: bool) -> String {
    format!(
        "{} (`centralita jobs show {job}` says how it went)",
        mailbox_sync_queued(id, job, full)
    )
}

/// A mailbox was added; its first full sync starts by itself.
pub fn mailbox_added(id: u64, connection: u64) -> String {
    format!("mailbox {id} added for connection {connection}; its first full sync has started")
}

pub fn mailbox_saved(id: u64) -> String {
    format!("mailbox {id} saved")
}

pub fn mailbox_removed(id: u64) -> String {
    format!("mailbox {id} removed; the invoices made from its mail stay")
}

/// `mail mailboxes edit` with nothing to change.
pub const NOTHING_TO_CHANGE: &str =
    "nothing to change: give --label, --every, --query or --no-query";

/// `mail mailboxes edit --label ""`.
pub const NEED_LABEL: &str = "--label needs a label's name or id, e.g. --label INBOX";

/// `mail mailboxes edit` of a mailbox the tenant does not have.
pub fn no_such_mailbox(id: u64) -> String {
    format!("mailbox {id} not found")
}

/// The `a` form of `:mailboxes`.
pub const PROMPT_NEW_MAILBOX: &str = "new mailbox: connection | labels | minutes | Gmail search";
/// What the `a` form says when its text will not do.
pub const NEED_MAILBOX_FORM: &str = "type the connection's id; then, each after a |, the labels \
     (comma-separated, default INBOX), the minutes between syncs (default 15) and a Gmail search";
/// What the `e` form says when its text will not do.
pub const NEED_MAILBOX_EDIT_FORM: &str = "type the labels (comma-separated), a |, the minutes \
     between syncs, and optionally a | and a Gmail search";
/// The minutes between syncs are out of range.
pub const NEED_MINUTES: &str = "minutes between syncs: a number from 1 to 1440";

/// The label of the `e` form.
pub fn prompt_edit_mailbox(id: u64) -> String {
    format!("mailbox {id}: labels | minutes | Gmail search")
}

/// Enter on an attachment that did not become an invoice.
pub const NOT_AN_INVOICE: &str = "this attachment did not become an invoice: nothing to open";

/// A file's size as people read it: `900 B`, `48 KB`, `3.2 MB`.
pub fn file_size(bytes: u64) -> String {
    const KB: u64 = 1_000;
    const MB: u64 = 1_000_000;
    match bytes {
        0..KB => format!("{bytes} B"),
        KB..MB => format!("{} KB", bytes.div_ceil(KB)),
        _ => format!("{}.{} MB", bytes / MB, bytes % MB / 100_000),
    }
}

/// Where an invoice came from, under its file name: `from mail: Factura F001-12, ana@x.pe`.
pub fn invoice_origin(origin: &str) -> String {
    format!("from {origin}")
}

// Glosas: `centralita glosas` and `:glosas`.

/// A state that is not one of the four.
pub fn need_glosa_state(typed: &str) -> String {
    format!(
        "{typed:?} is not a glosa state: received, in_review, answered or closed (the start of \
         one will do)"
    )
}

/// What `/` takes in `:glosas`.
pub const GLOSA_FILTER_HINT: &str = "received · in_review · answered · closed (a start will do; \
     empty: all)";

/// A glosa's state as people read it.
pub fn glosa_state(state: centralita_protocol::GlosaState) -> &'static str {
    use centralita_protocol::GlosaState;
    match state {
        GlosaState::Received => "received",
        GlosaState::InReview => "in review",
        GlosaState::Answered => "answered",
        GlosaState::Closed => "closed",
        _ => "unknown (update centralita)",
    }
}

/// How close the due date is, in a word.
pub fn urgency(urgency: centralita_protocol::Urgency) -> &'static str {
    use centralita_protocol::Urgency;
    match urgency {
        Urgency::Ok => "ok",
        Urgency::Soon => "soon",
        Urgency::Urgent => "urgent",
        Urgency::Overdue => "tacitly accepted",
        _ => "unknown",
    }
}

/// How close the due date is, in a word that fits a table cell (`ok` says nothing).
pub fn urgency_short(urgency: centralita_protocol::Urgency) -> &'static str {
    use centralita_protocol::Urgency;
    match urgency {
        Urgency::Soon => "soon",
        Urgency::Urgent => "urgent",
        Urgency::Overdue => "tacit",
        _ => "",
    }
}

/// Business days left as `glosas list` shows them: `3 (soon)`, `-2 (tacitly accepted)`; only
/// the number once the glosa is answered or closed (its clock stopped).
pub fn days_left(summary: &centralita_protocol::GlosaSummary) -> String {
    if crate::glosas::is_open(summary.state) {
        format!("{} ({})", summary.days_left, urgency(summary.urgency))
    } else {
        summary.days_left.to_string()
    }
}

/// The due date and how far it is: `2026-11-25: 3 business days left (soon)`,
/// `2026-11-22: today (urgent)`, `2026-11-20: 2 business days past, tacitly accepted`; only
/// the date once the glosa is answered or closed (its clock stopped).
pub fn glosa_due(summary: &centralita_protocol::GlosaSummary) -> String {
    let due = summary.due.to_string();
    if !crate::glosas::is_open(summary.state) {
        return due;
    }
    let days = summary.days_left;
    let plural = if days.abs() == 1 { "" } else { "s" };
    let word = urgency(summary.urgency);
    match days {
        1.. => format!("{due}: {days} business day{plural} left ({word})"),
        0 => format!("{due}: today ({word})"),
        _ => format!("{due}: {} business day{plural} past, {word}", -days),
    }
}

/// The warning of a notice the payer sent too late.
pub const LATE_NOTICE: &str = "late notice: sent over 20 business days after the invoice was \
     filed, so the invoice is tacitly accepted";

/// An item's code whose catalog is not known.
pub const UNKNOWN_CODE: &str = "unknown code";

/// A decision as people read it: `accepted`, `partial (60000.00 accepted)`, `not accepted`.
pub fn decision(decision: &centralita_protocol::Decision) -> String {
    use centralita_protocol::Decision;
    match decision {
        Decision::Accepted => "accepted".to_owned(),
        Decision::PartiallyAccepted { value } => format!("partial ({value} accepted)"),
        Decision::NotAccepted => "not accepted".to_owned(),
        _ => "unknown (update centralita)".to_owned(),
    }
}

/// A decision in a table cell: `accepted`, `partial`, `not accepted`.
pub fn decision_short(decision: &centralita_protocol::Decision) -> &'static str {
    use centralita_protocol::Decision;
    match decision {
        Decision::Accepted => "accepted",
        Decision::PartiallyAccepted { .. } => "partial",
        Decision::NotAccepted => "not accepted",
        _ => "unknown",
    }
}

/// A response in one line: `not accepted · RE9901 · the justification`.
pub fn item_response(response: &centralita_protocol::ItemResponse) -> String {
    format!(
        "{} · {} · {}",
        decision(&response.decision),
        response.code,
        response.justification
    )
}

/// An item without a response.
pub const NO_RESPONSE_YET: &str = "no response yet";

// What the answer form and `glosas answer` say when their input will not do.
pub const NEED_DECISION: &str = "decision: accepted, partial or not-accepted (a, p or n will do)";
pub const NEED_RESPONSE_CODE: &str =
    "the response code: letters and digits, e.g. RE9901 (not accepted) or RE9801 (partial)";
pub const NEED_JUSTIFICATION: &str = "type the justification: it goes to the payer with the answer";
pub const NEED_ACCEPTED_VALUE: &str = "a partial decision needs the value accepted, a decimal \
     like 60000.50 (no thousands separators)";
pub const VALUE_ONLY_FOR_PARTIAL: &str = "a value goes only with a partial decision";
pub const NEED_ANSWER_FORM: &str = "type the decision, then, each after a |, the response code, \
     the justification and, for partial, the value accepted";

/// The label of the answer form (`a`).
pub fn prompt_answer(index: u32, code: &str) -> String {
    format!("item {index} ({code}): decision | code | justification | value")
}

/// The lines under the answer form's input.
pub const ANSWER_HINT: &[&str] = &[
    "decision  accepted, partial or not-accepted (a, p, n)",
    "code      the response code, e.g. RE9901, RE9801",
    "value     only for partial: the amount accepted",
];

/// An item was answered.
pub fn glosa_answered(id: u64, index: u32, response: &centralita_protocol::ItemResponse) -> String {
    format!(
        "glosa {id}, item {index}: {} ({})",
        decision(&response.decision),
        response.code
    )
}

/// An item's response was cleared.
pub fn glosa_answer_cleared(id: u64, index: u32) -> String {
    format!("glosa {id}, item {index}: response cleared")
}

/// Before `x` on an item.
pub fn confirm_clear_answer(id: u64, index: u32, code: &str) -> String {
    format!("Clear the response to item {index} ({code}) of glosa {id}? Its justification is lost.")
}

/// `x` on an item without a response.
pub fn no_response_to_clear(index: u32) -> String {
    format!("item {index} has no response to clear")
}

/// `a` or `x` on a glosa whose answer is given.
pub fn glosa_answer_locked(state: centralita_protocol::GlosaState) -> String {
    format!(
        "the glosa is {}: reopen it (o) to change a response",
        glosa_state(state)
    )
}

/// A glosa moved to `state`.
pub fn glosa_state_set(id: u64, state: centralita_protocol::GlosaState) -> String {
    format!("glosa {id} is now {}", glosa_state(state))
}

/// A state key on a glosa already in that state.
pub fn glosa_already(id: u64, state: centralita_protocol::GlosaState) -> String {
    format!("glosa {id} is {} already", glosa_state(state))
}

/// `A` while items have no response.
pub fn glosa_items_unanswered(count: usize) -> String {
    if count == 1 {
        "one item has no response yet: answer it (a) first".to_owned()
    } else {
        format!("{count} items have no response yet: answer them (a) first")
    }
}

/// `o` on a glosa nobody answered.
pub const NOTHING_TO_REOPEN: &str = "only an answered or closed glosa reopens";

/// `i` on a glosa none of whose invoices is the tenant's.
pub const NO_LINKED_INVOICE: &str = "none of its invoices is in :invoices: nothing to open";

/// The label of the export form (`e`).
pub fn prompt_export_glosa(id: u64) -> String {
    format!("save glosa {id}'s answer to (.xlsx or .csv)")
}

/// What the export form says when the name will not do.
pub const NEED_EXPORT_PATH: &str =
    "type a file name ending in .xlsx or .csv (~ is your home folder)";

/// An answer was exported to a file.
pub fn glosa_exported(id: u64, path: &std::path::Path, bytes: usize) -> String {
    format!(
        "glosa {id}: answer saved to {} ({})",
        path.display(),
        file_size(bytes as u64)
    )
}

/// `glosas add`: the notice is uploaded and a job reads it.
pub fn glosa_notice_queued(file: &str, job: u64) -> String {
    format!(
        "{file}: uploaded; job {job} reads it into a glosa (`centralita jobs show {job}` says how \
         it went, `centralita glosas list` shows it)"
    )
}

/// The dashboard's glosa counts: its title and what each count is.
pub const GLOSAS_TITLE: &str = " glosas (:glosas) ";
pub const GLOSAS_OPEN: &str = "open";
pub const GLOSAS_DUE_THIS_WEEK: &str = "due this week";
pub const GLOSAS_OVERDUE: &str = "overdue";

// CRM: the inbox's actions, leads, contacts and reminders.

/// A conversation's state in the inbox list.
pub fn conversation_state(state: centralita_protocol::ConversationState) -> &'static str {
    match state {
        centralita_protocol::ConversationState::Open => "open",
        centralita_protocol::ConversationState::Pending => "wait",
        centralita_protocol::ConversationState::Resolved => "done",
    }
}

/// `A` in the inbox.
pub fn prompt_assign(id: u64) -> String {
    format!("assign conversation {id} to (me, a user; empty for no one)")
}

/// A conversation was assigned (or unassigned).
pub fn conversation_assigned(id: u64, assignee: Option<&str>) -> String {
    match assignee {
        Some(user) => format!("conversation {id} assigned to {user}"),
        None => format!("conversation {id} unassigned"),
    }
}

/// A conversation was resolved or opened again.
pub fn conversation_now(id: u64, state: centralita_protocol::ConversationState) -> String {
    format!("conversation {id} is {}", state.as_str())
}

/// A `/` word like `key:value` whose key the list does not know.
pub fn unknown_filter_key(key: &str, keys: &[&str]) -> String {
    format!(
        "unknown filter {key}: use {}: or plain words",
        keys.join(":, ")
    )
}

/// `/` in a list that has no filter.
pub const NO_FILTER: &str = "this list has no filter";

/// Who a lead or conversation is assigned to when it is no one.
pub const NOBODY: &str = "(nobody)";
pub const CONTACT_HEADING: &str = "contact";
/// The title of the lead view's right pane.
pub const LEAD_HISTORY: &str = " notes · reminders ";

pub fn notes_heading(count: usize) -> String {
    format!("notes ({count})")
}

pub fn reminders_heading(count: usize) -> String {
    format!("reminders ({count})")
}

/// `e` on a lead.
pub fn prompt_edit_lead(id: u64) -> String {
    format!("edit lead {id}: field value")
}

/// Under the lead edit form.
pub const EDIT_LEAD_HINT: &[&str] = &[
    "status new|in_progress|negotiation|won|lost · type sale|no_interest|future_contact|support|recovery",
    "assignee USER|me (- or empty: no one) · value 1500 (- or empty clears)",
];
pub const NEED_LEAD_FIELD: &str = "start with the field: status, type, assignee or value";

/// `n` on a lead or a contact.
pub fn prompt_note(what: &str, id: u64) -> String {
    format!("note on {what} {id}")
}
pub const NEED_NOTE: &str = "type the note";

/// `M` on a lead: its funnel's stages.
pub fn prompt_move_lead(id: u64, stages: &[String]) -> String {
    format!("move lead {id} to ({})", stages.join(", "))
}
pub const NEED_STAGE: &str = "type one stage of the lead's funnel";

/// `R` on a lead.
pub fn prompt_reminder(id: u64) -> String {
    format!("reminder on lead {id}: YYYY-MM-DD HH:MM or HH:MM (today, America/Lima), then the text")
}
pub const NEED_DUE: &str =
    "start with the time: YYYY-MM-DD HH:MM, or HH:MM for today (America/Lima)";
pub const NEED_REMINDER_TEXT: &str = "after the time, type what to do";
pub const NEED_SNOOZE: &str =
    "snooze to +30m, +2h, +1d, HH:MM, tomorrow HH:MM (mañana HH:MM) or YYYY-MM-DD HH:MM";
pub const SNOOZE_IN_THE_PAST: &str = "that time has passed: snooze to a later one";

pub fn lead_saved(id: u64) -> String {
    format!("lead {id} saved")
}

pub fn note_added(what: &str, id: u64) -> String {
    format!("note added to {what} {id}")
}

pub fn reminder_set_on_lead(id: u64, lead: u64) -> String {
    format!("reminder {id} set on lead {lead}")
}

/// `a` in reminders.
pub const PROMPT_NEW_REMINDER: &str =
    "new reminder: lead, then YYYY-MM-DD HH:MM or HH:MM (America/Lima), then the text";
pub const NEED_REMINDER_LEAD: &str = "start with the lead's id (`:leads` lists them)";

/// `e` on a reminder.
pub fn prompt_edit_reminder(id: u64) -> String {
    format!("reminder {id}: time and text, a time alone, or a text alone")
}

/// `s` on a reminder.
pub fn prompt_snooze(id: u64) -> String {
    format!("snooze reminder {id} to (+30m, +2h, tomorrow 09:00…)")
}

pub fn reminder_saved(id: u64) -> String {
    format!("reminder {id} saved")
}

/// `e` on a contact.
pub fn prompt_edit_contact(id: u64) -> String {
    format!("edit contact {id}: name NEW NAME, or phone +51 987 654 321")
}
pub const NEED_CONTACT_FIELD: &str = "type name or phone, a space, then the new value";

/// `t` on a contact.
pub fn prompt_tags(id: u64) -> String {
    format!("tags of contact {id}, separated by commas (empty clears)")
}

pub fn contact_saved(id: u64) -> String {
    format!("contact {id} saved")
}

// Connecting to the daemon: each failure names its fix.

/// The socket refused us (EACCES): the user is not in the socket's group.
pub fn not_in_group(socket: &str, user: &str) -> String {
    format!(
        "you are not in group centralita (the socket {socket} is group centralita, mode 0660): \
         ask an admin to run `usermod -aG centralita {user}`, then log in again"
    )
}

/// No socket, or nobody listening on it.
pub fn not_running(socket: &str) -> String {
    format!(
        "centralitad is not running at {socket}: `systemctl status centralitad` says why (or \
         start it by hand with `centralitad`); another socket is chosen with --socket or \
         $CENTRALITA_SOCKET"
    )
}

/// Any other failure to connect.
pub fn cannot_reach(socket: &str, error: &str) -> String {
    format!("cannot reach centralitad at {socket}: {error} (pass --socket to use another socket)")
}

// `centralita admin backup`.

/// The daemon wrote the backup where the CLI cannot read it.
pub fn backup_left_at(path: &str, size: u64) -> String {
    format!(
        "backup written by centralitad to {path} ({size} bytes); this user cannot read it: copy \
         it as root or the daemon's user"
    )
}

/// The backup is copied to the file asked for.
pub fn backup_saved(file: &str, size: u64, tables: usize, rows: u64, blobs: u64) -> String {
    format!("backup saved to {file} ({size} bytes: {tables} tables, {rows} rows, {blobs} blobs)")
}

/// Progress of copying a backup.
pub fn copying(percent: u64) -> String {
    format!("copying the backup… {percent}%")
}

/// `reminders add`: what was set, in the tenant's zone.
pub fn reminder_added(id: u64, lead: u64, at: &str, zone: &str) -> String {
    format!("reminder {id} for lead {lead} at {at} ({zone})")
}

/// `reminders snooze`: when it comes back.
pub fn reminder_snoozed(id: u64, at: &str, zone: &str) -> String {
    format!("reminder {id} again at {at} ({zone})")
}

/// `tenants set-zone`: the tenant's new zone.
pub fn zone_set(tenant: &str, zone: &str) -> String {
    format!("tenant {tenant} now shows and reads times in {zone}")
}

/// The operator's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Es,
}

/// The language the console and the CLI speak.
pub fn lang() -> Lang {
    Lang::En
}

/// Words of dates and times, in each language (`crate::format` puts them together).
pub mod dates {
    use super::Lang;

    const MONTHS_EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const MONTHS_ES: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic",
    ];
    const WEEKDAYS_EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const WEEKDAYS_ES: [&str; 7] = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];

    /// A month's short name; `month` is 1 to 12.
    pub fn month(lang: Lang, month: i8) -> &'static str {
        let index = usize::try_from(month.clamp(1, 12) - 1).unwrap_or(0);
        match lang {
            Lang::En => MONTHS_EN[index],
            Lang::Es => MONTHS_ES[index],
        }
    }

    /// A weekday's name; `monday_zero` is 0 (Monday) to 6 (Sunday).
    pub fn weekday(lang: Lang, monday_zero: i8) -> &'static str {
        let index = usize::try_from(monday_zero.clamp(0, 6)).unwrap_or(0);
        match lang {
            Lang::En => WEEKDAYS_EN[index],
            Lang::Es => WEEKDAYS_ES[index],
        }
    }

    /// "today", "yesterday", "tomorrow": `offset` days from today (-1, 0, 1).
    pub fn near_day(lang: Lang, offset: i32) -> Option<&'static str> {
        match (lang, offset) {
            (Lang::En, 0) => Some("today"),
            (Lang::En, -1) => Some("yesterday"),
            (Lang::En, 1) => Some("tomorrow"),
            (Lang::Es, 0) => Some("hoy"),
            (Lang::Es, -1) => Some("ayer"),
            (Lang::Es, 1) => Some("mañana"),
            _ => None,
        }
    }

    /// A span of time before or after now: "9s ago" / "hace 9 s", "in 12m" / "en 12 min".
    pub fn relative(lang: Lang, amount: u64, unit: char, ahead: bool) -> String {
        match lang {
            Lang::En if ahead => format!("in {amount}{unit}"),
            Lang::En => format!("{amount}{unit} ago"),
            Lang::Es => {
                let unit = match unit {
                    's' => "s",
                    'm' => "min",
                    'h' => "h",
                    _ => "d",
                };
                if ahead {
                    format!("en {amount} {unit}")
                } else {
                    format!("hace {amount} {unit}")
                }
            }
        }
    }

    /// The moment itself, in a relative column.
    pub fn now(lang: Lang) -> &'static str {
        match lang {
            Lang::En => "now",
            Lang::Es => "ahora",
        }
    }
}

// The dashboard's conversations box.
pub const INBOX_TITLE: &str = " conversations (:inbox) ";
pub const INBOX_OPEN: &str = "open";
pub const INBOX_UNANSWERED: &str = "unanswered";
pub const NO_REPLIES_YET: &str = "no replies in the last 7 days";

/// How long the longest-waiting customer has waited, `ago` being "12m ago".
pub fn longest_wait(ago: &str) -> String {
    format!("oldest {ago}")
}

/// First-reply times over the last week.
pub fn first_reply_times(min: &str, average: &str, max: &str) -> String {
    format!("1st reply avg {average} ({min}–{max})")
}

/// A duration in whole seconds, as its two largest units: `45 s`, `3 min 20 s`, `2 h 5 min`,
/// `3 d 4 h`.
pub fn duration(secs: u64) -> String {
    let (days, hours, minutes, seconds) =
        (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, _) if seconds == 0 => format!("{minutes} min"),
        (0, 0, _) => format!("{minutes} min {seconds} s"),
        (0, _, 0) => format!("{hours} h"),
        (0, _, _) => format!("{hours} h {minutes} min"),
        (_, 0, _) => format!("{days} d"),
        _ => format!("{days} d {hours} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_as_their_two_largest_units() {
        let cases = [
            (0, "0 s"),
            (45, "45 s"),
            (60, "1 min"),
            (200, "3 min 20 s"),
            (3_600, "1 h"),
            (7_500, "2 h 5 min"),
            (86_400, "1 d"),
            (273_600, "3 d 4 h"),
            (90_000, "1 d 1 h"),
        ];
        for (secs, shown) in cases {
            assert_eq!(duration(secs), shown, "{secs}");
        }
    }
}
