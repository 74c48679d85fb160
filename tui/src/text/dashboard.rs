//! The dashboard's conversations box: open and unanswered conversations, how fast customers
//! were answered, durations.

use super::{pick, texts};

texts! {
    INBOX_TITLE = " conversations (:inbox) " / " conversaciones (:inbox) ";
    INBOX_OPEN = "open" / "abiertas";
    INBOX_OPEN_ONE = "open" / "abierta";
    INBOX_UNANSWERED = "unanswered" / "sin respuesta";
    NO_REPLIES_YET = "no replies in the last 7 days" / "sin respuestas en los últimos 7 días";
}

/// What `count` open conversations or glosas are ("1 abierta", "3 abiertas").
pub fn open_label(count: u64) -> &'static str {
    if count == 1 {
        INBOX_OPEN_ONE.get()
    } else {
        INBOX_OPEN.get()
    }
}

/// What `count` overdue glosas are ("1 vencida", "3 vencidas").
pub fn overdue_label(count: u64) -> &'static str {
    if count == 1 {
        super::GLOSAS_OVERDUE_ONE.get()
    } else {
        super::GLOSAS_OVERDUE.get()
    }
}

/// An integration's state as the dashboard says it (`ok`, `not_configured`…); one this
/// client does not know is shown as the daemon wrote it.
pub fn integration_state(state: &str) -> String {
    let spanish = match state {
        "ok" => "ok",
        "sandbox" => "sandbox",
        "not_configured" => "sin configurar",
        "error" => "error",
        "reauthorization_needed" => "reautorizar",
        _ => return state.replace('_', " "),
    };
    pick(state.replace('_', " "), spanish.to_owned())
}

/// How long the longest-waiting customer has waited, `ago` being "12m ago".
pub fn longest_wait(ago: &str) -> String {
    pick(format!("oldest {ago}"), format!("la más antigua {ago}"))
}

/// First-reply times over the last week.
pub fn first_reply_times(min: &str, average: &str, max: &str) -> String {
    pick(
        format!("1st reply avg {average} ({min}–{max})"),
        format!("1.ª respuesta prom. {average} ({min}–{max})"),
    )
}

/// A duration in whole seconds, as its two largest units: `45 s`, `3 min 20 s`, `2 h 5 min`,
/// `3 d 4 h` (the units read the same in both languages).
pub fn duration(secs: u64) -> String {
    let (days, hours, minutes, seconds) =
        (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, _) if seconds == 0 => format!("{minutes} min"),
        (0, 0, _) => format!("{minutes} min {seconds} s"),
        (0, _, 0) => format!("{hours} h"),
        (0, _, _) => format!("{hours} h {minutes} min"),
        (_, 0, _) => format!("{days} d"),
        _ => format!("{days} d {hours} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_as_their_two_largest_units() {
        let cases = [
            (0, "0 s"),
            (45, "45 s"),
            (60, "1 min"),
            (200, "3 min 20 s"),
            (3_600, "1 h"),
            (7_500, "2 h 5 min"),
            (86_400, "1 d"),
            (273_600, "3 d 4 h"),
            (90_000, "1 d 1 h"),
        ];
        for (secs, shown) in cases {
            assert_eq!(duration(secs), shown, "{secs}");
        }
    }
}
