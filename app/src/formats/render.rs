//! PNG and PDF of the map's SVG, with the DejaVu Sans fonts shipped in the binary (Latin,
//! Portuguese and Cyrillic; licence in `app/assets/fonts/LICENSE-DejaVu.txt`), so the
//! output is the same on every server.

use super::PdfLayout;
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

/// Page margin and the strip under the body that holds the page number, in points.
const PAGE_MARGIN: f32 = 28.0;
const FOOTER: f32 = 14.0;
/// The picture's pixels at their natural print size (96 px to the inch, 72 pt).
const PT_PER_PX: f64 = 0.75;

/// One page of a paginated PDF: the picture's columns `x` and rows `y` (in its pixels)
/// that it shows beside the repeated title, stage headers and lane titles.
#[derive(Clone, Debug, PartialEq)]
pub struct Tile {
    pub x: (f64, f64),
    pub y: (f64, f64),
}

/// The pages of a picture laid out as `l` says, on a `page_w` × `page_h` points page,
/// and the scale (points per pixel). Columns are whole stages; rows end at a lane's
/// bottom where the lanes fit, and a lane taller than a page is cut where the page ends.
/// The legend and findings go with the last row (or on their own when they do not fit).
/// Pages go row by row, left to right, as they are taped together.
pub fn plan(l: &super::svg::Layout, page_w: f64, page_h: f64) -> (Vec<Tile>, f64) {
    let margin = f64::from(PAGE_MARGIN);
    let (avail_w, avail_h) = (page_w - 2.0 * margin, page_h - 2.0 * margin - f64::from(FOOTER));
    // The natural size, smaller only if one stage would not fit beside the lane titles.
    let right = (l.width - l.grid_x - l.col_w * l.stages as f64).max(0.0);
    let k = PT_PER_PX.min(avail_w / (l.grid_x + l.col_w + right)).min(avail_h / (l.head_bottom + 60.0));
    let per_page = (((avail_w / k - l.grid_x - right) / l.col_w).floor() as usize).max(1);
    let mut columns = Vec::new();
    let mut first = 0;
    while first < l.stages.max(1) {
        let last = (first + per_page).min(l.stages.max(1));
        let x0 = l.grid_x + l.col_w * first as f64;
        let x1 = if last >= l.stages { l.width } else { l.grid_x + l.col_w * last as f64 };
        columns.push((x0, x1));
        first = last;
    }
    let body = avail_h / k - l.head_bottom;
    let bottom = l.lanes.last().map_or(l.head_bottom, |(_, b)| *b);
    let mut rows: Vec<(f64, f64)> = Vec::new();
    let mut top = l.head_bottom;
    let mut lanes = l.lanes.iter().map(|(_, b)| *b).peekable();
    while top < bottom - 0.5 {
        // The last lane bottom that fits, or the page's end inside a taller lane.
        let mut end = top;
        while let Some(&b) = lanes.peek() {
            if b - top <= body + 0.5 {
                end = b;
                lanes.next();
            } else {
                break;
            }
        }
        if end <= top {
            end = (top + body).min(bottom);
        }
        rows.push((top, end));
        top = end;
    }
    // The legend and findings: with the last row when they fit.
    if l.height > bottom + 0.5 {
        match rows.last_mut() {
            Some(last) if l.height - last.0 <= body + 0.5 => last.1 = l.height,
            _ => rows.push((bottom, l.height.min(bottom + body))),
        }
    }
    if rows.is_empty() {
        rows.push((l.head_bottom, l.height));
    }
    // The legend and findings run from the left edge: only the first column of pages
    // shows them (the others would cut their lines in the middle).
    let mut tiles = Vec::new();
    for y in &rows {
        for (c, x) in columns.iter().enumerate() {
            let y = if c > 0 && y.1 > bottom + 0.5 { (y.0, y.1.min(bottom)) } else { *y };
            if y.1 > y.0 + 0.5 {
                tiles.push(Tile { x: *x, y });
            }
        }
    }
    (tiles, k)
}

