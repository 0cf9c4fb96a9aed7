//! Content-stream interpreter: runs the text, graphics-state and path operators of a page
//! (and of the Form XObjects it paints) and records positioned glyphs, ruling lines and
//! small filled shapes. Everything else (colours, images, shading) is ignored.

use super::content::Ops;
use super::fonts::{Code, Font};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// One shown character, in page space (points, y up).
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: Rc<str>,
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// Advance width in page space.
    pub w: f32,
    pub size: f32,
    pub bold: bool,
    /// Text direction: index into [`DIRS`].
    pub dir: u8,
}

/// Text directions, as the page axes a glyph advances along and its up points to
/// (advance x, advance y, up x, up y): 0 upright, 1-3 turned a quarter turn anticlockwise
/// each, 4-7 their mirror images. Landscape pages drawn rotated and margin stamps use 1
/// and 3.
pub const DIRS: [[f32; 4]; 8] = [
    [1.0, 0.0, 0.0, 1.0],
    [0.0, 1.0, -1.0, 0.0],
    [-1.0, 0.0, 0.0, -1.0],
    [0.0, -1.0, 1.0, 0.0],
    [1.0, 0.0, 0.0, -1.0],
    [0.0, 1.0, 1.0, 0.0],
    [-1.0, 0.0, 0.0, 1.0],
    [0.0, -1.0, -1.0, 0.0],
];

/// The text direction nearest to a text space whose x axis runs along (ax, ay) and y axis
/// along (ux, uy) on the page. A sheared (italic or skewed) space takes its nearest axes.
pub fn direction(ax: f32, ay: f32, ux: f32, uy: f32) -> u8 {
    let axis = |x: f32, y: f32| {
        if x.abs() >= y.abs() {
            (if x < 0.0 { -1.0 } else { 1.0 }, 0.0)
        } else {
            (0.0, if y < 0.0 { -1.0 } else { 1.0 })
        }
    };
    let a = axis(ax, ay);
    let mut u = axis(ux, uy);
    if (a.0 * u.0 + a.1 * u.1) != 0.0 || !(ux.is_finite() && uy.is_finite()) {
        u = (-a.1, a.0);
    }
    DIRS.iter()
        .position(|d| d[0] == a.0 && d[1] == a.1 && d[2] == u.0 && d[3] == u.1)
        .unwrap_or(0) as u8
}

/// A thin horizontal or vertical line (stroked segment or thin filled rectangle).
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rule {
    pub fn horizontal(&self) -> bool {
        self.y1 - self.y0 <= 3.0 && self.x1 - self.x0 > 3.0
    }
    pub fn vertical(&self) -> bool {
        self.x1 - self.x0 <= 3.0 && self.y1 - self.y0 > 3.0
    }
}

/// A small filled shape: a drawn list bullet candidate. Centre and size.
#[derive(Debug, Clone, Copy)]
pub struct Dot {
    pub x: f32,
    pub y: f32,
    pub size: f32,
}

#[derive(Debug, Default)]
pub struct PageContent {
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub dots: Vec<Dot>,
    /// MediaBox height (points); 0 when unknown.
    pub height: f32,
    /// MediaBox width (points); 0 when unknown.
    pub width: f32,
}

type M = [f32; 6];
const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(m1: &M, m2: &M) -> M {
    [
        m1[0] * m2[0] + m1[1] * m2[2],
        m1[0] * m2[1] + m1[1] * m2[3],
        m1[2] * m2[0] + m1[3] * m2[2],
        m1[2] * m2[1] + m1[3] * m2[3],
        m1[4] * m2[0] + m1[5] * m2[2] + m2[4],
        m1[4] * m2[1] + m1[5] * m2[3] + m2[5],
    ]
}

fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

fn num(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) if r.is_finite() => *r,
        _ => 0.0,
    }
}

fn nums(ops: &[Object]) -> Vec<f32> {
    ops.iter().map(num).collect()
}

fn matrix(ops: &[Object]) -> Option<M> {
    if ops.len() < 6 {
        return None;
    }
    let v = nums(ops);
    Some([v[0], v[1], v[2], v[3], v[4], v[5]])
}

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f32,
    char_space: f32,
    word_space: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

/// Reads a stream within the file's decompression budget, or reports why it cannot.
pub trait StreamSource {
    fn read(&mut self, s: &lopdf::Stream) -> Option<Vec<u8>>;
}

