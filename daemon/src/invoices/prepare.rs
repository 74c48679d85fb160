//! Image preparation before OCR: decode with limits, grayscale, contrast stretch, deskew,
//! upscale small scans, and (optionally) a Sauvola threshold. Tesseract reads best at about
//! 300 dpi with straight lines; phone photos and receipt scans are often neither.
//!
//! Everything here is CPU-bound and blocking: callers run it in `spawn_blocking`.

use std::io::BufWriter;
use std::path::Path;

use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::{self, FilterType};
use image::{GrayImage, ImageReader, Limits, Luma};
use imageproc::geometric_transformations::{Border, Interpolation, rotate_about_center_no_crop};

/// Most pixels an image may have (decoded or after upscaling).
pub const MAX_PIXELS: u64 = 40_000_000;
/// Most memory the decoder may allocate.
pub const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;
/// Longest side the decoder accepts.
const MAX_SIDE: u32 = 40_000;
/// Largest upscale factor.
const MAX_SCALE: u32 = 3;
/// Skew angles tried, in degrees either side of level.
const MAX_SKEW_DEGREES: f32 = 5.0;
/// Skews smaller than this are left alone: rotating blurs more than it straightens.
const MIN_SKEW_DEGREES: f32 = 0.3;

/// Why an image could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum PrepareError {
    #[error(
        "the image is {width}×{height} pixels, over the limit of {} megapixels",
        MAX_PIXELS / 1_000_000
    )]
    TooLarge { width: u32, height: u32 },
    #[error("the image could not be decoded: {0}")]
    Decode(#[source] image::ImageError),
    #[error("the prepared image could not be written: {0}")]
    Write(#[source] image::ImageError),
    #[error("the image could not be read: {0}")]
    Io(#[from] std::io::Error),
}

impl PrepareError {
    /// Over the limits: the document itself is the problem, not our decoder.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            Self::TooLarge { .. } | Self::Decode(image::ImageError::Limits(_))
        )
    }
}

/// What to do to an image before OCR.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prepare {
    /// Images narrower than this are scaled up by a whole factor (at most 3) to reach it.
    pub min_width: u32,
    /// Estimate the skew by projection profile and rotate the page level.
    pub deskew: bool,
    /// Stretch the gray levels so the darkest 1 % is black and the lightest 1 % white.
    pub normalise: bool,
    /// Sauvola threshold with this `k` (0.1–0.5; larger keeps less ink); `None` keeps gray.
    pub sauvola_k: Option<f32>,
}

impl Prepare {
    /// Contrast stretched, deskewed, scans under 600 px wide upscaled, gray kept.
    pub const DEFAULT: Self = Self {
        min_width: 600,
        deskew: true,
        normalise: true,
        sauvola_k: None,
    };
}

impl Default for Prepare {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// What preparing did, for logs and the bench.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prepared {
    pub width: u32,
    pub height: u32,
    pub scale: u32,
    pub skew_degrees: f32,
}

/// Reads `input`, prepares it as `options` say and writes a grayscale PNG to `output`.
pub fn prepare_file(
    input: &Path,
    output: &Path,
    options: &Prepare,
) -> Result<Prepared, PrepareError> {
    let gray = load(input)?;
    let (image, prepared) = prepare(gray, options);
    let file = std::fs::File::create(output)?;
    let encoder = PngEncoder::new_with_quality(
        BufWriter::new(file),
        CompressionType::Fast,
        PngFilter::Adaptive,
    );
    image
        .write_with_encoder(encoder)
        .map_err(PrepareError::Write)?;
    Ok(prepared)
}

/// Decodes an image file to grayscale, refusing images over [`MAX_PIXELS`] or whose decoding
/// would allocate more than [`MAX_DECODE_BYTES`], before decoding them.
pub fn load(path: &Path) -> Result<GrayImage, PrepareError> {
    let (width, height) = ImageReader::open(path)?
        .with_guessed_format()?
        .into_dimensions()
        .map_err(PrepareError::Decode)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PrepareError::TooLarge { width, height });
    }
    let mut reader = ImageReader::open(path)?.with_guessed_format()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    Ok(reader.decode().map_err(PrepareError::Decode)?.into_luma8())
}

