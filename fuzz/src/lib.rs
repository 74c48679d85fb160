//! Shared by the fuzz targets: seeds that the shared fixtures cannot give as they are.
//!
//! `scripts/fuzz` copies fixture files into a temporary corpus per target, then runs each
//! target once with `CENTRALITA_FUZZ_PREPARE=<that corpus>`: the target's `init` calls
//! [`prepare`], which adds seeds made here (sample glosa notices, Messenger events written from
//! the channels crate's tests, one input per WhatsApp case) and exits before fuzzing. Without
//! the variable [`prepare`] does nothing.

use std::fs;
use std::path::Path;

use serde_json::Value;

/// The variable naming the corpus directory to prepare.
pub const PREPARE_ENV: &str = "CENTRALITA_FUZZ_PREPARE";

/// Adds the seeds of `target` to the corpus named by [`PREPARE_ENV`] and exits, when the
/// variable is set; otherwise returns at once.
pub fn prepare(target: &str) {
    let Some(dir) = std::env::var_os(PREPARE_ENV) else {
        return;
    };
    let dir = Path::new(&dir);
    let seeds = match target {
        "webhook_whatsapp" => split_cases(dir),
        "webhook_messenger" => messenger_events(),
        "invoice_numbers" => NUMBERS
            .iter()
            .map(|text| text.as_bytes().to_vec())
            .collect(),
        "invoice_llm" => llm_replies(),
        "glosas_text" => (0..24)
            .map(|seed| render(seed, centralita_glosas::sample::render_text))
            .collect(),
        "glosas_spreadsheet" => (0..12)
            .flat_map(|seed| {
                let notice = centralita_glosas::sample::sample_notice(seed);
                [
                    centralita_glosas::sample::render_csv(&notice),
                    centralita_glosas::sample::render_xlsx(&notice),
                ]
            })
            .collect(),
        _ => Vec::new(),
    };
    for (index, seed) in seeds.iter().enumerate() {
        let path = dir.join(format!("prepared-{index:03}"));
        if let Err(error) = fs::write(&path, seed) {
            eprintln!("cannot write {}: {error}", path.display());
            std::process::exit(1);
        }
    }
    eprintln!("{target}: {} seeds added to {}", seeds.len(), dir.display());
    std::process::exit(0);
}

fn render(seed: u64, renderer: fn(&centralita_glosas::notice::Notice) -> String) -> Vec<u8> {
    renderer(&centralita_glosas::sample::sample_notice(seed)).into_bytes()
}

/// The WhatsApp fixtures map a case name to a full webhook body: one seed per body, and the
/// wrapper files are removed from the corpus.
fn split_cases(dir: &Path) -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return seeds;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(bytes) = fs::read(&path) else { continue };
        let Ok(Value::Object(cases)) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        if cases.values().all(|case| case.get("entry").is_some()) {
            seeds.extend(cases.values().map(|case| case.to_string().into_bytes()));
            let _ = fs::remove_file(&path);
        }
    }
    seeds
}

/// Messenger page events as the channels crate's tests write them (no inbound Messenger
/// payload exists among the shared fixtures).
fn messenger_events() -> Vec<Vec<u8>> {
    let from_customer = |field: &str| {
        format!(
            r#"{{"sender":{{"id":"7012345678901234"}},"recipient":{{"id":"106010712345678"}},"timestamp":1718000000000,{field}}}"#
        )
    };
    let fields = [
        r#""message":{"mid":"m_AbCdEf123","text":"Hola, quisiera una cita"}"#,
        r#""message":{"mid":"m_file","text":"mi factura","attachments":[{"type":"file","payload":{"url":"https://cdn.example/factura.pdf"}},{"type":"image","payload":{"url":"https://cdn.example/second.jpg","sticker_id":369239263222822}}]}"#,
        r#""message":{"mid":"m_qr","text":"Sí","quick_reply":{"payload":"CONFIRM_YES"},"reply_to":{"mid":"m_out1"}}"#,
        r#""message":{"is_echo":true,"app_id":1517776481860111,"metadata":"agent","mid":"m_echo","text":"Le confirmo su cita"}"#,
        r#""postback":{"title":"Ver horarios","payload":"SCHEDULE","mid":"m_pb"}"#,
        r#""reaction":{"reaction":"love","emoji":"\u2764\ufe0f","action":"react","mid":"m_out1"}"#,
        r#""message_edit":{"mid":"m_AbCdEf123","text":"Hola, quisiera dos citas","num_edit":1}"#,
        r#""read":{"watermark":1718000006000}"#,
        r#""delivery":{"mids":["m_out1"],"watermark":1718000006000}"#,
        r#""optin":{"type":"notification_messages","payload":"OFFERS","notification_messages_token":"t"}"#,
    ];
    fields
        .iter()
        .map(|field| {
            format!(
                r#"{{"object":"page","entry":[{{"id":"106010712345678","time":1718000009999,"messaging":[{}]}}]}}"#,
                from_customer(field)
            )
            .into_bytes()
        })
        .collect()
}

/// Amounts and dates as invoices and notices write them.
const NUMBERS: &[&str] = &[
    "1.234.567,89",
    "1,234,567.89",
    "S/. 1,234.50",
    "US$ -12.30",
    "(4.70)",
    "1'234.50 €",
    "$ 0,10",
    "15 de noviembre de 2024",
    "2024-11-15",
    "15/11/24",
    "11. Juli 2014",
    "Nov 15, 2024",
    "15-NOV-2018",
    "03/04/2024",
];

/// Chat-completions replies as the sandbox LLM answers them.
fn llm_replies() -> Vec<Vec<u8>> {
    use centralita_invoices::FieldName;
    use centralita_invoices::llm::{request_body, sandbox_reply};
    let text =
        "FACTURA ELECTRONICA FE-1234\nNIT 900.123.456-7\nFecha 15/11/2024\nTotal $ 1.190.000";
    vec![
        sandbox_reply(&request_body("m", text, &FieldName::ALL))
            .to_string()
            .into_bytes(),
        br#"{"error":{"message":"rate limited","type":"rate_limit"}}"#.to_vec(),
    ]
}

/// Lets panics raised inside the crate whose source path contains `source` unwind to the
/// `catch_unwind` of the function under test instead of aborting at once, as libFuzzer's hook
/// does for every panic. A panic that escapes the fuzzed function still aborts (it cannot
/// unwind out of libFuzzer's `extern "C"` callback), so only panics the crate under test
/// catches on purpose get through, and so does any other panic of that dependency, which is
/// then an error result.
pub fn allow_caught_panics_from(source: &'static str) {
    let aborting = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info
            .location()
            .is_some_and(|location| location.file().contains(source))
        {
            return;
        }
        aborting(info);
    }));
}
