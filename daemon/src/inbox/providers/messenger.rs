//! Messenger Send API (providers.md §2): `POST /{page-id}/messages` with the Page token (the
//! Page's own edge, same as `me`, so the Page is explicit); files go as multipart attachments,
//! without captions. Meta publishes no per-chat pace.

use centralita_channels::Channel;

use super::{
    Content, Delivery, FileKind, Provider, Rates, Sending, answer, file_part, graph_post,
    no_templates,
};

pub(super) struct Messenger;

impl Provider for Messenger {
    fn channel(&self) -> Channel {
        Channel::Messenger
    }

    fn file_kind(&self, mime: &str) -> FileKind {
        match mime.split('/').next() {
            Some("image") => FileKind::Image,
            Some("video") => FileKind::Video,
            Some("audio") => FileKind::Audio,
            _ => FileKind::Document,
        }
    }

    fn file_limit(&self, _: FileKind) -> u64 {
        25 * 1024 * 1024
    }

    fn refuses_caption(&self, _: FileKind) -> Option<crate::error::Said> {
        Some(crate::error::said!(
            centralita_protocol::said::MESSENGER_NO_CAPTION,
            "Messenger attachments carry no caption: send the text as its own message"
        ))
    }

    fn has_window(&self) -> bool {
        true
    }

    fn rates(&self) -> Option<Rates> {
        None
    }

    fn token_key(&self) -> &'static str {
        "access_token"
    }

    fn deliver<'a>(&'a self, delivery: Delivery<'a>) -> Sending<'a> {
        Box::pin(async move {
            let route = delivery.route;
            let request = graph_post(&delivery, "messages");
            let request = match delivery.content {
                Content::Text(text) => request.json(&serde_json::json!({
                    "recipient": { "id": route.chat },
                    "messaging_type": "RESPONSE",
                    "message": { "text": text },
                })),
                Content::File { file, bytes, .. } => {
                    let kind = match file.kind {
                        FileKind::Document => "file",
                        other => other.as_str(),
                    };
                    let message = serde_json::json!({
                        "attachment": { "type": kind, "payload": { "is_reusable": false } }
                    });
                    let form = reqwest::multipart::Form::new()
                        .text(
                            "recipient",
                            serde_json::json!({ "id": route.chat }).to_string(),
                        )
                        .text("messaging_type", "RESPONSE")
                        .text("message", message.to_string())
                        .part("filedata", file_part(file, bytes));
                    request.multipart(form)
                }
                Content::Template { .. } => return no_templates(Channel::Messenger),
            };
            answer(Channel::Messenger, request, |body| {
                body.get("message_id")?.as_str().map(str::to_owned)
            })
            .await
        })
    }
}
