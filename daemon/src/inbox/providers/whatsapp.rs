//! WhatsApp Cloud API (providers.md §1): `POST /{phone-number-id}/messages` with the Bearer
//! token; a file is uploaded first (`POST /{phone-number-id}/media`, multipart) and sent by its
//! media id. About 80 messages a second per number and one every 6 s to the same customer.

use std::time::Duration;

use centralita_channels::Channel;
use centralita_config::Secret;

use super::{
    Content, Delivery, FileKind, OutboundFile, Outcome, Pace, Provider, Sending, answer, file_part,
};
use crate::inbox::ConversationRoute;

pub(super) struct WhatsApp;

const MB: u64 = 1024 * 1024;

impl Provider for WhatsApp {
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

    fn refuses_caption(&self, kind: FileKind) -> Option<crate::error::Said> {
        (kind == FileKind::Audio).then(|| {
            crate::error::said!(
                centralita_protocol::said::AUDIO_NO_CAPTION,
                "an audio file carries no caption: send the text as its own message"
            )
        })
    }

    fn has_window(&self) -> bool {
        true
    }

    fn paces(&self, account: &str, chat: &str) -> Vec<Pace> {
        vec![
            Pace {
                key: format!("whatsapp:{account}"),
                every: Duration::from_millis(1000 / 80),
                why: "WhatsApp takes 80 messages a second per number",
            },
            Pace {
                key: format!("whatsapp:{account}:{chat}"),
                every: Duration::from_secs(6),
                why: "WhatsApp takes one message every 6 s to the same customer",
            },
        ]
    }

    fn token_key(&self) -> &'static str {
        "access_token"
    }

    fn deliver<'a>(&'a self, delivery: Delivery<'a>) -> Sending<'a> {
        Box::pin(async move {
            let Delivery {
                http,
                endpoint,
                route,
                content,
            } = delivery;
            let body = match body(http, endpoint.base, endpoint.token, route, content).await {
                Ok(body) => body,
                Err(outcome) => return outcome,
            };
            let request = http
                .post(format!("{}/{}/messages", endpoint.base, route.account))
                .bearer_auth(endpoint.token.expose())
                .json(&body);
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
async fn body(
    http: &reqwest::Client,
    base: &str,
    token: &Secret,
    route: &ConversationRoute,
    content: &Content,
) -> Result<serde_json::Value, Outcome> {
    let mut body = serde_json::json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": route.chat,
    });
    match content {
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
            let media_id = upload(http, base, token, route, file, bytes).await?;
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
    http: &reqwest::Client,
    base: &str,
    token: &Secret,
    route: &ConversationRoute,
    file: &OutboundFile,
    bytes: &[u8],
) -> Result<String, Outcome> {
    let form = reqwest::multipart::Form::new()
        .text("messaging_product", "whatsapp")
        .text("type", file.mime.clone())
        .part("file", file_part(file, bytes));
    let request = http
        .post(format!("{base}/{}/media", route.account))
        .bearer_auth(token.expose())
        .multipart(form);
    match answer(Channel::Whatsapp, request, message_id).await {
        Outcome::Sent(id) => Ok(id),
        other => Err(other),
    }
}

/// Marks the customer's message `message_id` read (blue ticks on their phone). `Err` says
/// whether it is worth trying again.
pub async fn send_read_receipt(
    http: &reqwest::Client,
    base: &str,
    token: &Secret,
    account: &str,
    message_id: &str,
) -> Result<(), (String, bool)> {
    let response = http
        .post(format!("{base}/{account}/messages"))
        .bearer_auth(token.expose())
        .json(&serde_json::json!({ "messaging_product": "whatsapp", "status": "read", "message_id": message_id }))
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|error| (format!("whatsapp read receipt: {}", error.without_url()), true))?;
    let status = response.status();
    if status.is_success() {
        return Ok(());
    }
    let retry = status.as_u16() == 429 || status.is_server_error();
    Err((format!("whatsapp read receipt answered {status}"), retry))
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