pub struct Interp<'a, 'b> {
    doc: &'a Document,
    src: &'b mut dyn StreamSource,
    fonts: HashMap<ObjectId, Rc<Font>>,
    fallback: Rc<Font>,
    out: PageContent,
    /// Form XObjects being painted, to stop cycles.
    stack: Vec<ObjectId>,
    /// Operators left in this page's budget: stops pathological streams.
    ops_left: usize,
    codes: Vec<Code>,
    /// Parsed Form XObjects: a form painted many times is inflated and charged once.
    forms: HashMap<ObjectId, Rc<Vec<u8>>>,
}

const MAX_FORM_DEPTH: usize = 12;

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(&Object::Null),
        o => o,
    }
}

/// Look `name` up in the `category` (Font, XObject) subdictionary of each resource dict.
fn lookup<'a>(
    doc: &'a Document,
    res: &[&'a Dictionary],
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    res.iter().find_map(|r| {
        let cat = deref(doc, r.get(category).ok()?).as_dict().ok()?;
        cat.get(name).ok()
    })
}

impl<'a, 'b> Interp<'a, 'b> {
    pub fn new(doc: &'a Document, src: &'b mut dyn StreamSource) -> Self {
        Interp {
            doc,
            src,
            fonts: HashMap::new(),
            fallback: Rc::new(Font::fallback()),
            out: PageContent::default(),
            stack: Vec::new(),
            ops_left: 0,
            codes: Vec::new(),
            forms: HashMap::new(),
        }
    }

