//! Inside the article, what is not the article: containers its class and id words name as
//! furniture (bylines, share bars, related stories), containers that are mostly links or too
//! short and too unlike prose to be part of it (Readability's conditional cleaning), and what
//! a label such as "Related stories" or «اقرأ أيضًا» heads. Decided once per page from a table
//! of what each element holds, made in one walk, so that it costs the same on any page.

use super::find::{is_dropped, text_and_commas, Found};
use super::tree::{Data, Id, Tree, NONE};
use super::words::{is_boilerplate, is_comments, label, opens_with_lead, weight, Heads};

/// What an element holds, in characters that are not white space and in elements.
#[derive(Debug, Clone, Copy, Default)]
struct Holds {
    text: u32,
    links: u32,
    commas: u32,
    headings: u32,
    quoted: u32,
    paragraphs: u32,
    images: u32,
    embeds: u32,
    inputs: u32,
}

impl Holds {
    fn add(&mut self, other: &Holds) {
        self.text += other.text;
        self.links += other.links;
        self.commas += other.commas;
        self.headings += other.headings;
        self.quoted += other.quoted;
        self.paragraphs += other.paragraphs;
        self.images += other.images;
        self.embeds += other.embeds;
        self.inputs += other.inputs;
    }

    fn link_density(&self) -> f64 {
        f64::from(self.links) / f64::from(self.text.max(1))
    }
}

/// The elements under the article's root that are left out, by node id.
pub(crate) struct Cleaning {
    left_out: Vec<bool>,
}

/// Elements that Readability's conditional cleaning judges.
const JUDGED: &[&str] = &["div", "section", "ul", "ol", "form", "fieldset", "dl"];

/// Embedded players and frames: never read, but a block that holds one is likely its frame.
const EMBEDS: &[&str] = &["iframe", "embed", "object", "video", "audio"];

impl Cleaning {
    /// What cleaning leaves out of the article at `root`.
    pub(crate) fn of(tree: &Tree, root: Id, found: Found) -> Cleaning {
        let mut order = Vec::new();
        let mut holds = vec![Holds::default(); tree.nodes.len()];
        let mut at = root;
        while at != NONE {
            let dropped = is_dropped(tree, at, root, found, false);
            if dropped {
                let parent = tree.node(at).parent;
                match tree.tag(at) {
                    Some(tag) if EMBEDS.contains(&tag) => holds[parent as usize].embeds += 1,
                    Some("input" | "select" | "textarea" | "button") => {
                        holds[parent as usize].inputs += 1;
                    }
                    _ => {}
                }
            } else {
                order.push(at);
            }
            at = tree.next_in(root, at, !dropped);
        }
        // Children come after their parents in document order: summed in reverse.
        for &id in order.iter().rev() {
            let own = &mut holds[id as usize];
            match &tree.node(id).data {
                Data::Text(t) => {
                    let (text, commas) = text_and_commas(t);
                    (own.text, own.commas) = (text as u32, commas as u32);
                }
                Data::Element { .. } => match tree.tag(id) {
                    Some("a") => own.links = own.text,
                    Some("p") => own.paragraphs += 1,
                    Some("img") => own.images += 1,
                    Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6") => own.headings = own.text,
                    Some("blockquote") => own.quoted = own.text,
                    _ => {}
                },
                _ => {}
            }
            if id != root {
                let own = *own;
                holds[tree.node(id).parent as usize].add(&own);
            }
        }
        let mut left_out = vec![false; tree.nodes.len()];
        let mut in_figure = vec![false; tree.nodes.len()];
        let whole = holds[root as usize];
        for &id in &order {
            if id == root || !tree.is_element(id) {
                continue;
            }
            let parent = tree.node(id).parent as usize;
            in_figure[id as usize] = in_figure[parent] || tree.tag(id) == Some("figure");
            if left_out[parent] {
                left_out[id as usize] = true;
                continue;
            }
            let judge = Judge {
                tree,
                holds: &holds[id as usize],
                whole: &whole,
                in_figure: in_figure[id as usize],
            };
            let heads = judge.label(id);
            if judge.leaves_out(id, heads) {
                left_out[id as usize] = true;
                // What a label heads goes with it: a list of links after "Related stories",
                // anything after "Comments"; a "Read more" button before the rest of the
                // article does not take the rest.
                if let (Some(heads), Some(next)) = (heads, next_element(tree, id)) {
                    let links = matches!(tree.tag(next), Some("ul" | "ol"))
                        || holds[next as usize].link_density() > 0.5;
                    if heads == Heads::Anything || links {
                        left_out[next as usize] = true;
                    }
                }
            }
        }
        // A short block just before a comment section is its preamble ("We welcome comments;
        // read our guidelines…", «ترحب شبكة CNN بالنقاش…»), even when the section is empty.
        for &id in &order {
            let short = holds[id as usize].text < 400 && holds[id as usize].paragraphs <= 3;
            let open = tree.is_element(id) && id != root && !left_out[id as usize];
            if short && open && next_element(tree, id).is_some_and(|n| is_comments(tree, n)) {
                left_out[id as usize] = true;
            }
        }
        // A heading whose section was left out goes with it.
        for &id in &order {
            if matches!(tree.tag(id), Some("h2" | "h3" | "h4" | "h5" | "h6"))
                && !left_out[id as usize]
            {
                if let Some(next) = next_element(tree, id) {
                    if left_out[next as usize] && !left_out[tree.node(id).parent as usize] {
                        left_out[id as usize] = true;
                    }
                }
            }
        }
        Cleaning { left_out }
    }

