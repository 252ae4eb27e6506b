//! The font faces a title may be set in: each face's family, weight and style read from its
//! own tables (skrifa), its bytes loaded when it is first used, and the CSS rule for which
//! face of a family answers a request for a weight. The files come from [`crate::fonts`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::fonts;

use skrifa::attribute::Style;
use skrifa::instance::Location;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider, Tag};

/// The weight axis of a variable font.
const WGHT: Tag = Tag::new(b"wght");

/// The weight of bold text (CSS `bold`).
pub(crate) const BOLD: u16 = 700;
/// The weight of regular text (CSS `normal`).
pub(crate) const NORMAL: u16 = 400;

/// One face of a font file (a collection holds several).
#[derive(Clone)]
pub(crate) struct Face {
    /// Its family's name, in English where the font gives one.
    pub family: String,
    /// Its weight, 1–1000 (400 regular, 700 bold).
    pub(crate) weight: u16,
    /// Whether it is italic or oblique.
    pub(crate) italic: bool,
    /// The weights a variable face can be set at (its `wght` axis), when it has that axis.
    pub(crate) weights: Option<(f32, f32)>,
    origin: Origin,
    index: u32,
    /// The file's bytes, read once when the face is first used (a full scan of the system's
    /// fonts names hundreds of faces and uses two or three).
    bytes: Arc<OnceLock<Option<Arc<Vec<u8>>>>>,
    /// The face as the shaper reads it, made once.
    shaper_font: Arc<OnceLock<Option<harfrust::Font>>>,
}

#[derive(Clone)]
enum Origin {
    File(PathBuf),
    Bytes,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("family", &self.family)
            .field("weight", &self.weight)
            .field("italic", &self.italic)
            .finish_non_exhaustive()
    }
}

impl Face {
    /// The face's bytes (`None` when its file can no longer be read).
    pub(crate) fn bytes(&self) -> Option<&Arc<Vec<u8>>> {
        self.bytes
            .get_or_init(|| match &self.origin {
                Origin::File(path) => fonts::bytes(path).map(Arc::new),
                Origin::Bytes => None,
            })
            .as_ref()
    }

    /// The face, parsed.
    pub(crate) fn font(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(self.bytes()?, self.index).ok()
    }

    /// The face as HarfRust reads it, at `weight` when it is a variable face.
    pub(crate) fn shaper_font(&self, weight: u16) -> Option<harfrust::Font> {
        let font = self
            .shaper_font
            .get_or_init(|| {
                let bytes: Arc<dyn AsRef<[u8]> + Send + Sync> = self.bytes()?.clone();
                harfrust::Font::new(bytes, self.index)
            })
            .as_ref()?;
        Some(match self.weight_at(weight) {
            Some(wght) => font
                .instance_builder()
                .variations([(harfrust::Tag::new(b"wght"), wght)])
                .build(),
            None => font.clone(),
        })
    }

    /// Where in the face's design space `weight` is: its `wght` axis set to the weight (as
    /// near as the axis goes), or the default place of a face that does not vary.
    pub(crate) fn location(&self, weight: u16) -> Location {
        // Asked for every glyph drawn: a face that does not vary is not parsed for it.
        let Some(wght) = self.weight_at(weight) else {
            return Location::default();
        };
        self.font().map_or_else(Location::default, |font| {
            font.axes().location([(WGHT, wght)])
        })
    }

    /// The `wght` value to set a variable face at for `weight`.
    fn weight_at(&self, weight: u16) -> Option<f32> {
        let (min, max) = self.weights?;
        Some(f32::from(weight).clamp(min, max))
    }

    /// The weight this face is nearest to for a request of `weight`.
    fn weight_for(&self, weight: u16) -> u16 {
        match self.weight_at(weight) {
            Some(wght) => wght.round() as u16,
            None => self.weight,
        }
    }

    /// Whether the face has a glyph for `c`.
    pub(crate) fn has(&self, c: char) -> bool {
        self.font()
            .and_then(|font| font.charmap().map(c))
            .is_some_and(|glyph| glyph.to_u32() != 0)
    }
}

/// A set of faces.
#[derive(Clone, Default, Debug)]
pub(crate) struct Faces {
    faces: Vec<Face>,
}

impl Faces {
    /// How many faces.
    pub(crate) fn len(&self) -> usize {
        self.faces.len()
    }

