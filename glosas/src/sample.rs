//! Realistic notices for the sandbox and tests, and the shapes payers send them in.
//!
//! [`sample_notice`] makes a notice from a seed: a payer (EPS) and a provider (IPS) with NITs
//! whose DIAN check digit is computed ([`nit_check_digit`]), one or two invoices, one to six
//! items priced in COP. The names are made up. Glosa codes are only those providers.md §7 lists
//! (Res. 2284/2023); their descriptions are written per family, not quoted from the resolution.
//! One seed in five gives a devolución.
//!
//! Renderers write a notice the way payers send them: [`render_text`] (the mail body),
//! [`render_csv`], [`render_xlsx`] (header cells above the table) and [`render_pdf`] (one page
//! with a text layer). The reader in [`crate::notice`] reads each of them back to the same notice.

mod pdf;
mod render;

use std::fmt::Write as _;

use jiff::civil::Date;
use rust_decimal::Decimal;

use crate::notice::{Item, Notice, NoticeKind};

pub use pdf::render_pdf;
pub(crate) use render::excel_date;
pub use render::{render_csv, render_text, render_xlsx};

/// A made-up notice, the same for the same seed.
pub fn sample_notice(seed: u64) -> Notice {
    let mut random = SplitMix(seed);
    let payer = PAYERS[random.below(PAYERS.len())];
    let provider = PROVIDERS[random.below(PROVIDERS.len())];
    let kind = if random.below(5) == 0 {
        NoticeKind::Devolucion
    } else {
        NoticeKind::Glosa
    };
    let prefix = ["FEV", "FE", "FVE"][random.below(3)];
    let first_invoice = 10_000 + random.below(90_000);
    let invoice_count = if kind == NoticeKind::Glosa {
        1 + random.below(2)
    } else {
        1
    };
    let invoices: Vec<String> = (0..invoice_count)
        .map(|offset| {
            format!(
                "{prefix} {}",
                first_invoice + offset * (1 + random.below(40))
            )
        })
        .collect();
    let filed_date = Date::new(2024, 1, 2).ok().and_then(|start| {
        start
            .checked_add(jiff::Span::new().days(random.below(600) as i64))
            .ok()
    });
    let notice_date = filed_date.and_then(|filed| {
        filed
            .checked_add(jiff::Span::new().days(5 + random.below(15) as i64))
            .ok()
    });
    let items = match kind {
        NoticeKind::Glosa => (0..=random.below(6))
            .map(|_| glosa_item(&mut random, &invoices))
            .collect(),
        NoticeKind::Devolucion => vec![devolution_item(&mut random, &invoices)],
    };
    let total_objected: Decimal = items.iter().filter_map(|item: &Item| item.objected).sum();
    let billed: Decimal = items.iter().filter_map(|item| item.invoiced).sum();
    let total_invoiced = match kind {
        // The invoice also bills services nobody objected to.
        NoticeKind::Glosa => billed + Decimal::from(random.below(40) * 12_500),
        NoticeKind::Devolucion => billed,
    };
    let number = match kind {
        NoticeKind::Glosa => format!("GL-{}-{:05}", year_of(notice_date), random.below(99_999)),
        NoticeKind::Devolucion => {
            format!("DV-{}-{:05}", year_of(notice_date), random.below(99_999))
        }
    };
    Notice {
        kind,
        payer_name: Some(payer.0.to_owned()),
        payer_nit: Some(nit_with_check_digit(payer.1)),
        provider_name: Some(provider.0.to_owned()),
        provider_nit: Some(nit_with_check_digit(provider.1)),
        number: Some(number),
        notice_date,
        filed_date,
        invoices,
        total_invoiced: Some(total_invoiced),
        total_objected: Some(total_objected),
        items,
        warnings: Vec::new(),
        warning_words: Vec::new(),
    }
}

