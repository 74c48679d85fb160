//! What the event loop feeds to [`App::update`](super::app::App::update).

use centralita_protocol::{
    AuditPage, AuthorizationStart, Connection, Contact, ContactId, ConversationDetail,
    ConversationId, ConversationSummary, Dashboard, FunnelStage, GlosaDetail, GlosaState,
    GlosaSummary, InvoiceCounts, InvoiceDetail, InvoicePage, JobDetail, JobPage, Lead, MailMessage,
    MailMessageDetail, Mailbox, MailboxId, MessageId, Operator, QueueInfo, QuickReply, Reminder,
    Report, RpcError, Tenant, WhatsAppTemplate,
};
use crossterm::event::KeyEvent;

use super::views::View;
use jiff::Timestamp;

#[derive(Debug, Clone)]
pub enum Event {
    Key(KeyEvent),
    /// The change feed moved for the current tenant.
    Changes,
    /// A call's answer.
    Reply(Reply),
    /// A call's answer, with the view on screen when the call was made: what an action says
    /// belongs to that view.
    Answer {
        reply: Reply,
        from: View,
    },
    /// The connection broke, or came back.
    Connection(bool),
    /// Time passes (debounced refreshes, relative times).
    Tick(Timestamp),
}

#[derive(Debug, Clone)]
pub enum Reply {
    Dashboard(Box<Dashboard>),
    /// A page of jobs; `append` when it continues the list on screen.
    Jobs {
        page: JobPage,
        append: bool,
    },
    Job(Box<JobDetail>),
    Queues(Vec<QueueInfo>),
    /// A page of invoices with the counts per state; `append` as for jobs.
    Invoices {
        page: InvoicePage,
        counts: InvoiceCounts,
        append: bool,
    },
    Invoice(Box<InvoiceDetail>),
    Conversations(Vec<ConversationSummary>),
    Leads(Vec<Lead>),
    /// One lead with its contact, reminders and funnel stages.
    Lead(Box<super::views::lead::LeadDetail>),
    Contacts(Vec<Contact>),
    Report(Report),
    Reminders(Vec<Reminder>),
    /// Leads and every funnel stage (in order), for the kanban.
    Funnel {
        leads: Vec<Lead>,
        stages: Vec<FunnelStage>,
    },
    Conversation(Box<ConversationDetail>),
    Audit(AuditPage),
    Tenants(Vec<Tenant>),
    Operators(Vec<Operator>),
    QuickReplies(Vec<QuickReply>),
    Connections(Vec<Connection>),
    /// An authorization started: the consent page to show the operator.
    Authorization(AuthorizationStart),
    /// A page of the messages of `mailbox` (`None`: of all); `next` is where the one after it
    /// starts, `append` as for jobs.
    Mail {
        mailbox: Option<MailboxId>,
        messages: Vec<MailMessage>,
        next: Option<u64>,
        append: bool,
    },
    MailMessage(Box<MailMessageDetail>),
    Mailboxes(Vec<Mailbox>),
    /// The glosas of `state` (`None`: of all), soonest due first.
    Glosas {
        state: Option<GlosaState>,
        glosas: Vec<GlosaSummary>,
    },
    Glosa(Box<GlosaDetail>),
    WhatsAppTemplates(Vec<WhatsAppTemplate>),
    /// One contact with its conversations and leads.
    Contact(Box<super::views::contact::ContactDetail>),
    /// The contact an operator asked to merge into `into`, for the y/n.
    MergeCandidate {
        into: ContactId,
        from: Box<centralita_protocol::Contact>,
    },
    /// A quick reply filled for a conversation, as it would go out.
    QuickReplyPreview {
        conversation: ConversationId,
        name: String,
        text: String,
    },
    /// A message was queued on a conversation; `draft` is the composer text it carried (the
    /// reply, or the file's caption), which is no longer a draft.
    Sent {
        conversation: ConversationId,
        message: MessageId,
        draft: Option<String>,
    },
    /// A long call is under way (an upload): what to show on the status line meanwhile.
    Progress(String),
    /// Done, and nothing to show (the change feed brings what changed).
    Nothing,
    /// An action succeeded; the message says what happened.
    Done(String),
    Failed(RpcError),
}
