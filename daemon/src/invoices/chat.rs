//! Files customers send in chats, to invoice intake: by an operator (`F` in `:inbox`, `centralita
//! conversations to-invoice`), or by the tenant's `[invoices.from_chats]` rules as soon as the
//! file is downloaded (the media job enqueues [`ChatFileToInvoice`] in the commit that stores
//! it). Intake is idempotent (the same bytes are one invoice), so a repeated job changes nothing.

use centralita_config::ChatFileRule;
use centralita_protocol::{ConversationId, Direction, IntakeOutcome, Message, MessageId, TenantId};
use serde::{Deserialize, Serialize};

use super::{Intake, Invoices, lifecycle};
use crate::actor::Actor;
use crate::error::{AreaError, said};
use crate::queue::{Job, JobContext, JobError};
use crate::store::{BlobHash, ReadTxn};
use centralita_protocol::said as key;

/// Sends the file of message `message` in conversation `conversation` to invoice intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatFileToInvoice {
    pub conversation: ConversationId,
    pub message: MessageId,
}

impl Job for ChatFileToInvoice {
    const KIND: &'static str = "invoice.from_chat";
    const QUEUE: &'static str = lifecycle::QUEUE;
    const MAX_ATTEMPTS: u32 = 8;

    fn unique_key(&self, tenant: &TenantId) -> Option<String> {
        Some(format!("invoice.from_chat:{tenant}:{}", self.message))
    }
}

/// A downloaded chat file as the message records it: `blob:HASH (MIME, SIZE bytes)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatFile {
    pub hash: BlobHash,
    pub mime: Option<String>,
}

impl ChatFile {
    /// The file a message's `media` points at once downloaded; `None` while it is still the
    /// provider's reference (or was never kept).
    pub fn of(media: &str) -> Option<Self> {
        let rest = media.strip_prefix("blob:")?;
        let (hash, details) = rest.split_once(' ').unwrap_or((rest, ""));
        let mime = details
            .trim_start_matches('(')
            .split(',')
            .next()
            .map(str::trim)
            .filter(|mime| mime.contains('/'))
            .map(str::to_owned);
        Some(Self {
            hash: BlobHash::parse(hash)?,
            mime,
        })
    }

    /// What `[invoices.from_chats]` rules call the file: `pdf`, `image`, `xml`, or `None` for
    /// a file that cannot be an invoice (audio, video, stickers…).
    pub fn kind(&self) -> Option<&'static str> {
        let mime = self.mime.as_deref()?;
        match mime {
            "application/pdf" => Some("pdf"),
            "application/xml" | "text/xml" => Some("xml"),
            _ if mime.starts_with("image/") && mime != "image/webp" => Some("image"),
            _ => None,
        }
    }

    /// A file name for the invoice, from the channel, the message and the type.
    fn name(&self, channel: &str, message: MessageId) -> String {
        let extension = match self.mime.as_deref() {
            Some("application/pdf") => "pdf",
            Some("application/xml" | "text/xml") => "xml",
            Some("image/png") => "png",
            Some("image/jpeg") => "jpg",
            Some("image/tiff") => "tif",
            _ => "bin",
        };
        format!("{channel}-{message}.{extension}")
    }
}

/// Whether `rules` send a file of `kind` from `channel` to intake.
pub fn wanted(rules: &[ChatFileRule], channel: &str, file: &ChatFile) -> bool {
    file.kind()
        .is_some_and(|kind| rules.iter().any(|rule| rule.matches(channel, kind)))
}

impl Invoices {
    /// An operator sends a chat file to intake: message `message`, or the newest customer
    /// message with a downloaded file when `None`.
    pub async fn from_chat(
        &self,
        actor: &Actor,
        conversation: ConversationId,
        message: Option<MessageId>,
    ) -> Result<IntakeOutcome, AreaError> {
        let chat = Chat {
            tenant: actor.tenant.clone(),
            conversation,
            message,
        };
        self.take_chat_file(chat, Some(actor.clone()), actor.user())
            .await
    }

    /// The job the media download enqueues when a rule matched.
    pub(super) async fn run_chat_file(
        &self,
        context: &JobContext,
        job: ChatFileToInvoice,
    ) -> Result<(), JobError> {
        let chat = Chat {
            tenant: context.tenant.clone(),
            conversation: job.conversation,
            message: Some(job.message),
        };
        self.take_chat_file(chat, None, "chat")
            .await
            .map(|_| ())
            .map_err(JobError::from)
    }