    /// The faces, in the order they were added.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Face> {
        self.faces.iter()
    }

    /// The face at `index` (as [`Faces::query`] returns them).
    pub(crate) fn get(&self, index: usize) -> &Face {
        &self.faces[index]
    }

    /// Adds every face of `other` after these.
    pub(crate) fn extend(&mut self, other: Faces) {
        self.faces.extend(other.faces);
    }

    /// Adds every face of a font file's bytes; the family of the first, or `None` when the
    /// bytes hold no font.
    pub(crate) fn add_bytes(&mut self, bytes: Arc<Vec<u8>>) -> Option<String> {
        let before = self.faces.len();
        self.add(&bytes, Origin::Bytes, Some(&bytes));
        self.faces.get(before).map(|face| face.family.clone())
    }

    /// Adds every face of the font file at `path`; a file that cannot be read or holds no
    /// font is skipped, as a scan of a font directory skips it. With `keep`, the bytes read
    /// are held for when a face is used (a family about to be tried); without, a face reads
    /// its file again when it is first used (a scan of every font, of which few are used).
    pub(crate) fn add_file(&mut self, path: &Path, keep: bool) {
        if let Some(bytes) = fonts::bytes(path) {
            let bytes = Arc::new(bytes);
            let keep = keep.then_some(&bytes);
            self.add(&bytes, Origin::File(path.to_path_buf()), keep);
        }
    }

    /// Adds the faces of `family`'s files, found by their names; how many that added.
    pub(crate) fn add_family(&mut self, family: &str) -> usize {
        let before = self.len();
        for path in fonts::family_files(family) {
            self.add_file(path, true);
        }
        self.len() - before
    }

    /// Every face in the font directories, read once per process (a batch draws many covers).
    pub(crate) fn system() -> Faces {
        static SYSTEM: OnceLock<Faces> = OnceLock::new();
        SYSTEM.get_or_init(Faces::scan).clone()
    }

    /// Every face in the font directories, read now.
    pub(crate) fn scan() -> Faces {
        let mut faces = Faces::default();
        for path in fonts::files() {
            faces.add_file(path, false);
        }
        faces
    }

    /// Adds the faces of `data`; `keep` is the bytes to hold on to (bytes given, or a file
    /// about to be used); without it a file is read again when a face of it is first used.
    fn add(&mut self, data: &[u8], origin: Origin, keep: Option<&Arc<Vec<u8>>>) {
        let count = match skrifa::raw::FileRef::new(data) {
            Ok(skrifa::raw::FileRef::Collection(collection)) => collection.len(),
            Ok(skrifa::raw::FileRef::Font(_)) => 1,
            Err(_) => return,
        };
        // One copy of the bytes for every face of a collection.
        let bytes = Arc::new(OnceLock::new());
        if let Some(keep) = keep {
            let _ = bytes.set(Some(Arc::clone(keep)));
        }
        for index in 0..count {
            let Ok(font) = FontRef::from_index(data, index) else {
                continue;
            };
            let Some(family) = family_name(&font) else {
                continue;
            };
            let attributes = font.attributes();
            let weights = font
                .axes()
                .get_by_tag(WGHT)
                .map(|axis| (axis.min_value(), axis.max_value()));
            self.faces.push(Face {
                family,
                weight: attributes.weight.value().round().clamp(1.0, 1000.0) as u16,
                italic: attributes.style != Style::Normal,
                weights,
                origin: origin.clone(),
                index,
                bytes: Arc::clone(&bytes),
                shaper_font: Arc::new(OnceLock::new()),
            });
        }
    }

    /// The face of `family` (matched without regard to case) that answers a request for
    /// `weight`, upright faces first, by the CSS font-matching rule: the weight itself, then
    /// for 400 and 500 each other and the lighter ones, for bolder weights the bolder ones,
    /// for lighter weights the lighter ones, then the rest the other way.
    pub(crate) fn query(&self, family: &str, weight: u16) -> Option<usize> {
        let distance = |face: &Face| -> (bool, u32) {
            let w = u32::from(face.weight_for(weight));
            let want = u32::from(weight);
            let rank = if w == want {
                0
            } else if (400..=500).contains(&want) && w > want && w <= 500 {
                w - want
            } else if want <= 500 && w < want {
                1000 + (want - w)
            } else if want > 500 && w > want {
                w - want
            } else if want > 500 {
                2000 + (want - w)
            } else {
                3000 + (w - want)
            };
            (face.italic, rank)
        };
        self.faces
            .iter()
            .enumerate()
            .filter(|(_, face)| face.family.eq_ignore_ascii_case(family))
            .min_by_key(|(_, face)| distance(face))
            .map(|(index, _)| index)
    }
}

/// The family name a face gives: its typographic family (name 16) when it has one, else its
/// family (name 1), in English where both are given in several languages.
pub(crate) fn family_name(font: &FontRef<'_>) -> Option<String> {
    [StringId::TYPOGRAPHIC_FAMILY_NAME, StringId::FAMILY_NAME]
        .into_iter()
        .find_map(|id| {
            let name: String = font
                .localized_strings(id)
                .english_or_first()?
                .chars()
                .collect();
            (!name.trim().is_empty()).then_some(name)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FONTS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/covers/fonts"
    );

    fn pinned() -> Faces {
        let mut faces = Faces::default();
        faces.add_file(&Path::new(FONTS).join("NotoNaskhArabic-Regular.ttf"), true);
        faces.add_file(&Path::new(FONTS).join("NotoNaskhArabic-Bold.ttf"), false);
        faces
    }

    #[test]
    fn faces_are_named_and_weighed_from_their_tables() {
        let faces = pinned();
        assert_eq!(faces.len(), 2);
        let regular = faces.get(faces.query("noto naskh arabic", NORMAL).unwrap());
        let bold = faces.get(faces.query("Noto Naskh Arabic", BOLD).unwrap());
        assert_eq!(
            (regular.family.as_str(), regular.weight),
            ("Noto Naskh Arabic", 400)
        );
        assert_eq!(bold.weight, 700);
        assert!(regular.has('ك') && !regular.has('\u{4E00}'));
        assert!(faces.query("Amiri", NORMAL).is_none());
    }

    #[test]
    fn a_missing_weight_takes_the_nearest_the_css_way() {
        let mut faces = pinned();
        let only_regular = Faces {
            faces: vec![faces.faces.remove(0)],
        };
        assert_eq!(only_regular.query("Noto Naskh Arabic", BOLD), Some(0));
        assert_eq!(faces.query("Noto Naskh Arabic", 900), Some(0));
        assert_eq!(faces.query("Noto Naskh Arabic", 300), Some(0));
    }

    #[test]
    fn what_is_not_a_font_adds_nothing() {
        let mut faces = Faces::default();
        assert_eq!(faces.add_bytes(Arc::new(b"not a font".to_vec())), None);
        assert_eq!(faces.len(), 0);
    }
}
