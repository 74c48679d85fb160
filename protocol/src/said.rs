//! Refusals a client words in the operator's language. Each key names one sentence and how
//! many values fill it (`{0}`, `{1}`, …, in the order the daemon gives them). The daemon writes
//! the English into [`RpcError::message`](crate::RpcError) and sends the key and the values in
//! [`ErrorDetail::Said`](crate::ErrorDetail); a client keeps its own sentence for each key (the
//! console's tests check it has one for every key here, with no value it is not given).
//! Records keep sentences of the catalog too, as [`Words`] beside their English: a job's error
//! (`JobSummary::last_error_words`), an audit entry's detail (`AuditEntry::detail_words`), an
//! invoice's warning (`InvoiceWarning::words`), a glosa's (`GlosaDetail::warning_words`) and a
//! failing integration's detail on the dashboard (`IntegrationStatus::words`). A sentence whose
//! last value is a sentence of the catalog too (a reason inside it) carries that one's words as
//! its `inner`.

/// One sentence of the catalog (defined in `centralita-extraction`, with the keys of an
/// invoice's and a glosa's warnings, which crates below the protocol say).
pub use centralita_extraction::said::Key;
use centralita_extraction::said::{joined, key};

/// A sentence of the catalog as it travels inside a record (a job's error, an audit entry's
/// detail, an invoice's warning): its key's name, the values that fill it and, when the last
/// value is itself a sentence of the catalog, its words. The record keeps the English beside
/// it for clients that do not know the key.
pub use centralita_extraction::Words;

pub use centralita_extraction::said::glosas::*;
pub use centralita_extraction::said::invoices::*;

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
/// {0} quick reply, {1} its channels, {2} this conversation's channel.
pub const QUICK_REPLY_CHANNEL: Key = key("quick_reply_channel", 3);
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
/// {0} the address typed.
pub const NOT_AN_EMAIL: Key = key("not_an_email", 1);
pub const MERGE_INTO_ITSELF: Key = key("merge_into_itself", 0);
pub const AGENT_OWN_REMINDERS: Key = key("agent_own_reminders", 0);
/// {0} reminder, {1} whose it is.
pub const SOMEONE_ELSES_REMINDER: Key = key("someone_elses_reminder", 2);
pub const REMINDER_TEXT_EMPTY: Key = key("reminder_text_empty", 0);
pub const NOTHING_TO_CHANGE: Key = key("nothing_to_change", 0);

// Invoices and jobs.
/// {0} invoice, {1} its state, {2} the states that allow it, {3} the action.
pub const INVOICE_STATE: Key = key("invoice_state", 4);
/// {0} why reading failed (English; its own words are the record's `inner`). An invoice's
/// warning (`read_failed`), kept when an operator completes a failed invoice by hand.
pub const READ_FAILED_BY_HAND: Key = key("read_failed_by_hand", 1);
/// The same, for an invoice that failed with no reason recorded.
pub const READ_FAILED_BY_HAND_NO_REASON: Key = key("read_failed_by_hand_no_reason", 0);
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
/// {0} the name typed.
pub const NOT_A_UNIX_USER: Key = key("not_a_unix_user", 1);
/// {0} tenant.
pub const TENANT_EXISTS: Key = key("tenant_exists", 1);
pub const AUDIT_UNSCOPED: Key = key("audit_unscoped", 0);

// Conversations: who sees them, templates, files.
/// {0} conversation, {1} whose it is, {2} the kind of record (an English word: "conversation").
pub const CONVERSATION_NOT_YOURS: Key = key("conversation_not_yours", 3);
pub const AUDIO_NO_CAPTION: Key = key("audio_no_caption", 0);
pub const MESSENGER_NO_CAPTION: Key = key("messenger_no_caption", 0);
/// {0} the text after the unclosed `{{`.
pub const QUICK_REPLY_UNCLOSED: Key = key("quick_reply_unclosed", 1);
/// {0} the variable, {1} the variables there are.
pub const QUICK_REPLY_UNKNOWN_VARIABLE: Key = key("quick_reply_unknown_variable", 2);
pub const QUICK_REPLY_NAME: Key = key("quick_reply_name", 0);

// Contacts, leads, funnels, notes, reports.
/// {0} contact.
pub const CONTACT_NOT_YOURS: Key = key("contact_not_yours", 1);
/// {0} lead, {1} whose it is.
pub const LEAD_NOT_YOURS: Key = key("lead_not_yours", 2);
/// {0} lead.
pub const LEAD_OF_OTHERS_CONTACT: Key = key("lead_of_others_contact", 1);
pub const NOTE_EMPTY: Key = key("note_empty", 0);
/// {0} the funnel asked for, {1} the tenant's funnels.
pub const UNKNOWN_FUNNEL: Key = key("unknown_funnel", 2);
/// {0} stage, {1} funnel, {2} how many leads.
pub const STAGE_HOLDS_LEADS: Key = key("stage_holds_leads", 3);
/// {0} funnel.
pub const ONLY_FUNNEL: Key = key("only_funnel", 1);
/// {0} funnel, {1} how many leads.
pub const FUNNEL_HOLDS_LEADS: Key = key("funnel_holds_leads", 2);
/// {0} the name typed.
pub const FUNNEL_NAME: Key = key("funnel_name", 1);
/// {0} funnel, {1} the stage name typed.
pub const STAGE_NAME_LENGTH: Key = key("stage_name_length", 2);
/// {0} funnel, {1} stage.
pub const STAGE_TWICE: Key = key("stage_twice", 2);
/// {0} funnel.
pub const FUNNEL_NO_STAGES: Key = key("funnel_no_stages", 1);
/// {0} the time typed, {1} the tenant's time zone.
pub const NOT_A_DUE_TIME: Key = key("not_a_due_time", 2);
/// {0} start, {1} end.
pub const REPORT_RANGE: Key = key("report_range", 2);
/// {0} the report asked for, {1} the reports there are.
pub const UNKNOWN_REPORT: Key = key("unknown_report", 2);

