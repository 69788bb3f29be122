//! PNG and PDF of the map's SVG, with the DejaVu Sans fonts shipped in the binary (Latin,
//! Portuguese and Cyrillic; licence in `app/assets/fonts/LICENSE-DejaVu.txt`), so the
//! output is the same on every server.

use resvg::{tiny_skia, usvg};
use std::sync::{Arc, OnceLock};

/// Widest or tallest PNG, in pixels; a larger map is scaled down to fit.
const MAX_PNG_SIDE: f32 = 12_000.0;
/// Most pixels in a PNG: about an A3 page at 300 dpi (17 MP), with some room.
const MAX_PNG_PIXELS: f32 = 20_000_000.0;
/// PDF pages are A3 landscape wide (420 mm); the height follows the map.
const PDF_WIDTH_MM: f32 = 420.0;

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(include_bytes!("../../assets/fonts/DejaVuSans.ttf").to_vec());
            db.load_font_data(include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf").to_vec());
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

fn tree(svg: &str) -> Result<usvg::Tree, String> {
    let options = usvg::Options { fontdb: fonts(), font_family: "DejaVu Sans".into(), ..Default::default() };
    usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())
}

/// The SVG as a PNG at twice its size (sharp on screens and in print), or smaller when
/// that would be larger than an A3 page printed at 300 dpi.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    let tree = tree(svg)?;
    let size = tree.size();
    let scale = (2.0f32)
        .min((MAX_PNG_PIXELS / (size.width() * size.height())).sqrt())
        .min(MAX_PNG_SIDE / size.width())
        .min(MAX_PNG_SIDE / size.height());
    let (w, h) = ((size.width() * scale).ceil() as u32, (size.height() * scale).ceil() as u32);
    let mut pixmap = tiny_skia::Pixmap::new(w, h).ok_or("empty picture")?;
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// The SVG as a one-page PDF as wide as A3 landscape, text kept as text (searchable,
/// with the fonts subset into the file).
pub fn pdf(svg: &str) -> Result<Vec<u8>, String> {
    let tree = tree(svg)?;
    let dpi = tree.size().width() / (PDF_WIDTH_MM / 25.4);
    let page = svg2pdf::PageOptions { dpi };
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), page).map_err(|e| format!("{e:?}"))
}
