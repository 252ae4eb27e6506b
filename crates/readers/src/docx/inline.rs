//! A paragraph's runs into pieces of text, each with the formatting, language, direction and
//! link it carries: hyperlinks, fields (instructions dropped, results kept), tracked changes
//! (insertions kept, deletions dropped), content controls and smart tags (kept), comments
//! (dropped). The walk keeps its own stack, so no nesting of wrappers exhausts ours.

use roxmltree::Node;

use super::reader::Reader;
use super::styles::{Resolved, RunProps, Vert};
use super::symbols;
use super::xml::{child, child_val, is_mc, is_w, r_attr, w_attr};
use warraq_core::document::Image;
use warraq_core::error::Result;
use warraq_core::lang::LanguageTag;

/// What a piece of a paragraph is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Leaf {
    /// Text.
    Text(String),
    /// A line break.
    Break,
    /// A page or column break: the paragraph goes on as a new one.
    PageBreak,
    /// A reference to a note, by label.
    NoteRef(String),
    /// An image.
    Image(Image),
}

/// How a piece is dressed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Dress {
    /// The link it is part of.
    pub link: Option<String>,
    /// Its language.
    pub lang: Option<LanguageTag>,
    /// A right-to-left run (`w:rtl`).
    pub(crate) rtl: bool,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub(crate) italic: bool,
    /// Underlined.
    pub(crate) underline: bool,
    /// Struck through.
    pub(crate) strike: bool,
    /// Raised or lowered.
    pub(crate) vert: Option<Vert>,
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    /// How it is dressed.
    pub(crate) dress: Dress,
    /// What it is.
    pub(crate) leaf: Leaf,
}

/// A field being read: its instruction until `separate`, then its result.
#[derive(Debug, Default)]
struct Field {
    in_result: bool,
    instruction: String,
    link: Option<String>,
}

/// Where the walk is: the link and direction the wrappers around a node give.
#[derive(Debug, Clone, Default)]
struct Around {
    link: Option<String>,
    rtl: Option<bool>,
}

impl Reader<'_, '_> {
    /// The pieces of paragraph `p`, whose properties resolve to `para`.
    pub(crate) fn pieces(&mut self, p: Node, para: &Resolved) -> Result<Vec<Piece>> {
        let mut out = Vec::new();
        let mut fields: Vec<Field> = Vec::new();
        let mut stack: Vec<(Node, Around)> = Vec::new();
        push_children(&mut stack, p, &Around::default());
        while let Some((node, around)) = stack.pop() {
            if is_w(node, "r") {
                self.run(node, &around, para, &mut fields, &mut out)?;
            } else if is_w(node, "hyperlink") {
                let href = r_attr(node, "id")
                    .and_then(|id| self.rels.get(id))
                    .filter(|rel| rel.external)
                    .map(|rel| rel.target.clone());
                let inner = Around {
                    link: href.or(around.link.clone()),
                    ..around.clone()
                };
                push_children(&mut stack, node, &inner);
            } else if is_w(node, "dir") || is_w(node, "bdo") {
                let inner = Around {
                    rtl: Some(w_attr(node, "val") == Some("rtl")),
                    ..around.clone()
                };
                push_children(&mut stack, node, &inner);
            } else if [
                "ins",
                "moveTo",
                "smartTag",
                "customXml",
                "fldSimple",
                "sdt",
                "sdtContent",
            ]
            .iter()
            .any(|name| is_w(node, name))
            {
                push_children(&mut stack, node, &around);
            } else if is_mc(node, "AlternateContent") {
                if let Some(choice) = alternative(node) {
                    push_children(&mut stack, choice, &around);
                }
            }
            // Everything else is dropped: w:del, w:moveFrom, comments, bookmarks, proofing
            // marks, properties.
        }
        Ok(out)
    }

