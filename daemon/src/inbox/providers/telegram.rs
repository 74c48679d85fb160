//! Telegram Bot API (providers.md §3): `sendMessage`, or `sendPhoto` / `sendVideo` /
//! `sendAudio` / `sendDocument` as multipart; the token is in the URL. About one message a
//! second per chat and 30 a second per bot. No 24-hour window.

use std::time::Duration;

use centralita_channels::Channel;

use super::{
    Content, Delivery, FileKind, Provider, Rate, Rates, Sending, answer, file_part, no_templates,
};

pub(super) struct Telegram;

const MB: u64 = 1024 * 1024;

impl Provider for Telegram {
    fn channel(&self) -> Channel {
        Channel::Telegram
    }

    fn file_kind(&self, mime: &str) -> FileKind {
        match mime {
            "image/jpeg" | "image/png" | "image/webp" => FileKind::Image,
            "video/mp4" => FileKind::Video,
            "audio/mpeg" | "audio/mp4" | "audio/m4a" => FileKind::Audio,
            _ => FileKind::Document,
        }
    }

    fn file_limit(&self, kind: FileKind) -> u64 {
        if kind == FileKind::Image {
            10 * MB
        } else {
            50 * MB
        }
    }

    fn has_window(&self) -> bool {
        false
    }

    fn rates(&self) -> Option<Rates> {
        Some(Rates {
            per_account: Rate {
                every: Duration::from_millis(1000 / 30),
                why: "Telegram takes 30 messages a second per bot",
            },
            per_chat: Rate {
                every: Duration::from_secs(1),
                why: "Telegram takes one message a second per chat",
            },
        })
    }

    fn token_key(&self) -> &'static str {
        "bot_token"
    }

    fn deliver<'a>(&'a self, delivery: Delivery<'a>) -> Sending<'a> {
        Box::pin(async move {
            let Delivery { http, route, .. } = delivery;
            let endpoint = &delivery.endpoint;
            let url =
                |method: &str| format!("{}/bot{}/{method}", endpoint.base, endpoint.token.expose());
            let request = match delivery.content {
                Content::File {
                    file,
                    bytes,
                    caption,
                } => {
                    let (method, field) = match file.kind {
                        FileKind::Image => ("sendPhoto", "photo"),
                        FileKind::Video => ("sendVideo", "video"),
                        FileKind::Audio => ("sendAudio", "audio"),
                        FileKind::Document => ("sendDocument", "document"),
                    };
                    let mut form = reqwest::multipart::Form::new()
                        .text("chat_id", route.chat.clone())
                        .part(field, file_part(file, bytes));
                    if let Some(caption) = caption {
                        form = form.text("caption", caption.clone());
                    }
                    http.post(url(method)).multipart(form)
                }
                Content::Text(text) => http
                    .post(url("sendMessage"))
                    .json(&serde_json::json!({ "chat_id": route.chat, "text": text })),
                Content::Template { .. } => return no_templates(Channel::Telegram),
            };
            let chat = route.chat.clone();
            answer(Channel::Telegram, request, move |body| {
                message_id(&chat, body)
            })
            .await
        })
    }
}

/// Telegram's message ids are per chat: `chat:id`, as the webhook parser names them.
fn message_id(chat: &str, body: &serde_json::Value) -> Option<String> {
    let id = body.pointer("/result/message_id")?.as_i64()?;
    Some(format!("{chat}:{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sends_id_names_its_chat() {
        let answer = serde_json::json!({"ok":true,"result":{"message_id":42}});
        assert_eq!(message_id("-100", &answer).as_deref(), Some("-100:42"));
    }
}