    /// Leaves out everything below `root` but `parts` and the elements that lead to them,
    /// when parts are named (a scored block and its siblings or cousins, of an element that
    /// holds more).
    pub(crate) fn keep_only(&mut self, tree: &Tree, root: Id, parts: &[Id]) {
        if parts.is_empty() {
            return;
        }
        let mut leads = vec![false; tree.nodes.len()];
        for &part in parts {
            let mut at = tree.node(part).parent;
            while at != NONE && !leads[at as usize] {
                leads[at as usize] = true;
                if at == root {
                    break;
                }
                at = tree.node(at).parent;
            }
        }
        let mut at = root;
        while at != NONE {
            let keep = at == root || leads[at as usize] || parts.contains(&at);
            if !keep && tree.is_element(at) {
                self.left_out[at as usize] = true;
            }
            let into = leads[at as usize] || at == root;
            at = tree.next_in(root, at, into);
        }
    }

    /// Whether cleaning leaves `id` out, with all it holds.
    pub(crate) fn leaves_out(&self, id: Id) -> bool {
        self.left_out.get(id as usize).copied().unwrap_or(false)
    }
}

/// The element after `id` among its siblings, past white space and comments.
fn next_element(tree: &Tree, id: Id) -> Option<Id> {
    let mut at = tree.node(id).next;
    while at != NONE {
        match &tree.node(at).data {
            Data::Element { .. } => return Some(at),
            Data::Text(t) if !t.trim().is_empty() => return None,
            _ => at = tree.node(at).next,
        }
    }
    None
}

struct Judge<'a> {
    tree: &'a Tree,
    holds: &'a Holds,
    whole: &'a Holds,
    in_figure: bool,
}

