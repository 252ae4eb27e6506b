//! `styles.xml`: what a paragraph's style makes of it (title, heading level, caption,
//! direction, list) and the run formatting styles and the document's defaults give.
//!
//! Word localises style ids and names (an Arabic Word writes its own ids), so a heading is
//! known by its id, by its built-in English name (which Word keeps), or by its outline level;
//! `basedOn` chains are followed, with a guard against cycles.

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::xml::{child, child_val, is_w, on_off, w_attr};

/// Vertical alignment of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Vert {
    /// Raised.
    Super,
    /// Lowered.
    Sub,
    /// On the baseline.
    Baseline,
}

/// Run properties (`w:rPr`) as stated; `None` inherits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RunProps {
    /// `w:b`.
    pub bold: Option<bool>,
    /// `w:bCs`, bold for complex-script (right-to-left) text.
    pub(crate) bold_cs: Option<bool>,
    /// `w:i`.
    pub(crate) italic: Option<bool>,
    /// `w:iCs`.
    pub(crate) italic_cs: Option<bool>,
    /// `w:u` other than `none`.
    pub(crate) underline: Option<bool>,
    /// `w:strike` or `w:dstrike`.
    pub(crate) strike: Option<bool>,
    /// `w:vertAlign`.
    pub(crate) vert: Option<Vert>,
    /// `w:rtl`.
    pub(crate) rtl: Option<bool>,
    /// `w:cs`: complex-script formatting.
    pub(crate) cs: Option<bool>,
    /// `w:vanish`: hidden text.
    pub(crate) hidden: Option<bool>,
    /// `w:lang w:val`, for ordinary text.
    pub lang: Option<String>,
    /// `w:lang w:bidi`, for complex-script text.
    pub(crate) lang_bidi: Option<String>,
}

impl RunProps {
    /// The properties an `rPr` element states.
    pub(crate) fn read(rpr: Node) -> RunProps {
        let lang = child(rpr, "lang");
        let attr = |name| {
            lang.and_then(|l| w_attr(l, name))
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let strike = match (on_off(rpr, "strike"), on_off(rpr, "dstrike")) {
            (Some(a), Some(b)) => Some(a || b),
            (a, b) => a.or(b),
        };
        RunProps {
            bold: on_off(rpr, "b"),
            bold_cs: on_off(rpr, "bCs"),
            italic: on_off(rpr, "i"),
            italic_cs: on_off(rpr, "iCs"),
            underline: child_val(rpr, "u")
                .map(|v| v != "none")
                .or_else(|| child(rpr, "u").map(|_| true)),
            strike,
            vert: child_val(rpr, "vertAlign").map(|v| match v {
                "superscript" => Vert::Super,
                "subscript" => Vert::Sub,
                _ => Vert::Baseline,
            }),
            rtl: on_off(rpr, "rtl"),
            cs: on_off(rpr, "cs"),
            hidden: on_off(rpr, "vanish"),
            lang: attr("val"),
            lang_bidi: attr("bidi"),
        }
    }

    /// These properties with what `over` states laid on top.
    pub(crate) fn with(&self, over: &RunProps) -> RunProps {
        RunProps {
            bold: over.bold.or(self.bold),
            bold_cs: over.bold_cs.or(self.bold_cs),
            italic: over.italic.or(self.italic),
            italic_cs: over.italic_cs.or(self.italic_cs),
            underline: over.underline.or(self.underline),
            strike: over.strike.or(self.strike),
            vert: over.vert.or(self.vert),
            rtl: over.rtl.or(self.rtl),
            cs: over.cs.or(self.cs),
            hidden: over.hidden.or(self.hidden),
            lang: over.lang.clone().or_else(|| self.lang.clone()),
            lang_bidi: over.lang_bidi.clone().or_else(|| self.lang_bidi.clone()),
        }
    }
}

/// Paragraph properties (`w:pPr`) as stated; `None` inherits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ParaProps {
    /// `w:pStyle`.
    pub(crate) style: Option<String>,
    /// `w:bidi`: a right-to-left paragraph.
    pub(crate) bidi: Option<bool>,
    /// `w:outlineLvl`, 0 to 9.
    pub(crate) outline: Option<u8>,
    /// `w:numPr/w:numId`.
    pub(crate) num_id: Option<String>,
    /// `w:numPr/w:ilvl`.
    pub(crate) ilvl: Option<u8>,
}

