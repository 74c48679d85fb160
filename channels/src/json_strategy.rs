//! Proptest strategies for hostile webhook bodies: arbitrary JSON, and JSON built from the
//! providers' own field names and values so that generated bodies get deep into the parsers.

use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Field names of all three providers' payloads.
#[rustfmt::skip]
const KEYS: &[&str] = &[
    "object", "entry", "id", "time", "changes", "field", "value", "metadata",
    "phone_number_id", "display_phone_number", "contacts", "profile", "name", "wa_id", "user_id",
    "messages", "statuses", "message_echoes", "errors", "from", "to", "timestamp", "type",
    "text", "body", "image", "video", "audio", "document", "sticker", "voice", "caption",
    "mime_type", "sha256", "filename", "location", "latitude", "longitude", "address",
    "interactive", "button_reply", "list_reply", "nfm_reply", "title", "response_json",
    "button", "payload", "reaction", "emoji", "message_id", "edit", "original_message_id",
    "message", "revoke", "context", "status", "recipient_id", "code", "error_data", "details",
    "messaging", "sender", "recipient", "mid", "attachments", "url", "is_echo", "quick_reply",
    "reply_to", "postback", "delivery", "mids", "watermark", "read", "message_edit", "num_edit",
    "coordinates", "lat", "long", "sticker_id", "update_id", "edited_message", "callback_query",
    "message_reaction", "chat", "date", "edit_date", "photo", "file_id", "file_size", "width",
    "height", "contact", "phone_number", "first_name", "last_name", "language_code", "is_bot",
    "data", "new_reaction", "user", "actor_chat", "reply_to_message", "message_thread_id",
    "is_topic_message", "venue", "poll", "question", "animation", "sender_chat",
    "new_chat_members", "formatted_name", "phones", "phone", "action", "voice",
];

/// Values that steer the parsers into their branches.
#[rustfmt::skip]
const STRINGS: &[&str] = &[
    "whatsapp_business_account", "page", "messages", "smb_message_echoes", "text", "image",
    "audio", "interactive", "button_reply", "list_reply", "nfm_reply", "call_permission_reply",
    "reaction", "edit", "revoke", "system", "unsupported", "sent", "delivered", "read", "failed",
    "played", "emoji", "channel", "private", "react", "unreact", "file", "location", "video",
    "1700000000", "51987654321", "+51 987 654 321", "0", "-1", "99999999999999999999", "",
];

/// Any JSON value up to a few levels deep, with keys and strings from the providers' vocabulary
/// (and some arbitrary ones).
pub(crate) fn json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0_i64..2_000_000_000_000).prop_map(Value::from),
        any::<f64>().prop_map(|float| Number::from_f64(float).map_or(Value::Null, Value::Number)),
        prop::sample::select(STRINGS).prop_map(|text| Value::String(text.to_owned())),
        ".{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..7).prop_map(|fields| {
                Value::Object(fields.into_iter().collect::<Map<String, Value>>())
            }),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => prop::sample::select(KEYS).prop_map(str::to_owned),
        1 => "[a-z_]{1,10}",
    ]
}

/// Real bodies with one to three nodes replaced by generated JSON or removed: the shapes stay
/// realistic, so the parsers are exercised well past their first checks.
pub(crate) fn mutated(bases: Vec<Value>) -> impl Strategy<Value = Value> {
    let mutation = (
        prop::collection::vec(any::<usize>(), 1..9),
        prop::option::weighted(0.8, json()),
    );
    (
        prop::sample::select(bases),
        prop::collection::vec(mutation, 1..4),
    )
        .prop_map(|(mut body, mutations)| {
            for (steps, replacement) in mutations {
                mutate(&mut body, &steps, replacement);
            }
            body
        })
}

/// Walks down `node`, each step choosing a child (modulo the number of children), and replaces
/// the node where the steps end; `None` removes it from its parent instead. Steps that run past
/// a leaf change nothing, so longer walks reach deeper nodes rather than piling up on leaves.
fn mutate(node: &mut Value, steps: &[usize], replacement: Option<Value>) {
    let Some((step, rest)) = steps.split_first() else {
        *node = replacement.unwrap_or(Value::Null);
        return;
    };
    match node {
        Value::Object(fields) if !fields.is_empty() => {
            let key = fields
                .keys()
                .nth(step % fields.len())
                .expect("index is below the length")
                .clone();
            match (rest.is_empty(), replacement) {
                (true, None) => {
                    fields.remove(&key);
                }
                (_, replacement) => {
                    let child = fields.get_mut(&key).expect("key was just listed");
                    mutate(child, rest, replacement);
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let index = step % items.len();
            match (rest.is_empty(), replacement) {
                (true, None) => {
                    items.remove(index);
                }
                (_, replacement) => mutate(&mut items[index], rest, replacement),
            }
        }
        _ => {}
    }
}
