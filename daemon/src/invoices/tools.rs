//! The external programs that read documents: pdftotext and pdftoppm (poppler-utils) and
//! tesseract (tesseract-ocr). Each run has a timeout, all runs share a concurrency limit, and a
//! missing program is an error that names the Debian package to install.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::process::Command;
use tokio::sync::Semaphore;

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

/// Below this many visible characters an OCR pass is taken as having failed.
const MIN_OCR_CHARS: usize = 40;

fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
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

/// Runs tools under a shared limit.
#[derive(Clone)]
pub struct Tools {
    permits: Arc<Semaphore>,
    timeout: Duration,
    pub ocr_languages: String,
    pub ocr_dpi: u32,
}

impl Tools {
    pub fn new(concurrency: u32, timeout: Duration, ocr_languages: &str, ocr_dpi: u32) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1) as usize)),
            timeout,
            ocr_languages: ocr_languages.to_owned(),
            ocr_dpi,
        }
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
        let child = Command::new(tool.name)
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
                std::io::ErrorKind::NotFound => ToolError::Missing {
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
        if output.status.success() {
            return Ok(output.stdout);
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let message = stderr
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .take(3)
            .collect::<Vec<_>>()
            .join("; ");
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

    /// OCR of an image file with the configured languages. Faint or unevenly lit scans defeat
    /// tesseract's global threshold; when it reads next to nothing, the page is read again with
    /// the adaptive thresholds (Sauvola, then adaptive Otsu) and the longest text wins.
    pub async fn ocr(&self, image: &Path) -> Result<String, ToolError> {
        let mut best = self.tesseract(image, None).await?;
        for method in ["2", "1"] {
            if visible_chars(&best) >= MIN_OCR_CHARS {
                break;
            }
            let again = self.tesseract(image, Some(method)).await?;
            if visible_chars(&again) > visible_chars(&best) {
                best = again;
            }
        }
        Ok(best)
    }

    async fn tesseract(
        &self,
        image: &Path,
        thresholding: Option<&str>,
    ) -> Result<String, ToolError> {
        let setting = thresholding.map(|method| format!("thresholding_method={method}"));
        let mut args = vec![
            image.as_os_str(),
            OsStr::new("-"),
            OsStr::new("-l"),
            OsStr::new(&self.ocr_languages),
            OsStr::new("--psm"),
            OsStr::new("4"),
        ];
        if let Some(setting) = &setting {
            args.extend([OsStr::new("-c"), OsStr::new(setting)]);
        }
        let out = self.run(TESSERACT, args).await.map_err(language_hint)?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}
