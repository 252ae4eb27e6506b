//! The state a document is read with: what its parts share (styles, lists, relationships,
//! media, the notes referred to) and what the reading tallies (languages and directions).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::front::Front;
use super::numbering::Numbering;
use super::package::{Package, Relationships};
use super::styles::Styles;
use warraq_core::lang::LanguageTag;
use warraq_core::warning::Warning;

/// Reads a document's parts into blocks.
pub(crate) struct Reader<'a, 'p> {
    /// The document, for messages.
    pub path: &'a Path,
    /// The package, for media.
    pub(crate) package: &'a mut Package<'p>,
    /// The styles.
    pub(crate) styles: Styles,
    /// The lists.
    pub(crate) numbering: Numbering,
    /// The relationships of the part being read.
    pub(crate) rels: Relationships,
    /// The media read so far, by part name.
    pub(crate) resources: BTreeMap<String, Arc<[u8]>>,
    /// Warnings, for the caller.
    pub warnings: &'a mut Vec<Warning>,
    /// The notes referred to, in order: footnote or endnote, and id.
    pub(crate) refs: Vec<(bool, String)>,
    /// The same, to look up.
    pub(crate) referred: HashSet<(bool, String)>,
    /// Where the part being read is, for messages: `""` for the body, `footnote 2, ` in a note.
    pub place: String,
    /// Paragraphs read in the current part.
    pub(crate) paragraphs: usize,
    /// The first Title paragraph: its index among the top-level blocks when it is one, and
    /// its text.
    pub title: Option<(Option<usize>, String)>,
    /// What the body's `Author`, `Date` and `Abstract` paragraphs say.
    pub(crate) front: Front,
    /// Whether text read now counts towards the document's language and direction.
    pub(crate) counting: bool,
    /// Characters of text by language, in the order the languages appear.
    pub(crate) lang_tally: Vec<(LanguageTag, usize)>,
    /// Characters of text in right-to-left and left-to-right paragraphs.
    pub(crate) dir_tally: [usize; 2],
    languages: HashMap<String, Option<LanguageTag>>,
    /// How far each list has counted, by list and level.
    pub(crate) counters: HashMap<(String, u8), u64>,
}

impl<'a, 'p> Reader<'a, 'p> {
    /// A reader of a document with these styles, lists and main part's relationships.
    pub(crate) fn new(
        path: &'a Path,
        package: &'a mut Package<'p>,
        styles: Styles,
        numbering: Numbering,
        rels: Relationships,
        warnings: &'a mut Vec<Warning>,
    ) -> Self {
        Reader {
            path,
            package,
            styles,
            numbering,
            rels,
            resources: BTreeMap::new(),
            warnings,
            refs: Vec::new(),
            referred: HashSet::new(),
            place: String::new(),
            paragraphs: 0,
            title: None,
            front: Front::default(),
            counting: true,
            lang_tally: Vec::new(),
            dir_tally: [0; 2],
            languages: HashMap::new(),
            counters: HashMap::new(),
        }
    }

    /// A `w:lang` value as a tag; one that is not well-formed is ignored.
    pub(crate) fn language(&mut self, value: &str) -> Option<LanguageTag> {
        if let Some(tag) = self.languages.get(value) {
            return tag.clone();
        }
        let tag = LanguageTag::parse(value).ok();
        self.languages.insert(value.to_string(), tag.clone());
        tag
    }
}
