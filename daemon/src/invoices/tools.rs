//! The external programs that read documents: pdftotext and pdftoppm (poppler-utils) and
//! tesseract (tesseract-ocr). Each run has a timeout and a memory cap (util-linux `prlimit`),
//! all runs share a concurrency limit, and a missing program is an error that names the Debian
//! package to install. OCR prepares the image first (see `prepare`) and reads tesseract's TSV,
//! so a second pass runs only when the first one was unsure (see `tsv`).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::process::Command;
use tokio::sync::Semaphore;

use super::prepare::{self, Prepare, PrepareError};
use super::tsv::{self, OcrReading};

/// Why a tool run did not give us text.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    #[error(
        "{tool} is not installed: install the Debian package {package} (apt-get install {package}), then retry the invoice"
    )]
    Missing {
        tool: &'static str,
        package: &'static str,
    },
    #[error("{tool} took longer than {secs} s and was stopped")]
    Timeout { tool: &'static str, secs: u64 },
    #[error("{tool} failed: {message}")]
    Failed { tool: &'static str, message: String },
    #[error("{tool} ran out of its {mib} MiB memory budget (invoices.tool_memory_mib)")]
    OutOfMemory { tool: &'static str, mib: u64 },
    #[error("{0}")]
    Image(#[from] PrepareError),
}

impl ToolError {
    /// A timeout may pass on a quieter machine; the others will fail the same way again.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }
}

/// One program we run.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    pub name: &'static str,
    pub package: &'static str,
}

pub const PDFTOTEXT: Tool = Tool {
    name: "pdftotext",
    package: "poppler-utils",
};
pub const PDFTOPPM: Tool = Tool {
    name: "pdftoppm",
    package: "poppler-utils",
};
pub const TESSERACT: Tool = Tool {
    name: "tesseract",
    package: "tesseract-ocr",
};

/// Memory a tool run may map when the config does not say (`invoices.tool_memory_mib`).
pub const DEFAULT_MEMORY_MIB: u64 = 1024;

/// What tools print when an allocation fails under the cap: C++ `bad_alloc`, poppler's "Out of
/// memory" (pdftoppm then even exits 0), leptonica's failed mallocs, and the dynamic loader
/// unable to map a library.
const OUT_OF_MEMORY: [&str; 6] = [
    "out of memory",
    "bad_alloc",
    "cannot allocate memory",
    "failed to map segment",
    "malloc fail",
    "memory allocation failed",
];

fn out_of_memory(stderr: &str) -> bool {
    let stderr = stderr.to_lowercase();
    OUT_OF_MEMORY.iter().any(|marker| stderr.contains(marker))
}

/// The first few non-empty lines of a tool's standard error.
fn first_lines(stderr: &str) -> String {
    stderr
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .take(3)
        .collect::<Vec<_>>()
        .join("; ")
}

/// A program on `PATH`.
fn find_program(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}

/// Tesseract without a language's data fails with "Failed loading language"; name the package.
fn language_hint(error: ToolError) -> ToolError {
    match error {
        ToolError::Failed { tool, message } if message.contains("Failed loading language") => {
            ToolError::Failed {
                tool,
                message: format!(
                    "{message} (install tesseract-ocr-spa and tesseract-ocr-eng, or set invoices.ocr_languages)"
                ),
            }
        }
        other => other,
    }
}

/// One tesseract run over a page: page segmentation mode and thresholding method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TesseractPass {
    /// `--psm`: 4 a single column of lines of varying size (receipts), 6 one uniform block,
    /// 11/12 sparse text.
    pub psm: u8,
    /// `thresholding_method`: 0 Otsu (tesseract's default), 1 adaptive Otsu, 2 Sauvola.
    pub thresholding: Option<u8>,
}

/// How a page is read: the preparation, a first pass, and a second pass run only when the
/// first one's confidence is below `retry_below` (or it read next to nothing); the surer wins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrPlan {
    /// `None` hands tesseract the file as it came.
    pub prepare: Option<Prepare>,
    pub first: TesseractPass,
    pub second: Option<TesseractPass>,
    pub retry_below: f32,
    /// Lines read with a confidence below this are cut out, scaled by [`REREAD_SCALE`] and read
    /// again, all in one extra run; a line's new reading replaces the old when it is surer.
    /// `None`: no re-read.
    pub reread_below: Option<f32>,
    /// Lines with fewer than two digits read with a confidence below this are left out of the
    /// text (see [`tsv::render`]); 0 keeps every line.
    pub drop_below: f32,
    /// This many lines from the top of the page are read again, in a run of their own after the
    /// weak ones, however sure tesseract was of them: the shop's name is printed there, large
    /// and bold, and misread with confidence.
    pub reread_top: usize,
    /// When the reading holds no date at all, the page is read once more by this pass and its
    /// lines that hold a date are added where they sit on the page: every receipt prints its
    /// date, and another segmentation finds a line the first one lost or garbled. `None`: no
    /// such pass.
    pub date_pass: Option<TesseractPass>,
}

