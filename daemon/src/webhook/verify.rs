//! Constant-time checks of webhook signatures and shared-secret headers.
//!
//! Every provider route verifies the raw body bytes as received, before any parsing:
//! re-serialised JSON has different bytes, so a signature can only be checked on the original
//! (providers.md §1, "Verify before JSON parsing"). Nothing here logs or returns the values.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Whether `header_value` is `prefix` followed by the hex HMAC-SHA256 of `body` keyed with
/// `secret`, as in `X-Hub-Signature-256: sha256=<hex>` (prefix `sha256=`).
///
/// The prefix must match exactly; the hex may be upper or lower case. The MAC comparison runs
/// in constant time; a missing prefix, non-hex text or a wrong length is simply `false`.
pub fn hmac_sha256_hex_matches(
    secret: &[u8],
    body: &[u8],
    header_value: &str,
    prefix: &str,
) -> bool {
    let Some(hex_tag) = header_value.strip_prefix(prefix) else {
        return false;
    };
    // Decoding looks only at what the sender wrote, so it need not be constant time.
    let Ok(tag) = hex::decode(hex_tag) else {
        return false;
    };
    let Ok(mut mac) = HmacSha256::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&tag).is_ok()
}

/// `sha256=<hex HMAC-SHA256(body)>`, the `X-Hub-Signature-256` value a sender computes: for the
/// sandbox's own deliveries.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether two secrets are equal, in time that depends on neither their contents nor their
/// lengths: for token headers such as Telegram's `X-Telegram-Bot-Api-Secret-Token`.
///
/// Both sides are first reduced to an HMAC under one fixed key, and the two MACs are compared
/// in constant time (the "double HMAC" comparison), which also hides a length difference.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // The key need not be secret: the HMAC only maps inputs of any length to equal-length tags.
    const KEY: &[u8] = b"centralita constant-time comparison";
    let tag_of = |value: &[u8]| {
        let mut mac = HmacSha256::new_from_slice(KEY).expect("HMAC accepts keys of any length");
        mac.update(value);
        mac
    };
    let expected = tag_of(a).finalize().into_bytes();
    tag_of(b).verify_slice(&expected).is_ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const SECRET: &[u8] = b"sandbox-secret";
    const BODY: &[u8] = br#"{"id":"evt-1","action":"ping"}"#;

    fn sign(secret: &[u8], body: &[u8]) -> String {
        let mut mac = HmacSha256::new_from_slice(secret).expect("any key length");
        mac.update(body);
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    }

    fn matches(body: &[u8], header: &str) -> bool {
        hmac_sha256_hex_matches(SECRET, body, header, "sha256=")
    }

    #[test]
    fn valid_signature_matches() {
        assert!(matches(BODY, &sign(SECRET, BODY)));
    }

    #[test]
    fn uppercase_hex_matches() {
        let header = sign(SECRET, BODY);
        let upper = format!("sha256={}", header["sha256=".len()..].to_ascii_uppercase());
        assert!(matches(BODY, &upper));
    }

    #[test]
    fn flipped_bit_in_body_is_refused() {
        let header = sign(SECRET, BODY);
        let mut body = BODY.to_vec();
        body[3] ^= 0x01;
        assert!(!matches(&body, &header));
    }

    #[test]
    fn flipped_bit_in_signature_is_refused() {
        let header = sign(SECRET, BODY);
        let hex_tag = &header["sha256=".len()..];
        let mut tag = hex::decode(hex_tag).expect("hex");
        tag[31] ^= 0x80;
        assert!(!matches(BODY, &format!("sha256={}", hex::encode(tag))));
    }

    #[test]
    fn wrong_secret_is_refused() {
        assert!(!matches(BODY, &sign(b"another-secret", BODY)));
    }

    #[test]
    fn missing_prefix_is_refused() {
        let header = sign(SECRET, BODY);
        assert!(!matches(BODY, &header["sha256=".len()..]));
        assert!(!matches(BODY, &header.replacen("sha256=", "sha1=", 1)));
    }

    #[test]
    fn non_hex_is_refused() {
        let header = sign(SECRET, BODY);
        let broken = format!("{}zz", &header[..header.len() - 2]);
        assert!(!matches(BODY, &broken));
    }

    #[test]
    fn empty_and_truncated_values_are_refused() {
        assert!(!matches(BODY, ""));
        assert!(!matches(BODY, "sha256="));
        let header = sign(SECRET, BODY);
        assert!(!matches(BODY, &header[..header.len() - 2]));
        assert!(!matches(BODY, &format!("{header}00")));
    }

    #[test]
    fn reserialised_json_body_is_refused() {
        let header = sign(SECRET, BODY);
        let value: serde_json::Value = serde_json::from_slice(BODY).expect("json");
        let reserialised = serde_json::to_vec_pretty(&value).expect("json");
        assert_ne!(reserialised, BODY);
        assert!(!matches(&reserialised, &header));
    }

    #[test]
    fn constant_time_eq_compares_contents_and_lengths() {
        assert!(constant_time_eq(b"token", b"token"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq(b"token", b"tokeN"));
        assert!(!constant_time_eq(b"token", b"token2"));
        assert!(!constant_time_eq(b"", b"x"));
    }

    proptest! {
        #[test]
        fn arbitrary_headers_never_verify_unless_correct(header in any::<String>()) {
            let correct = sign(SECRET, BODY);
            let expected = header
                .strip_prefix("sha256=")
                .is_some_and(|hex_tag| hex_tag.eq_ignore_ascii_case(&correct["sha256=".len()..]));
            prop_assert_eq!(matches(BODY, &header), expected);
        }

        #[test]
        fn one_changed_character_never_verifies(index in 0usize..71, replacement in any::<char>()) {
            let correct = sign(SECRET, BODY);
            let mut characters: Vec<char> = correct.chars().collect();
            prop_assume!(!characters[index].eq_ignore_ascii_case(&replacement));
            characters[index] = replacement;
            let header: String = characters.into_iter().collect();
            prop_assert!(!matches(BODY, &header));
        }

        #[test]
        fn arbitrary_bodies_verify_only_with_their_own_signature(body in any::<Vec<u8>>()) {
            prop_assert!(matches(&body, &sign(SECRET, &body)));
            prop_assert_eq!(matches(&body, &sign(SECRET, BODY)), body == BODY);
        }
    }
}
