//! base64url as Gmail writes it: the URL-safe alphabet, with or without `=` padding
//! (`providers.md` §5, for `raw` message content and attachment `data`).

use base64::Engine;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::GmailError;

/// The URL-safe alphabet, accepting input with or without padding.
const URL_SAFE_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Decodes base64url `text`, padded or not, refusing before any allocation when it would
/// decode to more than `max_bytes`.
///
/// Whitespace and the standard alphabet's `+` and `/` are errors: Gmail sends neither.
pub fn decode_base64url(text: &str, max_bytes: usize) -> Result<Vec<u8>, GmailError> {
    // Four characters carry three bytes; a tail of two or three carries one or two.
    let characters = text.trim_end_matches('=').len();
    let size = characters / 4 * 3 + (characters % 4).saturating_sub(1);
    if size > max_bytes {
        return Err(GmailError::TooLarge {
            size,
            limit: max_bytes,
        });
    }
    URL_SAFE_ANY_PADDING
        .decode(text)
        .map_err(|source| GmailError::Base64 { source })
}