impl ParaProps {
    /// The properties a `pPr` element states.
    pub(crate) fn read(ppr: Node) -> ParaProps {
        let num = child(ppr, "numPr");
        ParaProps {
            style: child_val(ppr, "pStyle").map(str::to_string),
            bidi: on_off(ppr, "bidi"),
            outline: child_val(ppr, "outlineLvl").and_then(|v| v.trim().parse().ok()),
            num_id: num
                .and_then(|n| child_val(n, "numId"))
                .map(|v| v.trim().to_string()),
            ilvl: num
                .and_then(|n| child_val(n, "ilvl"))
                .and_then(|v| v.trim().parse().ok()),
        }
    }
}

/// What a paragraph is, by its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The document's title (style `Title`).
    Title,
    /// Its subtitle (style `Subtitle`): a paragraph, never a heading.
    Subtitle,
    /// One of its authors, or several (style `Author`).
    Author,
    /// Its date (style `Date`).
    Date,
    /// A paragraph of its abstract (style `Abstract`).
    Abstract,
    /// A heading, 1 to 6.
    Heading(u8),
    /// A caption (style `Caption`).
    Caption,
    /// A quotation (styles `Quote`, `Intense Quote`).
    Quote,
    /// Anything else.
    Body,
}

/// A paragraph's properties with its style's and the defaults' resolved.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    /// Its role, `None` for body text.
    pub(crate) role: Option<Role>,
    /// Right to left.
    pub(crate) rtl: bool,
    /// Its list, when it is an item of one: `numId` and level.
    pub(crate) list: Option<(String, u8)>,
    /// The run properties its style and the defaults give its runs.
    pub(crate) run: RunProps,
}

#[derive(Debug, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    para: ParaProps,
    run: RunProps,
}

/// The styles of a document.
#[derive(Debug, Default)]
pub(crate) struct Styles {
    by_id: HashMap<String, Style>,
    default_paragraph: Option<String>,
    para_defaults: ParaProps,
    run_defaults: RunProps,
}

impl Styles {
    /// Reads `styles.xml`.
    pub(crate) fn read(doc: &Document) -> Styles {
        let mut styles = Styles::default();
        let root = doc.root_element();
        if let Some(defaults) = child(root, "docDefaults") {
            let props = |outer, inner| child(defaults, outer).and_then(|d| child(d, inner));
            if let Some(rpr) = props("rPrDefault", "rPr") {
                styles.run_defaults = RunProps::read(rpr);
            }
            if let Some(ppr) = props("pPrDefault", "pPr") {
                styles.para_defaults = ParaProps::read(ppr);
            }
        }
        for node in root.children().filter(|n| is_w(*n, "style")) {
            let Some(id) = w_attr(node, "styleId") else {
                continue;
            };
            let paragraph = w_attr(node, "type").is_none_or(|t| t == "paragraph");
            if paragraph
                && matches!(w_attr(node, "default"), Some("1" | "true" | "on"))
                && styles.default_paragraph.is_none()
            {
                styles.default_paragraph = Some(id.to_string());
            }
            let style = Style {
                name: child_val(node, "name").unwrap_or_default().to_lowercase(),
                based_on: child_val(node, "basedOn").map(str::to_string),
                para: child(node, "pPr").map(ParaProps::read).unwrap_or_default(),
                run: child(node, "rPr").map(RunProps::read).unwrap_or_default(),
            };
            styles.by_id.entry(id.to_string()).or_insert(style);
        }
        styles
    }