// Invoice files and fields; uploads.
/// {0} file name, {1} its bytes, {2} the limit in bytes.
pub const INVOICE_FILE_TOO_LARGE: Key = key("invoice_file_too_large", 3);
/// {0} file name, {1} what it is (English: "a ZIP archive"), {2} the kinds accepted.
pub const NOT_AN_INVOICE_DOCUMENT: Key = key("not_an_invoice_document", 3);
/// {0} message.
pub const MESSAGE_FILE_DOWNLOADING: Key = key("message_file_downloading", 1);
/// {0} message, {1} conversation. Not found.
pub const MESSAGE_NOT_IN_CONVERSATION: Key = key("message_not_in_conversation", 2);
/// {0} message.
pub const MESSAGE_HAS_NO_FILE: Key = key("message_has_no_file", 1);
/// {0} conversation.
pub const CONVERSATION_HAS_NO_FILE: Key = key("conversation_has_no_file", 1);
/// {0} field, {1} the value typed.
pub const FIELD_NOT_AN_AMOUNT: Key = key("field_not_an_amount", 2);
/// {0} field, {1} the value typed.
pub const FIELD_NOT_A_DATE: Key = key("field_not_a_date", 2);
/// {0} field, {1} the value typed.
pub const FIELD_NOT_A_CURRENCY: Key = key("field_not_a_currency", 2);
/// {0} the code typed.
pub const NOT_A_CURRENCY: Key = key("not_a_currency", 1);
/// {0} upload, {1} offset, {2} the decoder's words.
pub const CHUNK_NOT_BASE64: Key = key("chunk_not_base64", 3);
/// {0} the most bytes, {1} the chunk's bytes.
pub const CHUNK_TOO_LARGE: Key = key("chunk_too_large", 2);
/// {0} upload, {1} offset, {2} bytes received.
pub const CHUNK_OFFSET: Key = key("chunk_offset", 3);
/// {0} upload, {1} bytes announced.
pub const UPLOAD_OVERRUN: Key = key("upload_overrun", 2);
/// {0} upload, {1} bytes received, {2} bytes announced.
pub const UPLOAD_SHORT: Key = key("upload_short", 3);
/// {0} uploads of this operator in progress.
pub const UPLOADS_PER_OPERATOR: Key = key("uploads_per_operator", 1);
/// {0} tenant, {1} its uploads in progress.
pub const UPLOADS_PER_TENANT: Key = key("uploads_per_tenant", 2);
/// {0} uploads in progress.
pub const UPLOADS_BUSY: Key = key("uploads_busy", 1);
/// {0} upload. Not found: finished, idle too long, or someone else's.
pub const UPLOAD_UNKNOWN: Key = key("upload_unknown", 1);

// Glosas.
/// {0} file name, {1} its bytes, {2} the limit in bytes.
pub const GLOSA_NOTICE_TOO_LARGE: Key = key("glosa_notice_too_large", 3);
/// {0} item asked for, {1} glosa, {2} how many items it has. Not found.
pub const GLOSA_ITEM_UNKNOWN: Key = key("glosa_item_unknown", 3);
/// {0} file name. A job's error: nothing in it reads as a notice.
pub const GLOSA_NOTICE_NOT_A_NOTICE: Key = key("glosa_notice_not_a_notice", 1);
/// {0} file name. A job's error: not a PDF, image, spreadsheet or text.
pub const GLOSA_NOTICE_KIND: Key = key("glosa_notice_kind", 1);
/// {0} file name, {1} the reader's reason (English). A job's error.
pub const GLOSA_NOTICE_UNREADABLE: Key = key("glosa_notice_unreadable", 2);
/// {0} file name, {1} the most item rows. A job's error.
pub const GLOSA_NOTICE_TOO_MANY_ITEMS: Key = key("glosa_notice_too_many_items", 2);
/// {0} the format asked for.
pub const NOT_AN_EXPORT_FORMAT: Key = key("not_an_export_format", 1);
/// {0} glosa, {1} its state.
pub const GLOSA_ANSWERED: Key = key("glosa_answered", 2);
/// {0} the value typed.
pub const GLOSA_NOT_AN_AMOUNT: Key = key("glosa_not_an_amount", 1);
/// {0} the amount objected.
pub const PARTIAL_ACCEPTANCE_RANGE: Key = key("partial_acceptance_range", 1);
/// {0} the code typed, {1} the codes there are.
pub const NOT_A_RESPONSE_CODE: Key = key("not_a_response_code", 2);
pub const JUSTIFICATION_EMPTY: Key = key("justification_empty", 0);
/// {0} the most characters.
pub const JUSTIFICATION_TOO_LONG: Key = key("justification_too_long", 1);
/// {0} glosa, {1} its state, {2} the state asked for.
pub const GLOSA_STATE: Key = key("glosa_state", 3);
/// {0} glosa, {1} the items without a response.
pub const GLOSA_ITEMS_UNANSWERED: Key = key("glosa_items_unanswered", 2);

