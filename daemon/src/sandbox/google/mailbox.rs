//! What the fake mailbox holds: the configured `.eml` files, made-up messages (some with an
//! invoice attached) and what was delivered since, with the history window and the grant
//! generation kept on disk beside the deliveries.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use centralita_config::SandboxGmailConfig;
use jiff::{SignedDuration, Timestamp};
use mail_builder::MessageBuilder;

use centralita_glosas::notice::Notice;
use centralita_glosas::sample;

use super::{GLOSAS_LABEL, INVOICES_LABEL};

/// The first message's history id; later ones grow in steps, with gaps, as Gmail's do.
const FIRST_HISTORY: u64 = 4_100;
const HISTORY_STEP: u64 = 3;
/// Minutes between two configured messages.
const STEP_MINUTES: i64 = 7;
/// Made-up senders, in turn.
const SENDERS: [(&str, &str); 4] = [
    ("Proveedor Andino S.A.C.", "facturas@andino.test"),
    ("Laboratorio Clínico Sur", "cobranzas@labsur.test"),
    ("María Torres", "maria.torres@correo.test"),
    ("Distribuidora Lima Norte", "ventas@limanorte.test"),
];

/// One message of the mailbox.
pub(super) struct Mail {
    pub(super) id: String,
    pub(super) labels: Vec<&'static str>,
    pub(super) history: u64,
    pub(super) received_ms: i64,
    /// `From` and `Subject`, lowercased, for the search filter.
    pub(super) search_from: String,
    pub(super) search_subject: String,
    pub(super) has_attachment: bool,
    source: Source,
}

enum Source {
    Eml(Arc<[u8]>),
    /// The n-th made-up message: built when fetched, so a large mailbox costs little memory.
    Generated(u32),
}

pub(super) struct Mailbox {
    mails: Vec<Mail>,
    index: HashMap<String, usize>,
    /// History ids below this are out of the window (history.list answers 404).
    floor: u64,
    generation: u32,
    start_ms: i64,
    dir: PathBuf,
    invoices: Vec<(String, Arc<[u8]>)>,
}

/// What is kept on disk besides the deliveries.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Kept {
    floor: u64,
    generation: u32,
    /// When the first message arrived (ms): fixed at the first start, so the mailbox reads
    /// as recent mail and stays the same after a restart.
    #[serde(default)]
    start_ms: Option<i64>,
}

