//! OCR quality and speed on the labelled receipts: for each pass configuration, the mean
//! character accuracy of the text against the ground truth (case-folded, whitespace collapsed,
//! normalised Levenshtein similarity), the labelled fields the daemon's rules get right from
//! that text (as `centralitad accuracy` counts them, from `expected.json`), and the seconds per
//! page, pages read one at a time.
//!
//! Run: `cargo bench -p centralita-daemon --bench ocr -- [DIR] [CONFIG…]`
//! DIR defaults to `$CENTRALITA_FIXTURES/invoices/train`; its `image/sroie/*.jpg` are read and
//! compared with `text/sroie/STEM.txt`, or with the text column of `image/sroie/STEM.box.csv`.
//! `OCR_BENCH_LIMIT=N` reads only the first N pages; `OCR_BENCH_DETAIL=FILE` writes one line
//! per page and configuration (file, accuracy, confidence, seconds).
//!
//! A CONFIG is `legacy` (the former reading: text output, `--psm 4`, the adaptive thresholds
//! only when it read under 40 characters), `default` (the daemon's plan), or
//! `PREPARE:PASS[,PASS@CONFIDENCE]` where PREPARE is `raw` or `prep` followed by any of
//! `+nodeskew`, `+nonorm`, `+wWIDTH` (upscale below WIDTH px), `+sK` (Sauvola with k = K), and
//! a PASS is `psmN` with an optional `tM` (thresholding method M): `prep+s0.2:psm6`,
//! `prep:psm4,psm4t2@85`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use centralita_daemon::invoices::accuracy;
use centralita_daemon::invoices::prepare::Prepare;
use centralita_daemon::invoices::read;
use centralita_daemon::invoices::tools::{OcrPlan, TESSERACT, TesseractPass, Tools};
use centralita_invoices::FieldName;
use centralita_invoices::mappings::MappingSet;

#[derive(Clone)]
enum Config {
    /// The ground-truth text itself: what the rules make of a perfect reading.
    Truth,
    Legacy,
    Plan(OcrPlan),
}

fn parse_pass(spec: &str) -> TesseractPass {
    let spec = spec.strip_prefix("psm").expect("a pass starts with psm");
    let (psm, thresholding) = match spec.split_once('t') {
        Some((psm, method)) => (psm, Some(method.parse().expect("a thresholding method"))),
        None => (spec, None),
    };
    TesseractPass {
        psm: psm.parse().expect("a psm number"),
        thresholding,
    }
}

fn parse_config(spec: &str) -> Config {
    match spec {
        "truth" => return Config::Truth,
        "legacy" => return Config::Legacy,
        "default" => return Config::Plan(OcrPlan::DEFAULT),
        _ => {}
    }
    let (prepare, passes) = spec.split_once(':').expect("PREPARE:PASS");
    let mut flags = prepare.split('+');
    let prepare = match flags.next() {
        Some("raw") => None,
        Some("prep") => {
            let mut options = Prepare::default();
            for flag in flags {
                match flag {
                    "nodeskew" => options.deskew = false,
                    "nonorm" => options.normalise = false,
                    _ if flag.starts_with('w') => {
                        options.min_width = flag[1..].parse().expect("a width");
                    }
                    _ if flag.starts_with('s') => {
                        options.sauvola_k = Some(flag[1..].parse().expect("a Sauvola k"));
                    }
                    _ => panic!("unknown preparation flag {flag}"),
                }
            }
            Some(options)
        }
        other => panic!("unknown preparation {other:?}"),
    };
    let (first, second) = match passes.split_once(',') {
        Some((first, second)) => {
            let (second, below) = second.split_once('@').expect("PASS@CONFIDENCE");
            (
                parse_pass(first),
                Some((parse_pass(second), below.parse().expect("a confidence"))),
            )
        }
        None => (parse_pass(passes), None),
    };
    Config::Plan(OcrPlan {
        prepare,
        first,
        second: second.map(|(pass, _)| pass),
        retry_below: second.map_or(0.0, |(_, below)| below),
        // Custom plans read the page only: no re-read of weak lines, every line kept.
        reread_below: None,
        drop_below: 0.0,
        reread_top: 0,
        date_pass: None,
    })
}