// Mailboxes.
/// {0} labels given, {1} the most.
pub const TOO_MANY_LABELS: Key = key("too_many_labels", 2);
/// {0} label, {1} the most characters.
pub const LABEL_TOO_LONG: Key = key("label_too_long", 2);
/// {0} minutes given, {1} the most.
pub const MAIL_EVERY_MINUTES: Key = key("mail_every_minutes", 2);
/// {0} the most characters.
pub const MAIL_QUERY_TOO_LONG: Key = key("mail_query_too_long", 1);

// Why mail sync left an attachment out (not refusals: the reason shown next to the file in
// `mail show` and `:mail`, in `AttachmentOutcome::Skipped`).
pub const SKIP_NOT_INVOICE_LIKE: Key = key("skip_not_invoice_like", 0);
pub const SKIP_TEXT_NOT_INVOICE_LIKE: Key = key("skip_text_not_invoice_like", 0);
pub const SKIP_EMBEDDED_IMAGE: Key = key("skip_embedded_image", 0);
pub const SKIP_NESTED_ARCHIVE: Key = key("skip_nested_archive", 0);
/// {0} what the ZIP reader said.
pub const SKIP_UNREADABLE_ENTRY: Key = key("skip_unreadable_entry", 1);
/// {0} what the ZIP reader said.
pub const SKIP_ARCHIVE_UNREADABLE: Key = key("skip_archive_unreadable", 1);
/// {0} entries, {1} the limit.
pub const SKIP_ARCHIVE_TOO_MANY_ENTRIES: Key = key("skip_archive_too_many_entries", 2);
/// {0} the limit in bytes.
pub const SKIP_ARCHIVE_TOO_LARGE: Key = key("skip_archive_too_large", 1);
pub const SKIP_MESSAGE_BUDGET: Key = key("skip_message_budget", 0);
pub const SKIP_TEXT_BUDGET: Key = key("skip_text_budget", 0);

// Queues and schedules.
/// {0} the state asked for.
pub const JOB_STATE_NOT_RETRIABLE: Key = key("job_state_not_retriable", 1);
pub const QUEUE_NAME_LENGTH: Key = key("queue_name_length", 0);
pub const SCHEDULE_EVERY_MINUTE: Key = key("schedule_every_minute", 0);
/// {0} the time typed.
pub const NOT_A_TIME_OF_DAY: Key = key("not_a_time_of_day", 1);

// Connections (OAuth).
/// {0} the provider typed.
pub const UNKNOWN_PROVIDER: Key = key("unknown_provider", 1);
/// {0} provider.
pub const NO_OAUTH_CLIENT: Key = key("no_oauth_client", 1);
/// {0} connection, {1} its provider, {2} the provider asked for.
pub const CONNECTION_PROVIDER: Key = key("connection_provider", 3);
pub const AUTHORIZATION_EXPIRED: Key = key("authorization_expired", 0);
/// Not found: finished already, or never started here.
pub const AUTHORIZATION_UNKNOWN: Key = key("authorization_unknown", 0);
/// {0} connection, {1} its state, {2} provider, {3} what to do (English). A job's error in
/// records from before the two keys below (the daemon no longer makes it).
pub const CONNECTION_NOT_USABLE: Key = key("connection_not_usable", 4);
/// {0} connection, {1} its state, {2} provider. A job's error: the connection has no error
/// of its own, and the sentence says how to authorize it.
pub const CONNECTION_NEEDS_AUTHORIZATION: Key = key("connection_needs_authorization", 3);
/// {0} connection, {1} its state, {2} provider, {3} the connection's last error (English; its
/// own words are the record's `inner`), which says what to do. A job's error.
pub const CONNECTION_UNUSABLE_BECAUSE: Key = key("connection_unusable_because", 4);
/// {0} the provider's reason. A job's error: the grant is dead.
pub const OAUTH_GRANT_REFUSED: Key = key("oauth_grant_refused", 1);
/// {0} the provider's reason. A job's error.
pub const OAUTH_REFUSED: Key = key("oauth_refused", 1);
/// {0} the reason. A job's error.
pub const OAUTH_UNREACHABLE: Key = key("oauth_unreachable", 1);
/// {0} the Gmail call, {1} HTTP status, {2} Google's message. A job's error.
pub const GMAIL_ANSWERED: Key = key("gmail_answered", 3);
/// {0} the Gmail call, {1} HTTP status, {2} Google's message. A job's error: it waits.
pub const GMAIL_RATE_LIMITED: Key = key("gmail_rate_limited", 3);
/// {0} the Gmail call, {1} the reason. A job's error.
pub const GMAIL_UNREACHABLE: Key = key("gmail_unreachable", 2);
/// {0} the Gmail call, {1} the reason. A job's error.
pub const GMAIL_UNREADABLE: Key = key("gmail_unreadable", 2);
/// {0} operator, {1} tenant.
pub const AUTHORIZATION_OF_OTHER: Key = key("authorization_of_other", 2);
pub const AUTHORIZATION_DOES_NOT_OPEN: Key = key("authorization_does_not_open", 0);
/// {0} connection.
pub const TOKENS_DO_NOT_OPEN: Key = key("tokens_do_not_open", 1);
/// {0} connection.
pub const NO_CODE_TO_EXCHANGE: Key = key("no_code_to_exchange", 1);
pub const REDIRECT_EMPTY: Key = key("redirect_empty", 0);
pub const REDIRECT_NO_STATE: Key = key("redirect_no_state", 0);