impl Mailbox {
    /// The mailbox of `config`, with the deliveries and changes kept in `dir`.
    pub(super) fn load(config: &SandboxGmailConfig, dir: PathBuf) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir.join("delivered"))?;
        let kept: Kept = std::fs::read(dir.join("state.json"))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        let invoices = match &config.invoices_dir {
            Some(folder) => sorted_files(folder, |name| {
                [".pdf", ".xml", ".png", ".jpg", ".jpeg"]
                    .iter()
                    .any(|ext| name.to_lowercase().ends_with(ext))
            })?
            .into_iter()
            .map(|path| {
                let name = file_name(&path);
                std::fs::read(&path).map(|bytes| (name, Arc::from(bytes)))
            })
            .collect::<std::io::Result<_>>()?,
            None => Vec::new(),
        };
        let emls = match &config.eml_dir {
            Some(folder) => sorted_files(folder, is_eml)?,
            None => Vec::new(),
        };
        // The newest configured message arrived just now, the others every 7 minutes before.
        let count = i64::try_from(emls.len()).unwrap_or(0) + i64::from(config.generated);
        let start_ms = kept.start_ms.unwrap_or_else(|| {
            (Timestamp::now() - SignedDuration::from_mins(STEP_MINUTES * count)).as_millisecond()
        });
        let mut mailbox = Self {
            mails: Vec::new(),
            index: HashMap::new(),
            floor: kept.floor,
            generation: kept.generation,
            start_ms,
            dir,
            invoices,
        };
        for path in emls {
            let at = mailbox.next_arrival();
            mailbox.push_eml(std::fs::read(&path)?, at);
        }
        for n in 0..config.generated {
            let at = mailbox.next_arrival();
            mailbox.push_generated(n, at);
        }
        if kept.start_ms.is_none() {
            mailbox.keep();
        }
        for path in sorted_files(&mailbox.dir.join("delivered"), is_eml)? {
            let received = file_name(&path)
                .split(['-', '.'])
                .nth(1)
                .and_then(|ms| ms.parse().ok())
                .unwrap_or_default();
            mailbox.push_eml(std::fs::read(&path)?, received);
        }
        Ok(mailbox)
    }

    /// When the next configured message arrived (ms).
    fn next_arrival(&self) -> i64 {
        let step = SignedDuration::from_mins(STEP_MINUTES).as_millis();
        self.start_ms + i64::try_from(step).unwrap_or(0) * (self.mails.len() as i64 + 1)
    }

    pub(super) fn generation(&self) -> u32 {
        self.generation
    }

    pub(super) fn set_generation(&mut self, generation: u32) {
        self.generation = generation;
        self.keep();
    }

    pub(super) fn floor(&self) -> u64 {
        self.floor
    }

    /// The newest history id: the mailbox's current one.
    pub(super) fn history_id(&self) -> u64 {
        self.mails
            .last()
            .map_or(FIRST_HISTORY - HISTORY_STEP, |mail| mail.history)
    }

    /// Every message, oldest first.
    pub(super) fn mails(&self) -> &[Mail] {
        &self.mails
    }

    pub(super) fn get(&self, id: &str) -> Option<&Mail> {
        self.index.get(id).map(|&at| &self.mails[at])
    }

    /// The whole message as it came in.
    pub(super) fn raw(&self, mail: &Mail) -> Vec<u8> {
        match &mail.source {
            Source::Eml(bytes) => bytes.to_vec(),
            Source::Generated(n) => self.generated(*n, mail.received_ms),
        }
    }

    /// Control: the history window passes; every history id so far is out of it.
    pub(super) fn expire_history(&mut self) {
        self.floor = self.history_id() + 1;
        self.keep();
    }

    /// Control: a message arrives (kept on disk). Returns its id.
    pub(super) fn deliver(&mut self, raw: Vec<u8>) -> std::io::Result<String> {
        let received = Timestamp::now().as_millisecond();
        let path = self
            .dir
            .join("delivered")
            .join(format!("{:08}-{received}.eml", self.mails.len()));
        std::fs::write(&path, &raw)?;
        Ok(self.push_eml(raw, received))
    }

    fn keep(&self) {
        let kept = Kept {
            floor: self.floor,
            generation: self.generation,
            start_ms: Some(self.start_ms),
        };
        if let Err(error) = std::fs::write(
            self.dir.join("state.json"),
            serde_json::to_vec(&kept).unwrap_or_default(),
        ) {
            tracing::warn!(%error, "the sandbox Google could not keep its state");
        }
    }

    fn push_eml(&mut self, raw: Vec<u8>, received_ms: i64) -> String {
        let parsed = mail_parser::MessageParser::default().parse(&raw);
        let from = parsed
            .as_ref()
            .and_then(|message| message.from())
            .and_then(|from| from.first())
            .map(|address| {
                format!(
                    "{} {}",
                    address.name().unwrap_or_default(),
                    address.address().unwrap_or_default()
                )
            })
            .unwrap_or_default();
        let subject = parsed
            .as_ref()
            .and_then(|message| message.subject())
            .unwrap_or_default()
            .to_owned();
        let has_attachment = parsed
            .as_ref()
            .is_some_and(|message| message.attachment_count() > 0);
        self.push(
            &from,
            &subject,
            has_attachment,
            received_ms,
            Source::Eml(raw.into()),
            vec!["INBOX"],
        )
    }

    fn push_generated(&mut self, n: u32, received_ms: i64) {
        let made = self.made(n);
        let (from, subject) = made.sender_and_subject(n);
        let labels = match &made {
            Made::Invoice(..) => vec!["INBOX", INVOICES_LABEL.0],
            Made::Glosa(..) => vec!["INBOX", GLOSAS_LABEL.0],
            Made::Plain => vec!["INBOX"],
        };
        let has_attachment = made.has_attachment();
        self.push(
            &from,
            &subject,
            has_attachment,
            received_ms,
            Source::Generated(n),
            labels,
        );
    }

    fn push(
        &mut self,
        from: &str,
        subject: &str,
        has_attachment: bool,
        received_ms: i64,
        source: Source,
        labels: Vec<&'static str>,
    ) -> String {
        let history = FIRST_HISTORY + HISTORY_STEP * self.mails.len() as u64;
        let id = format!("{:016x}", 0x18f0_0000_0000_0000_u64 + history);
        self.index.insert(id.clone(), self.mails.len());
        self.mails.push(Mail {
            id: id.clone(),
            labels,
            history,
            received_ms,
            search_from: from.to_lowercase(),
            search_subject: subject.to_lowercase(),
            has_attachment,
            source,
        });
        id
    }

    /// What made-up message `n` is: every fifth (from the first) carries the next invoice
    /// file; of the others, every seventh (from the fourth) is a glosa notice, in turn in the
    /// mail's text, as a PDF and as a spreadsheet.
    fn made(&self, n: u32) -> Made {
        if !self.invoices.is_empty() && n.is_multiple_of(5) {
            let (name, bytes) = &self.invoices[(n / 5) as usize % self.invoices.len()];
            return Made::Invoice(name.clone(), Arc::clone(bytes));
        }
        if n % 7 == 3 {
            let form = match (n / 7) % 3 {
                0 => NoticeForm::Text,
                1 => NoticeForm::Pdf,
                _ => NoticeForm::Spreadsheet,
            };
            return Made::Glosa(Box::new(sample::sample_notice(u64::from(n))), form);
        }
        Made::Plain
    }

    /// The n-th made-up message.
    fn generated(&self, n: u32, received_ms: i64) -> Vec<u8> {
        let made = self.made(n);
        let (sender_name, sender) = SENDERS[n as usize % SENDERS.len()];
        let (from, subject) = made.sender_and_subject(n);
        let body = match &made {
            Made::Invoice(name, _) => format!(
                "Estimados:\n\nAdjuntamos el comprobante {name}.\n\nSaludos,\n{sender_name}\n"
            ),
            Made::Glosa(notice, NoticeForm::Text) => sample::render_text(notice),
            Made::Glosa(..) => format!(
                "Señores\n\nAdjuntamos la notificación de {subject}, para su respuesta dentro de los términos de ley.\n\nAtentamente,\nAuditoría de cuentas médicas\n"
            ),
            Made::Plain => format!(
                "Hola,\n\nEscribo por el mensaje número {n}. ¿Podrían confirmarme?\n\nGracias,\n{sender_name}\n"
            ),
        };
        let from_address = match &made {
            Made::Glosa(..) => "glosas@eps-sandbox.test".to_owned(),
            _ => sender.to_owned(),
        };
        let mut message = MessageBuilder::new()
            .from((from.as_str(), from_address.as_str()))
            .to(("Facturación", super::ACCOUNT))
            .subject(subject)
            .date(received_ms / 1000)
            .message_id(format!("sandbox-{n}@mail.test"))
            .text_body(body);
        match made {
            Made::Invoice(name, bytes) => {
                let mime = mime_guess::from_path(&name).first_or_octet_stream();
                message = message.attachment(mime.essence_str().to_owned(), name, bytes.to_vec());
            }
            Made::Glosa(notice, NoticeForm::Pdf) => {
                let name = format!("glosa-{}.pdf", notice.number.clone().unwrap_or_default());
                message = message.attachment("application/pdf", name, sample::render_pdf(&notice));
            }
            Made::Glosa(notice, NoticeForm::Spreadsheet) => {
                let name = format!("glosa-{}.xlsx", notice.number.clone().unwrap_or_default());
                message = message.attachment(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    name,
                    sample::render_xlsx(&notice),
                );
            }
            Made::Glosa(_, NoticeForm::Text) | Made::Plain => {}
        }
        message.write_to_vec().unwrap_or_default()
    }
}

