//! A small page composer: text, rules, fills and 2D-code modules at absolute positions on
//! fixed-size pages, with page breaks that repeat a running head and the open table's header.
//!
//! Everything is laid out into [`Item`]s first and drawn afterwards, because the footer
//! ("Seite 1 von 3") needs the page count. Positions are in pt, measured from the **top**
//! left corner while laying out; [`to_pdf_page`] flips them to PDF's bottom-left origin.

use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Op, PaintMode, PdfFontHandle, PdfPage, Point,
    Polygon, PolygonRing, Pt, Rect, TextItem, TextMatrix, WindingOrder,
};

use super::fonts::{Face, Fonts};
use crate::domain::PaperSize;

const PT_PER_MM: f32 = 72.0 / 25.4;

/// Page size and margins, in pt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometry {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Left edge of the content.
    pub left: f32,
    /// Right edge of the content.
    pub right: f32,
    /// Top of the content.
    pub top: f32,
    /// Lowest point content may reach (the footer lives below).
    pub bottom: f32,
}

impl Geometry {
    pub(crate) fn for_paper(paper: PaperSize) -> Self {
        // Letter in exact pt (612 × 792) rather than via mm, so the MediaBox is exact.
        let (width, height) = match paper {
            PaperSize::A4 => (210.0 * PT_PER_MM, 297.0 * PT_PER_MM),
            PaperSize::Letter => (612.0, 792.0),
        };
        Self {
            width,
            height,
            left: 20.0 * PT_PER_MM,
            right: width - 20.0 * PT_PER_MM,
            top: 15.0 * PT_PER_MM,
            bottom: height - 22.0 * PT_PER_MM,
        }
    }

    /// Leading of the footer's lines.
    pub(crate) const FOOTER_LEADING: f32 = 9.0;

    /// Makes room above the footer for `lines` lines (one fits below the content already).
    pub(crate) fn with_footer_lines(mut self, lines: usize) -> Self {
        self.bottom -= lines.saturating_sub(1) as f32 * Self::FOOTER_LEADING;
        self
    }

    pub(crate) fn content_width(&self) -> f32 {
        self.right - self.left
    }
}

/// Font face, size and grey level (0 = black, 1 = white) of a text run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub grey: f32,
}

/// Body text colour: a very dark grey reads softer than pure black.
const INK: f32 = 0.1;
/// Secondary text (sender line, notes on lines, footer).
pub(crate) const MUTED: f32 = 0.4;

impl Style {
    pub(crate) const fn regular(size: f32) -> Self {
        Self {
            face: Face::Regular,
            size,
            grey: INK,
        }
    }

    pub(crate) const fn bold(size: f32) -> Self {
        Self {
            face: Face::Bold,
            size,
            grey: INK,
        }
    }

    pub(crate) const fn muted(self) -> Self {
        Self {
            grey: MUTED,
            ..self
        }
    }
}

/// Horizontal anchoring of a text run at its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// Something drawn on a page. `y`/`baseline` count from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Item {
    Text {
        x: f32,
        baseline: f32,
        style: Style,
        text: String,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        thickness: f32,
        grey: f32,
    },
    Fill {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        grey: f32,
    },
    /// The dark modules of a 2D code (the GiroCode) with its top left corner at `x`/`y`:
    /// runs of `len` modules from column `col` in row `row`, each module a square of
    /// `module` pt. Drawn as one filled path of rectangles, not an image, so it stays
    /// sharp at any zoom and scanners see exact edges.
    Modules {
        x: f32,
        y: f32,
        module: f32,
        runs: Vec<(u16, u16, u16)>,
        grey: f32,
    },
}

/// A table column: its left edge, width and how its cells align.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub x: f32,
    pub width: f32,
    pub align: Align,
}

impl Column {
    fn anchor(&self) -> f32 {
        match self.align {
            Align::Left => self.x,
            Align::Right => self.x + self.width,
        }
    }
}