/// The SVG as a PDF laid out as `layout` says: a poster ([`pdf`]), or pages of a paper
/// size, each with the title, the stage headers and the lane titles of its part and its
/// number ("2 / 6"). The map is drawn once into the file and shown through each page's
/// windows, so a many-page PDF is hardly larger than the poster.
pub fn pdf_laid(svg: &str, l: &super::svg::Layout, layout: PdfLayout) -> Result<Vec<u8>, String> {
    let PdfLayout::Pages { paper, landscape } = layout else { return pdf(svg) };
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
    let tree = tree(svg)?;
    let (pw, ph) = paper.size();
    let (page_w, page_h) = if landscape { (ph, pw) } else { (pw, ph) };
    let (tiles, k) = plan(l, f64::from(page_w), f64::from(page_h));
    let (chunk, svg_ref) =
        svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default()).map_err(|e| format!("{e:?}"))?;
    let mut alloc = Ref::new(1);
    let (catalog, pages) = (alloc.bump(), alloc.bump());
    let mut renumbered = std::collections::HashMap::new();
    let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| alloc.bump()));
    let picture = *renumbered.get(&svg_ref).ok_or("the picture's object is missing")?;
    let font = alloc.bump();
    let ids: Vec<(Ref, Ref)> = tiles.iter().map(|_| (alloc.bump(), alloc.bump())).collect();
    let mut out = Pdf::new();
    out.catalog(catalog).pages(pages);
    out.pages(pages).kids(ids.iter().map(|(page, _)| *page)).count(ids.len() as i32);
    let (w, h) = (l.width * k, l.height * k);
    let margin = f64::from(PAGE_MARGIN);
    let top = f64::from(page_h) - margin;
    for (n, (tile, (page_id, content_id))) in tiles.iter().zip(&ids).enumerate() {
        let mut page = out.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, page_w, page_h));
        page.parent(pages);
        page.contents(*content_id);
        let mut resources = page.resources();
        resources.x_objects().pair(Name(b"M"), picture);
        resources.fonts().pair(Name(b"F"), font);
        resources.finish();
        page.finish();
        let mut c = Content::new();
        // Four windows on the picture: the title and stage headers above, the lane titles
        // left, the corner they share, and the page's part of the map.
        let xs = [(0.0, l.grid_x), tile.x];
        let ys = [(0.0, l.head_bottom), tile.y];
        let mut dy = top;
        for (sy0, sy1) in ys {
            let mut dx = margin;
            for (sx0, sx1) in xs {
                let (cw, ch) = ((sx1 - sx0) * k, (sy1 - sy0) * k);
                c.save_state();
                c.rect(dx as f32, (dy - ch) as f32, cw as f32, ch as f32);
                c.clip_nonzero();
                c.end_path();
                let (e, f) = (dx - sx0 * k, dy - (l.height - sy0) * k);
                c.transform([w as f32, 0.0, 0.0, h as f32, e as f32, f as f32]);
                c.x_object(Name(b"M"));
                c.restore_state();
                dx += cw;
            }
            dy -= (sy1 - sy0) * k;
        }
        let label = format!("{} / {}", n + 1, tiles.len());
        c.begin_text();
        c.set_font(Name(b"F"), 8.0);
        c.next_line(page_w - PAGE_MARGIN - label.len() as f32 * 4.5, PAGE_MARGIN - 4.0);
        c.show(Str(label.as_bytes()));
        c.end_text();
        out.stream(*content_id, &c.finish());
    }
    out.type1_font(font).base_font(Name(b"Helvetica"));
    out.extend(&chunk);
    Ok(out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::svg::Layout;
    use crate::formats::Paper;

    /// A 12-stage map as the picture lays it out: 8 lanes of 200 px.
    fn layout(stages: usize, lane_h: &[f64]) -> Layout {
        let head_bottom = 24.0 + 56.0 + 44.0;
        let mut lanes = Vec::new();
        let mut y = head_bottom;
        for h in lane_h {
            lanes.push((y, y + h));
            y += h;
        }
        Layout {
            width: 24.0 * 2.0 + 170.0 + 230.0 * stages as f64,
            height: y + 40.0 + 24.0,
            grid_x: 24.0 + 170.0,
            col_w: 230.0,
            stages,
            head_bottom,
            lanes,
        }
    }

    #[test]
    fn pages_hold_whole_stages_and_end_at_lane_bottoms() {
        let l = layout(12, &[200.0; 8]);
        // A4 landscape: 3 stages a page at the natural size; 3 lanes a page.
        let (tiles, k) = plan(&l, 841.89, 595.28);
        assert_eq!(k, 0.75);
        let columns: Vec<(f64, f64)> = tiles.iter().filter(|t| t.y == tiles[0].y).map(|t| t.x).collect();
        assert_eq!(columns.len(), 4, "{columns:?}");
        assert_eq!(columns[0], (194.0, 194.0 + 3.0 * 230.0));
        assert_eq!(columns[3].1, l.width, "the last column group keeps the right margin");
        let rows: Vec<(f64, f64)> = tiles.iter().filter(|t| t.x == columns[0]).map(|t| t.y).collect();
        let bottoms: Vec<f64> = l.lanes.iter().map(|(_, b)| *b).collect();
        assert!(rows[..rows.len() - 1].iter().all(|(_, b)| bottoms.contains(b)), "rows end at lane bottoms: {rows:?}");
        assert_eq!(rows.first().unwrap().0, l.head_bottom);
        assert_eq!(rows.last().unwrap().1, l.height, "the legend is on the last row");
        // Every pixel of the map is on some page, once.
        for w in rows.windows(2) {
            assert_eq!(w[0].1, w[1].0);
        }
        assert_eq!(tiles.len(), rows.len() * columns.len());
        // The legend only on the first column's last page; the others end at the lanes.
        let last_row: Vec<&Tile> = tiles.iter().filter(|t| t.y.0 == rows.last().unwrap().0).collect();
        assert_eq!(last_row[0].y.1, l.height);
        assert!(last_row[1..].iter().all(|t| t.y.1 == l.lanes[7].1));
        // A3 landscape holds more of it.
        let (a3, _) = plan(&l, 1190.55, 841.89);
        assert!(a3.len() < tiles.len());
    }

    #[test]
    fn a_lane_taller_than_a_page_is_cut_where_the_page_ends() {
        let l = layout(2, &[100.0, 2_000.0, 100.0]);
        let (tiles, k) = plan(&l, 595.28, 841.89);
        let body = (841.89 - 2.0 * 28.0 - 14.0) / k - l.head_bottom;
        let rows: Vec<(f64, f64)> = tiles.iter().filter(|t| t.x.0 == l.grid_x).map(|t| t.y).collect();
        assert!(rows.iter().all(|(a, b)| b - a <= body + 0.5), "{rows:?}");
        assert_eq!(rows[0], (l.head_bottom, l.lanes[0].1), "the short lane alone: the tall one does not fit beside it");
        assert_eq!(rows.last().unwrap().1, l.height);
    }

    #[test]
    fn layouts_read_from_the_query() {
        assert_eq!(PdfLayout::parse(None, None), Ok(PdfLayout::Poster));
        assert_eq!(PdfLayout::parse(Some("a4"), None), Ok(PdfLayout::Pages { paper: Paper::A4, landscape: true }));
        assert_eq!(
            PdfLayout::parse(Some("a3"), Some("portrait")),
            Ok(PdfLayout::Pages { paper: Paper::A3, landscape: false })
        );
        assert!(PdfLayout::parse(Some("letter"), None).is_err());
        assert!(PdfLayout::parse(Some("a4"), Some("sideways")).is_err());
    }
}