// Why a job failed (a job's error, kept beside its English; see `Words`).
/// {0} job kind.
pub const JOB_KIND_UNKNOWN: Key = key("job_kind_unknown", 1);
/// {0} the JSON parser's reason (English).
pub const JOB_PAYLOAD_NOT_JSON: Key = key("job_payload_not_json", 1);
/// {0} job kind, {1} the decoder's reason (English).
pub const JOB_PAYLOAD_UNDECODABLE: Key = key("job_payload_undecodable", 2);
/// {0} seconds an attempt may take.
pub const JOB_LEASE_TIMEOUT: Key = key("job_lease_timeout", 1);
/// The lease reaper put a running job back: the job's error.
pub const JOB_LEASE_EXPIRED: Key = key("job_lease_expired", 0);
/// The lease reaper put a running job back: the attempt's error.
pub const JOB_ATTEMPT_LEASE_EXPIRED: Key = key("job_attempt_lease_expired", 0);
/// The daemon stopped while the job ran: the job and its attempt's error.
pub const JOB_INTERRUPTED: Key = key("job_interrupted", 0);
/// {0} the store's reason (English).
pub const STORE_FAILED: Key = key("store_failed", 1);
/// {0} the kind of record (the English word of `Record::as_str`: the client words it), {1} id.
pub const RECORD_NOT_FOUND: Key = key("record_not_found", 2);
/// {0} the kind of record (as in `RECORD_NOT_FOUND`), {1} id, {2} tenant.
pub const RECORD_NOT_FOUND_IN_TENANT: Key = key("record_not_found_in_tenant", 3);
/// {0} the blob's hash.
pub const BLOB_NOT_FOUND: Key = key("blob_not_found", 1);
// The sandbox's simulated failures.
pub const SANDBOX_UNAVAILABLE: Key = key("sandbox_unavailable", 0);
pub const SANDBOX_NO_RECIPIENT: Key = key("sandbox_no_recipient", 0);
pub const SANDBOX_UNTIL_RETRIED: Key = key("sandbox_until_retried", 0);
pub const SANDBOX_TOO_MANY_REQUESTS: Key = key("sandbox_too_many_requests", 0);
/// {0} the action asked for.
pub const SANDBOX_UNKNOWN_ACTION: Key = key("sandbox_unknown_action", 1);
// Channels: settings, customers' files, templates, profiles, sends.
/// {0} channel (WhatsApp, Messenger).
pub const NO_CHANNEL_SETTINGS: Key = key("no_channel_settings", 1);
/// {0} channel.
pub const NO_CHANNEL_TOKEN: Key = key("no_channel_token", 1);
/// {0} the setting (`channels.whatsapp.acme.access_token`).
pub const SET_TO_LIST_TEMPLATES: Key = key("set_to_list_templates", 1);
/// {0} the setting.
pub const SET_TO_LOOK_UP_NAMES: Key = key("set_to_look_up_names", 1);
/// {0} the setting, {1} the URL parser's reason (English).
pub const SETTING_NOT_A_URL: Key = key("setting_not_a_url", 2);
/// {0} channel, {1} the reason (English).
pub const MEDIA_UNREACHABLE: Key = key("media_unreachable", 2);
/// {0} channel, {1} HTTP status.
pub const MEDIA_ANSWERED: Key = key("media_answered", 2);
/// {0} channel, {1} the limit in bytes.
pub const MEDIA_TOO_LARGE: Key = key("media_too_large", 2);
/// {0} the reason (English).
pub const WHATSAPP_MEDIA_INFO_UNREACHABLE: Key = key("whatsapp_media_info_unreachable", 1);
pub const WHATSAPP_MEDIA_NO_URL: Key = key("whatsapp_media_no_url", 0);
/// {0} the reason (English).
pub const TELEGRAM_GET_FILE_UNREACHABLE: Key = key("telegram_get_file_unreachable", 1);
/// {0} Telegram's description.
pub const TELEGRAM_GET_FILE_REFUSED: Key = key("telegram_get_file_refused", 1);
/// {0} the reason (English).
pub const WHATSAPP_TEMPLATES_UNREACHABLE: Key = key("whatsapp_templates_unreachable", 1);
/// {0} HTTP status, {1} Meta's message.
pub const WHATSAPP_TEMPLATES_ANSWERED: Key = key("whatsapp_templates_answered", 2);
pub const PROFILE_NO_PSID: Key = key("profile_no_psid", 0);
/// {0} the reason (English).
pub const MESSENGER_PROFILE_UNREACHABLE: Key = key("messenger_profile_unreachable", 1);
/// {0} HTTP status, {1} Meta's message.
pub const MESSENGER_PROFILE_ANSWERED: Key = key("messenger_profile_answered", 2);
/// {0} channel, {1} the setting.
pub const NO_SEND_TOKEN: Key = key("no_send_token", 2);
/// {0} the file's reference.
pub const SEND_FILE_REFERENCE: Key = key("send_file_reference", 1);
/// {0} file name, {1} the blob's hash.
pub const SEND_FILE_MISSING: Key = key("send_file_missing", 2);
/// {0} file name, {1} the store's reason (English).
pub const SEND_FILE_UNREADABLE: Key = key("send_file_unreadable", 2);
/// {0} channel, {1} what the provider said (its own words, kept as it wrote them). A send's
/// error, kept on the failed message too.
pub const SEND_REFUSED: Key = key("send_refused", 2);
/// {0} channel, {1} the reason (English). A send's error: it is tried again.
pub const SEND_UNREACHABLE: Key = key("send_unreachable", 2);
/// {0} channel, {1} HTTP status. A send's error: it is tried again.
pub const SEND_NO_ID: Key = key("send_no_id", 2);
/// {0} channel, {1} what the provider said (code, title, detail). A failed message's error
/// from the provider's status webhook.
pub const DELIVERY_FAILED: Key = key("delivery_failed", 2);
/// {0} the reason (English). A read receipt's error.
pub const READ_RECEIPT_UNREACHABLE: Key = key("read_receipt_unreachable", 1);
/// {0} HTTP status. A read receipt's error.
pub const READ_RECEIPT_ANSWERED: Key = key("read_receipt_answered", 1);
// Reading invoices (and glosa notices).
pub const INVOICE_BLOB_MALFORMED: Key = key("invoice_blob_malformed", 0);
/// {0} program, {1} its Debian package.
pub const TOOL_MISSING: Key = key("tool_missing", 2);
/// {0} program, {1} seconds.
pub const TOOL_TIMEOUT: Key = key("tool_timeout", 2);
/// {0} program, {1} what it said.
pub const TOOL_FAILED: Key = key("tool_failed", 2);
/// {0} program, {1} MiB.
pub const TOOL_OUT_OF_MEMORY: Key = key("tool_out_of_memory", 2);
/// {0} width, {1} height, {2} the limit in megapixels.
pub const IMAGE_TOO_LARGE: Key = key("image_too_large", 3);
/// {0} the decoder's reason (English).
pub const IMAGE_UNDECODABLE: Key = key("image_undecodable", 1);
/// {0} the encoder's reason (English).
pub const IMAGE_UNWRITABLE: Key = key("image_unwritable", 1);
/// {0} the reason (English).
pub const IMAGE_UNREADABLE: Key = key("image_unreadable", 1);
pub const NO_TEXT: Key = key("no_text", 0);
/// {0} pages without text, {1} the most OCR reads.
pub const TOO_MANY_SCANNED_PAGES: Key = key("too_many_scanned_pages", 2);
/// {0} the system's reason (English).
pub const TEMPORARY_FILES: Key = key("temporary_files", 1);
/// {0} the limit in MiB.
pub const XML_TOO_LARGE: Key = key("xml_too_large", 1);
/// {0} the encoding.
pub const XML_ENCODING: Key = key("xml_encoding", 1);
/// {0} offset.
pub const XML_BAD_UTF8: Key = key("xml_bad_utf8", 1);
/// {0} line, {1} the parser's message (English).
pub const XML_SYNTAX: Key = key("xml_syntax", 2);
/// {0} line.
pub const XML_DOCTYPE: Key = key("xml_doctype", 1);
/// {0} the most levels, {1} line.
pub const XML_TOO_DEEP: Key = key("xml_too_deep", 2);
/// {0} element, {1} the most attributes, {2} line.
pub const XML_TOO_MANY_ATTRIBUTES: Key = key("xml_too_many_attributes", 3);
pub const XML_NO_ROOT: Key = key("xml_no_root", 0);
/// {0} the root element.
pub const XML_ROOT_NOT_INVOICE: Key = key("xml_root_not_invoice", 1);
/// {0} why (English).
pub const XML_NOT_AN_INVOICE: Key = key("xml_not_an_invoice", 1);
pub const XML_NO_ATTACHED_INVOICE: Key = key("xml_no_attached_invoice", 0);
/// {0} what is wrong with the invoice inside (English).
pub const XML_IN_ATTACHED_INVOICE: Key = key("xml_in_attached_invoice", 1);
/// {0} the reason (English).
pub const LLM_UNREACHABLE: Key = key("llm_unreachable", 1);
/// {0} the reason (English).
pub const LLM_ANSWER_UNREADABLE: Key = key("llm_answer_unreadable", 1);
/// {0} the endpoint, {1} HTTP status, {2} the start of its answer.
pub const LLM_ANSWERED: Key = key("llm_answered", 3);
/// {0} why (English).
pub const LLM_ANSWER_REFUSED: Key = key("llm_answer_refused", 1);
pub const GLOSA_NOTICE_FILE_NOT_KEPT: Key = key("glosa_notice_file_not_kept", 0);
/// {0} file name, {1} why its text could not be read (English).
pub const GLOSA_NOTICE_TEXT: Key = key("glosa_notice_text", 2);
// Mail and connections.
/// {0} mail message, {1} attachment.
pub const MAIL_NO_ATTACHMENT: Key = key("mail_no_attachment", 2);
pub const MAIL_ATTACHMENT_FILE_NOT_KEPT: Key = key("mail_attachment_file_not_kept", 0);
/// {0} the Gmail call, {1} HTTP status, {2} Google's message.
pub const GMAIL_TOKEN_REFRESHED: Key = key("gmail_token_refreshed", 3);
/// {0} the provider's reason.
pub const EXCHANGE_GRANT_REFUSED: Key = key("exchange_grant_refused", 1);
/// {0} the provider's reason.
pub const EXCHANGE_REFUSED: Key = key("exchange_refused", 1);
/// {0} the reason.
pub const EXCHANGE_UNREACHABLE: Key = key("exchange_unreachable", 1);
// A connection's last error (kept on the connection beside its English).
/// {0} provider, {1} the provider's reason, {2} connection.
pub const CONNECTION_GRANT_DEAD: Key = key("connection_grant_dead", 3);
pub const CONNECTION_NO_REFRESH_TOKEN: Key = key("connection_no_refresh_token", 0);
/// {0} the provider's error code (`access_denied`).
pub const CONNECTION_NOT_AUTHORIZED: Key = key("connection_not_authorized", 1);
// The dashboard's integrations: a failing one's detail (`IntegrationStatus::words`), the last
// value being the error (English; its own words are the record's `inner`).
/// {0} connection, {1} its last error.
pub const INTEGRATION_CONNECTION_ERROR: Key = key("integration_connection_error", 2);
/// {0} account, {1} connection, {2} its last error.
pub const INTEGRATION_ACCOUNT_ERROR: Key = key("integration_account_error", 3);
/// {0} mailbox, {1} its last error.
pub const INTEGRATION_MAILBOX_ERROR: Key = key("integration_mailbox_error", 2);