/// Columns, header labels and text metrics of a table.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub header: Vec<String>,
    pub size: f32,
    pub line_height: f32,
}

impl Table {
    fn header_height(&self) -> f32 {
        self.line_height + 6.0
    }
}

/// One table cell: text parts, each wrapped on its own (e.g. a description and, muted below
/// it, a discount note). Right-aligned cells keep one line per part,
/// shortened with `…` if need be.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub parts: Vec<(String, Style)>,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>, style: Style) -> Self {
        Self {
            parts: vec![(text.into(), style)],
        }
    }

    pub(crate) fn with(mut self, text: impl Into<String>, style: Style) -> Self {
        self.parts.push((text.into(), style));
        self
    }
}

/// Space between the rows of a table.
const ROW_PADDING: f32 = 4.0;
/// Height the running head takes at the top of continuation pages.
const RUNNING_HEAD_HEIGHT: f32 = 24.0;

/// Lays out pages.
pub(crate) struct Composer<'f> {
    pub fonts: &'f Fonts,
    pub geo: Geometry,
    pages: Vec<Vec<Item>>,
    /// The current vertical position (top of the next thing to place).
    pub y: f32,
    running_head: Option<String>,
    table: Option<Table>,
}

impl<'f> Composer<'f> {
    pub(crate) fn new(fonts: &'f Fonts, geo: Geometry) -> Self {
        Self {
            fonts,
            geo,
            pages: vec![Vec::new()],
            y: geo.top,
            running_head: None,
            table: None,
        }
    }

