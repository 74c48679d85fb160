//! What WhatsApp and Messenger webhook bodies share: Meta's envelope,
//! `{"object": …, "entry": […]}` (providers.md §1–2).

use serde_json::Value;

use crate::json::{expect_object, object_body, required_array_at, shape};
use crate::{Inbound, ParseError};

/// Reads a Meta webhook body entry by entry, in body order: `read_entry` gets each entry
/// (checked to be an object) with its path (`entry[i]`) and adds its records. A body of another
/// `object` than `object` is one [`Inbound::Ignored`] `<provider>:object:<object>`.
///
/// Errors: the body is not JSON ([`ParseError::Json`]); it has no `object` or `entry[]`, or an
/// entry is not an object ([`ParseError::Shape`], with the path); or what `read_entry` says.
pub(crate) fn read_entries(
    provider: &str,
    object: &str,
    body: &[u8],
    mut read_entry: impl FnMut(&Value, &str, &mut Vec<Inbound>) -> Result<(), ParseError>,
) -> Result<Vec<Inbound>, ParseError> {
    let root = object_body(provider, body)?;
    let Some(Value::String(found)) = root.get("object") else {
        return Err(shape(provider, "body has no object"));
    };
    if found != object {
        return Ok(vec![Inbound::Ignored {
            kind: format!("{provider}:object:{found}"),
        }]);
    }
    let mut records = Vec::new();
    for (index, entry) in required_array_at(provider, &root, "entry", "body")?
        .iter()
        .enumerate()
    {
        let path = format!("entry[{index}]");
        expect_object(provider, entry, &path)?;
        read_entry(entry, &path, &mut records)?;
    }
    Ok(records)
}