/// The preparation steps on a decoded grayscale image.
pub fn prepare(mut image: GrayImage, options: &Prepare) -> (GrayImage, Prepared) {
    if options.normalise {
        normalise(&mut image);
    }
    let mut skew_degrees = 0.0;
    if options.deskew {
        skew_degrees = skew_angle(&image);
        if skew_degrees.abs() >= MIN_SKEW_DEGREES {
            image = rotate(&image, -skew_degrees);
        } else {
            skew_degrees = 0.0;
        }
    }
    let scale = upscale_factor(image.width(), image.height(), options.min_width);
    if scale > 1 {
        image = imageops::resize(
            &image,
            image.width() * scale,
            image.height() * scale,
            FilterType::CatmullRom,
        );
    }
    if let Some(k) = options.sauvola_k {
        let window = (image.width() / 40).clamp(15, 101) | 1;
        image = sauvola(&image, window, k);
    }
    let prepared = Prepared {
        width: image.width(),
        height: image.height(),
        scale,
        skew_degrees,
    };
    (image, prepared)
}

/// The whole factor that brings `width` up to `min_width`, at most [`MAX_SCALE`] and never past
/// [`MAX_PIXELS`].
pub fn upscale_factor(width: u32, height: u32, min_width: u32) -> u32 {
    if width == 0 || width >= min_width {
        return 1;
    }
    let mut scale = min_width.div_ceil(width).min(MAX_SCALE);
    while scale > 1
        && u64::from(width * scale) * u64::from(height.saturating_mul(scale)) > MAX_PIXELS
    {
        scale -= 1;
    }
    scale
}

/// Stretches gray levels so the 1st percentile becomes 0 and the 99th 255.
pub fn normalise(image: &mut GrayImage) {
    let mut histogram = [0u64; 256];
    for pixel in image.pixels() {
        histogram[usize::from(pixel.0[0])] += 1;
    }
    let total: u64 = histogram.iter().sum();
    let level_at = |fraction: f64| {
        let target = (total as f64 * fraction) as u64;
        let mut seen = 0;
        for (level, count) in histogram.iter().enumerate() {
            seen += count;
            if seen > target {
                return level as u8;
            }
        }
        255
    };
    let (low, high) = (level_at(0.01), level_at(0.99));
    if high <= low.saturating_add(32) {
        // Next to no contrast (a blank page, or all ink): stretching would only add noise.
        return;
    }
    let span = f32::from(high - low);
    let mut table = [0u8; 256];
    for (level, out) in table.iter_mut().enumerate() {
        let stretched = (level as f32 - f32::from(low)) / span * 255.0;
        *out = stretched.clamp(0.0, 255.0).round() as u8;
    }
    for pixel in image.pixels_mut() {
        pixel.0[0] = table[usize::from(pixel.0[0])];
    }
}

/// The angle in degrees (positive: lines fall to the right) at which the dark pixels line up
/// best, searched within ±5°: the projection profile along that angle has the sharpest peaks.
pub fn skew_angle(image: &GrayImage) -> f32 {
    // Dark pixels on a grid: a few hundred thousand points are plenty for the profile.
    let step = (image.width().max(image.height()) / 1000).max(1);
    let threshold = imageproc::contrast::otsu_level(image);
    let mut points = Vec::new();
    for y in (0..image.height()).step_by(step as usize) {
        for x in (0..image.width()).step_by(step as usize) {
            // Otsu's level is the last one of the dark class.
            if image.get_pixel(x, y).0[0] <= threshold {
                points.push((x as f32, y as f32));
            }
        }
    }
    if points.len() < 100 {
        return 0.0;
    }
    let bin = step as f32;
    let score = |degrees: f32| -> f64 {
        let (sin, cos) = degrees.to_radians().sin_cos();
        let offset = image.width() as f32 * sin.abs() + 1.0;
        let bins = ((image.height() as f32 + 2.0 * offset) / bin) as usize + 1;
        let mut profile = vec![0u32; bins];
        for &(x, y) in &points {
            let projected = (y * cos - x * sin + offset) / bin;
            if let Some(count) = profile.get_mut(projected.max(0.0) as usize) {
                *count += 1;
            }
        }
        profile.iter().map(|&count| f64::from(count).powi(2)).sum()
    };
    let best_of = |from: f32, to: f32, by: f32| {
        let mut best = (f64::MIN, 0.0);
        let mut degrees = from;
        while degrees <= to + by / 2.0 {
            let value = score(degrees);
            // Ties go to the angle nearest level.
            if value > best.0 || (value >= best.0 && degrees.abs() < f32::abs(best.1)) {
                best = (value, degrees);
            }
            degrees += by;
        }
        best.1
    };
    let coarse = best_of(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, 0.5);
    best_of(coarse - 0.5, coarse + 0.5, 0.1)
}