impl Judge<'_> {
    /// Whether `id` is left out; `heads`: what it heads when it is a label ([`Judge::label`]).
    fn leaves_out(&self, id: Id, heads: Option<Heads>) -> bool {
        let tree = self.tree;
        let h = self.holds;
        let Some(tag) = tree.tag(id) else {
            return false;
        };
        // An element that holds most of the article's prose is the article, whatever its
        // class says (`content-with-sidebar-wrp`); one that holds most of its text is not
        // judged by its links, which the choice of the article already weighed.
        let bulk = h.text * 2 > self.whole.text;
        if (bulk && h.link_density() < 0.3) || h.text * 5 > self.whole.text * 4 {
            return false;
        }
        if heads.is_some() || self.is_lead(id) || self.is_teaser(id) || self.is_bare_figure(id) {
            return true;
        }
        // A block that is mostly a quotation is the article quoting a post, whatever its
        // class and links (`social-media-embed` around an embedded tweet): a share bar or a
        // list of links quotes nothing.
        if h.quoted * 2 > h.text {
            return false;
        }
        let named = !matches!(tag, "tr" | "td" | "th" | "tbody" | "thead" | "tfoot")
            && tree
                .attr(id, "itemprop")
                .is_none_or(|v| !v.contains("articleBody"))
            && is_boilerplate(tree, id);
        if named {
            return true;
        }
        if bulk || !JUDGED.contains(&tag) || h.commas >= 10 {
            return false;
        }
        let list = matches!(tag, "ul" | "ol" | "dl");
        let weight = weight(tree, id);
        let density = h.link_density();
        let heading_density = f64::from(h.headings) / f64::from(h.text.max(1));
        h.inputs > h.paragraphs / 3
            || (!list
                && heading_density < 0.9
                && h.text < 25
                && (h.images == 0 || h.images > 2)
                && !self.in_figure
                && !self.is_sentence(id))
            || (!list && weight < 25 && density > 0.2)
            || (weight >= 25 && density > 0.5)
            || (h.embeds == 1 && h.text < 75)
            || h.embeds > 1
    }

    /// Whether the element's text ends as a sentence does ("Webb emerged, naked."), which
    /// a control ("Close", "Back to Gallery") or a label ("Advertisement") does not.
    fn is_sentence(&self, id: Id) -> bool {
        let text = self.tree.text(id);
        let end = text
            .trim_end()
            .trim_end_matches(['"', '”', '’', '\'', ')', '»']);
        end.ends_with(['.', '!', '?', '؟', '。', '…', '۔'])
    }

    /// Whether the element is a paragraph that is one link and nothing more: a headline of
    /// another story set among the article's paragraphs ("CO-FOUNDER 'PROUD' OF HOME DEPOT
    /// EMPLOYEES…"), not a sentence of the article. A heading that is a link is kept (the
    /// products of a buying guide), and so is an address written out (a source cited).
    fn is_teaser(&self, id: Id) -> bool {
        let h = self.holds;
        self.tree.tag(id) == Some("p")
            && h.text > 0
            && h.text < 200
            && h.links * 10 >= h.text * 9
            && !["http", "www."]
                .iter()
                .any(|a| self.tree.text(id).trim_start().starts_with(a))
    }

    /// Whether the element is a figure without its picture: a caption and a credit ("Image
    /// copyright Getty Images") around a picture the page loads by script, which the book
    /// cannot have. A figure of a quotation, a listing, a table or a drawing is not bare.
    fn is_bare_figure(&self, id: Id) -> bool {
        const FIGURES: &[&str] = &[
            "img",
            "picture",
            "svg",
            "math",
            "video",
            "audio",
            "iframe",
            "object",
            "embed",
            "canvas",
            "table",
            "pre",
            "code",
            "blockquote",
            "ul",
            "ol",
            "dl",
        ];
        self.tree.tag(id) == Some("figure")
            && self.holds.text < 300
            && self.holds.images == 0
            && self.holds.embeds == 0
            && !self
                .tree
                .descendants(id)
                .any(|n| self.tree.tag(n).is_some_and(|t| FIGURES.contains(&t)))
    }

    /// Whether the element is a line of links led by a label («اقرأ أيضًا: …»).
    fn is_lead(&self, id: Id) -> bool {
        matches!(self.tree.tag(id), Some("p" | "li" | "div"))
            && self.holds.text < 400
            && self.holds.link_density() >= 0.5
            && opens_with_lead(&self.tree.text(id))
    }

    /// What the element heads, when it is a label that heads what is not the article
    /// ("Related stories", «التعليقات»): a heading or a short block whose whole text is one.
    fn label(&self, id: Id) -> Option<Heads> {
        if self.holds.text > 40 {
            return None;
        }
        let heading = matches!(
            self.tree.tag(id),
            Some("h2" | "h3" | "h4" | "h5" | "h6" | "p" | "div" | "span" | "strong" | "header")
        );
        heading.then(|| label(&self.tree.text(id))).flatten()
    }
}