// What an audit entry says about a change (`AuditEntry::detail_words`): the values are its
// data (ids, file names, states, counts), the rest is the sentence. A failed change keeps its
// refusal's own words; a detail that is only data (a zone, a role, a funnel's stages) has none.
/// {0} file name, {1} its kind, {2} its bytes, {3} where it came from (`inbox`, `upload`,
/// `mail: …`, `chat: …`).
pub const INVOICE_ADDED: Key = key("invoice_added", 4);
/// {0} fields read, {1} how (`ocr`, `text_layer`, `embedded_xml`…), {2} warnings.
pub const INVOICE_READ: Key = key("invoice_read", 3);
/// {0} the fields set (`total=12.30, line_items=3`), {1} the fields cleared.
pub const INVOICE_FIELDS_SET_AND_CLEARED: Key = key("invoice_fields_set_and_cleared", 2);
/// {0} the fields cleared.
pub const INVOICE_FIELDS_CLEARED: Key = key("invoice_fields_cleared", 1);
/// {0} mappings loaded, {1} files with problems.
pub const MAPPINGS_RELOADED: Key = key("mappings_reloaded", 2);
/// {0} name, {1} phone, {2} email, {3} tags: each the new value, or `—` when unchanged.
pub const CONTACT_EDITED: Key = key("contact_edited", 4);
/// {0} the contact merged into the target.
pub const CONTACT_MERGED: Key = key("contact_merged", 1);
/// A conversation assigned to nobody.
pub const ASSIGNED_TO_NOBODY: Key = key("assigned_to_nobody", 0);
/// {0} notice number, {1} payer, {2} items, {3} where it came from.
pub const GLOSA_NOTICE_ADDED: Key = key("glosa_notice_added", 4);
/// {0} item, {1} response code.
pub const GLOSA_ITEM_ACCEPTED: Key = key("glosa_item_accepted", 2);
/// {0} item, {1} response code, {2} the value accepted.
pub const GLOSA_ITEM_PARTIALLY_ACCEPTED: Key = key("glosa_item_partially_accepted", 3);
/// {0} item, {1} response code.
pub const GLOSA_ITEM_NOT_ACCEPTED: Key = key("glosa_item_not_accepted", 2);
/// {0} item, {1} response code (a decision newer than this sentence).
pub const GLOSA_ITEM_ANSWERED: Key = key("glosa_item_answered", 2);
/// {0} item.
pub const GLOSA_ITEM_CLEARED: Key = key("glosa_item_cleared", 1);
/// {0} connection, {1} labels, {2} minutes between syncs.
pub const MAILBOX_ADDED: Key = key("mailbox_added", 3);
/// {0} labels, {1} minutes between syncs, {2} the search (quoted).
pub const MAILBOX_EDITED: Key = key("mailbox_edited", 3);
/// A sync asked for now that lists every message again.
pub const MAILBOX_SYNC_FULL: Key = key("mailbox_sync_full", 0);
/// A sync asked for now of the new mail.
pub const MAILBOX_SYNC_NEW: Key = key("mailbox_sync_new", 0);
/// A queue or a schedule paused.
pub const PAUSED: Key = key("paused", 0);
/// A queue or a schedule resumed.
pub const RESUMED: Key = key("resumed", 0);
/// A schedule's job made now.
pub const SCHEDULE_RUN_NOW: Key = key("schedule_run_now", 0);
/// {0} the currency code.
pub const TENANT_CURRENCY: Key = key("tenant_currency", 1);
/// {0} bytes, {1} files of the blob folder.
pub const BACKUP_WRITTEN: Key = key("backup_written", 2);
// Why a call was refused before it ran (the audit entry of a denial; the caller gets
// `ErrorDetail::Denied`).
/// {0} user.
pub const NOT_AN_OPERATOR: Key = key("not_an_operator", 1);
/// {0} method, {1} the role it needs, {2} tenant, {3} user, {4} their role there.
pub const ROLE_TOO_LOW: Key = key("role_too_low", 5);
/// {0} user, {1} tenant.
pub const NO_ROLE_IN_TENANT: Key = key("no_role_in_tenant", 2);
/// {0} method.
pub const SUPERUSERS_ONLY: Key = key("superusers_only", 1);
/// {0} user, {1} method.
pub const MAY_NOT_CALL: Key = key("may_not_call", 2);

