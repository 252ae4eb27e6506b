//! Choosing a font: the script a text is written in, the families that suit it, the
//! system's fonts, and whether a face has the letters.

use super::faces::{Face, Faces, BOLD, NORMAL};
use warraq_core::error::{Error, Result};

/// The writing systems a title can be in, as far as choosing a font goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    /// Arabic and the languages written in it (Persian, Urdu…).
    Arabic,
    /// Hebrew and Yiddish.
    Hebrew,
    /// Everything else.
    Other,
}

impl Script {
    /// The script most of the letters of `text` are written in.
    pub(crate) fn of(text: &str) -> Script {
        let (mut arabic, mut hebrew, mut other) = (0, 0, 0);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            match Script::of_char(c) {
                Script::Arabic => arabic += 1,
                Script::Hebrew => hebrew += 1,
                Script::Other => other += 1,
            }
        }
        if arabic >= hebrew && arabic >= other && arabic > 0 {
            Script::Arabic
        } else if hebrew >= other && hebrew > 0 {
            Script::Hebrew
        } else {
            Script::Other
        }
    }

    /// The script of one character.
    pub(crate) fn of_char(c: char) -> Script {
        match u32::from(c) {
            0x0600..=0x06FF
            | 0x0750..=0x077F
            | 0x08A0..=0x08FF
            | 0xFB50..=0xFDFF
            | 0xFE70..=0xFEFF => Script::Arabic,
            0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
            _ => Script::Other,
        }
    }

    /// Families to try, best first: book faces with full OpenType layout for the script.
    fn preferred_families(self) -> &'static [&'static str] {
        match self {
            Script::Arabic => &[
                "Noto Naskh Arabic",
                "Amiri",
                "Scheherazade New",
                "Noto Sans Arabic",
                "Noto Kufi Arabic",
                "DejaVu Sans",
            ],
            Script::Hebrew => &[
                "Noto Serif Hebrew",
                "Noto Sans Hebrew",
                "Frank Ruehl CLM",
                "DejaVu Sans",
            ],
            Script::Other => &[
                "Noto Serif",
                "DejaVu Serif",
                "Liberation Serif",
                "Noto Sans",
                "DejaVu Sans",
            ],
        }
    }

    /// What to install when no font fits, for the error's hint.
    fn install_hint(self) -> &'static str {
        match self {
            Script::Arabic => "install one, e.g. `apt-get install fonts-noto-core` (Noto Naskh Arabic) or Amiri, or pass --font FILE.ttf",
            Script::Hebrew => "install one, e.g. `apt-get install fonts-noto-core` (Noto Serif Hebrew), or pass --font FILE.ttf",
            Script::Other => "install one, e.g. `apt-get install fonts-noto-core` or `fonts-dejavu-core`, or pass --font FILE.ttf",
        }
    }
}

/// The family to set `text` in: `extra` (the font given) when it has the letters of the
/// text's main script, else the best installed family for that script, else any installed
/// family that has them.
pub(crate) fn choose(faces: &Faces, extra: Option<String>, text: &str) -> Result<String> {
    let script = Script::of(text);
    let candidates = extra
        .into_iter()
        .chain(script.preferred_families().iter().map(|f| f.to_string()));
    for candidate in candidates {
        if covers(faces, &candidate, text) {
            return Ok(candidate);
        }
    }
    any_covering_family(faces, text).ok_or_else(|| Error::NoFont {
        message: format!(
            "no font on this system has the letters of \"{text}\" ({script:?} script)"
        ),
        hint: script.install_hint().to_string(),
    })
}

/// The family to set `text` in, chosen as [`choose`] chooses it, from only the families
/// tried, each found by its files' names ([`crate::fonts`]), added to `faces` (holding the font
/// given, named `extra`). `None` when no family was found that way, or when the one chosen
/// lacks a character of the text, which only a fallback face found in a full scan of the
/// system's fonts can give: the caller then does that scan.
pub(crate) fn choose_by_name(
    mut faces: Faces,
    extra: Option<String>,
    text: &str,
) -> Option<(Faces, String)> {
    let script = Script::of(text);
    let given = extra.is_some();
    let candidates = extra
        .into_iter()
        .chain(script.preferred_families().iter().map(|f| f.to_string()));
    for (i, candidate) in candidates.enumerate() {
        if !(given && i == 0) && faces.add_family(&candidate) == 0 {
            continue;
        }
        if covers(&faces, &candidate, text) {
            return has_every_character(&faces, &candidate, text).then_some((faces, candidate));
        }
    }
    None
}

/// Whether both the regular and the bold face `family` resolves to have a glyph for every
/// character of `text` that shaping looks up, so that no fallback face is ever asked for one.
fn has_every_character(faces: &Faces, family: &str, text: &str) -> bool {
    [NORMAL, BOLD].into_iter().all(|weight| {
        let Some(face) = faces.query(family, weight).map(|i| faces.get(i)) else {
            return false;
        };
        // The "x x" a space is measured with (`Typesetter::fit`) needs only the space: its
        // width is that of "x x" less two of "x", whichever face sets the "x".
        text.chars()
            .chain([' '])
            .filter(|&c| !is_invisible(c))
            .all(|c| face.has(c))
    })
}

/// Characters shaping hides rather than looks up: line ends, controls, the boundary-neutral
/// bidi class (joiners, the soft hyphen) and the default ignorables (direction marks and
/// isolates, variation selectors, tags).
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || unicode_bidi::bidi_class(c) == unicode_bidi::BidiClass::BN
        || matches!(
            u32::from(c),
            0x00AD
                | 0x034F
                | 0x061C
                | 0x115F..=0x1160
                | 0x17B4..=0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0x3164
                | 0xFE00..=0xFE0F
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFF8
                | 0xE0000..=0xE0FFF
        )
}

/// Whether `family` (regular weight) has a glyph for every letter of `text` in its main
/// script; other characters (a Latin name in an Arabic title) are left to fallback faces.
fn covers(faces: &Faces, family: &str, text: &str) -> bool {
    faces
        .query(family, NORMAL)
        .is_some_and(|i| face_covers(faces.get(i), text))
}

fn face_covers(face: &Face, text: &str) -> bool {
    let script = Script::of(text);
    text.chars()
        .filter(|c| c.is_alphabetic() && Script::of_char(*c) == script)
        .all(|c| face.has(c))
}

/// The first family on the system, by name, that covers `text`.
fn any_covering_family(faces: &Faces, text: &str) -> Option<String> {
    let mut families: Vec<&Face> = faces.iter().collect();
    families.sort_by(|a, b| a.family.cmp(&b.family));
    families
        .into_iter()
        .find(|face| face_covers(face, text))
        .map(|face| face.family.clone())
}

/// The face that sets `c` when the chosen one has no glyph for it: the first that has it
/// among the preferred families of its script, then among all the families, in the order of
/// their files, each at the face that answers for `weight`.
pub(crate) fn fallback(faces: &Faces, c: char, weight: u16) -> Option<usize> {
    let has = |i: &usize| faces.get(*i).has(c);
    let preferred = Script::of_char(c)
        .preferred_families()
        .iter()
        .filter_map(|family| faces.query(family, weight))
        .filter(has);
    let any = (0..faces.len())
        .filter(|&i| !faces.get(i).italic)
        .filter(has)
        .map(|i| {
            faces
                .query(&faces.get(i).family, weight)
                .filter(has)
                .unwrap_or(i)
        });
    preferred.chain(any).next()
}
