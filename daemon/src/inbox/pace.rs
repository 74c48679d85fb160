//! Provider send rates, kept by pacing rather than by errors (providers.md §1, §3; each
//! provider in `providers/` says its paces): WhatsApp takes about 80 messages a second per
//! phone number and one message every 6 seconds to the same customer (error 131056); Telegram
//! about one message a second per chat and 30 a second per bot. Messenger publishes no
//! per-chat pace.
//!
//! Slots live in memory: after a restart the first sends may come a little early, and the
//! provider's 429 handling still applies.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One pace: at most one send per `every` under `key`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pace {
    pub key: String,
    pub every: Duration,
    /// What the wait is for, for the job's history.
    pub why: &'static str,
}

/// The next free time of every pace key.
#[derive(Debug, Default)]
pub struct Pacer {
    next: Mutex<HashMap<String, Instant>>,
}

/// Keys kept before old ones are swept.
const SWEEP_AT: usize = 10_000;

impl Pacer {
    /// Takes a slot under every pace at `now`, or takes none and says how long until all are
    /// free and which pace is the longest wait.
    pub fn take(&self, paces: &[Pace], now: Instant) -> Result<(), (Duration, &'static str)> {
        let mut next = self
            .next
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let wait = paces
            .iter()
            .filter_map(|pace| {
                let free = next.get(&pace.key)?;
                (*free > now).then(|| (*free - now, pace.why))
            })
            .max_by_key(|(wait, _)| *wait);
        if let Some(wait) = wait {
            return Err(wait);
        }
        if next.len() >= SWEEP_AT {
            next.retain(|_, free| *free > now);
        }
        for pace in paces {
            next.insert(pace.key.clone(), now + pace.every);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use centralita_channels::Channel;

    fn paces(channel: Channel, account: &str, chat: &str) -> Vec<Pace> {
        crate::inbox::providers::provider(channel).paces(account, chat)
    }

    #[test]
    fn a_second_message_to_the_same_whatsapp_customer_waits_six_seconds() {
        let pacer = Pacer::default();
        let start = Instant::now();
        let maria = paces(Channel::Whatsapp, "106", "51987654321");
        let jose = paces(Channel::Whatsapp, "106", "51912345678");
        assert_eq!(pacer.take(&maria, start), Ok(()));
        let (wait, why) = pacer.take(&maria, start).expect_err("too soon");
        assert_eq!(wait, Duration::from_secs(6));
        assert!(why.contains("6 s"), "{why}");
        // Another customer only waits for the number's own pace.
        let (wait, _) = pacer.take(&jose, start).expect_err("same instant");
        assert_eq!(wait, Duration::from_millis(12));
        assert_eq!(pacer.take(&jose, start + Duration::from_millis(12)), Ok(()));
        assert_eq!(pacer.take(&maria, start + Duration::from_secs(6)), Ok(()));
    }

    #[test]
    fn telegram_chats_take_one_message_a_second_and_messenger_is_not_paced() {
        let pacer = Pacer::default();
        let start = Instant::now();
        let chat = paces(Channel::Telegram, "bot", "-100");
        assert_eq!(pacer.take(&chat, start), Ok(()));
        assert_eq!(
            pacer.take(&chat, start + Duration::from_millis(400)),
            Err((
                Duration::from_millis(600),
                "Telegram takes one message a second per chat"
            ))
        );
        assert!(paces(Channel::Messenger, "page", "psid").is_empty());
        assert_eq!(pacer.take(&[], start), Ok(()));
    }
}
