//! One glyph of a rendered message, cut out of the browser's own screenshot, and
//! what its pixels say: a color emoji has many strongly colored pixels; a missing glyph (the
//! empty box, "tofu") is drawn in the text color, gray.

use std::time::{Duration, Instant};

use fantoccini::Client;

use super::webdriver::{UI_TIMEOUT, screenshot_dir, wait_js};

/// A pixel counts as colored when its channels spread by more than this (0–255): text, in any
/// theme, is gray (equal channels, antialiased), an emoji's skin, hearts and flags are not.
const COLORED_SPREAD: u8 = 60;

/// The load status of each font face of the UI's emoji font (a web font loads only once the
/// page shows a character of its range).
pub const EMOJI_FONT_STATUS_JS: &str = "return [...document.fonts]
    .filter(face => face.family.replace(/\"/g, '') === 'Chatdeck Emoji')
    .map(face => face.status);";

/// The RGBA pixels of one glyph as the page drew it.
pub struct Glyph {
    /// Width in device pixels.
    pub width: usize,
    /// Height in device pixels.
    pub height: usize,
    /// Row-major RGBA.
    pub rgba: Vec<u8>,
}

impl Glyph {
    /// Pixels whose channels spread by more than [`COLORED_SPREAD`].
    pub fn colored_pixels(&self) -> usize {
        self.rgba
            .chunks_exact(4)
            .filter(|pixel| {
                let [r, g, b] = [pixel[0], pixel[1], pixel[2]];
                r.max(g).max(b) - r.min(g).min(b) > COLORED_SPREAD
            })
            .count()
    }

    /// Pixels that differ noticeably from the glyph's top-left one (the row's background):
    /// what was drawn at all, in any color.
    pub fn inked_pixels(&self) -> usize {
        let background = &self.rgba[..3.min(self.rgba.len())];
        self.rgba
            .chunks_exact(4)
            .filter(|pixel| {
                pixel[..3]
                    .iter()
                    .zip(background)
                    .any(|(a, b)| a.abs_diff(*b) > 48)
            })
            .count()
    }

    /// What the glyph shows, in numbers, for a failing assertion to say.
    pub fn describe(&self) -> String {
        format!(
            "{} colored and {} inked pixels of {} ({}×{})",
            self.colored_pixels(),
            self.inked_pixels(),
            self.width * self.height,
            self.width,
            self.height
        )
    }

    /// Pixels (over the area both share) whose color differs noticeably from `other`'s.
    pub fn differing_pixels(&self, other: &Glyph) -> usize {
        let width = self.width.min(other.width);
        let height = self.height.min(other.height);
        let mut count = 0;
        for y in 0..height {
            for x in 0..width {
                let a = &self.rgba[(y * self.width + x) * 4..][..3];
                let b = &other.rgba[(y * other.width + x) * 4..][..3];
                if a.iter().zip(b).any(|(a, b)| a.abs_diff(*b) > 48) {
                    count += 1;
                }
            }
        }
        count
    }

    /// Saves the glyph as `target/ui-screenshots/<name>.png` (to be looked at).
    pub fn save(&self, name: &str) {
        let path = screenshot_dir().join(format!("{name}.png"));
        let file = std::fs::File::create(&path).expect("glyph screenshot file");
        let mut encoder = png::Encoder::new(file, self.width as u32, self.height as u32);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&self.rgba))
            .expect("write the glyph screenshot");
    }
}

/// The glyph `glyph` in the active room's message row whose text is exactly `content`, cut
/// from a screenshot of the window, once `drawn` holds of it — or as last drawn when
/// [`UI_TIMEOUT`] has passed, for the caller's assertion to say what it shows. Waits for the
/// row and for the page's fonts to finish loading; a web font that has loaded is swapped in at
/// the page's next rendering update, which a busy machine draws a moment later, so the glyph
/// is measured and cut again until it is drawn as expected.
pub async fn glyph_in_message(
    client: &Client,
    content: &str,
    glyph: &str,
    drawn: impl Fn(&Glyph) -> bool,
) -> Glyph {
    let deadline = Instant::now() + UI_TIMEOUT;
    loop {
        let cut = cut_glyph(client, content, glyph).await;
        if drawn(&cut) || Instant::now() >= deadline {
            return cut;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// One measurement of the glyph's box and one screenshot, the glyph cut out of it.
async fn cut_glyph(client: &Client, content: &str, glyph: &str) -> Glyph {
    let script = format!(
        "const content = {content};
         const glyph = {glyph};
         const rows = [...document.querySelectorAll('[data-testid=room] [data-testid=message]')];
         const row = rows.find(r => {{
            const c = r.querySelector('[data-testid=message-content]');
            return c && c.textContent === content;
         }});
         if (!row || document.fonts.status !== 'loaded') return null;
         const body = row.querySelector('[data-testid=message-content]');
         const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
         for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
            const at = node.data.indexOf(glyph);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + glyph.length);
            const box = range.getBoundingClientRect();
            return {{ x: box.left, y: box.top, width: box.width, height: box.height,
                      ratio: window.devicePixelRatio }};
         }}
         return null;",
        content = serde_json::to_string(content).expect("a string"),
        glyph = serde_json::to_string(glyph).expect("a string"),
    );
    let place = wait_js(client, &script, |value| !value.is_null()).await;
    // The window's screenshot, not the element's: in WebKitWebDriver's element screenshot the
    // glyph was not where the layout put it.
    let png = client.screenshot().await.expect("screenshot");
    let (width, height, rgba) = decode(&png);
    let number = |name: &str| place[name].as_f64().expect("a number");
    let ratio = number("ratio");
    let left = (number("x") * ratio).floor().max(0.0) as usize;
    let top = (number("y") * ratio).floor().max(0.0) as usize;
    let right = (((number("x") + number("width")) * ratio).ceil() as usize).min(width);
    let bottom = (((number("y") + number("height")) * ratio).ceil() as usize).min(height);
    assert!(
        left < right && top < bottom,
        "the glyph's box {place} lies outside the screenshot ({width}×{height})"
    );
    let mut cut = Vec::with_capacity((right - left) * (bottom - top) * 4);
    for y in top..bottom {
        cut.extend_from_slice(&rgba[(y * width + left) * 4..(y * width + right) * 4]);
    }
    Glyph {
        width: right - left,
        height: bottom - top,
        rgba: cut,
    }
}

/// Decodes a WebDriver screenshot (PNG) into width, height and RGBA pixels.
fn decode(png: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::ALPHA);
    let mut reader = decoder.read_info().expect("a PNG screenshot");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a PNG of sane size")];
    let frame = reader
        .next_frame(&mut pixels)
        .expect("the screenshot's pixels");
    pixels.truncate(frame.buffer_size());
    let (width, height) = (frame.width as usize, frame.height as usize);
    let rgba = match frame.color_type {
        png::ColorType::Rgba => pixels,
        png::ColorType::GrayscaleAlpha => pixels
            .chunks_exact(2)
            .flat_map(|pixel| [pixel[0], pixel[0], pixel[0], pixel[1]])
            .collect(),
        other => panic!("unexpected screenshot color type {other:?}"),
    };
    (width, height, rgba)
}
