use proptest::prelude::*;
use serde_json::{Value, json};

use super::{LlmError, MAX_DOCUMENT_CHARS, parse_response, request_body, sandbox_reply, schema};
use crate::{FieldName, FieldSource, LineItem};

/// A Peruvian invoice as pdftotext renders it.
const INVOICE: &str = "\
ACME S.A.C.
RUC 20100070970
FACTURA ELECTRÓNICA N° F001-00012345
Fecha de emisión: 15/11/2024
Señor(es): CLÍNICA SAN JUAN E.I.R.L.  RUC: 20512345678
2  Consulta médica general   250.00   500.00
OP. GRAVADA S/ 500.00
IGV 18% S/ 90.00
TOTAL A PAGAR S/ 590.00
";

/// A chat-completions response body with one choice.
fn envelope(message: &Value, finish_reason: &str) -> Vec<u8> {
    json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "choices": [{ "index": 0, "message": message, "finish_reason": finish_reason }],
    })
    .to_string()
    .into_bytes()
}

/// A response whose content is `content`.
fn reply(content: &str) -> Vec<u8> {
    envelope(
        &json!({ "role": "assistant", "content": content, "refusal": null }),
        "stop",
    )
}

/// What a model might answer for [`INVOICE`]: valid for the schema, a few values not normalised
/// and one that does not parse.
fn good_answer() -> Value {
    json!({
        "issuer_name": "ACME  S.A.C.",
        "issuer_tax_id": "20100070970",
        "buyer_name": "CLÍNICA SAN JUAN E.I.R.L.",
        "buyer_tax_id": "20512345678",
        "invoice_number": "F001-00012345",
        "issue_date": "2024-11-15",
        "due_date": "pronto",
        "currency": "pen",
        "subtotal": "500.00",
        "tax": "90.00",
        "total": "590.00",
        "line_items": [
            { "description": "Consulta médica general", "quantity": "2", "unit_price": "250.00", "amount": "500.00" },
            { "description": "Descuento", "quantity": null, "unit_price": null, "amount": "n/a" },
        ],
    })
}

/// `good_answer` changed by `change`, as a response body.
fn reply_with(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut answer = good_answer();
    change(&mut answer);
    reply(&answer.to_string())
}

/// Every object schema inside `schema`, depth first.
fn object_schemas(schema: &Value) -> Vec<&Value> {
    let mut found = Vec::new();
    if schema["type"] == "object" {
        found.push(schema);
    }
    let children = schema["properties"]
        .as_object()
        .into_iter()
        .flat_map(|properties| properties.values())
        .chain(schema.get("items"));
    for child in children {
        found.extend(object_schemas(child));
    }
    found
}