/// How much weak lines are enlarged when read again: measured on the labelled receipts, 1.5
/// read better than the page's own scale and than 2.
pub const REREAD_SCALE: f32 = 1.5;

/// Below this many letters and digits a pass is taken as having read nothing.
const MIN_OCR_CHARS: usize = 40;

impl OcrPlan {
    /// Measured on the labelled receipts (`cargo bench -p centralita-daemon --bench ocr`):
    /// grayscale with the contrast stretched, deskewed, only very small scans upscaled (larger
    /// upscales and our own Sauvola threshold read worse); `--psm 6` (one block of lines) read
    /// receipts better than `--psm 4`; when tesseract is unsure, a second pass with its
    /// Sauvola threshold, and the surer pass wins. Then the lines read under 80 and the first
    /// five lines (the shop's name and address) are read again larger, and lines without digits
    /// still under 50 (logos, pictures) are left out: at 65 shop names in bold went with them.
    pub const DEFAULT: Self = Self {
        prepare: Some(Prepare::DEFAULT),
        first: TesseractPass {
            psm: 6,
            thresholding: None,
        },
        second: Some(TesseractPass {
            psm: 6,
            thresholding: Some(2),
        }),
        retry_below: 70.0,
        reread_below: Some(80.0),
        drop_below: 50.0,
        reread_top: 5,
        date_pass: Some(TesseractPass {
            psm: 4,
            thresholding: None,
        }),
    };
}

/// Runs tools under a shared limit.
#[derive(Clone)]
pub struct Tools {
    permits: Arc<Semaphore>,
    timeout: Duration,
    pub ocr_languages: String,
    pub ocr_dpi: u32,
    /// Most memory (address space) one tool run may map, in MiB.
    pub memory_mib: u64,
    /// util-linux `prlimit`, which applies the memory cap; without it tools run uncapped.
    prlimit: Option<PathBuf>,
    pub ocr_plan: OcrPlan,
    /// Where a document's working files go (`None`: the system's temp dir).
    scratch: Option<PathBuf>,
}