    /// Finds the customer's file (in `viewer`'s sight, when an operator asks) and takes it in,
    /// its origin naming the channel, contact and message.
    async fn take_chat_file(
        &self,
        chat: Chat,
        viewer: Option<Actor>,
        operator: &str,
    ) -> Result<IntakeOutcome, AreaError> {
        let Chat {
            tenant,
            conversation,
            message,
        } = chat;
        let looked_up = tenant.clone();
        let (channel, contact, (message, file)) = self
            .store()
            .read(move |txn| {
                if let Some(viewer) = &viewer {
                    txn.require_visible_conversation(viewer, conversation)?;
                }
                let summary = txn.conversation_summary(&looked_up, conversation)?;
                let messages = candidates(txn, &looked_up, conversation, message)?;
                let found = pick(&messages, message, conversation)?;
                Ok::<_, AreaError>((summary.channel, summary.contact_name, found))
            })
            .await?;
        let bytes = self.store().get_blob(file.hash.clone()).await?;
        let origin = format!(
            "chat: {channel}, {}, message {message}",
            contact.as_deref().unwrap_or("unknown contact")
        );
        self.intake(Intake {
            tenant,
            file_name: file.name(&channel, message),
            bytes,
            origin,
            operator: operator.to_owned(),
        })
        .await
        .map_err(AreaError::from)
    }
}

/// Which chat file is asked for: message `message` of `conversation`, or the customer's
/// newest file there when `None`.
struct Chat {
    tenant: TenantId,
    conversation: ConversationId,
    message: Option<MessageId>,
}

/// The customer files looked at when none is named: the newest of the thread.
const LOOK_BACK: u32 = 500;

/// Message `wanted` alone (if it is in the conversation), or the newest messages.
fn candidates(
    txn: &ReadTxn,
    tenant: &TenantId,
    conversation: ConversationId,
    wanted: Option<MessageId>,
) -> Result<Vec<Message>, AreaError> {
    match wanted {
        Some(id) => {
            let after = MessageId(id.0.saturating_add(1));
            txn.conversation_messages(tenant, conversation, Some(after), 1)
        }
        None => txn.conversation_messages(tenant, conversation, None, LOOK_BACK),
    }
}

/// The customer's file to take: message `wanted`, or the newest one with a downloaded file.
fn pick(
    messages: &[Message],
    wanted: Option<MessageId>,
    conversation: ConversationId,
) -> Result<(MessageId, ChatFile), AreaError> {
    let file_of = |message: &Message| {
        (message.direction == Direction::Inbound)
            .then(|| message.media.as_deref().and_then(ChatFile::of))
            .flatten()
    };
    match wanted {
        Some(id) => {
            let message = messages
                .iter()
                .find(|message| message.id == id)
                .ok_or_else(|| {
                    said!(
                        key::MESSAGE_NOT_IN_CONVERSATION,
                        "message {0} in conversation {1} not found",
                        id,
                        conversation
                    )
                    .not_found()
                })?;
            let file = file_of(message).ok_or_else(|| {
                match &message.media {
                    Some(_) if message.direction == Direction::Inbound => said!(
                        key::MESSAGE_FILE_DOWNLOADING,
                        "the file of message {0} is still downloading: try again in a moment",
                        id
                    ),
                    _ => said!(
                        key::MESSAGE_HAS_NO_FILE,
                        "message {0} carries no file from the customer",
                        id
                    ),
                }
                .invalid()
            })?;
            Ok((id, file))
        }
        None => messages
            .iter()
            .rev()
            .find_map(|message| file_of(message).map(|file| (message.id, file)))
            .ok_or_else(|| {
                said!(
                    key::CONVERSATION_HAS_NO_FILE,
                    "conversation {0} has no file from the customer (a document or a photo)",
                    conversation
                )
                .invalid()
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn a_downloaded_file_is_read_from_its_media_reference() {
        let file =
            ChatFile::of(&format!("blob:{HASH} (application/pdf, 2048 bytes)")).expect("a blob");
        assert_eq!(file.mime.as_deref(), Some("application/pdf"));
        assert_eq!(file.kind(), Some("pdf"));
        assert_eq!(file.name("whatsapp", MessageId(12)), "whatsapp-12.pdf");
        let bare = ChatFile::of(&format!("blob:{HASH} (512 bytes)")).expect("a blob");
        assert_eq!((bare.mime.as_deref(), bare.kind()), (None, None));
        assert_eq!(ChatFile::of("wamid-media-1234"), None, "not downloaded yet");
        assert_eq!(ChatFile::of("blob:nothex (image/png, 1 bytes)"), None);
    }

    #[test]
    fn rules_take_the_kinds_and_channels_they_name() {
        let rules = [ChatFileRule::parse("whatsapp:pdf").expect("valid")];
        let pdf = ChatFile::of(&format!("blob:{HASH} (application/pdf, 9 bytes)")).expect("pdf");
        let photo = ChatFile::of(&format!("blob:{HASH} (image/jpeg, 9 bytes)")).expect("jpeg");
        let voice = ChatFile::of(&format!("blob:{HASH} (audio/ogg, 9 bytes)")).expect("ogg");
        assert!(wanted(&rules, "whatsapp", &pdf));
        assert!(!wanted(&rules, "telegram", &pdf));
        assert!(!wanted(&rules, "whatsapp", &photo));
        let any = [ChatFileRule::parse("*:*").expect("valid")];
        assert!(wanted(&any, "telegram", &photo));
        assert!(
            !wanted(&any, "telegram", &voice),
            "audio is never an invoice"
        );
    }
}
