//! A notice being read: header values gathered from labels (the most specific label wins), items,
//! warnings; [`Draft::finish`] decides the kind and adds the checks every notice gets.

use centralita_invoices::taxid::{TaxIdStatus, check_nit};
use jiff::civil::Date;
use rust_decimal::Decimal;

use super::labels::{HeaderField, fold};
use super::model::{Item, Notice, NoticeKind};
use super::values;
use crate::said::{self, Sentence};

/// A header value and the rank of the label that gave it (lower is more specific).
#[derive(Debug, Clone)]
struct Slot<T> {
    value: Option<(T, usize)>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Self { value: None }
    }
}

impl<T> Slot<T> {
    fn offer(&mut self, value: T, rank: usize) {
        if self.value.as_ref().is_none_or(|(_, held)| rank < *held) {
            self.value = Some((value, rank));
        }
    }

    fn is_set(&self) -> bool {
        self.value.is_some()
    }

    fn take(self) -> Option<T> {
        self.value.map(|(value, _)| value)
    }
}

/// Which party a bare "NIT" belongs to: the one named last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Party {
    Payer,
    Provider,
}

/// Rank of the payer a mapping file names: labels in the notice beat it, guesses do not.
const MAPPING_RANK: usize = 60;

/// Rank of a payer name taken from the line above a bare NIT: any label beats it.
const LETTERHEAD_RANK: usize = 100;

/// Rank for values read from a totals row rather than a label.
pub(crate) const TOTALS_ROW_RANK: usize = 50;

#[derive(Debug, Default)]
pub(crate) struct Draft {
    payer_name: Slot<String>,
    payer_nit: Slot<String>,
    provider_name: Slot<String>,
    provider_nit: Slot<String>,
    number: Slot<String>,
    notice_date: Slot<Date>,
    filed_date: Slot<Date>,
    total_invoiced: Slot<Decimal>,
    total_objected: Slot<Decimal>,
    invoices: Vec<String>,
    explicit_kind: Option<NoticeKind>,
    title_kind: Option<NoticeKind>,
    party: Option<Party>,
    /// The last plain line or cell before the current one: in a letterhead, the name above a
    /// bare "NIT".
    previous_text: Option<String>,
    pub(crate) items: Vec<Item>,
    /// What the reader noticed, with the catalog's words.
    pub(crate) warnings: Vec<Sentence>,
}