    /// Text repeated at the top of every page after the first (e.g. "Rechnung RE-00001").
    pub(crate) fn set_running_head(&mut self, text: impl Into<String>) {
        self.running_head = Some(text.into());
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.push(item);
        }
    }

    /// Places one line of text with its anchor at `x`.
    pub(crate) fn text(&mut self, x: f32, baseline: f32, style: Style, align: Align, text: &str) {
        // Control characters (tabs, stray CRs) have no glyph; show them as spaces.
        let text: String = text
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if text.trim().is_empty() {
            return;
        }
        let width = self.fonts.width(style.face, style.size, &text);
        let x = match align {
            Align::Left => x,
            Align::Right => x - width,
        };
        self.push(Item::Text {
            x,
            baseline,
            style,
            text,
        });
    }

    /// A horizontal rule.
    pub(crate) fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, grey: f32) {
        self.push(Item::Rule {
            x1,
            x2,
            y,
            thickness,
            grey,
        });
    }

    /// The dark modules of a 2D code; see [`Item::Modules`].
    pub(crate) fn modules(&mut self, x: f32, y: f32, module: f32, runs: Vec<(u16, u16, u16)>) {
        self.push(Item::Modules {
            x,
            y,
            module,
            runs,
            grey: 0.0,
        });
    }

    /// Space left on the current page.
    pub(crate) fn remaining(&self) -> f32 {
        self.geo.bottom - self.y
    }

    /// Starts a new page unless `height` still fits on this one.
    pub(crate) fn ensure(&mut self, height: f32) {
        if height > self.remaining() {
            self.new_page();
        }
    }

    /// Starts a new page with the running head and, inside a table, its header.
    pub(crate) fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.geo.top;
        if let Some(head) = self.running_head.clone() {
            let style = Style::regular(8.0).muted();
            self.text(self.geo.left, self.y + 8.0, style, Align::Left, &head);
            self.rule(self.geo.left, self.geo.right, self.y + 12.0, 0.4, 0.75);
            self.y += RUNNING_HEAD_HEIGHT;
        }
        if let Some(table) = self.table.clone() {
            self.table_header(&table);
        }
    }

    /// Content height of a page that starts fresh (after running head and table header).
    fn fresh_page_capacity(&self) -> f32 {
        let head = if self.running_head.is_some() {
            RUNNING_HEAD_HEIGHT
        } else {
            0.0
        };
        let table = self.table.as_ref().map_or(0.0, |t| t.header_height() + 3.0);
        self.geo.bottom - self.geo.top - head - table
    }

    /// Wrapped text across `width`, continuing on new pages as needed.
    pub(crate) fn paragraph(
        &mut self,
        x: f32,
        width: f32,
        style: Style,
        line_height: f32,
        text: &str,
    ) {
        for line in self.fonts.wrap(style.face, style.size, text, width) {
            self.ensure(line_height);
            let baseline = self.y + style.size;
            self.text(x, baseline, style, Align::Left, &line);
            self.y += line_height;
        }
    }

    /// Opens a table and draws its header; the header repeats after every page break until
    /// [`Self::end_table`].
    pub(crate) fn begin_table(&mut self, table: Table) {
        // Header plus at least one row, or the header would sit alone at the page bottom.
        self.ensure(table.header_height() + 3.0 + 2.0 * table.line_height + ROW_PADDING);
        self.table_header(&table);
        self.table = Some(table);
    }

    fn table_header(&mut self, table: &Table) {
        let height = table.header_height();
        self.push(Item::Fill {
            x: self.geo.left,
            y: self.y,
            width: self.geo.content_width(),
            height,
            grey: 0.92,
        });
        let baseline = self.y + 3.0 + table.size;
        let style = Style::bold(table.size);
        for (col, label) in table.columns.iter().zip(&table.header) {
            self.text(col.anchor(), baseline, style, col.align, label);
        }
        self.y += height + 3.0;
    }

    /// One row of the open table. A row stays on one page when it fits on a fresh one;
    /// a taller row continues line by line.
    pub(crate) fn table_row(&mut self, cells: &[Cell]) {
        let Some(table) = self.table.clone() else {
            return;
        };
        let columns: Vec<Vec<(String, Style)>> = table
            .columns
            .iter()
            .zip(cells)
            .map(|(col, cell)| self.cell_lines(col, cell))
            .collect();
        let lines = columns.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = lines as f32 * table.line_height + ROW_PADDING;
        if height > self.remaining() && height <= self.fresh_page_capacity() {
            self.new_page();
        }
        for i in 0..lines {
            self.ensure(table.line_height + ROW_PADDING);
            for (col, col_lines) in table.columns.iter().zip(&columns) {
                if let Some((text, style)) = col_lines.get(i) {
                    let baseline = self.y + style.size;
                    self.text(col.anchor(), baseline, *style, col.align, text);
                }
            }
            self.y += table.line_height;
        }
        self.y += ROW_PADDING / 2.0;
        self.rule(self.geo.left, self.geo.right, self.y, 0.3, 0.8);
        self.y += ROW_PADDING / 2.0;
    }

    fn cell_lines(&self, col: &Column, cell: &Cell) -> Vec<(String, Style)> {
        let mut out = Vec::new();
        for (text, style) in &cell.parts {
            if col.align == Align::Left {
                for line in self.fonts.wrap(style.face, style.size, text, col.width) {
                    out.push((line, *style));
                }
            } else {
                let line = self
                    .fonts
                    .truncate(style.face, style.size, text.trim(), col.width);
                out.push((line, *style));
            }
        }
        out
    }

    /// Closes the open table.
    pub(crate) fn end_table(&mut self) {
        self.table = None;
    }

    /// Adds the footer — `(left lines, right)` text for page `i` of `n`, both 1-based — to
    /// every page and returns the pages. The last left line sits on the lowest baseline; the
    /// right text (the page number) on the first line's.
    pub(crate) fn finish(
        mut self,
        footer: impl Fn(usize, usize) -> (Vec<String>, String),
    ) -> Vec<Vec<Item>> {
        let n = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let lowest = self.geo.height - 12.0 * PT_PER_MM;
        let style = Style::regular(7.5).muted();
        let mut out = Vec::with_capacity(n);
        for (i, items) in pages.into_iter().enumerate() {
            self.pages = vec![items];
            let (left, right) = footer(i + 1, n);
            let lines = left.len().max(1);
            let first = lowest - (lines - 1) as f32 * Geometry::FOOTER_LEADING;
            self.rule(self.geo.left, self.geo.right, first - 10.0, 0.4, 0.75);
            for (k, line) in left.iter().enumerate() {
                let y = first + k as f32 * Geometry::FOOTER_LEADING;
                self.text(self.geo.left, y, style, Align::Left, line);
            }
            self.text(self.geo.right, first, style, Align::Right, &right);
            out.extend(self.pages.pop());
        }
        out
    }
}

