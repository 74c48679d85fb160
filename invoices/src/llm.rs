//! The optional LLM step, through any OpenAI-compatible chat-completions endpoint that supports
//! JSON-schema output (`response_format: {type: "json_schema", ...}`).
//!
//! The daemon sends the request (it owns the HTTP client, retries and secrets); this module only
//! builds the request body and checks the answer:
//!
//! - [`request_body`] is the body of `POST {base_url}/chat/completions`: a system prompt, the
//!   document text as the user message, temperature 0 and the [`schema`] in strict mode.
//! - [`parse_response`] checks the envelope (`choices[0]`, `refusal`, `finish_reason`), parses
//!   `choices[0].message.content` as JSON and validates it against the same [`schema`] here,
//!   because local engines (Ollama, llama.cpp, vLLM) differ in which schema keywords they
//!   enforce. Only then are values parsed for their field's kind and normalised.
//! - [`sandbox_reply`] is what the sandbox's fake endpoint answers.
//!
//! Strict mode needs every object to say `"additionalProperties": false` and to list all its
//! properties in `required`, so optional values are typed `["string", "null"]`.

use serde_json::{Map, Value, json};

use crate::amounts::DecimalSeparator;
use crate::mappings::ValueFormat;
use crate::{Extraction, FieldKind, FieldName, FieldSource, FieldValue};

#[cfg(test)]
mod tests;

/// How sure we are of a value the model read: useful, but a reviewer should look.
const CONFIDENCE: f32 = 0.6;

/// The most characters of document text sent; invoices fit, and it bounds the cost.
pub const MAX_DOCUMENT_CHARS: usize = 24_000;

/// The name of the schema in `response_format`.
const SCHEMA_NAME: &str = "invoice";

/// Markers in a document's text that make [`sandbox_reply`] misbehave, for tests.
const SANDBOX_INVALID: &str = "sandbox-llm:invalid";
const SANDBOX_REFUSE: &str = "sandbox-llm:refuse";
const SANDBOX_TRUNCATED: &str = "sandbox-llm:truncated";

const SYSTEM_PROMPT: &str = "You extract fields from the text of one invoice and answer only \
with JSON matching the given schema.
- Copy values from the document; do not invent, guess or compute values.
- Use null when a field is absent or unreadable.
- Dates as YYYY-MM-DD.
- Amounts as plain numbers with '.' as the decimal separator, without currency symbols or \
thousands separators (1234.50).
- Currency as the ISO 4217 code (PEN, USD, EUR, COP, MXN).
- Tax ids as printed (RUC, NIT, RFC, CUIT, VAT number).
- line_items: one entry per invoice line, in document order; an empty list when there are none.";

/// Why an LLM answer was not used. Each message names the place in the response it is about.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error(
        "$.choices[0].finish_reason is \"length\": the answer was cut off before the JSON ended"
    )]
    Truncated,
    #[error("$.choices[0].message.refusal: the model refused: {0}")]
    Refused(String),
    #[error("$.choices: the response has no choices")]
    NoChoice,
    #[error("$.choices[0].message.content: not JSON: {0}")]
    NotJson(String),
    #[error("the answer does not match the schema: {0}")]
    Schema(String),
    /// The body is not a chat-completions response at all.
    #[error("not a chat-completions response: {0}")]
    Envelope(String),
    /// The endpoint answered with an `error` object instead of choices.
    #[error("$.error: the endpoint answered with an error: {0}")]
    Api(String),
}

/// The JSON schema of the answer: every [`FieldName`] as a string or null, and `line_items`.
pub fn schema() -> Value {
    let line_item = strict_object(vec![
        ("description", json!({ "type": "string" })),
        ("quantity", nullable_string(NUMBER)),
        ("unit_price", nullable_string(NUMBER)),
        ("amount", nullable_string(NUMBER)),
    ]);
    let properties = FieldName::ALL
        .iter()
        .map(|name| (name.as_str(), nullable_string(field_description(*name))))
        .chain([("line_items", json!({ "type": "array", "items": line_item }))])
        .collect();
    strict_object(properties)
}

/// How the schema describes a number, for the model's benefit.
const NUMBER: &str = "a plain number with '.' for decimals, no symbol or grouping";

fn field_description(name: FieldName) -> &'static str {
    match name.kind() {
        FieldKind::Text => "as printed in the document",
        FieldKind::Date => "a date as YYYY-MM-DD",
        FieldKind::Amount => NUMBER,
        FieldKind::Currency => "an ISO 4217 currency code",
    }
}

fn nullable_string(description: &str) -> Value {
    json!({ "type": ["string", "null"], "description": description })
}