/// Rotates by `degrees` (positive: clockwise) on a white background, keeping every corner.
pub fn rotate(image: &GrayImage, degrees: f32) -> GrayImage {
    rotate_about_center_no_crop(
        image,
        degrees.to_radians(),
        Interpolation::Bilinear,
        Border::Constant(Luma([255])),
    )
}

/// Sauvola's local threshold: a pixel is ink when darker than `m·(1 + k·(s/128 − 1))`, with `m`
/// and `s` the mean and standard deviation of the `window`×`window` square around it.
pub fn sauvola(image: &GrayImage, window: u32, k: f32) -> GrayImage {
    let (width, height) = image.dimensions();
    let (w, h) = (width as usize, height as usize);
    // Integral images of values and squares, one row and column of zeros in front.
    let mut sum = vec![0u64; (w + 1) * (h + 1)];
    let mut squares = vec![0u64; (w + 1) * (h + 1)];
    for y in 0..h {
        let (mut row_sum, mut row_squares) = (0u64, 0u64);
        for x in 0..w {
            let value = u64::from(image.get_pixel(x as u32, y as u32).0[0]);
            row_sum += value;
            row_squares += value * value;
            let at = (y + 1) * (w + 1) + x + 1;
            sum[at] = sum[at - w - 1] + row_sum;
            squares[at] = squares[at - w - 1] + row_squares;
        }
    }
    let radius = (window / 2) as usize;
    let mut out = GrayImage::new(width, height);
    for y in 0..h {
        let (top, bottom) = (y.saturating_sub(radius), (y + radius + 1).min(h));
        for x in 0..w {
            let (left, right) = (x.saturating_sub(radius), (x + radius + 1).min(w));
            let area = ((bottom - top) * (right - left)) as f64;
            let window_sum = |table: &[u64]| {
                (table[bottom * (w + 1) + right] + table[top * (w + 1) + left])
                    - (table[top * (w + 1) + right] + table[bottom * (w + 1) + left])
            };
            let mean = window_sum(&sum) as f64 / area;
            let variance = (window_sum(&squares) as f64 / area - mean * mean).max(0.0);
            let threshold = mean * (1.0 + f64::from(k) * (variance.sqrt() / 128.0 - 1.0));
            let value = f64::from(image.get_pixel(x as u32, y as u32).0[0]);
            out.put_pixel(
                x as u32,
                y as u32,
                Luma([if value > threshold { 255 } else { 0 }]),
            );
        }
    }
    out
}

/// White around and between the stacked lines of [`stack_lines`], in pixels.
const STACK_MARGIN: u32 = 20;
const STACK_GAP: u32 = 30;
/// Room kept around a line's word boxes when it is cut out: boxes hug the ink.
const LINE_PAD_X: u32 = 8;
const LINE_PAD_Y: u32 = 6;