    /// The style `id` and those it is based on, nearest first; a cycle ends the chain.
    fn chain(&self, id: &str) -> Vec<(&str, &Style)> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some((key, style)) = self.by_id.get_key_value(id) else {
                break;
            };
            if !seen.insert(id) {
                break;
            }
            out.push((key.as_str(), style));
            next = style.based_on.as_deref();
        }
        out
    }

    /// A paragraph with these direct properties, resolved through its style and the
    /// defaults.
    pub(crate) fn paragraph(&self, direct: &ParaProps) -> Resolved {
        let id = direct
            .style
            .as_deref()
            .or(self.default_paragraph.as_deref());
        let chain = id.map(|id| self.chain(id)).unwrap_or_default();
        let stated = |f: &dyn Fn(&ParaProps) -> Option<u8>| {
            f(direct).or_else(|| chain.iter().find_map(|(_, s)| f(&s.para)))
        };
        let own = id.map(|id| (id, chain.first().map(|(_, s)| s.name.as_str())));
        let role = own
            .and_then(|(id, name)| role_by_name(id, name.unwrap_or_default()))
            .or_else(|| inherited_front(&chain))
            .filter(|r| r.is_front() || direct.outline.is_none());
        let role = role.or_else(|| {
            let level = stated(&|p| p.outline)?;
            (level <= 5).then_some(Role::Heading(level + 1))
        });
        let bidi = direct
            .bidi
            .or_else(|| chain.iter().find_map(|(_, s)| s.para.bidi))
            .or(self.para_defaults.bidi)
            .unwrap_or(false);
        let num_id = direct
            .num_id
            .clone()
            .or_else(|| chain.iter().find_map(|(_, s)| s.para.num_id.clone()));
        let ilvl = stated(&|p| p.ilvl).unwrap_or(0);
        let mut run = self.run_defaults.clone();
        for (_, style) in chain.iter().rev() {
            run = run.with(&style.run);
        }
        Resolved {
            role: role.filter(|r| *r != Role::Body),
            rtl: bidi,
            list: num_id.filter(|n| n != "0").map(|n| (n, ilvl.min(8))),
            run,
        }
    }

    /// The run properties a character style (`w:rStyle`) gives.
    pub(crate) fn character(&self, id: &str) -> RunProps {
        let mut run = RunProps::default();
        for (_, style) in self.chain(id).iter().rev() {
            run = run.with(&style.run);
        }
        run
    }
}

impl Role {
    /// Whether it is one of the paragraphs that say what the document is (title, subtitle,
    /// author, date, abstract): these keep their role whatever outline level they state.
    pub(crate) fn is_front(self) -> bool {
        matches!(
            self,
            Role::Title | Role::Subtitle | Role::Author | Role::Date | Role::Abstract
        )
    }
}

/// The role of the nearest style a chain is based on that is a title, subtitle, author, date
/// or abstract (a house style based on `Author` names authors too). A style nearer than it
/// that states an outline level decides instead, as it does for headings.
fn inherited_front(chain: &[(&str, &Style)]) -> Option<Role> {
    for (nearness, (id, style)) in chain.iter().enumerate() {
        let role = role_by_name(id, &style.name).filter(|r| r.is_front());
        if let Some(role) = role.filter(|_| nearness > 0) {
            return Some(role);
        }
        if style.para.outline.is_some() {
            return None;
        }
    }
    None
}

/// What a style's own id or built-in name says it is.
fn role_by_name(id: &str, name: &str) -> Option<Role> {
    let id = id.to_lowercase();
    let heading = |s: &str| {
        let n: u8 = s.trim().parse().ok()?;
        (1..=6).contains(&n).then_some(Role::Heading(n))
    };
    let front = [
        ("title", Role::Title),
        ("subtitle", Role::Subtitle),
        ("author", Role::Author),
        ("date", Role::Date),
        ("abstract", Role::Abstract),
    ];
    if let Some((_, role)) = front.iter().find(|(n, _)| name == *n || id == *n) {
        return Some(*role);
    }
    if let Some(role) = name
        .strip_prefix("heading")
        .and_then(heading)
        .or_else(|| id.strip_prefix("heading").and_then(heading))
    {
        return Some(role);
    }
    if name == "caption" || id == "caption" {
        return Some(Role::Caption);
    }
    if matches!(name, "quote" | "intense quote") || matches!(id.as_str(), "quote" | "intensequote")
    {
        return Some(Role::Quote);
    }
    None
}
