//! Every table of the database, in one place. The names inside the strings are on disk: never
//! rename them; add new tables and migrate instead.
//!
//! Values are MessagePack records with field names (see `codec.rs`) unless noted.

use redb::TableDefinition;

/// Schema version and other single values (`"schema_version"` → u64 as bytes).
pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// Next id of each sequence (`"job"`, `"change"`, `"audit"`).
pub const SEQUENCES: TableDefinition<&str, u64> = TableDefinition::new("sequences");

/// Tenant id → `TenantRecord`.
pub const TENANTS: TableDefinition<&str, &[u8]> = TableDefinition::new("tenants");
/// (unix user, tenant) → `OperatorRecord`.
pub const OPERATORS: TableDefinition<(&str, &str), &[u8]> = TableDefinition::new("operators");
/// (tenant, seq) → `AuditRecord`. Entries without a tenant use the tenant `""`.
pub const AUDIT: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("audit");
/// (tenant, seq) → `ChangeRecord`: the change feed, one row per committed mutation.
pub const CHANGES: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("changes");

/// Job id → `JobRecord`.
pub const JOBS: TableDefinition<u64, &[u8]> = TableDefinition::new("jobs");
/// (queue, run_at ms, job id) for every queued job: what workers lease from, in due order.
pub const JOBS_DUE: TableDefinition<(&str, u64, u64), ()> = TableDefinition::new("jobs_due");
/// (lease_until ms, job id) for every running job: what the lease reaper scans.
pub const JOBS_LEASED: TableDefinition<(u64, u64), ()> = TableDefinition::new("jobs_leased");
/// (tenant, job id) for every job: newest-first listing per tenant.
pub const JOBS_BY_TENANT: TableDefinition<(&str, u64), ()> = TableDefinition::new("jobs_by_tenant");
/// (tenant, state, job id): listing per tenant and state.
pub const JOBS_BY_STATE: TableDefinition<(&str, u8, u64), ()> =
    TableDefinition::new("jobs_by_state");
/// (finished ms, job id) for every succeeded or cancelled job: what retention prunes.
pub const JOBS_FINISHED: TableDefinition<(u64, u64), ()> = TableDefinition::new("jobs_finished");
/// unique key → job id, held while that job is queued or running.
pub const JOBS_UNIQUE: TableDefinition<&str, u64> = TableDefinition::new("jobs_unique");
/// (tenant, queue, state) → number of jobs: dashboard and metrics without scans.
pub const JOB_COUNTS: TableDefinition<(&str, &str, u8), u64> = TableDefinition::new("job_counts");
/// Queue name → `QueueRecord` (paused or not).
pub const QUEUES: TableDefinition<&str, &[u8]> = TableDefinition::new("queues");

/// Schema 1's raw events, (provider, tenant, provider event id) → record; moved into
/// [`EVENT_KEYS`] and [`EVENT_LOG`] by the migration to schema 2, then deleted.
pub const EVENTS: TableDefinition<(&str, &str, &str), &[u8]> = TableDefinition::new("events");
/// (provider, tenant, provider event id) → seq in [`EVENT_LOG`]: deliveries seen, for dedupe.
/// Small values, so the randomly keyed index stays small.
pub const EVENT_KEYS: TableDefinition<(&str, &str, &str), u64> = TableDefinition::new("event_keys");
/// (tenant, seq) → `EventRecord`: raw inbound events in arrival order. Appending by sequence
/// keeps the large bodies out of the random index (schema 1 kept both in one table, which cost
/// about 40 % of webhook throughput).
pub const EVENT_LOG: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("event_log");

/// (tenant, invoice id) → `InvoiceRecord`.
pub const INVOICES: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("invoices");
/// (tenant, invoice id) → the text the extractor read (UTF-8), kept apart from the record.
pub const INVOICE_TEXT: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("invoice_text");
/// (tenant, state code, invoice id): listing per state.
pub const INVOICES_BY_STATE: TableDefinition<(&str, u8, u64), ()> =
    TableDefinition::new("invoices_by_state");
/// (tenant, sha256 of the original) → invoice id: the same bytes are one invoice.
pub const INVOICES_BY_HASH: TableDefinition<(&str, &str), u64> =
    TableDefinition::new("invoices_by_hash");
/// (tenant, issuer key, number key, invoice id): duplicate numbers from one issuer.
pub const INVOICES_BY_NUMBER: TableDefinition<(&str, &str, &str, u64), ()> =
    TableDefinition::new("invoices_by_number");
/// (tenant, state code) → number of invoices.
pub const INVOICE_COUNTS: TableDefinition<(&str, u8), u64> = TableDefinition::new("invoice_counts");

/// (tenant, contact id) → `ContactRecord`.
pub const CONTACTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("contacts");
/// (tenant, channel, customer id at the provider) → contact id.
pub const CONTACT_IDENTITIES: TableDefinition<(&str, &str, &str), u64> =
    TableDefinition::new("contact_identities");
/// (tenant, conversation id) → `ConversationRecord`.
pub const CONVERSATIONS: TableDefinition<(&str, u64), &[u8]> =
    TableDefinition::new("conversations");
/// (tenant, channel, account, chat) → conversation id.
pub const CONVERSATION_KEYS: TableDefinition<(&str, &str, &str, &str), u64> =
    TableDefinition::new("conversation_keys");
/// (tenant, last activity ms, conversation id): the inbox, newest first.
pub const CONVERSATIONS_BY_ACTIVITY: TableDefinition<(&str, u64, u64), ()> =
    TableDefinition::new("conversations_by_activity");
/// (tenant, conversation id, message id) → `MessageRecord`.
pub const MESSAGES: TableDefinition<(&str, u64, u64), &[u8]> = TableDefinition::new("messages");
/// (tenant, channel, provider message id) → (conversation id, message id): replays and statuses.
pub const MESSAGES_BY_EXTERNAL: TableDefinition<(&str, &str, &str), (u64, u64)> =
    TableDefinition::new("messages_by_external");
/// (tenant, name) → `ReplyTemplate` (canned responses).
pub const REPLY_TEMPLATES: TableDefinition<(&str, &str), &[u8]> =
    TableDefinition::new("reply_templates");
/// (tenant, lead id) → `Lead`.
pub const LEADS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("leads");
/// (tenant, reminder id) → `Reminder`.
pub const REMINDERS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("reminders");
/// Tenant → its funnels in order (`Vec<Funnel>`); absent until a supervisor changes the defaults.
pub const FUNNELS: TableDefinition<&str, &[u8]> = TableDefinition::new("funnels");
/// (tenant, name, language) → `WhatsAppTemplate` as Meta reported it.
pub const WHATSAPP_TEMPLATES: TableDefinition<(&str, &str, &str), &[u8]> =
    TableDefinition::new("whatsapp_templates");