    fn run(
        &mut self,
        r: Node,
        around: &Around,
        para: &Resolved,
        fields: &mut Vec<Field>,
        out: &mut Vec<Piece>,
    ) -> Result<()> {
        let rpr = child(r, "rPr");
        let character = rpr
            .and_then(|rpr| child_val(rpr, "rStyle"))
            .map(|id| self.styles.character(id))
            .unwrap_or_default();
        let direct = rpr.map(RunProps::read).unwrap_or_default();
        let stated = character.with(&direct);
        let all = para.run.with(&stated);
        let mut leaves = Vec::new();
        let mut text_of_run = String::new();
        let mut queue: Vec<Node> = r.children().collect();
        queue.reverse();
        while let Some(c) = queue.pop() {
            if is_w(c, "fldChar") {
                match w_attr(c, "fldCharType") {
                    Some("begin") => fields.push(Field::default()),
                    Some("separate") => {
                        if let Some(field) = fields.last_mut() {
                            field.in_result = true;
                            field.link = hyperlink_field(&field.instruction);
                        }
                    }
                    Some("end") => {
                        fields.pop();
                    }
                    _ => {}
                }
                continue;
            }
            if is_w(c, "instrText") {
                if let Some(field) = fields.last_mut().filter(|f| !f.in_result) {
                    field.instruction.push_str(c.text().unwrap_or_default());
                }
                continue;
            }
            if fields.iter().any(|f| !f.in_result) || all.hidden == Some(true) {
                continue;
            }
            if is_mc(c, "AlternateContent") {
                if let Some(choice) = alternative(c) {
                    let mut inner: Vec<Node> = choice.children().collect();
                    inner.reverse();
                    queue.extend(inner);
                }
                continue;
            }
            let name = c.tag_name().name();
            let leaf = if !c.is_element() || !is_w(c, name) {
                None
            } else {
                match name {
                    "t" => Some(Leaf::Text(c.text().unwrap_or_default().to_string())),
                    "tab" | "ptab" => Some(Leaf::Text(" ".into())),
                    "noBreakHyphen" => Some(Leaf::Text("\u{2011}".into())),
                    "softHyphen" => Some(Leaf::Text("\u{AD}".into())),
                    "cr" => Some(Leaf::Break),
                    "br" => Some(match w_attr(c, "type") {
                        Some("page" | "column") => Leaf::PageBreak,
                        _ => Leaf::Break,
                    }),
                    "sym" => w_attr(c, "char")
                        .and_then(|code| symbols::character(w_attr(c, "font"), code))
                        .map(|ch| Leaf::Text(ch.to_string())),
                    "footnoteReference" | "endnoteReference" => w_attr(c, "id").map(|id| {
                        let footnote = name == "footnoteReference";
                        self.refer(footnote, id);
                        Leaf::NoteRef(format!("{}-{id}", if footnote { "fn" } else { "en" }))
                    }),
                    "drawing" => Some(self.drawing(c)?),
                    "pict" | "object" => self.vml(c)?,
                    _ => None,
                }
            };
            if let Some(leaf) = leaf {
                if let Leaf::Text(t) = &leaf {
                    text_of_run.push_str(t);
                }
                leaves.push(leaf);
            }
        }
        if leaves.is_empty() {
            return Ok(());
        }
        let rtl = around.rtl.or(all.rtl).unwrap_or(false);
        let complex = rtl || all.cs == Some(true) || text_of_run.chars().any(is_rtl_char);
        let lang = if complex {
            all.lang_bidi.as_deref().or(all.lang.as_deref())
        } else {
            all.lang.as_deref()
        };
        let (bold, italic) = if complex {
            (
                stated.bold_cs.or(stated.bold),
                stated.italic_cs.or(stated.italic),
            )
        } else {
            (stated.bold, stated.italic)
        };
        let link = fields
            .iter()
            .rev()
            .find_map(|f| f.link.clone())
            .or_else(|| around.link.clone());
        let dress = Dress {
            link,
            lang: lang.and_then(|l| self.language(l)),
            rtl,
            bold: bold.unwrap_or(false),
            italic: italic.unwrap_or(false),
            underline: stated.underline.unwrap_or(false),
            strike: stated.strike.unwrap_or(false),
            vert: stated.vert.filter(|v| *v != Vert::Baseline),
        };
        out.extend(leaves.into_iter().map(|leaf| Piece {
            dress: dress.clone(),
            leaf,
        }));
        Ok(())
    }
}

/// Pushes the children of `node` so that they pop in document order.
fn push_children<'a, 'i>(
    stack: &mut Vec<(Node<'a, 'i>, Around)>,
    node: Node<'a, 'i>,
    around: &Around,
) {
    let start = stack.len();
    stack.extend(
        node.children()
            .filter(|c| c.is_element())
            .map(|c| (c, around.clone())),
    );
    stack[start..].reverse();
}

/// The branch of an `mc:AlternateContent` to read: its first choice, else its fallback.
pub(crate) fn alternative<'a, 'i>(node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| is_mc(*c, "Choice"))
        .or_else(|| node.children().find(|c| is_mc(*c, "Fallback")))
}

/// The address of a `HYPERLINK "…"` field that leaves the document (`\l` targets a
/// bookmark inside it).
fn hyperlink_field(instruction: &str) -> Option<String> {
    let rest = instruction.trim().strip_prefix("HYPERLINK")?.trim();
    if rest.starts_with("\\l") {
        return None;
    }
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(rest[..end].to_string()).filter(|s| !s.is_empty())
}

/// Whether a character belongs to a script written right to left (Hebrew, Arabic, Syriac,
/// Thaana, N'Ko and their presentation forms).
pub(crate) fn is_rtl_char(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}' | '\u{10800}'..='\u{10FFF}' | '\u{1E800}'..='\u{1EFFF}')
}