/// Every key, for clients to check their translations against.
pub const ALL: &[Key] =
    &joined::<{ BEFORE_WARNINGS.len() + ALL_WARNINGS.len() }>(BEFORE_WARNINGS, ALL_WARNINGS);

/// An invoice's warnings' keys and a glosa's.
const ALL_WARNINGS: &[Key] =
    &joined::<{ WARNINGS.len() + GLOSA_WARNINGS.len() }>(WARNINGS, GLOSA_WARNINGS);

/// The keys before an invoice's warnings had theirs (`centralita_extraction::said::invoices`; a
/// glosa's in `::glosas`).
const BEFORE_WARNINGS: &[Key] = &[
    AGENT_TAKES_CONVERSATION,
    NO_ROLE_TO_ASSIGN,
    MESSAGE_EMPTY,
    MESSAGE_TOO_LONG,
    WINDOW_CLOSED,
    WINDOW_NOT_OPEN,
    FILE_EMPTY,
    FILE_TOO_LARGE,
    CAPTION_TOO_LONG,
    QUICK_REPLY_CHANNEL,
    WHATSAPP_TEMPLATE_CHANNEL,
    WHATSAPP_TEMPLATE_NOT_APPROVED,
    WHATSAPP_TEMPLATE_VALUES,
    WHATSAPP_TEMPLATE_VALUE_EMPTY,
    AGENT_TAKES_LEAD,
    NO_SUCH_STAGE,
    NOT_AN_AMOUNT,
    NO_FUNNEL,
    NOT_A_PHONE,
    NOT_AN_EMAIL,
    MERGE_INTO_ITSELF,
    AGENT_OWN_REMINDERS,
    SOMEONE_ELSES_REMINDER,
    REMINDER_TEXT_EMPTY,
    NOTHING_TO_CHANGE,
    INVOICE_STATE,
    READ_FAILED_BY_HAND,
    READ_FAILED_BY_HAND_NO_REASON,
    REJECTION_NEEDS_REASON,
    JOB_NOT_RETRIABLE,
    JOB_RETRY_BLOCKED,
    JOB_NOT_CANCELLABLE,
    TENANT_NAME_LENGTH,
    NOT_A_ZONE,
    NOT_A_DISPLAY_NAME,
    NOT_A_UNIX_USER,
    TENANT_EXISTS,
    AUDIT_UNSCOPED,
    CONVERSATION_NOT_YOURS,
    AUDIO_NO_CAPTION,
    MESSENGER_NO_CAPTION,
    QUICK_REPLY_UNCLOSED,
    QUICK_REPLY_UNKNOWN_VARIABLE,
    QUICK_REPLY_NAME,
    CONTACT_NOT_YOURS,
    LEAD_NOT_YOURS,
    LEAD_OF_OTHERS_CONTACT,
    NOTE_EMPTY,
    UNKNOWN_FUNNEL,
    STAGE_HOLDS_LEADS,
    ONLY_FUNNEL,
    FUNNEL_HOLDS_LEADS,
    FUNNEL_NAME,
    STAGE_NAME_LENGTH,
    STAGE_TWICE,
    FUNNEL_NO_STAGES,
    NOT_A_DUE_TIME,
    REPORT_RANGE,
    UNKNOWN_REPORT,
    INVOICE_FILE_TOO_LARGE,
    NOT_AN_INVOICE_DOCUMENT,
    MESSAGE_FILE_DOWNLOADING,
    MESSAGE_NOT_IN_CONVERSATION,
    MESSAGE_HAS_NO_FILE,
    CONVERSATION_HAS_NO_FILE,
    FIELD_NOT_AN_AMOUNT,
    FIELD_NOT_A_DATE,
    FIELD_NOT_A_CURRENCY,
    NOT_A_CURRENCY,
    CHUNK_NOT_BASE64,
    CHUNK_TOO_LARGE,
    CHUNK_OFFSET,
    UPLOAD_OVERRUN,
    UPLOAD_SHORT,
    UPLOADS_PER_OPERATOR,
    UPLOADS_PER_TENANT,
    UPLOADS_BUSY,
    UPLOAD_UNKNOWN,
    GLOSA_NOTICE_TOO_LARGE,
    GLOSA_NOTICE_NOT_A_NOTICE,
    GLOSA_NOTICE_KIND,
    GLOSA_NOTICE_UNREADABLE,
    GLOSA_NOTICE_TOO_MANY_ITEMS,
    GLOSA_ITEM_UNKNOWN,
    NOT_AN_EXPORT_FORMAT,
    GLOSA_ANSWERED,
    GLOSA_NOT_AN_AMOUNT,
    PARTIAL_ACCEPTANCE_RANGE,
    NOT_A_RESPONSE_CODE,
    JUSTIFICATION_EMPTY,
    JUSTIFICATION_TOO_LONG,
    GLOSA_STATE,
    GLOSA_ITEMS_UNANSWERED,
    TOO_MANY_LABELS,
    LABEL_TOO_LONG,
    MAIL_EVERY_MINUTES,
    MAIL_QUERY_TOO_LONG,
    SKIP_NOT_INVOICE_LIKE,
    SKIP_TEXT_NOT_INVOICE_LIKE,
    SKIP_EMBEDDED_IMAGE,
    SKIP_NESTED_ARCHIVE,
    SKIP_UNREADABLE_ENTRY,
    SKIP_ARCHIVE_UNREADABLE,
    SKIP_ARCHIVE_TOO_MANY_ENTRIES,
    SKIP_ARCHIVE_TOO_LARGE,
    SKIP_MESSAGE_BUDGET,
    SKIP_TEXT_BUDGET,
    JOB_STATE_NOT_RETRIABLE,
    QUEUE_NAME_LENGTH,
    SCHEDULE_EVERY_MINUTE,
    NOT_A_TIME_OF_DAY,
    UNKNOWN_PROVIDER,
    NO_OAUTH_CLIENT,
    CONNECTION_PROVIDER,
    AUTHORIZATION_EXPIRED,
    AUTHORIZATION_UNKNOWN,
    CONNECTION_NOT_USABLE,
    CONNECTION_NEEDS_AUTHORIZATION,
    CONNECTION_UNUSABLE_BECAUSE,
    OAUTH_GRANT_REFUSED,
    OAUTH_REFUSED,
    OAUTH_UNREACHABLE,
    GMAIL_ANSWERED,
    GMAIL_RATE_LIMITED,
    GMAIL_UNREACHABLE,
    GMAIL_UNREADABLE,
    AUTHORIZATION_OF_OTHER,
    AUTHORIZATION_DOES_NOT_OPEN,
    TOKENS_DO_NOT_OPEN,
    NO_CODE_TO_EXCHANGE,
    REDIRECT_EMPTY,
    REDIRECT_NO_STATE,
    JOB_KIND_UNKNOWN,
    JOB_PAYLOAD_NOT_JSON,
    JOB_PAYLOAD_UNDECODABLE,
    JOB_LEASE_TIMEOUT,
    JOB_LEASE_EXPIRED,
    JOB_ATTEMPT_LEASE_EXPIRED,
    JOB_INTERRUPTED,
    STORE_FAILED,
    RECORD_NOT_FOUND,
    RECORD_NOT_FOUND_IN_TENANT,
    BLOB_NOT_FOUND,
    SANDBOX_UNAVAILABLE,
    SANDBOX_NO_RECIPIENT,
    SANDBOX_UNTIL_RETRIED,
    SANDBOX_TOO_MANY_REQUESTS,
    SANDBOX_UNKNOWN_ACTION,
    NO_CHANNEL_SETTINGS,
    NO_CHANNEL_TOKEN,
    SET_TO_LIST_TEMPLATES,
    SET_TO_LOOK_UP_NAMES,
    SETTING_NOT_A_URL,
    MEDIA_UNREACHABLE,
    MEDIA_ANSWERED,
    MEDIA_TOO_LARGE,
    WHATSAPP_MEDIA_INFO_UNREACHABLE,
    WHATSAPP_MEDIA_NO_URL,
    TELEGRAM_GET_FILE_UNREACHABLE,
    TELEGRAM_GET_FILE_REFUSED,
    WHATSAPP_TEMPLATES_UNREACHABLE,
    WHATSAPP_TEMPLATES_ANSWERED,
    PROFILE_NO_PSID,
    MESSENGER_PROFILE_UNREACHABLE,
    MESSENGER_PROFILE_ANSWERED,
    NO_SEND_TOKEN,
    SEND_FILE_REFERENCE,
    SEND_FILE_MISSING,
    SEND_FILE_UNREADABLE,
    SEND_REFUSED,
    SEND_UNREACHABLE,
    SEND_NO_ID,
    DELIVERY_FAILED,
    READ_RECEIPT_UNREACHABLE,
    READ_RECEIPT_ANSWERED,
    INVOICE_BLOB_MALFORMED,
    TOOL_MISSING,
    TOOL_TIMEOUT,
    TOOL_FAILED,
    TOOL_OUT_OF_MEMORY,
    IMAGE_TOO_LARGE,
    IMAGE_UNDECODABLE,
    IMAGE_UNWRITABLE,
    IMAGE_UNREADABLE,
    NO_TEXT,
    TOO_MANY_SCANNED_PAGES,
    TEMPORARY_FILES,
    XML_TOO_LARGE,
    XML_ENCODING,
    XML_BAD_UTF8,
    XML_SYNTAX,
    XML_DOCTYPE,
    XML_TOO_DEEP,
    XML_TOO_MANY_ATTRIBUTES,
    XML_NO_ROOT,
    XML_ROOT_NOT_INVOICE,
    XML_NOT_AN_INVOICE,
    XML_NO_ATTACHED_INVOICE,
    XML_IN_ATTACHED_INVOICE,
    LLM_UNREACHABLE,
    LLM_ANSWER_UNREADABLE,
    LLM_ANSWERED,
    LLM_ANSWER_REFUSED,
    GLOSA_NOTICE_FILE_NOT_KEPT,
    GLOSA_NOTICE_TEXT,
    MAIL_NO_ATTACHMENT,
    MAIL_ATTACHMENT_FILE_NOT_KEPT,
    GMAIL_TOKEN_REFRESHED,
    EXCHANGE_GRANT_REFUSED,
    EXCHANGE_REFUSED,
    EXCHANGE_UNREACHABLE,
    CONNECTION_GRANT_DEAD,
    CONNECTION_NO_REFRESH_TOKEN,
    CONNECTION_NOT_AUTHORIZED,
    INTEGRATION_CONNECTION_ERROR,
    INTEGRATION_ACCOUNT_ERROR,
    INTEGRATION_MAILBOX_ERROR,
    INVOICE_ADDED,
    INVOICE_READ,
    INVOICE_FIELDS_SET_AND_CLEARED,
    INVOICE_FIELDS_CLEARED,
    MAPPINGS_RELOADED,
    CONTACT_EDITED,
    CONTACT_MERGED,
    ASSIGNED_TO_NOBODY,
    GLOSA_NOTICE_ADDED,
    GLOSA_ITEM_ACCEPTED,
    GLOSA_ITEM_PARTIALLY_ACCEPTED,
    GLOSA_ITEM_NOT_ACCEPTED,
    GLOSA_ITEM_ANSWERED,
    GLOSA_ITEM_CLEARED,
    MAILBOX_ADDED,
    MAILBOX_EDITED,
    MAILBOX_SYNC_FULL,
    MAILBOX_SYNC_NEW,
    PAUSED,
    RESUMED,
    SCHEDULE_RUN_NOW,
    TENANT_CURRENCY,
    BACKUP_WRITTEN,
    NOT_AN_OPERATOR,
    ROLE_TOO_LOW,
    NO_ROLE_IN_TENANT,
    SUPERUSERS_ONLY,
    MAY_NOT_CALL,
];