/// The DIAN check digit (dígito de verificación) of a NIT's digits: weights 3, 7, 13, 17, 19,
/// 23, 29, 37, 41, 43, 47, 53, 59, 67, 71 from the right, sum mod 11, and 11 minus that when it
/// is 2 or more. `None` for anything but 1 to 15 digits.
pub fn nit_check_digit(digits: &str) -> Option<u8> {
    const WEIGHTS: [u32; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
    if digits.is_empty() || digits.len() > WEIGHTS.len() {
        return None;
    }
    let mut sum = 0;
    for (digit, weight) in digits.chars().rev().zip(WEIGHTS) {
        sum += digit.to_digit(10)? * weight;
    }
    let remainder = sum % 11;
    let check = if remainder < 2 {
        remainder
    } else {
        11 - remainder
    };
    u8::try_from(check).ok()
}

fn nit_with_check_digit(digits: &str) -> String {
    match nit_check_digit(digits) {
        Some(check) => format!("{digits}-{check}"),
        None => digits.to_owned(),
    }
}

/// Payers: made-up EPS names and NIT digits.
const PAYERS: [(&str, &str); 5] = [
    ("EPS Salud Andina S.A.", "805012345"),
    ("Nueva Salud del Caribe EPS S.A.S.", "900456789"),
    ("Entidad Promotora de Salud Vida Plena S.A.", "830098765"),
    ("Salud Cafetera EPS S.A.", "891234567"),
    ("Caja de Salud del Pacífico EPS-S", "806543210"),
];

/// Providers: made-up IPS names and NIT digits.
const PROVIDERS: [(&str, &str); 5] = [
    ("Clínica San Rafael de Occidente S.A.S.", "900112233"),
    ("IPS Salud Integral del Valle S.A.S.", "901234560"),
    ("Centro Médico Los Andes IPS S.A.S.", "900998877"),
    ("Unidad Médica La Esperanza IPS", "811045678"),
    ("Clínica Odontológica Sonrisa Sana S.A.S.", "900334455"),
];

/// Glosa codes from providers.md §7 and a justification a payer could write for the family.
const GLOSA_CODES: [(&str, &str); 7] = [
    (
        "FA0101",
        "Facturación: cantidad facturada mayor a la soportada",
    ),
    (
        "TA0201",
        "Tarifa facturada superior a la pactada en el contrato",
    ),
    (
        "SO2101",
        "Soportes: no se anexa el registro de la atención facturada",
    ),
    ("AU0101", "Servicio prestado sin autorización de la EPS"),
    (
        "CO0701",
        "Cobertura: servicio no incluido en el plan de beneficios",
    ),
    (
        "CL5301",
        "Pertinencia: la historia clínica no justifica el servicio",
    ),
    (
        "SA5601",
        "Seguimiento al acuerdo: incumplimiento de lo pactado",
    ),
];

/// Services (CUPS) and a price in COP.
const SERVICES: [(&str, u64); 5] = [
    ("890201", 45_000),
    ("890301", 38_000),
    ("902210", 18_500),
    ("903841", 9_800),
    ("903895", 11_200),
];

fn glosa_item(random: &mut SplitMix, invoices: &[String]) -> Item {
    let (code, description) = GLOSA_CODES[random.below(GLOSA_CODES.len())];
    let (service, price) = SERVICES[random.below(SERVICES.len())];
    let quantity = 1 + random.below(3) as u64;
    let line_total = price * quantity;
    // Whole or part of the line, in hundreds of pesos.
    let objected = match random.below(3) {
        0 => line_total,
        _ => (line_total * (20 + random.below(70) as u64) / 100 / 100 * 100).max(100),
    };
    Item {
        code_raw: code.to_owned(),
        description: description.to_owned(),
        service_code: Some(service.to_owned()),
        quantity: Some(Decimal::from(quantity)),
        invoiced: Some(Decimal::from(line_total)),
        objected: Some(Decimal::from(objected)),
        invoice: invoices.get(random.below(invoices.len())).cloned(),
    }
}

fn devolution_item(random: &mut SplitMix, invoices: &[String]) -> Item {
    let (service, price) = SERVICES[random.below(SERVICES.len())];
    let quantity = 1 + random.below(3) as u64;
    let line_total = Decimal::from(price * quantity);
    Item {
        code_raw: "DE1601".to_owned(),
        description: "Devolución: la factura no cumple requisitos de radicación".to_owned(),
        service_code: Some(service.to_owned()),
        quantity: Some(Decimal::from(quantity)),
        invoiced: Some(line_total),
        objected: Some(line_total),
        invoice: invoices.first().cloned(),
    }
}

fn year_of(date: Option<Date>) -> i16 {
    date.map_or(2024, Date::year)
}

/// SplitMix64: a small, well-mixed generator, so samples need no random-number crate.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// `1.234.567` for whole pesos, `1.234.567,50` otherwise: how Colombian documents write COP.
pub(crate) fn format_cop(value: Decimal) -> String {
    let negative = value.is_sign_negative() && !value.is_zero();
    let rounded = value.abs().round_dp(2);
    let whole = rounded.trunc();
    let fraction = rounded - whole;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    if !fraction.is_zero() {
        let cents = (fraction * Decimal::from(100)).trunc();
        let _ = write!(grouped, ",{cents:0>2}");
    }
    if negative {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// `5 de noviembre de 2024`.
pub(crate) fn long_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    let month = MONTHS[usize::try_from(date.month() - 1).unwrap_or(0)];
    format!("{} de {month} de {}", date.day(), date.year())
}

/// `05/11/2024`.
pub(crate) fn short_date(date: Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

#[cfg(test)]
mod tests;