/// The resource names of the two embedded faces.
#[derive(Debug, Clone)]
pub(crate) struct FontIds {
    pub regular: FontId,
    pub bold: FontId,
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale::new(level, None))
}

/// Turns laid-out items into a printpdf page: rules and fills first, then all text in one
/// text object (fewer operators, smaller content streams).
pub(crate) fn to_pdf_page(items: &[Item], geo: &Geometry, fonts: &FontIds) -> PdfPage {
    let mut ops = Vec::with_capacity(items.len() * 3 + 4);
    let flip = |y: f32| Pt(geo.height - y);
    for item in items {
        match *item {
            Item::Rule {
                x1,
                x2,
                y,
                thickness,
                grey: level,
            } => {
                ops.push(Op::SetOutlineColor { col: grey(level) });
                ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
                ops.push(Op::DrawLine {
                    line: Line {
                        points: vec![
                            LinePoint {
                                p: Point {
                                    x: Pt(x1),
                                    y: flip(y),
                                },
                                bezier: false,
                            },
                            LinePoint {
                                p: Point {
                                    x: Pt(x2),
                                    y: flip(y),
                                },
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Fill {
                x,
                y,
                width,
                height,
                grey: level,
            } => {
                ops.push(Op::SetFillColor { col: grey(level) });
                let mut rect = Rect::from_xywh(Pt(x), flip(y + height), Pt(width), Pt(height));
                rect.mode = Some(PaintMode::Fill);
                ops.push(Op::DrawRectangle { rectangle: rect });
            }
            Item::Modules {
                x,
                y,
                module,
                ref runs,
                grey: level,
            } => {
                ops.push(Op::SetFillColor { col: grey(level) });
                ops.push(Op::DrawPolygon {
                    polygon: modules_polygon(x, geo.height - y, module, runs),
                });
            }
            Item::Text { .. } => {}
        }
    }
    ops.push(Op::StartTextSection);
    let mut font: Option<(Face, f32)> = None;
    let mut fill: Option<f32> = None;
    for item in items {
        let Item::Text {
            x,
            baseline,
            style,
            ref text,
        } = *item
        else {
            continue;
        };
        if font != Some((style.face, style.size)) {
            let id = match style.face {
                Face::Regular => fonts.regular.clone(),
                Face::Bold => fonts.bold.clone(),
            };
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id),
                size: Pt(style.size),
            });
            font = Some((style.face, style.size));
        }
        if fill != Some(style.grey) {
            ops.push(Op::SetFillColor {
                col: grey(style.grey),
            });
            fill = Some(style.grey);
        }
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), flip(baseline)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.clone())],
        });
    }
    ops.push(Op::EndTextSection);
    let mut page = PdfPage::new(printpdf::Mm(0.0), printpdf::Mm(0.0), ops);
    let media = Rect::from_wh(Pt(geo.width), Pt(geo.height));
    page.media_box = media.clone();
    page.trim_box = media.clone();
    page.crop_box = media;
    page
}