/// Cuts the boxes `lines` (left, top, right, bottom) out of `image`, scales each by `scale` and
/// stacks them on white one under the other, so that one tesseract run reads them all again.
/// Returns the stacked image and the rows (top, bottom) each line landed on, in order; `None`
/// when there is nothing to cut or the stack would be over [`MAX_PIXELS`].
pub fn stack_lines(
    image: &GrayImage,
    lines: &[(u32, u32, u32, u32)],
    scale: f32,
) -> Option<(GrayImage, Vec<(u32, u32)>)> {
    let (width, height) = image.dimensions();
    let mut crops = Vec::new();
    for &(left, top, right, bottom) in lines {
        let (x0, y0) = (
            left.saturating_sub(LINE_PAD_X),
            top.saturating_sub(LINE_PAD_Y),
        );
        let (x1, y1) = (
            (right + LINE_PAD_X).min(width),
            (bottom + LINE_PAD_Y).min(height),
        );
        if x1 <= x0 || y1 <= y0 {
            return None;
        }
        let crop = imageops::crop_imm(image, x0, y0, x1 - x0, y1 - y0).to_image();
        let scaled_width = ((crop.width() as f32 * scale).round() as u32).max(1);
        let scaled_height = ((crop.height() as f32 * scale).round() as u32).max(1);
        crops.push(imageops::resize(
            &crop,
            scaled_width,
            scaled_height,
            FilterType::CatmullRom,
        ));
    }
    let widest = crops.iter().map(GrayImage::width).max()?;
    let tall: u32 = crops.iter().map(|crop| crop.height() + STACK_GAP).sum();
    let (canvas_width, canvas_height) = (widest + 2 * STACK_MARGIN, tall + 2 * STACK_MARGIN);
    if u64::from(canvas_width) * u64::from(canvas_height) > MAX_PIXELS {
        return None;
    }
    let mut canvas = GrayImage::from_pixel(canvas_width, canvas_height, Luma([255]));
    let mut rows = Vec::with_capacity(crops.len());
    let mut y = STACK_MARGIN;
    for crop in &crops {
        imageops::replace(&mut canvas, crop, i64::from(STACK_MARGIN), i64::from(y));
        rows.push((y, y + crop.height()));
        y += crop.height() + STACK_GAP;
    }
    Some((canvas, rows))
}

/// The stacked line whose row holds `centre` (a y in the stacked image), allowing for boxes a
/// little taller than the cut.
pub fn stacked_line_at(rows: &[(u32, u32)], centre: f32) -> Option<usize> {
    let slack = STACK_GAP as f32 / 2.0;
    rows.iter()
        .position(|&(top, bottom)| centre >= top as f32 - slack && centre <= bottom as f32 + slack)
}

/// A PNG claiming `width`×`height` pixels, with no pixels behind it.
#[cfg(test)]
pub(crate) fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    png.extend_from_slice(&13u32.to_be_bytes());
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
    // The decoder reads up to the first image data before it tells the size; give it an empty one.
    for chunk in [b"IDAT", b"IEND"] {
        png.extend_from_slice(&0u32.to_be_bytes());
        png.extend_from_slice(chunk);
        png.extend_from_slice(&crc32(chunk).to_be_bytes());
    }
    png
}