impl Draft {
    /// Whether anything at all was read: a notice needs at least a header value or an item.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
            && !(self.payer_name.is_set()
                || self.payer_nit.is_set()
                || self.provider_name.is_set()
                || self.provider_nit.is_set()
                || self.number.is_set()
                || self.total_objected.is_set())
            && self.invoices.is_empty()
    }

    /// Offers `value` for the field a label named; `false` when the value does not hold what the
    /// field needs (no date after "Fecha", no digits after "NIT"), so the caller may look for the
    /// value elsewhere. `separated` says whether a `:` or a cell boundary delimited the label,
    /// which names need because their value is free text.
    pub(crate) fn offer(
        &mut self,
        field: HeaderField,
        rank: usize,
        value: &str,
        separated: bool,
    ) -> bool {
        let value = value.trim();
        match field {
            HeaderField::PayerName | HeaderField::ProviderName => {
                if !separated || !value.chars().any(char::is_alphabetic) {
                    return false;
                }
                let party = if field == HeaderField::PayerName {
                    Party::Payer
                } else {
                    Party::Provider
                };
                self.party = Some(party);
                self.offer_name(party, rank, value);
                true
            }
            HeaderField::PayerNit => self.offer_nit(Some(Party::Payer), rank, value),
            HeaderField::ProviderNit => self.offer_nit(Some(Party::Provider), rank, value),
            HeaderField::Nit => self.offer_nit(None, rank, value),
            HeaderField::Number | HeaderField::DevolutionNumber => {
                let Some(number) = notice_number(value) else {
                    return false;
                };
                if field == HeaderField::DevolutionNumber {
                    self.explicit_kind = Some(NoticeKind::Devolucion);
                }
                self.number.offer(number, rank);
                true
            }
            HeaderField::NoticeDate => offer_with(&mut self.notice_date, rank, values::date(value)),
            HeaderField::FiledDate => offer_with(&mut self.filed_date, rank, values::date(value)),
            HeaderField::Invoices => {
                let found = values::invoices(value);
                let any = !found.is_empty();
                for invoice in found {
                    self.add_invoice(invoice);
                }
                any
            }
            HeaderField::TotalInvoiced => {
                offer_with(&mut self.total_invoiced, rank, values::first_amount(value))
            }
            HeaderField::TotalObjected => {
                offer_with(&mut self.total_objected, rank, values::first_amount(value))
            }
            HeaderField::Kind => {
                let kind = kind_in(value);
                if kind.is_some() {
                    self.explicit_kind = kind;
                }
                kind.is_some()
            }
            HeaderField::Other => true,
        }
    }

    /// Notes a plain line or cell (no label, no item): the first one naming "glosa" or
    /// "devolución" hints at the kind, and the last one may be the name above a bare NIT.
    pub(crate) fn plain_text(&mut self, line: &str) {
        if self.title_kind.is_none() {
            self.title_kind = kind_in(line);
        }
        self.previous_text = Some(line.trim().to_owned());
    }

    /// Forgets the last plain line: something else came after it.
    pub(crate) fn not_plain_text(&mut self) {
        self.previous_text = None;
    }

    /// Records a NIT column value for a party (spreadsheets repeat it on every row).
    pub(crate) fn offer_party_nit(&mut self, payer: bool, value: &str, rank: usize) {
        let party = if payer { Party::Payer } else { Party::Provider };
        self.offer_nit(Some(party), rank, value);
    }

    /// Offers a total read from a totals row (`invoiced` or objected).
    pub(crate) fn offer_total(&mut self, invoiced: bool, value: Decimal, rank: usize) {
        if invoiced {
            self.total_invoiced.offer(value, rank);
        } else {
            self.total_objected.offer(value, rank);
        }
    }

    pub(crate) fn add_invoice(&mut self, invoice: String) {
        if !self.invoices.contains(&invoice) {
            self.invoices.push(invoice);
        }
    }

    /// Fills header values a mapping file gives as constants, below any label.
    pub(crate) fn default_payer(&mut self, name: Option<&str>, nit: &str) {
        if let Some(name) = name.and_then(values::text) {
            self.payer_name.offer(name, MAPPING_RANK);
        }
        if let Some((nit, _)) = values::nit(nit) {
            self.payer_nit.offer(nit, MAPPING_RANK);
        }
    }

    fn offer_name(&mut self, party: Party, rank: usize, value: &str) {
        // "EPS Salud Andina S.A. NIT 800.123.456-1": the NIT rides along with the name.
        // ASCII lower-casing keeps byte offsets, so the offset found applies to `value`.
        let lowered = value.to_ascii_lowercase();
        let (name, nit) = match find_word(&lowered, "nit") {
            Some(at) => (&value[..at], Some(&value[at + 3..])),
            None => (value, None),
        };
        let name = name.trim().trim_end_matches([',', '-', '–', '(']);
        if let Some(name) = values::text(name) {
            match party {
                Party::Payer => self.payer_name.offer(name, rank),
                Party::Provider => self.provider_name.offer(name, rank),
            }
        }
        if let Some(nit) = nit {
            self.offer_nit(Some(party), rank, nit);
        }
    }

    fn offer_nit(&mut self, party: Option<Party>, rank: usize, value: &str) -> bool {
        let Some((nit, _)) = values::nit(value) else {
            return false;
        };
        let guessed = party.is_none() && self.party.is_none();
        let party = party.or(self.party).unwrap_or(if self.payer_nit.is_set() {
            Party::Provider
        } else {
            Party::Payer
        });
        self.party = Some(party);
        // A letterhead: the payer's name on the line above its bare NIT.
        if guessed
            && party == Party::Payer
            && let Some(name) = self
                .previous_text
                .take()
                .filter(|text| looks_like_name(text))
        {
            self.payer_name.offer(name, LETTERHEAD_RANK);
        }
        match party {
            Party::Payer => self.payer_nit.offer(nit, rank),
            Party::Provider => self.provider_nit.offer(nit, rank),
        }
        true
    }

    /// The notice, with the checks every notice gets: totals against items, NITs present and
    /// valid, at least one item.
    pub(crate) fn finish(self) -> Notice {
        let mut warnings = self.warnings;
        let items = self.items;
        let all_devolution = !items.is_empty()
            && items
                .iter()
                .all(|item| values::is_devolution_code(&item.code_raw));
        let kind = self
            .explicit_kind
            .or(all_devolution.then_some(NoticeKind::Devolucion))
            .or(self.title_kind)
            .unwrap_or_default();
        let mut invoices = self.invoices;
        if invoices.is_empty() {
            for invoice in items.iter().filter_map(|item| item.invoice.clone()) {
                if !invoices.contains(&invoice) {
                    invoices.push(invoice);
                }
            }
        }
        let payer_nit = self.payer_nit.take();
        let provider_nit = self.provider_nit.take();
        for (missing, invalid, nit) in [
            (said::PAYER_NIT_MISSING, said::PAYER_NIT_INVALID, &payer_nit),
            (
                said::PROVIDER_NIT_MISSING,
                said::PROVIDER_NIT_INVALID,
                &provider_nit,
            ),
        ] {
            match nit {
                None => warnings.push(missing.say(Vec::new())),
                Some(nit) if nit.contains('-') => {
                    if let TaxIdStatus::Invalid(why) = check_nit(nit) {
                        warnings.push(invalid.say_because(vec![nit.clone()], why));
                    }
                }
                Some(_) => {}
            }
        }
        let total_objected = self.total_objected.take();
        if items.is_empty() {
            warnings.push(said::NO_ITEMS.say(Vec::new()));
        } else if let Some(total) = total_objected {
            let sum: Decimal = items.iter().filter_map(|item| item.objected).sum();
            if sum != total {
                warnings
                    .push(said::OBJECTED_MISMATCH.say(vec![sum.to_string(), total.to_string()]));
            }
        }
        Notice {
            kind,
            payer_name: self.payer_name.take(),
            payer_nit,
            provider_name: self.provider_name.take(),
            provider_nit,
            number: self.number.take(),
            notice_date: self.notice_date.take(),
            filed_date: self.filed_date.take(),
            invoices,
            total_invoiced: self.total_invoiced.take(),
            total_objected,
            items,
            warning_words: warnings
                .iter()
                .map(|warning| warning.words.clone())
                .collect(),
            warnings: warnings.into_iter().map(|warning| warning.text).collect(),
        }
    }
}