/// An object schema in strict form: no other keys, every property required.
fn strict_object(properties: Vec<(&str, Value)>) -> Value {
    let required: Vec<&str> = properties.iter().map(|(name, _)| *name).collect();
    let properties: Map<String, Value> = properties
        .into_iter()
        .map(|(name, schema)| (name.to_owned(), schema))
        .collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// The body of `POST {base_url}/chat/completions` asking `model` to read `text`, with the
/// fields the caller still lacks (`wanted`) named in the prompt. The text is cut to
/// [`MAX_DOCUMENT_CHARS`] characters.
pub fn request_body(model: &str, text: &str, wanted: &[FieldName]) -> Value {
    let mut system = SYSTEM_PROMPT.to_owned();
    if !wanted.is_empty() {
        let names: Vec<&str> = wanted.iter().map(|name| name.as_str()).collect();
        system.push_str("\nThe fields needed most: ");
        system.push_str(&names.join(", "));
        system.push('.');
    }
    json!({
        "model": model,
        "temperature": 0,
        "messages": [
            { "role": "system", "content": system },
            { "role": "user", "content": truncate(text, MAX_DOCUMENT_CHARS) },
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": { "name": SCHEMA_NAME, "strict": true, "schema": schema() },
        },
    })
}

/// The first `max` characters of `text`.
fn truncate(text: &str, max: usize) -> &str {
    text.char_indices()
        .nth(max)
        .map_or(text, |(end, _)| &text[..end])
}

/// Checks a chat-completions response body and reads the `wanted` fields out of it.
///
/// The content must be JSON valid for [`schema`]; then each wanted field whose value parses for
/// its kind is kept (normalised), and each line item whose numbers parse.
pub fn parse_response(body: &[u8], wanted: &[FieldName]) -> Result<Extraction, LlmError> {
    let content = answer_content(body)?;
    let answer: Value = serde_json::from_str(strip_code_fence(&content))
        .map_err(|error| LlmError::NotJson(error.to_string()))?;
    validate(&schema(), &answer, "$").map_err(LlmError::Schema)?;
    Ok(read_answer(&answer, wanted))
}

/// The content of the first choice, after checking the envelope around it.
fn answer_content(body: &[u8]) -> Result<String, LlmError> {
    let mut envelope: Value = serde_json::from_slice(body)
        .map_err(|error| LlmError::Envelope(format!("the body is not JSON: {error}")))?;
    let Some(choices) = envelope.get_mut("choices").and_then(Value::as_array_mut) else {
        return Err(match envelope.get("error") {
            Some(error) => LlmError::Api(api_error_message(error)),
            None => LlmError::NoChoice,
        });
    };
    if choices.is_empty() {
        return Err(LlmError::NoChoice);
    }
    let mut choice = choices.swap_remove(0);
    let mut message = choice
        .get_mut("message")
        .map(Value::take)
        .ok_or_else(|| LlmError::Envelope("$.choices[0].message is missing".to_owned()))?;
    match message.get_mut("refusal").map(Value::take) {
        None | Some(Value::Null) => {}
        Some(Value::String(refusal)) => return Err(LlmError::Refused(refusal)),
        Some(refusal) => return Err(LlmError::Refused(refusal.to_string())),
    }
    match choice.get("finish_reason").and_then(Value::as_str) {
        Some("length") => return Err(LlmError::Truncated),
        Some("content_filter") => {
            return Err(LlmError::Refused(
                "stopped by the content filter".to_owned(),
            ));
        }
        _ => {}
    }
    match message.get_mut("content").map(Value::take) {
        Some(Value::String(content)) => Ok(content),
        Some(other) => Err(LlmError::Envelope(format!(
            "$.choices[0].message.content: expected a string, got {}",
            type_name(&other)
        ))),
        None => Err(LlmError::Envelope(
            "$.choices[0].message.content is missing".to_owned(),
        )),
    }
}

/// The message of an `error` object (`{"error": {"message": "..."}}` or `{"error": "..."}`).
fn api_error_message(error: &Value) -> String {
    error
        .get("message")
        .and_then(Value::as_str)
        .or_else(|| error.as_str())
        .map_or_else(|| error.to_string(), str::to_owned)
}

/// The JSON inside a ```` ```json ```` fence, for engines that ignore `response_format`.
fn strip_code_fence(content: &str) -> &str {
    let trimmed = content.trim();
    trimmed
        .strip_prefix("```")
        .and_then(|rest| rest.strip_suffix("```"))
        .map_or(trimmed, |inner| {
            inner.strip_prefix("json").unwrap_or(inner).trim()
        })
}

/// Checks `value` against the subset of JSON Schema that [`schema`] uses: `type` (one name or
/// a list), `properties`, `required`, `additionalProperties: false` and `items`. The error
/// names the offending path, e.g. `$.total: expected string or null, got number`.
fn validate(schema: &Value, value: &Value, path: &str) -> Result<(), String> {
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::Array(types) => types.iter().filter_map(Value::as_str).collect(),
            other => other.as_str().into_iter().collect(),
        };
        if !allowed.iter().any(|allowed| has_type(value, allowed)) {
            return Err(format!(
                "{path}: expected {}, got {}",
                allowed.join(" or "),
                type_name(value)
            ));
        }
    }
    match value {
        Value::Object(object) => validate_object(schema, object, path),
        Value::Array(items) => match schema.get("items") {
            Some(item_schema) => items.iter().enumerate().try_for_each(|(index, item)| {
                validate(item_schema, item, &format!("{path}[{index}]"))
            }),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

fn validate_object(schema: &Value, object: &Map<String, Value>, path: &str) -> Result<(), String> {
    let required = schema.get("required").and_then(Value::as_array);
    for key in required.into_iter().flatten().filter_map(Value::as_str) {
        if !object.contains_key(key) {
            return Err(format!("{}: required key is missing", child(path, key)));
        }
    }
    let properties = schema.get("properties").and_then(Value::as_object);
    let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
    for (key, item) in object {
        match properties.and_then(|properties| properties.get(key)) {
            Some(property) => validate(property, item, &child(path, key))?,
            None if closed => {
                return Err(format!(
                    "{}: key not allowed by the schema",
                    child(path, key)
                ));
            }
            None => {}
        }
    }
    Ok(())
}

/// The path of `key` inside the object at `path`: `$.total`, or `$["odd key"]`.
fn child(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::from(key))
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "integer" => value.is_i64() || value.is_u64(),
        name => type_name(value) == name,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The wanted fields and the line items of an answer already valid for [`schema`].
fn read_answer(answer: &Value, wanted: &[FieldName]) -> Extraction {
    let values = ValueFormat {
        decimal_separator: Some(DecimalSeparator::Dot),
        date_formats: Vec::new(),
    };
    let mut extraction = Extraction::default();
    for name in wanted {
        if let Some(value) = string(answer, name.as_str()).and_then(|raw| values.field(*name, raw))
        {
            extraction.fill(*name, FieldValue::new(value, FieldSource::Llm, CONFIDENCE));
        }
    }
    extraction.line_items = answer
        .get("line_items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|item| {
            values.line_item(
                string(item, "description")?,
                string(item, "quantity"),
                string(item, "unit_price"),
                string(item, "amount"),
            )
        })
        .collect();
    extraction
}

/// The string at `key` in `object`, if it is one.
fn string<'a>(object: &'a Value, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// What the sandbox's fake endpoint answers to `request` (a [`request_body`]): a well-formed
/// chat-completions response whose content holds what [`crate::rules::extract`] finds in the
/// document text, every other field null.
///
/// Markers in the document text make it misbehave: `sandbox-llm:invalid` answers JSON that
/// breaks the schema (an extra key and a number for `total`), `sandbox-llm:refuse` refuses and
/// `sandbox-llm:truncated` stops with `finish_reason: "length"` halfway through the JSON.
pub fn sandbox_reply(request: &Value) -> Value {
    let text = document_text(request);
    let mut answer = answer_json(&crate::rules::extract(text));
    let (content, refusal, finish_reason) = if text.contains(SANDBOX_REFUSE) {
        (
            Value::Null,
            Value::from("I can't help with that document."),
            "stop",
        )
    } else if text.contains(SANDBOX_TRUNCATED) {
        let full = answer.to_string();
        let half = truncate(&full, full.chars().count() / 2);
        (Value::from(half), Value::Null, "length")
    } else {
        if text.contains(SANDBOX_INVALID) {
            answer["total"] = json!(1234.5);
            answer["notes"] = Value::from("not in the schema");
        }
        (Value::from(answer.to_string()), Value::Null, "stop")
    };
    json!({
        "id": "chatcmpl-sandbox",
        "object": "chat.completion",
        "created": 0,
        "model": request.get("model").cloned().unwrap_or(Value::Null),
        "choices": [{
            "index": 0,
            "message": { "role": "assistant", "content": content, "refusal": refusal },
            "finish_reason": finish_reason,
        }],
        "usage": { "prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0 },
    })
}

/// The content of the last user message: the document text in a [`request_body`].
fn document_text(request: &Value) -> &str {
    request
        .get("messages")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .rev()
        .find(|message| message.get("role").and_then(Value::as_str) == Some("user"))
        .and_then(|message| message.get("content"))
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// `extraction` as an answer valid for [`schema`]: every field present, null when not found.
fn answer_json(extraction: &Extraction) -> Value {
    let mut answer: Map<String, Value> = FieldName::ALL
        .iter()
        .map(|name| (name.as_str().to_owned(), extraction.get(*name).into()))
        .collect();
    let items: Vec<Value> = extraction
        .line_items
        .iter()
        .map(|item| {
            json!({
                "description": item.description,
                "quantity": item.quantity,
                "unit_price": item.unit_price,
                "amount": item.amount,
            })
        })
        .collect();
    answer.insert("line_items".to_owned(), items.into());
    Value::Object(answer)
}
