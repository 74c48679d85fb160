//! Reading fields out of a `serde_json::Value` the way the three parsers need: lenient on leaf
//! types (ids and timestamps arrive as strings or numbers), never panicking, and with
//! [`ParseError::Shape`] messages that name the provider and the path.

use jiff::Timestamp;
use serde_json::Value;

use crate::ParseError;

/// Parses the body and checks it is a JSON object.
pub(crate) fn object_body(provider: &str, body: &[u8]) -> Result<Value, ParseError> {
    let value: Value = serde_json::from_slice(body)?;
    expect_object(provider, &value, "body")?;
    Ok(value)
}

/// A [`ParseError::Shape`] with the provider prefix.
pub(crate) fn shape(provider: &str, what: &str) -> ParseError {
    ParseError::Shape(format!("{provider}: {what}"))
}

/// The JSON type of a value, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// `value[key]` as a string slice, if it is a string.
pub(crate) fn str_at<'a>(value: &'a Value, key: &str) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str)
}

/// `value[key]` as an owned string, if it is a non-empty string (after trimming).
pub(crate) fn text_at(value: &Value, key: &str) -> Option<String> {
    non_empty(str_at(value, key))
}

/// A non-empty (after trimming) string, owned; the original spacing is kept.
pub(crate) fn non_empty(text: Option<&str>) -> Option<String> {
    text.filter(|text| !text.trim().is_empty())
        .map(str::to_owned)
}

/// `value[key]` as an id string: a string as is, an integer written in decimal.
pub(crate) fn id_at(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) if number.is_i64() || number.is_u64() => Some(number.to_string()),
        _ => None,
    }
}

/// `value[key]` as an integer: a JSON integer, or a string of one.
pub(crate) fn int_at(value: &Value, key: &str) -> Option<i64> {
    match value.get(key)? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// `value[key]` as a non-negative size.
pub(crate) fn size_at(value: &Value, key: &str) -> Option<u64> {
    value.get(key).and_then(Value::as_u64)
}

/// `value[key]` as a float (latitude, longitude): a JSON number, or a string of one.
pub(crate) fn float_at(value: &Value, key: &str) -> Option<f64> {
    match value.get(key)? {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
    .filter(|number: &f64| number.is_finite())
}

/// `value[key]` as Unix seconds (WhatsApp strings, Telegram integers).
pub(crate) fn seconds_at(value: &Value, key: &str) -> Option<Timestamp> {
    Timestamp::from_second(int_at(value, key)?).ok()
}

/// `value[key]` as Unix milliseconds (Messenger).
pub(crate) fn millis_at(value: &Value, key: &str) -> Option<Timestamp> {
    Timestamp::from_millisecond(int_at(value, key)?).ok()
}

/// `value[key]` as an array slice; an absent key or `null` is an empty slice, anything else
/// that is not an array is a shape error naming `path.key`.
pub(crate) fn array_at<'a>(
    provider: &str,
    value: &'a Value,
    key: &str,
    path: &str,
) -> Result<&'a [Value], ParseError> {
    match value.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(shape(
            provider,
            &format!("{path}.{key} is {}, not an array", type_name(other)),
        )),
    }
}

/// `value[key]` as an array slice that must be there: absent, `null` or not an array is a shape
/// error naming the path.
pub(crate) fn required_array_at<'a>(
    provider: &str,
    value: &'a Value,
    key: &str,
    path: &str,
) -> Result<&'a [Value], ParseError> {
    match value.get(key) {
        None | Some(Value::Null) => Err(shape(provider, &format!("{path} has no {key}"))),
        Some(_) => array_at(provider, value, key, path),
    }
}

/// Checks that an item of an array is an object.
pub(crate) fn expect_object(provider: &str, value: &Value, path: &str) -> Result<(), ParseError> {
    if value.is_object() {
        Ok(())
    } else {
        Err(shape(
            provider,
            &format!("{path} is {}, not an object", type_name(value)),
        ))
    }
}