/// A line that can be an organisation's name: two to twelve words with letters, no digits.
fn looks_like_name(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (2..=12).contains(&words)
        && text.chars().any(char::is_alphabetic)
        && !text.chars().any(|c| c.is_ascii_digit())
        && kind_in(text).is_none()
}

fn offer_with<T>(slot: &mut Slot<T>, rank: usize, value: Option<T>) -> bool {
    match value {
        Some(value) => {
            slot.offer(value, rank);
            true
        }
        None => false,
    }
}

/// The notice number in a value: the first word holding a digit, with a short letter prefix
/// written apart (`GL 2024-123`), without trailing punctuation.
fn notice_number(value: &str) -> Option<String> {
    let words: Vec<&str> = value.split_whitespace().collect();
    let at = words
        .iter()
        .position(|word| word.chars().any(|c| c.is_ascii_digit()))?;
    let number = words[at].trim_end_matches(['.', ',', ';', ')']);
    let prefix = at
        .checked_sub(1)
        .map(|before| words[before])
        .filter(|word| {
            (1..=4).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase())
        });
    Some(match prefix {
        Some(prefix) => format!("{prefix} {number}"),
        None => number.to_owned(),
    })
}

/// The kind a text names: "devolución" before "glosa" when only one of them appears.
pub(crate) fn kind_in(text: &str) -> Option<NoticeKind> {
    let folded = fold(text);
    let devolution =
        find_word(&folded, "devolucion").is_some() || find_word(&folded, "devoluciones").is_some();
    let glosa = ["glosa", "glosas", "glosado", "glosada"]
        .iter()
        .any(|word| find_word(&folded, word).is_some());
    match (glosa, devolution) {
        (true, _) => Some(NoticeKind::Glosa),
        (false, true) => Some(NoticeKind::Devolucion),
        (false, false) => None,
    }
}

/// Where `word` appears in `text` as a whole word (a byte offset into `text`).
fn find_word(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}