/// The former `Tools::ocr`: kept here as the baseline.
async fn legacy(tools: &Tools, image: &Path) -> String {
    let run = |method: Option<&'static str>| {
        let mut args = vec![
            image.display().to_string(),
            "-".into(),
            "-l".into(),
            tools.ocr_languages.clone(),
            "--psm".into(),
            "4".into(),
        ];
        if let Some(method) = method {
            args.extend(["-c".into(), format!("thresholding_method={method}")]);
        }
        async move {
            let out = tools.run(TESSERACT, args).await.expect("tesseract runs");
            String::from_utf8_lossy(&out).into_owned()
        }
    };
    let visible = |text: &str| text.chars().filter(|c| c.is_alphanumeric()).count();
    let mut best = run(None).await;
    for method in ["2", "1"] {
        if visible(&best) >= 40 {
            break;
        }
        let again = run(Some(method)).await;
        if visible(&again) > visible(&best) {
            best = again;
        }
    }
    best
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn truth(dir: &Path, image: &Path) -> Option<String> {
    let stem = image.file_stem()?.to_string_lossy().into_owned();
    if let Ok(text) = std::fs::read_to_string(dir.join("text/sroie").join(format!("{stem}.txt"))) {
        return Some(text);
    }
    let boxes = std::fs::read_to_string(image.with_file_name(format!("{stem}.box.csv"))).ok()?;
    // x1,y1,x2,y2,x3,y3,x4,y4,TEXT (the text may hold commas).
    Some(
        boxes
            .lines()
            .filter_map(|line| line.splitn(9, ',').nth(8))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The labelled fields of the receipts, by file name: (field, expected value).
fn labels(dir: &Path) -> std::collections::HashMap<String, Vec<(FieldName, String)>> {
    let listing = std::fs::read_to_string(dir.join("expected.json")).unwrap_or_default();
    let entries: Vec<serde_json::Value> = serde_json::from_str(&listing).unwrap_or_default();
    let fields = [
        FieldName::IssuerName,
        FieldName::IssueDate,
        FieldName::Total,
    ];
    entries
        .iter()
        .filter_map(|entry| {
            let file = entry.get("file")?.as_str()?;
            let name = Path::new(file).file_name()?.to_string_lossy().into_owned();
            let labelled = fields
                .iter()
                .filter_map(|field| {
                    let value = match entry.get("fields")?.get(field.as_str())? {
                        serde_json::Value::String(text) => text.clone(),
                        serde_json::Value::Number(number) => number.to_string(),
                        _ => return None,
                    };
                    Some((*field, value))
                })
                .collect();
            Some((name, labelled))
        })
        .collect()
}

/// (right, labelled) for the fields the rules find in `text`.
fn score_fields(text: &str, labelled: &[(FieldName, String)]) -> (u32, u32) {
    let (_, extraction) = read::extract_text(&MappingSet::default(), text);
    let right = labelled
        .iter()
        .filter(|(field, expected)| {
            extraction
                .get(*field)
                .is_some_and(|found| accuracy::same(*field, found, expected))
        })
        .count();
    (right as u32, labelled.len() as u32)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| arg != "--bench")
        .collect();
    let dir = if args.first().is_some_and(|arg| Path::new(arg).is_dir()) {
        PathBuf::from(args.remove(0))
    } else {
        centralita_testkit::path("invoices/train")
    };
    if args.is_empty() {
        args = vec!["legacy".into(), "default".into()];
    }
    let limit: usize = std::env::var("OCR_BENCH_LIMIT")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(usize::MAX);
    let mut images: Vec<PathBuf> = std::fs::read_dir(dir.join("image/sroie"))
        .expect("an image/sroie folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "jpg"))
        .collect();
    images.sort();
    images.truncate(limit);
    let pages: Vec<(PathBuf, String)> = images
        .into_iter()
        .filter_map(|image| truth(&dir, &image).map(|text| (image, normalise(&text))))
        .collect();
    eprintln!("{} pages from {}", pages.len(), dir.display());
    let mut detail = std::env::var("OCR_BENCH_DETAIL")
        .ok()
        .map(|path| std::fs::File::create(path).expect("detail file"));

    let labels = labels(&dir);
    let tools = Tools::new(1, Duration::from_mins(2), "spa+eng", 300);
    let scratch = tempfile::tempdir().expect("temp dir");
    for spec in &args {
        let config = parse_config(spec);
        let (mut accuracy, mut confidence, mut elapsed) = (0.0, 0.0, Duration::ZERO);
        let (mut right, mut labelled) = (0, 0);
        for (image, expected) in &pages {
            // Like the daemon: the document is copied into a scratch folder first.
            let input = scratch.path().join("document.img");
            std::fs::copy(image, &input).expect("copied");
            let started = Instant::now();
            let (text, sure) = match &config {
                Config::Truth => (truth(&dir, image).unwrap_or_default(), 0.0),
                Config::Legacy => (legacy(&tools, &input).await, 0.0),
                Config::Plan(plan) => {
                    let reading = tools.ocr_with(&input, plan).await.expect("OCR");
                    (reading.text, reading.confidence)
                }
            };
            let seconds = started.elapsed();
            let similarity = strsim::normalized_levenshtein(&normalise(&text), expected);
            let name = image
                .file_name()
                .map(|name| name.to_string_lossy().into_owned());
            let fields = name.and_then(|name| labels.get(&name));
            let (page_right, page_labelled) =
                fields.map_or((0, 0), |fields| score_fields(&text, fields));
            right += page_right;
            labelled += page_labelled;
            accuracy += similarity;
            confidence += f64::from(sure);
            elapsed += seconds;
            if let Ok(dump) = std::env::var("OCR_BENCH_DUMP") {
                let name = image.file_stem().unwrap_or_default().to_string_lossy();
                let _ = std::fs::write(Path::new(&dump).join(format!("{name}.txt")), &text);
            }
            if let Some(file) = &mut detail {
                let _ = writeln!(
                    file,
                    "{spec}\t{}\t{similarity:.4}\t{sure:.1}\t{:.2}\t{page_right}/{page_labelled}",
                    image.display(),
                    seconds.as_secs_f64()
                );
            }
        }
        let n = pages.len().max(1) as f64;
        println!(
            "{spec:<36} char_accuracy: {:.2} %  fields: {right}/{labelled} ({:.1} %)  confidence: {:.1}  seconds_per_page: {:.2} s",
            accuracy / n * 100.0,
            f64::from(right) / f64::from(labelled.max(1)) * 100.0,
            confidence / n,
            elapsed.as_secs_f64() / n
        );
    }
}