impl Tools {
    pub fn new(concurrency: u32, timeout: Duration, ocr_languages: &str, ocr_dpi: u32) -> Self {
        let prlimit = find_program("prlimit");
        if prlimit.is_none() {
            tracing::warn!(
                "prlimit is not installed (Debian package util-linux): pdftotext, pdftoppm and tesseract run without a memory cap"
            );
        }
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1) as usize)),
            timeout,
            ocr_languages: ocr_languages.to_owned(),
            ocr_dpi,
            memory_mib: DEFAULT_MEMORY_MIB,
            prlimit,
            ocr_plan: OcrPlan::DEFAULT,
            scratch: None,
        }
    }

    /// The same tools with their working files under `dir`, emptied now: what a crash left
    /// there (a document copy, rasterised pages) is not needed by anyone.
    #[must_use]
    pub fn with_scratch(mut self, dir: PathBuf) -> Self {
        if let Err(error) = std::fs::remove_dir_all(&dir)
            && error.kind() != std::io::ErrorKind::NotFound
        {
            tracing::warn!(%error, dir = %dir.display(), "could not empty the scratch folder");
        }
        self.scratch = Some(dir);
        self
    }

    /// A fresh folder for one document's working files, removed when dropped.
    pub fn scratch_dir(&self) -> std::io::Result<tempfile::TempDir> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("centralita-document-");
        match &self.scratch {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                builder.tempdir_in(dir)
            }
            None => builder.tempdir(),
        }
    }

    /// The same tools with another memory cap per run.
    #[must_use]
    pub fn with_memory_mib(mut self, mib: u64) -> Self {
        self.memory_mib = mib.max(1);
        self
    }

    /// Runs `tool` with `args` and returns its standard output.
    pub async fn run<I, S>(&self, tool: Tool, args: I) -> Result<Vec<u8>, ToolError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let mut command = match &self.prlimit {
            Some(prlimit) => {
                let mut command = Command::new(prlimit);
                command
                    .arg(format!(
                        "--as={}",
                        self.memory_mib.saturating_mul(1024 * 1024)
                    ))
                    .arg("--")
                    .arg(tool.name);
                command
            }
            None => Command::new(tool.name),
        };
        let child = command
            .args(args)
            // Tesseract's OpenMP threads fight each other and our own concurrency: one thread
            // per run was 4× faster per page on 2 cores. Parallelism comes from the permits.
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound if self.prlimit.is_none() => ToolError::Missing {
                    tool: tool.name,
                    package: tool.package,
                },
                _ => ToolError::Failed {
                    tool: tool.name,
                    message: error.to_string(),
                },
            })?;
        let output = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| ToolError::Timeout {
                tool: tool.name,
                secs: self.timeout.as_secs(),
            })?
            .map_err(|error| ToolError::Failed {
                tool: tool.name,
                message: error.to_string(),
            })?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if self.prlimit.is_some() {
            // prlimit exits 127 when it cannot start the program.
            if output.status.code() == Some(127)
                && stderr.contains("failed to execute")
                && stderr.contains("No such file")
            {
                return Err(ToolError::Missing {
                    tool: tool.name,
                    package: tool.package,
                });
            }
            if out_of_memory(&stderr) {
                return Err(ToolError::OutOfMemory {
                    tool: tool.name,
                    mib: self.memory_mib,
                });
            }
        }
        if output.status.success() {
            return Ok(output.stdout);
        }
        let message = first_lines(&stderr);
        Err(ToolError::Failed {
            tool: tool.name,
            message: if message.is_empty() {
                output.status.to_string()
            } else {
                message
            },
        })
    }

    /// The text layer of every page of a PDF, one string per page.
    pub async fn pdf_pages(&self, pdf: &Path) -> Result<Vec<String>, ToolError> {
        let out = self
            .run(
                PDFTOTEXT,
                [
                    OsStr::new("-layout"),
                    OsStr::new("-enc"),
                    OsStr::new("UTF-8"),
                ]
                .into_iter()
                .chain([pdf.as_os_str(), OsStr::new("-")]),
            )
            .await?;
        let text = String::from_utf8_lossy(&out);
        let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
        // pdftotext ends the last page with a form feed too.
        if pages.len() > 1 && pages.last().is_some_and(|page| page.trim().is_empty()) {
            pages.pop();
        }
        Ok(pages)
    }

    /// Rasterises page `page` (1-based) of a PDF to a PNG in `dir` and returns its path.
    pub async fn rasterise(
        &self,
        pdf: &Path,
        page: usize,
        dir: &Path,
    ) -> Result<std::path::PathBuf, ToolError> {
        let prefix = dir.join(format!("page-{page}"));
        let page = page.to_string();
        let dpi = self.ocr_dpi.to_string();
        self.run(
            PDFTOPPM,
            [
                OsStr::new("-png"),
                OsStr::new("-singlefile"),
                OsStr::new("-r"),
                OsStr::new(&dpi),
                OsStr::new("-f"),
                OsStr::new(&page),
                OsStr::new("-l"),
                OsStr::new(&page),
                pdf.as_os_str(),
                prefix.as_os_str(),
            ],
        )
        .await?;
        Ok(prefix.with_extension("png"))
    }

    /// OCR of an image file with the configured languages and [`Tools::ocr_plan`].
    pub async fn ocr(&self, image: &Path) -> Result<String, ToolError> {
        Ok(self.ocr_with(image, &self.ocr_plan).await?.text)
    }

    /// OCR of an image file by `plan`. The prepared image is written next to `image` and
    /// removed afterwards. An image the decoder does not know goes to tesseract as it is; one
    /// over the size limits is an error.
    pub async fn ocr_with(&self, image: &Path, plan: &OcrPlan) -> Result<OcrReading, ToolError> {
        let prepared = match &plan.prepare {
            Some(options) => match self.prepare(image, options).await {
                Ok(path) => Some(path),
                Err(ToolError::Image(error)) if !error.is_limit() => {
                    tracing::info!(image = %image.display(), %error, "OCR of the unprepared image");
                    None
                }
                Err(error) => return Err(error),
            },
            None => None,
        };
        let input = prepared.as_deref().unwrap_or(image);
        let mut result = self.passes(input, plan).await;
        if let Ok(reading) = &mut result {
            // The first reading stands where these fail: a re-read only ever improves on it.
            if let Some(below) = plan.reread_below {
                let weak = tsv::weak_lines(&reading.lines, below);
                if let Err(error) = self.reread_lines(input, reading, weak).await {
                    tracing::info!(image = %image.display(), %error, "weak lines not read again");
                }
            }
            // In a run of their own: added to the weak lines' stack they changed how tesseract,
            // which adapts to the page it reads, read the weak lines (a dev receipt's date).
            let top = tsv::top_lines(&reading.lines, plan.reread_top);
            if let Err(error) = self.reread_lines(input, reading, top).await {
                tracing::info!(image = %image.display(), %error, "top lines not read again");
            }
        }
        if let Ok(reading) = &mut result
            && let Some(pass) = plan.date_pass
            && !tsv::holds_date(&reading.lines)
        {
            match self.tesseract(input, pass).await {
                Ok(again) => tsv::add_date_lines(&mut reading.lines, again.lines),
                Err(error) => {
                    tracing::info!(image = %image.display(), %error, "no date pass");
                }
            }
        }
        if let Ok(reading) = &mut result {
            reading.text = tsv::render(&reading.lines, plan.drop_below);
        }
        if let Some(path) = prepared {
            let _ = tokio::fs::remove_file(path).await;
        }
        result
    }

    async fn passes(&self, image: &Path, plan: &OcrPlan) -> Result<OcrReading, ToolError> {
        let first = self.tesseract(image, plan.first).await?;
        let Some(second) = plan.second else {
            return Ok(first);
        };
        if first.confidence >= plan.retry_below && first.visible_chars() >= MIN_OCR_CHARS {
            return Ok(first);
        }
        let again = self.tesseract(image, second).await?;
        let read_nothing = |reading: &OcrReading| reading.visible_chars() < MIN_OCR_CHARS;
        let better = match (read_nothing(&first), read_nothing(&again)) {
            (true, false) => true,
            (false, true) => false,
            (true, true) => again.visible_chars() > first.visible_chars(),
            (false, false) => again.confidence > first.confidence,
        };
        Ok(if better { again } else { first })
    }

    /// Reads again, in one tesseract run over them stacked and enlarged, the `lines` of
    /// `reading` (index and box); a line takes its new words when they are surer. Small or
    /// faint print, lines next to pictures and large bold names read better on their own and
    /// larger.
    async fn reread_lines(
        &self,
        image: &Path,
        reading: &mut OcrReading,
        weak: Vec<(usize, (u32, u32, u32, u32))>,
    ) -> Result<(), ToolError> {
        if weak.is_empty() {
            return Ok(());
        }
        let stem = image
            .file_stem()
            .map_or_else(|| "image".into(), |stem| stem.to_string_lossy());
        let output = image.with_file_name(format!("{stem}-lines.png"));
        let (input, written) = (image.to_owned(), output.clone());
        let boxes: Vec<_> = weak.iter().map(|&(_, bounds)| bounds).collect();
        let rows = {
            let _permit = self
                .permits
                .acquire()
                .await
                .expect("the semaphore is never closed");
            tokio::task::spawn_blocking(move || -> Result<_, PrepareError> {
                let page = prepare::load(&input)?;
                let Some((stack, rows)) = prepare::stack_lines(&page, &boxes, REREAD_SCALE) else {
                    return Ok(None);
                };
                stack.save(&written).map_err(PrepareError::Write)?;
                Ok(Some(rows))
            })
            .await
            .map_err(|error| ToolError::Failed {
                tool: "image preparation",
                message: error.to_string(),
            })??
        };
        let Some(rows) = rows else {
            return Ok(());
        };
        let again = self
            .tesseract(
                &output,
                TesseractPass {
                    psm: 6,
                    thresholding: None,
                },
            )
            .await;
        let _ = tokio::fs::remove_file(&output).await;
        let mut words: Vec<Vec<tsv::OcrWord>> = vec![Vec::new(); rows.len()];
        for line in again?.lines {
            let centres: Vec<f32> = line
                .words
                .iter()
                .map(|word| word.top as f32 + word.height as f32 / 2.0)
                .collect();
            let centre = centres.iter().sum::<f32>() / centres.len().max(1) as f32;
            if let Some(slot) = prepare::stacked_line_at(&rows, centre) {
                words[slot].extend(line.words);
            }
        }
        for ((index, _), mut new) in weak.into_iter().zip(words) {
            if new.is_empty() {
                continue;
            }
            new.sort_by_key(|word| word.left);
            let line = &mut reading.lines[index];
            let candidate = tsv::OcrLine {
                paragraph: line.paragraph,
                words: new,
            };
            if tsv::reads_better(&candidate, line) {
                line.words = candidate.words;
            }
        }
        Ok(())
    }

    /// Writes the prepared grayscale PNG of `image` beside it and returns its path. CPU-bound:
    /// runs on the blocking pool, under the same permits as the tools.
    pub async fn prepare(&self, image: &Path, options: &Prepare) -> Result<PathBuf, ToolError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .expect("the semaphore is never closed");
        let stem = image
            .file_stem()
            .map_or_else(|| "image".into(), |stem| stem.to_string_lossy());
        let output = image.with_file_name(format!("{stem}-prepared.png"));
        let (input, options) = (image.to_owned(), *options);
        let written = output.clone();
        tokio::task::spawn_blocking(move || prepare::prepare_file(&input, &written, &options))
            .await
            .map_err(|error| ToolError::Failed {
                tool: "image preparation",
                message: error.to_string(),
            })??;
        Ok(output)
    }

    /// One tesseract pass, read from its TSV output.
    pub async fn tesseract(
        &self,
        image: &Path,
        pass: TesseractPass,
    ) -> Result<OcrReading, ToolError> {
        let psm = pass.psm.to_string();
        let setting = pass
            .thresholding
            .map(|method| format!("thresholding_method={method}"));
        let mut args = vec![
            image.as_os_str(),
            OsStr::new("-"),
            OsStr::new("-l"),
            OsStr::new(&self.ocr_languages),
            OsStr::new("--psm"),
            OsStr::new(&psm),
        ];
        if let Some(setting) = &setting {
            args.extend([OsStr::new("-c"), OsStr::new(setting)]);
        }
        args.push(OsStr::new("tsv"));
        let out = self.run(TESSERACT, args).await.map_err(language_hint)?;
        Ok(tsv::parse(&String::from_utf8_lossy(&out)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tools() -> Tools {
        Tools::new(1, Duration::from_mins(1), "spa+eng", 300)
    }

    /// A receipt-like page: dark bars (words) in lines on white.
    fn page(dir: &Path) -> PathBuf {
        let path = dir.join("page.png");
        image::GrayImage::from_fn(400, 300, |x, y| {
            let ink = (y / 12) % 3 == 0 && (x / 30) % 3 != 2 && (20..380).contains(&x);
            image::Luma([if ink { 10 } else { 245 }])
        })
        .save(&path)
        .expect("saved");
        path
    }

    #[tokio::test]
    async fn a_tool_over_its_memory_cap_fails_with_a_memory_error() {
        assert!(
            find_program("prlimit").is_some(),
            "prlimit (util-linux) must be installed for the tests"
        );
        let dir = tempfile::tempdir().expect("temp dir");
        let image = page(dir.path());
        let error = tools()
            .with_memory_mib(20)
            .tesseract(
                &image,
                TesseractPass {
                    psm: 4,
                    thresholding: None,
                },
            )
            .await
            .expect_err("20 MiB is too little for tesseract");
        assert!(
            matches!(error, ToolError::OutOfMemory { mib: 20, .. }),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "tesseract ran out of its 20 MiB memory budget (invoices.tool_memory_mib)"
        );
        assert!(!error.is_transient());
        // The default cap leaves tesseract room to work.
        tools()
            .ocr_with(&image, &OcrPlan::DEFAULT)
            .await
            .expect("read under 1 GiB");
    }

    #[tokio::test]
    async fn a_missing_program_under_the_cap_names_its_package() {
        let missing = Tool {
            name: "centralita-no-such-tool",
            package: "centralita-no-such-package",
        };
        let error = tools()
            .run(missing, ["--version"])
            .await
            .expect_err("not installed");
        assert!(
            matches!(
                error,
                ToolError::Missing {
                    package: "centralita-no-such-package",
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn an_image_over_the_size_limit_is_an_error_and_an_unknown_format_goes_as_it_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let huge = dir.path().join("huge.img");
        std::fs::write(&huge, prepare::png_claiming(9000, 9000)).expect("written");
        let error = tools()
            .ocr_with(&huge, &OcrPlan::DEFAULT)
            .await
            .expect_err("too large");
        assert!(matches!(error, ToolError::Image(_)), "{error:?}");
        assert!(error.to_string().contains("megapixels"), "{error}");

        // Not an image our decoder knows: tesseract gets the file and says what it thinks.
        let text = dir.path().join("notes.img");
        std::fs::write(&text, b"not an image at all").expect("written");
        let error = tools()
            .ocr_with(&text, &OcrPlan::DEFAULT)
            .await
            .expect_err("tesseract cannot read it either");
        assert!(
            matches!(
                error,
                ToolError::Failed {
                    tool: "tesseract",
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn the_scratch_folder_starts_empty_and_holds_each_documents_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let scratch = dir.path().join("scratch");
        let stale = scratch.join("centralita-document-left-by-a-crash");
        std::fs::create_dir_all(&stale).expect("stale folder");
        std::fs::write(stale.join("page-1.png"), b"old").expect("stale file");
        let tools = Tools::new(1, Duration::from_secs(5), "eng", 300).with_scratch(scratch.clone());
        assert!(!stale.exists(), "what a crash left is removed at start");
        let working = tools.scratch_dir().expect("scratch dir");
        assert!(working.path().starts_with(&scratch));
        let path = working.path().to_path_buf();
        drop(working);
        assert!(!path.exists(), "a document's folder goes with it");
    }
}