#[cfg(test)]
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dark horizontal stripes 4 px thick every 20 px, rotated by `degrees`, on white.
    fn stripes(width: u32, height: u32, degrees: f32) -> GrayImage {
        let (sin, cos) = degrees.to_radians().sin_cos();
        GrayImage::from_fn(width, height, |x, y| {
            let (x, y) = (x as f32, y as f32);
            // Distance across the stripes, measured perpendicular to lines falling at `degrees`.
            let across = y * cos - x * sin;
            let ink = across.rem_euclid(20.0) < 4.0 && (x as u32 / 40) % 4 != 3;
            Luma([if ink { 20 } else { 235 }])
        })
    }

    #[test]
    fn small_images_are_scaled_up_and_large_ones_left_alone() {
        assert_eq!(upscale_factor(930, 2000, 1000), 2);
        assert_eq!(upscale_factor(400, 800, 1000), 3);
        assert_eq!(upscale_factor(2481, 3508, 1000), 1);
        // Never past the pixel limit: 900×20000 doubled would be 72 MP.
        assert_eq!(upscale_factor(900, 20_000, 1000), 1);

        let options = Prepare {
            deskew: false,
            ..Prepare::default()
        };
        let (image, prepared) = prepare(stripes(300, 200, 0.0), &options);
        assert_eq!(image.dimensions(), (600, 400));
        assert_eq!(prepared.scale, 2);
        let (image, _) = prepare(stripes(1200, 100, 0.0), &options);
        assert_eq!(image.dimensions(), (1200, 100));
    }

    #[test]
    fn the_sauvola_threshold_gives_only_black_and_white_and_keeps_the_ink() {
        // Ink on a background lit unevenly from left (bright) to right (dim).
        let image = GrayImage::from_fn(200, 100, |x, y| {
            let background = 240 - (x / 2) as u8;
            let ink = (y / 10) % 3 == 0 && x % 20 < 12;
            Luma([if ink { background / 4 } else { background }])
        });
        let out = sauvola(&image, 31, 0.2);
        assert!(
            out.pixels()
                .all(|pixel| pixel.0[0] == 0 || pixel.0[0] == 255)
        );
        assert_eq!(out.get_pixel(5, 2).0[0], 0, "ink is black");
        assert_eq!(out.get_pixel(185, 2).0[0], 0, "dim ink is black too");
        assert_eq!(out.get_pixel(5, 15).0[0], 255, "paper is white");
        assert_eq!(out.get_pixel(195, 15).0[0], 255, "dim paper is white too");

        let options = Prepare {
            sauvola_k: Some(0.2),
            ..Prepare::default()
        };
        let (prepared, _) = prepare(image, &options);
        assert!(
            prepared
                .pixels()
                .all(|pixel| pixel.0[0] == 0 || pixel.0[0] == 255)
        );
    }

    #[test]
    fn the_skew_of_a_rotated_stripe_pattern_is_found_and_removed() {
        for degrees in [-3.0f32, 0.0, 2.0] {
            let image = stripes(600, 400, degrees);
            let found = skew_angle(&image);
            assert!(
                (found - degrees).abs() <= 0.15,
                "made at {degrees}°, found {found}°"
            );
        }
        let (level, prepared) = prepare(stripes(600, 400, 2.0), &Prepare::default());
        assert!((prepared.skew_degrees - 2.0).abs() <= 0.15, "{prepared:?}");
        assert!(skew_angle(&level).abs() <= 0.15);
    }

    #[test]
    fn lines_are_cut_scaled_and_stacked_in_order_with_white_between() {
        let image = stripes(300, 200, 0.0);
        let lines = [(10, 20, 110, 24), (50, 100, 250, 104)];
        let (stack, rows) = stack_lines(&image, &lines, 1.5).expect("stacked");
        // (100 + 16) × 1.5 and (200 + 16) × 1.5 wide, (4 + 12) × 1.5 tall each.
        assert_eq!(stack.width(), 324 + 2 * STACK_MARGIN);
        assert_eq!(rows, vec![(20, 44), (74, 98)]);
        assert_eq!(stack.height(), 98 + STACK_GAP + STACK_MARGIN);
        assert_eq!(stack.get_pixel(5, 5).0[0], 255, "margins are white");
        assert_eq!(stack.get_pixel(100, 60).0[0], 255, "the gap is white");
        assert!(
            stack.get_pixel(100, 32).0[0] < 128,
            "the first line's ink is there"
        );
        assert_eq!(stacked_line_at(&rows, 30.0), Some(0));
        assert_eq!(stacked_line_at(&rows, 90.0), Some(1));
        assert_eq!(stacked_line_at(&rows, 500.0), None);
        assert!(stack_lines(&image, &[], 1.5).is_none());
        assert!(stack_lines(&image, &[(400, 0, 500, 10)], 1.5).is_none());
    }

    #[test]
    fn contrast_is_stretched_and_a_blank_page_left_alone() {
        let mut faded = GrayImage::from_fn(100, 100, |x, _| Luma([if x < 20 { 90 } else { 170 }]));
        normalise(&mut faded);
        assert_eq!(faded.get_pixel(0, 0).0[0], 0);
        assert_eq!(faded.get_pixel(99, 0).0[0], 255);
        let mut blank = GrayImage::from_pixel(50, 50, Luma([200]));
        normalise(&mut blank);
        assert_eq!(blank.get_pixel(0, 0).0[0], 200);
    }

    #[test]
    fn an_image_over_the_pixel_limit_is_refused_before_decoding() {
        let dir = tempfile::tempdir().expect("temp dir");
        // A PNG header claiming 10000×10000 (100 MP) with no image data behind it.
        let path = dir.path().join("huge.png");
        let png = png_claiming(10_000, 10_000);
        std::fs::write(&path, png).expect("written");
        let error = load(&path).expect_err("too large");
        assert!(error.is_limit(), "{error}");
        assert!(error.to_string().contains("40 megapixels"), "{error}");

        let small = dir.path().join("small.png");
        stripes(64, 32, 0.0).save(&small).expect("saved");
        let out = dir.path().join("small-prepared.png");
        let prepared = prepare_file(&small, &out, &Prepare::default()).expect("prepared");
        assert_eq!((prepared.width, prepared.height), (64 * 3, 32 * 3));
        assert_eq!(load(&out).expect("a PNG").dimensions(), (192, 96));
    }
}
