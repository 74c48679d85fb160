//! WhatsApp Cloud API (providers.md §1): `POST /{phone-number-id}/messages` with the Bearer
//! token; a file is uploaded first (`POST /{phone-number-id}/media`, multipart) and sent by its
//! media id. About 80 messages a second per number and one every 6 s to the same customer.

use std::time::Duration;

use centralita_channels::Channel;
use centralita_config::Secret;
use centralita_protocol::said as key;

use super::{
    Content, Delivery, FileKind, OutboundFile, Outcome, Provider, Rate, Rates, Sending, answer,
    file_part, graph_post,
};
use crate::error::{Said, said};

pub(super) struct WhatsApp;

const MB: u64 = 1024 * 1024;

impl Provider for WhatsApp {
    fn channel(&self) -> Channel {
        Channel::Whatsapp
    }

    /// The Cloud API's supported media types; anything else goes as a document.
    fn file_kind(&self, mime: &str) -> FileKind {
        match mime {
            "image/jpeg" | "image/png" => FileKind::Image,
            "video/mp4" | "video/3gpp" => FileKind::Video,
            "audio/aac" | "audio/mp4" | "audio/mpeg" | "audio/amr" | "audio/ogg" => FileKind::Audio,
            _ => FileKind::Document,
        }
    }

    fn file_limit(&self, kind: FileKind) -> u64 {
        match kind {
            FileKind::Image => 5 * MB,
            FileKind::Video | FileKind::Audio => 16 * MB,
            FileKind::Document => 100 * MB,
        }
    }

    fn has_window(&self) -> bool {
        true
    }

    fn rates(&self) -> Option<Rates> {
        Some(Rates {
            per_account: Rate {
                every: Duration::from_millis(1000 / 80),
                why: "WhatsApp takes 80 messages a second per number",
            },
            per_chat: Rate {
                every: Duration::from_secs(6),
                why: "WhatsApp takes one message every 6 s to the same customer",
            },
        })
    }

    fn token_key(&self) -> &'static str {
        "access_token"
    }

    fn deliver<'a>(&'a self, delivery: Delivery<'a>) -> Sending<'a> {
        Box::pin(async move {
            let body = match body(&delivery).await {
                Ok(body) => body,
                Err(outcome) => return outcome,
            };
            let request = graph_post(&delivery, "messages").json(&body);
            answer(Channel::Whatsapp, request, message_id).await
        })
    }
}

/// A message's wamid, or an uploaded file's media id.
fn message_id(body: &serde_json::Value) -> Option<String> {
    body.pointer("/messages/0/id")
        .or_else(|| body.get("id"))?
        .as_str()
        .map(str::to_owned)
}

/// The message body; a file is uploaded first and sent by its media id.
async fn body(delivery: &Delivery<'_>) -> Result<serde_json::Value, Outcome> {
    let mut body = serde_json::json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": delivery.route.chat,
    });
    match delivery.content {
        Content::Text(text) => {
            body["type"] = "text".into();
            body["text"] = serde_json::json!({ "body": text, "preview_url": false });
        }
        Content::Template {
            name,
            language,
            variables,
        } => {
            let parameters: Vec<_> = variables
                .iter()
                .map(|value| serde_json::json!({ "type": "text", "text": value }))
                .collect();
            let mut template =
                serde_json::json!({ "name": name, "language": { "code": language } });
            if !parameters.is_empty() {
                template["components"] =
                    serde_json::json!([{ "type": "body", "parameters": parameters }]);
            }
            body["type"] = "template".into();
            body["template"] = template;
        }
        Content::File {
            file,
            bytes,
            caption,
        } => {
            let media_id = upload(delivery, file, bytes).await?;
            let mut media = serde_json::json!({ "id": media_id });
            if let Some(caption) = caption {
                media["caption"] = caption.as_str().into();
            }
            if file.kind == FileKind::Document {
                media["filename"] = file.name.as_str().into();
            }
            body["type"] = file.kind.as_str().into();
            body[file.kind.as_str()] = media;
        }
    }
    Ok(body)
}

/// `POST /{phone-number-id}/media`: the file's media id.
async fn upload(
    delivery: &Delivery<'_>,
    file: &OutboundFile,
    bytes: &[u8],
) -> Result<String, Outcome> {
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", file.mime.clone())
        .part("file", file_part(file, bytes));
    let request = graph_post(delivery, "media").multipart(form);
    match answer(Channel::Whatsapp, request, message_id).await {
        Outcome::Sent(id) => Ok(id),
        other => Err(other),
    }
}

/// Marks the customer's message `message_id` read (blue ticks on their phone). `Err` says
/// why not, in the catalog's words, and whether it is worth trying again.
pub async fn send_read_receipt(
    http: &reqwest::Client,
    base: &str,
    token: &Secret,
    account: &str,
    message_id: &str,
) -> Result<(), (Said, bool)> {
    let response = http
        .post(format!("{base}/{account}/messages"))
        .bearer_auth(token.expose())
        .json(&serde_json::json!({ "messaging_product": "whatsapp", "status": "read", "message_id": message_id }))
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|error| {
            let reason = error.without_url().to_string();
            let why = said!(
                key::READ_RECEIPT_UNREACHABLE,
                "whatsapp read receipt: {0}",
                reason
            );
            (why, true)
        })?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let retry = status.as_u16() == 429 || status.is_server_error();
    let why = said!(
        key::READ_RECEIPT_ANSWERED,
        "whatsapp read receipt answered {0}",
        status
    );
    Err((why, retry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sends_id_is_its_wamid() {
        let answer =
            serde_json::json!({"messaging_product":"whatsapp","messages":[{"id":"wamid.A"}]});
        assert_eq!(message_id(&answer).as_deref(), Some("wamid.A"));
        assert_eq!(
            message_id(&serde_json::json!({"id": "media-1"})).as_deref(),
            Some("media-1")
        );
    }
}