    /// Page resources, nearest first (inherited from the Pages tree by lopdf).
    pub fn page_resources(&self, page: ObjectId) -> Vec<&'a Dictionary> {
        let mut out = Vec::new();
        if let Ok((direct, ids)) = self.doc.get_page_resources(page) {
            out.extend(direct);
            for id in ids {
                if let Ok(d) = self.doc.get_dictionary(id) {
                    out.push(d);
                }
            }
        }
        out
    }

    pub fn run_page(&mut self, page: ObjectId) -> PageContent {
        self.ops_left = 2_000_000;
        let res = self.page_resources(page);
        let mut bytes = Vec::new();
        for id in self.doc.get_page_contents(page) {
            if let Ok(Object::Stream(s)) = self.doc.get_object(id) {
                if let Some(b) = self.src.read(s) {
                    bytes.extend_from_slice(&b);
                    bytes.push(b'\n');
                }
            }
        }
        self.run(&bytes, &res, ID);
        (self.out.width, self.out.height) = self.media_size(page);
        std::mem::take(&mut self.out)
    }

    /// MediaBox width and height; it may be inherited from the Pages tree (the walk up is
    /// bounded).
    fn media_size(&self, page: ObjectId) -> (f32, f32) {
        let mut id = page;
        for _ in 0..32 {
            let Ok(d) = self.doc.get_dictionary(id) else {
                break;
            };
            if let Ok(Object::Array(a)) = d.get(b"MediaBox").map(|o| deref(self.doc, o)) {
                if a.len() == 4 {
                    let v = |i: usize| num(deref(self.doc, &a[i]));
                    return ((v(2) - v(0)).abs(), (v(3) - v(1)).abs());
                }
            }
            match d.get(b"Parent") {
                Ok(Object::Reference(p)) => id = *p,
                _ => break,
            }
        }
        (0.0, 0.0)
    }

    fn font(&mut self, res: &[&'a Dictionary], name: &[u8]) -> Rc<Font> {
        let Some(obj) = lookup(self.doc, res, b"Font", name) else {
            return self.fallback.clone();
        };
        let id = match obj {
            Object::Reference(id) => Some(*id),
            _ => None,
        };
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return f.clone();
        }
        let Ok(dict) = deref(self.doc, obj).as_dict() else {
            return self.fallback.clone();
        };
        let src = &mut *self.src;
        let font = Rc::new(Font::load(self.doc, dict, &mut |s| src.read(s)));
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        font
    }

    fn run(&mut self, content: &[u8], res: &[&'a Dictionary], ctm: M) {
        let mut gs = GState {
            ctm,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut stack: Vec<GState> = Vec::new();
        let mut tm = ID;
        let mut tlm = ID;
        // Current path: subpaths of transformed points, plus rectangles.
        let mut path: Vec<Vec<(f32, f32)>> = Vec::new();
        let mut rects: Vec<[(f32, f32); 4]> = Vec::new();
        let mut ops = Ops::new(content);
        while let Some((operator, o)) = ops.next() {
            if self.ops_left == 0 {
                return;
            }
            self.ops_left -= 1;
            match operator {
                "q" => {
                    if stack.len() < 256 {
                        stack.push(gs.clone());
                    }
                }
                "Q" => {
                    if let Some(s) = stack.pop() {
                        gs = s;
                    }
                }
                "cm" => {
                    if let Some(m) = matrix(o) {
                        gs.ctm = mul(&m, &gs.ctm);
                    }
                }
                "BT" => {
                    tm = ID;
                    tlm = ID;
                }
                "Tm" => {
                    if let Some(m) = matrix(o) {
                        tm = m;
                        tlm = m;
                    }
                }
                "Td" | "TD" => {
                    let v = nums(o);
                    if v.len() >= 2 {
                        if operator == "TD" {
                            gs.leading = -v[1];
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, v[0], v[1]], &tlm);
                        tm = tlm;
                    }
                }
                "T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                }
                "TL" => gs.leading = o.first().map_or(0.0, num),
                "Tc" => gs.char_space = o.first().map_or(0.0, num),
                "Tw" => gs.word_space = o.first().map_or(0.0, num),
                "Tz" => gs.scale = o.first().map_or(100.0, num) / 100.0,
                "Ts" => gs.rise = o.first().map_or(0.0, num),
                "Tf" => {
                    if let Some(Object::Name(n)) = o.first() {
                        gs.font = Some(self.font(res, n));
                    }
                    gs.size = o.get(1).map_or(0.0, num);
                }
                "Tj" => {
                    if let Some(Object::String(s, _)) = o.first() {
                        self.show(s, &gs, &mut tm);
                    }
                }
                "'" | "\"" => {
                    if operator == "\"" && o.len() >= 3 {
                        gs.word_space = num(&o[0]);
                        gs.char_space = num(&o[1]);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.leading], &tlm);
                    tm = tlm;
                    if let Some(Object::String(s, _)) = o.last() {
                        self.show(s, &gs, &mut tm);
                    }
                }
                "TJ" => {
                    if let Some(Object::Array(items)) = o.first() {
                        for item in items {
                            match item {
                                Object::String(s, _) => self.show(s, &gs, &mut tm),
                                other => {
                                    let tx = -num(other) / 1000.0 * gs.size * gs.scale;
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                                }
                            }
                        }
                    }
                }
                "m" => {
                    let v = nums(o);
                    if v.len() >= 2 {
                        path.push(vec![apply(&gs.ctm, v[0], v[1])]);
                    }
                }
                "l" | "c" | "v" | "y" => {
                    let v = nums(o);
                    if v.len() >= 2 {
                        let p = apply(&gs.ctm, v[v.len() - 2], v[v.len() - 1]);
                        match path.last_mut() {
                            Some(sub) if sub.len() < 10_000 => sub.push(p),
                            Some(_) => {}
                            None => path.push(vec![p]),
                        }
                    }
                }
                "h" => {
                    if let Some(first) = path.last().and_then(|s| s.first().copied()) {
                        if let Some(sub) = path.last_mut() {
                            sub.push(first);
                        }
                    }
                }
                "re" => {
                    let v = nums(o);
                    if v.len() >= 4 && rects.len() < 10_000 {
                        let (x, y, w, h) = (v[0], v[1], v[2], v[3]);
                        rects.push([
                            apply(&gs.ctm, x, y),
                            apply(&gs.ctm, x + w, y),
                            apply(&gs.ctm, x + w, y + h),
                            apply(&gs.ctm, x, y + h),
                        ]);
                    }
                }
                "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => {
                    let op_name = operator;
                    // s, b and b* close the subpath before painting: the closing edge is
                    // a side of the box too.
                    if matches!(op_name, "s" | "b" | "b*") {
                        if let Some(sub) = path.last_mut() {
                            if let Some(&first) = sub.first() {
                                sub.push(first);
                            }
                        }
                    }
                    if op_name != "n" {
                        let stroke = matches!(op_name, "S" | "s" | "B" | "B*" | "b" | "b*");
                        self.paint(&path, &rects, stroke, op_name != "S" && op_name != "s");
                    }
                    path.clear();
                    rects.clear();
                }
                "Do" => {
                    if let Some(Object::Name(n)) = o.first() {
                        self.form(res, n, &gs);
                    }
                }
                _ => {}
            }
        }
    }

    fn paint(
        &mut self,
        path: &[Vec<(f32, f32)>],
        rects: &[[(f32, f32); 4]],
        stroke: bool,
        fill: bool,
    ) {
        let mut shapes: Vec<&[(f32, f32)]> = path.iter().map(|s| s.as_slice()).collect();
        shapes.extend(rects.iter().map(|r| r.as_slice()));
        for pts in shapes {
            if pts.is_empty() {
                continue;
            }
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for &(x, y) in pts {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if self.out.rules.len() >= 50_000 {
                return;
            }
            if fill && w > 0.8 && h > 0.8 && w < 8.0 && h < 8.0 && w < 2.5 * h && h < 2.5 * w {
                self.out.dots.push(Dot {
                    x: (x0 + x1) / 2.0,
                    y: (y0 + y1) / 2.0,
                    size: w.max(h),
                });
            } else if (fill || stroke) && (w <= 3.0 || h <= 3.0) {
                self.out.rules.push(Rule { x0, y0, x1, y1 });
            } else if stroke {
                // A stroked polyline or box: its straight axis-aligned segments are rules.
                for seg in pts.windows(2) {
                    let ((ax, ay), (bx, by)) = (seg[0], seg[1]);
                    if (ax - bx).abs() < 0.5 || (ay - by).abs() < 0.5 {
                        self.out.rules.push(Rule {
                            x0: ax.min(bx),
                            y0: ay.min(by),
                            x1: ax.max(bx),
                            y1: ay.max(by),
                        });
                    }
                }
            }
        }
    }

    fn form(&mut self, res: &[&'a Dictionary], name: &[u8], gs: &GState) {
        let Some(Object::Reference(id)) = lookup(self.doc, res, b"XObject", name) else {
            return;
        };
        if self.stack.len() >= MAX_FORM_DEPTH || self.stack.contains(id) {
            return;
        }
        let doc = self.doc;
        let Ok(Object::Stream(s)) = doc.get_object(*id) else {
            return;
        };
        if !matches!(s.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form") {
            return;
        }
        let content = match self.forms.get(id) {
            Some(c) => c.clone(),
            None => {
                let Some(bytes) = self.src.read(s) else {
                    return;
                };
                let c = Rc::new(bytes);
                self.forms.insert(*id, c.clone());
                c
            }
        };
        let m = s
            .dict
            .get(b"Matrix")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| matrix(a));
        let ctm = mul(&m.unwrap_or(ID), &gs.ctm);
        let own = s
            .dict
            .get(b"Resources")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok());
        let mut inner: Vec<&'a Dictionary> = Vec::new();
        inner.extend(own);
        inner.extend_from_slice(res);
        self.stack.push(*id);
        self.run(&content, &inner, ctm);
        self.stack.pop();
    }

    fn show(&mut self, bytes: &[u8], gs: &GState, tm: &mut M) {
        let font = gs.font.clone().unwrap_or_else(|| self.fallback.clone());
        let mut codes = std::mem::take(&mut self.codes);
        codes.clear();
        font.decode(bytes, &mut codes);
        for code in &codes {
            let trm = mul(
                &mul(&[gs.size * gs.scale, 0.0, 0.0, gs.size, 0.0, gs.rise], tm),
                &gs.ctm,
            );
            let full = mul(tm, &gs.ctm);
            let adv = code.width * gs.size * gs.scale;
            let w = adv * (full[0] * full[0] + full[1] * full[1]).sqrt();
            let size = gs.size * (full[2] * full[2] + full[3] * full[3]).sqrt();
            // Horizontal scaling and a mirrored text matrix flip the axes with their sign.
            let dir = direction(trm[0], trm[1], trm[2], trm[3]);
            if self.out.glyphs.len() < 2_000_000 {
                self.out.glyphs.push(Glyph {
                    text: code.text.clone(),
                    x: trm[4],
                    y: trm[5],
                    w,
                    size: size.abs(),
                    bold: font.bold,
                    dir,
                });
            }
            let tx = (code.width * gs.size
                + gs.char_space
                + if code.is_space { gs.word_space } else { 0.0 })
                * gs.scale;
            *tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], tm);
        }
        self.codes = codes;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_directions_from_the_text_matrix() {
        assert_eq!(direction(12.0, 0.0, 0.0, 12.0), 0);
        // Turned a quarter anticlockwise (landscape drawn on a portrait page), and clockwise.
        assert_eq!(direction(0.0, 12.0, -12.0, 0.0), 1);
        assert_eq!(direction(0.0, -12.0, 12.0, 0.0), 3);
        assert_eq!(direction(-12.0, 0.0, 0.0, -12.0), 2);
        // Mirrored: advancing left with up still up.
        assert_eq!(direction(-12.0, 0.0, 0.0, 12.0), 6);
        // Italic shear keeps the upright direction; a degenerate space takes its advance.
        assert_eq!(direction(12.0, 0.0, 2.0, 12.0), 0);
        assert_eq!(direction(12.0, 0.0, 12.0, 0.0), 0);
    }
}