#[test]
fn the_schema_is_valid_for_strict_mode() {
    let schema = schema();
    let objects = object_schemas(&schema);
    assert_eq!(objects.len(), 2, "the answer and a line item");
    for object in objects {
        assert_eq!(object["additionalProperties"], false, "{object}");
        let mut required: Vec<&str> = object["required"]
            .as_array()
            .expect("required is a list")
            .iter()
            .map(|name| name.as_str().expect("names are strings"))
            .collect();
        let mut properties: Vec<&str> = object["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        required.sort_unstable();
        properties.sort_unstable();
        assert_eq!(required, properties, "{object}");
    }

    for name in FieldName::ALL {
        assert_eq!(
            schema["properties"][name.as_str()]["type"],
            json!(["string", "null"]),
            "{name}"
        );
    }
    let item = &schema["properties"]["line_items"]["items"]["properties"];
    assert_eq!(item["description"]["type"], "string");
    for number in ["quantity", "unit_price", "amount"] {
        assert_eq!(item[number]["type"], json!(["string", "null"]), "{number}");
    }
}

#[test]
fn the_request_asks_for_strict_json_schema_output() {
    let body = request_body(
        "qwen2.5:7b",
        INVOICE,
        &[FieldName::Total, FieldName::IssueDate],
    );
    assert_eq!(body["model"], "qwen2.5:7b");
    assert_eq!(body["temperature"], 0);

    let messages = body["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["role"], "system");
    let system = messages[0]["content"].as_str().expect("system prompt");
    for words in [
        "YYYY-MM-DD",
        "'.'",
        "null",
        "do not invent",
        "total, issue_date",
    ] {
        assert!(system.contains(words), "the prompt lacks {words:?}");
    }
    assert_eq!(messages[1]["role"], "user");
    assert_eq!(messages[1]["content"], INVOICE);

    let format = &body["response_format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(format["json_schema"]["name"], "invoice");
    assert_eq!(format["json_schema"]["strict"], true);
    assert_eq!(format["json_schema"]["schema"], schema());
}

#[test]
fn the_document_is_cut_on_a_char_boundary() {
    let long = "ñ".repeat(MAX_DOCUMENT_CHARS + 10);
    let body = request_body("m", &long, &[]);
    let sent = body["messages"][1]["content"].as_str().expect("text");
    assert_eq!(sent.chars().count(), MAX_DOCUMENT_CHARS);
    assert!(long.starts_with(sent));
}

#[test]
fn a_good_answer_gives_the_wanted_fields_normalised() {
    let wanted = [
        FieldName::IssuerName,
        FieldName::IssueDate,
        FieldName::DueDate,
        FieldName::Currency,
        FieldName::Total,
    ];
    let extraction = parse_response(&reply(&good_answer().to_string()), &wanted).expect("valid");

    let fields: Vec<(FieldName, &str)> = extraction
        .fields
        .iter()
        .map(|(name, value)| (*name, value.value.as_str()))
        .collect();
    // The due date does not parse; the fields not wanted are left out.
    assert_eq!(
        fields,
        [
            (FieldName::IssuerName, "ACME S.A.C."),
            (FieldName::IssueDate, "2024-11-15"),
            (FieldName::Currency, "PEN"),
            (FieldName::Total, "590.00"),
        ]
    );
    assert!(extraction.fields.values().all(|value| {
        value.source == FieldSource::Llm && (value.confidence - 0.6).abs() < f32::EPSILON
    }));
    // The line whose amount does not parse is dropped.
    assert_eq!(
        extraction.line_items,
        [LineItem {
            description: "Consulta médica general".to_owned(),
            quantity: Some("2".to_owned()),
            unit_price: Some("250.00".to_owned()),
            amount: Some("500.00".to_owned()),
        }]
    );
}

#[test]
fn a_fenced_answer_is_accepted() {
    let fenced = format!("```json\n{}\n```", good_answer());
    let extraction = parse_response(&reply(&fenced), &[FieldName::Total]).expect("valid");
    assert_eq!(extraction.get(FieldName::Total), Some("590.00"));
}

#[test]
fn bad_answers_are_rejected_naming_the_place() {
    let refused = envelope(
        &json!({ "role": "assistant", "content": null, "refusal": "I cannot help with that." }),
        "stop",
    );
    let cut = envelope(
        &json!({ "role": "assistant", "content": "{\"issuer_name\": \"AC" }),
        "length",
    );
    let no_choices = br#"{"id": "x", "choices": []}"#.to_vec();
    let api_error = br#"{"error": {"message": "model not found", "code": 404}}"#.to_vec();
    // (what, body, the error's message must contain)
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "extra key",
            reply_with(|answer| answer["notes"] = json!("x")),
            "$.notes: key not allowed",
        ),
        (
            "wrong type",
            reply_with(|answer| answer["total"] = json!(590.0)),
            "$.total: expected string or null, got number",
        ),
        (
            "missing key",
            reply_with(|answer| {
                answer
                    .as_object_mut()
                    .map(|object| object.remove("currency"));
            }),
            "$.currency: required key is missing",
        ),
        (
            "wrong type in a line item",
            reply_with(|answer| answer["line_items"][0]["description"] = Value::Null),
            "$.line_items[0].description: expected string, got null",
        ),
        (
            "extra key in a line item",
            reply_with(|answer| answer["line_items"][1]["tax"] = json!("1.00")),
            "$.line_items[1].tax: key not allowed",
        ),
        (
            "odd extra key",
            reply_with(|answer| answer["due date"] = Value::Null),
            "$[\"due date\"]: key not allowed",
        ),
        (
            "not an object",
            reply("[1, 2]"),
            "$: expected object, got array",
        ),
        ("refusal", refused, "$.choices[0].message.refusal"),
        ("finish_reason length", cut, "$.choices[0].finish_reason"),
        (
            "content that is not JSON",
            reply("The total is 590.00"),
            "$.choices[0].message.content",
        ),
        ("no choices", no_choices, "$.choices"),
        ("an error object", api_error, "model not found"),
        ("a body that is not JSON", b"<html>".to_vec(), "not JSON"),
    ];
    for (what, body, words) in cases {
        let error = parse_response(&body, &FieldName::ALL).expect_err(what);
        let message = error.to_string();
        assert!(
            message.contains(words),
            "{what}: {message:?} lacks {words:?}"
        );
    }
}

#[test]
fn each_envelope_failure_has_its_own_variant() {
    let refused = envelope(&json!({ "content": null, "refusal": "no" }), "stop");
    assert!(matches!(
        parse_response(&refused, &[]),
        Err(LlmError::Refused(reason)) if reason == "no"
    ));
    let cut = envelope(&json!({ "content": "{\"tot", "refusal": null }), "length");
    assert!(matches!(
        parse_response(&cut, &[]),
        Err(LlmError::Truncated)
    ));
    assert!(matches!(
        parse_response(br#"{"choices": []}"#, &[]),
        Err(LlmError::NoChoice)
    ));
    assert!(matches!(
        parse_response(&reply("{"), &[]),
        Err(LlmError::NotJson(_))
    ));
    assert!(matches!(
        parse_response(&reply("{}"), &[]),
        Err(LlmError::Schema(_))
    ));
}

/// Runs a document through the sandbox's fake endpoint and reads the answer.
fn through_sandbox(text: &str) -> Result<crate::Extraction, LlmError> {
    let reply = sandbox_reply(&request_body("sandbox", text, &FieldName::ALL));
    parse_response(reply.to_string().as_bytes(), &FieldName::ALL)
}

#[test]
fn the_sandbox_answers_what_the_rules_find() {
    let extraction = through_sandbox(INVOICE).expect("the sandbox answers valid JSON");
    let expected = crate::rules::extract(INVOICE);
    assert!(
        expected.get(FieldName::Total).is_some(),
        "the rules read no total, so the round trip proves little: {expected:?}"
    );
    for (name, value) in &expected.fields {
        assert_eq!(extraction.get(*name), Some(value.value.as_str()), "{name}");
    }
    assert_eq!(extraction.fields.len(), expected.fields.len());
    assert_eq!(extraction.line_items, expected.line_items);
}

#[test]
fn the_sandbox_misbehaves_on_request() {
    let marked = |marker: &str| through_sandbox(&format!("{INVOICE}\n{marker}\n"));
    assert!(matches!(
        marked("sandbox-llm:invalid"),
        Err(LlmError::Schema(_))
    ));
    assert!(matches!(
        marked("sandbox-llm:refuse"),
        Err(LlmError::Refused(_))
    ));
    assert!(matches!(
        marked("sandbox-llm:truncated"),
        Err(LlmError::Truncated)
    ));
}

#[test]
fn the_sandbox_copes_with_a_request_without_messages() {
    let reply = sandbox_reply(&json!({}));
    let extraction = parse_response(reply.to_string().as_bytes(), &FieldName::ALL);
    assert!(extraction.is_ok(), "{reply}");
}

/// A value a model might put anywhere in its answer.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        "[0-9.,]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn parse_response_never_panics_on_any_body(body in any::<Vec<u8>>()) {
        let _ = parse_response(&body, &FieldName::ALL);
    }

    #[test]
    fn parse_response_never_panics_on_any_content(content in any::<String>()) {
        let _ = parse_response(&reply(&content), &FieldName::ALL);
    }

    #[test]
    fn parse_response_never_panics_on_any_values(
        field in prop::sample::select(FieldName::ALL.to_vec()),
        value in any_json(),
        item in any_json(),
    ) {
        let body = reply_with(|answer| {
            answer[field.as_str()] = value;
            answer["line_items"][0] = item;
        });
        let _ = parse_response(&body, &FieldName::ALL);
    }
}