/// What a made-up message is.
enum Made {
    Invoice(String, Arc<[u8]>),
    Glosa(Box<Notice>, NoticeForm),
    Plain,
}

/// How a glosa notice comes.
enum NoticeForm {
    Text,
    Pdf,
    Spreadsheet,
}

impl Made {
    fn has_attachment(&self) -> bool {
        match self {
            Self::Invoice(..) | Self::Glosa(_, NoticeForm::Pdf | NoticeForm::Spreadsheet) => true,
            Self::Glosa(_, NoticeForm::Text) | Self::Plain => false,
        }
    }

    /// The sender's name and the subject of made-up message `n`.
    fn sender_and_subject(&self, n: u32) -> (String, String) {
        let (sender_name, _) = SENDERS[n as usize % SENDERS.len()];
        match self {
            Self::Invoice(name, _) => (
                sender_name.to_owned(),
                format!("Factura electrónica {}", stem(name)),
            ),
            Self::Glosa(notice, _) => (
                notice.payer_name.clone().unwrap_or_default(),
                format!(
                    "Notificación de glosa {}",
                    notice.number.clone().unwrap_or_default()
                ),
            ),
            Self::Plain => (
                sender_name.to_owned(),
                match n % 3 {
                    0 => format!("Consulta sobre la cita #{n}"),
                    1 => format!("Confirmación de pedido {n}"),
                    _ => format!("Re: horarios de atención ({n})"),
                },
            ),
        }
    }
}

/// The files of `folder` whose names pass `keep`, by name.
fn sorted_files(folder: &Path, keep: impl Fn(&str) -> bool) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && keep(&file_name(path)))
        .collect();
    files.sort();
    Ok(files)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_eml(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("eml"))
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}