/// One path of axis-aligned rectangles, one per run of modules (`top` in PDF coordinates,
/// counted from the bottom). Rings that only touch never overlap, so the non-zero rule fills
/// exactly the modules.
fn modules_polygon(x: f32, top: f32, module: f32, runs: &[(u16, u16, u16)]) -> Polygon {
    let point = |px: f32, py: f32| LinePoint {
        p: Point {
            x: Pt(px),
            y: Pt(py),
        },
        bezier: false,
    };
    let rings = runs
        .iter()
        .map(|&(row, col, len)| {
            let x0 = x + f32::from(col) * module;
            let x1 = x0 + f32::from(len) * module;
            let y1 = top - f32::from(row) * module;
            let y0 = y1 - module;
            PolygonRing {
                points: vec![point(x0, y0), point(x1, y0), point(x1, y1), point(x0, y1)],
            }
        })
        .collect();
    Polygon {
        rings,
        mode: PaintMode::Fill,
        winding_order: WindingOrder::NonZero,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &[Item]) -> Vec<&str> {
        page.iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn table() -> Table {
        Table {
            columns: vec![
                Column {
                    x: 60.0,
                    width: 200.0,
                    align: Align::Left,
                },
                Column {
                    x: 300.0,
                    width: 80.0,
                    align: Align::Right,
                },
            ],
            header: vec!["Beschreibung".into(), "Betrag".into()],
            size: 9.0,
            line_height: 11.0,
        }
    }

    #[test]
    fn page_breaks_repeat_the_running_head_and_table_header() {
        let fonts = Fonts::shared().expect("fonts");
        let mut c = Composer::new(&fonts, Geometry::for_paper(PaperSize::A4));
        c.set_running_head("Rechnung RE-00001");
        c.begin_table(table());
        for i in 0..120 {
            c.table_row(&[
                Cell::new(format!("Position {i}"), Style::regular(9.0)),
                Cell::new("1,00 €", Style::regular(9.0)),
            ]);
        }
        c.end_table();
        let geo = c.geo;
        let pages = c.finish(|i, n| (Vec::new(), format!("Seite {i} von {n}")));
        assert!(pages.len() >= 3, "{} pages", pages.len());
        for (i, page) in pages.iter().enumerate() {
            let t = texts(page);
            assert!(t.contains(&"Beschreibung"), "page {i} lacks the header");
            assert_eq!(
                t.contains(&"Rechnung RE-00001"),
                i > 0,
                "running head only after page 1"
            );
            assert!(t.contains(&format!("Seite {} von {}", i + 1, pages.len()).as_str()));
            for item in page {
                if let Item::Text { baseline, text, .. } = item
                    && !text.starts_with("Seite")
                {
                    assert!(*baseline <= geo.bottom + 1.0, "{text} below the margin");
                }
            }
        }
        let all: Vec<&str> = pages.iter().flat_map(|p| texts(p)).collect();
        for i in 0..120 {
            assert!(all.contains(&format!("Position {i}").as_str()));
        }
    }

    #[test]
    fn right_aligned_text_ends_at_its_anchor() {
        let fonts = Fonts::shared().expect("fonts");
        let mut c = Composer::new(&fonts, Geometry::for_paper(PaperSize::A4));
        let style = Style::regular(9.0);
        c.text(300.0, 100.0, style, Align::Right, "1.234,56 €");
        let pages = c.finish(|_, _| (Vec::new(), String::new()));
        let Some(Item::Text { x, text, .. }) = pages[0].first() else {
            panic!("text placed");
        };
        let w = fonts.width(Face::Regular, 9.0, text);
        assert!((x + w - 300.0).abs() < 0.001);
    }

    #[test]
    fn a_row_taller_than_a_page_continues_on_the_next() {
        let fonts = Fonts::shared().expect("fonts");
        let mut c = Composer::new(&fonts, Geometry::for_paper(PaperSize::Letter));
        c.begin_table(table());
        let long = "Wort ".repeat(3000);
        c.table_row(&[
            Cell::new(long, Style::regular(9.0)),
            Cell::new("1,00 €", Style::regular(9.0)),
        ]);
        c.end_table();
        let pages = c.finish(|_, _| (Vec::new(), String::new()));
        assert!(pages.len() >= 2);
    }
}
