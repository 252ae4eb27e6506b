//! Language tags, the text direction they imply, detection from the text, and the few words
//! a book needs in its own language.

mod labels;
pub mod policy;

use std::fmt;
use std::sync::OnceLock;

/// The base direction of a book's text and its page progression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// The value of a `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A well-formed BCP 47 language tag, in its normalised case (`ar`, `fa-IR`, `az-Arab`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguageTag(oxilangtag::LanguageTag<String>);

/// Primary languages written right to left (docs/rtl.md §3).
const RTL_LANGUAGES: &[&str] = &[
    "ar", "fa", "he", "ur", "yi", "ps", "ckb", "sd", "ug", "dv", "syr", "arc", "nqo",
];

/// Scripts written right to left; a script subtag overrides the language's usual script.
const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];

impl LanguageTag {
    /// Parses and validates a tag; the error says which rule it breaks.
    ///
    /// ```
    /// use warraq_core::lang::{Direction, LanguageTag};
    ///
    /// let urdu = LanguageTag::parse("ur-PK").unwrap();
    /// assert_eq!(urdu.direction(), Direction::Rtl);
    /// assert_eq!(urdu.contents_label(), "فہرست");
    /// assert!(LanguageTag::parse("arabic-").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        let tag = oxilangtag::LanguageTag::parse_and_normalize(text.trim())
            .map_err(|e| format!("{text:?} is not a well-formed BCP 47 language tag ({e})"))?;
        Ok(LanguageTag(tag))
    }

    /// The tag as written into the book.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// The primary language subtag, lowercase (`ar` for `ar-EG`).
    pub fn primary(&self) -> &str {
        self.0.primary_language()
    }

    /// The direction this language is written in.
    pub fn direction(&self) -> Direction {
        let rtl = match self.0.script() {
            Some(script) => RTL_SCRIPTS.contains(&script.to_ascii_lowercase().as_str()),
            None => RTL_LANGUAGES.contains(&self.primary()),
        };
        if rtl {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

impl<'de> serde::Deserialize<'de> for LanguageTag {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        LanguageTag::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What detection found: the tag and the language's English name, for the message.
#[derive(Debug, Clone)]
pub struct Detected {
    /// The tag chosen.
    pub tag: LanguageTag,
    /// Its English name, e.g. "Arabic".
    pub name: &'static str,
}

/// Guesses the language of `text` from its script and letter trigrams.
///
/// ```
/// let found = warraq_core::lang::detect("هذا نص عربي طويل بما يكفي لمعرفة لغته من حروفه.");
/// assert_eq!(found.map(|d| d.tag.as_str().to_string()).as_deref(), Some("ar"));
/// ```
pub fn detect(text: &str) -> Option<Detected> {
    let info = whatlang::detect(text)?;
    let code = iso639_1(info.lang().code()).unwrap_or(info.lang().code());
    let tag = LanguageTag::parse(code).ok()?;
    Some(Detected {
        tag,
        name: info.lang().eng_name(),
    })
}

/// Below this many letters a text is too short to say what script it is in.
const MIN_LETTERS: usize = 20;

/// How many letters of a text are in right-to-left scripts, and how many in others: what
/// `warraq check` (`RTL-009`), `warraq fix` and the build (a page's declared language against
/// its text) each judge a text's direction by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Script {
    /// Letters of right-to-left scripts.
    pub rtl: usize,
    /// Other letters.
    pub other: usize,
}

impl Script {
    /// Counts the letters of `text` into `self`.
    pub fn count(&mut self, text: &str) {
        // ASCII letters a byte at a time, the others a character at a time.
        self.other += text.bytes().filter(u8::is_ascii_alphabetic).count();
        for c in text.chars().filter(|&c| !c.is_ascii() && is_letter(c)) {
            let rtl = usize::from(is_rtl_script(c));
            (self.rtl, self.other) = (self.rtl + rtl, self.other + 1 - rtl);
        }
    }

    /// The direction most of the letters are written in; `None` for too short a text.
    pub fn direction(self) -> Option<Direction> {
        let total = self.rtl + self.other;
        if total < MIN_LETTERS {
            None
        } else if self.rtl * 2 > total {
            Some(Direction::Rtl)
        } else {
            Some(Direction::Ltr)
        }
    }

    /// The direction most of the letters are written in, however few they are (a heading
    /// of one word): `None` for no letters, or as many each way.
    pub(crate) fn lean(self) -> Option<Direction> {
        match self.rtl.cmp(&self.other) {
            std::cmp::Ordering::Greater => Some(Direction::Rtl),
            std::cmp::Ordering::Less => Some(Direction::Ltr),
            std::cmp::Ordering::Equal => None,
        }
    }

    /// The sum of two counts.
    pub fn plus(self, other: Script) -> Script {
        Script {
            rtl: self.rtl + other.rtl,
            other: self.other + other.other,
        }
    }
}

/// Whether `c` belongs to a right-to-left script: Hebrew, Arabic, Syriac, Thaana, NKo and
/// their neighbours in U+0590–08FF, their presentation forms, and the right-to-left blocks of
/// the supplementary planes (Hanifi Rohingya, Adlam, Arabic mathematical letters…).
pub(crate) fn is_rtl_script(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
}

/// `char::is_alphabetic`, answered outside ASCII from a bit table of the character's block of
/// 256, made when the block is first asked: the standard library searches Unicode's tables.
pub fn is_letter(c: char) -> bool {
    static BLOCKS: [OnceLock<[u64; 4]>; 256] = [const { OnceLock::new() }; 256];
    let (n, letter) = (u32::from(c), |i| {
        char::from_u32(i).is_some_and(char::is_alphabetic)
    });
    let Some(block) = BLOCKS.get(n as usize >> 8).filter(|_| !c.is_ascii()) else {
        return c.is_alphabetic();
    };
    let bits = block.get_or_init(|| {
        let word =
            |w: u32| (0..64).fold(0, |b, i| b | u64::from(letter(n & !0xFF | w << 6 | i)) << i);
        std::array::from_fn(|w| word(w as u32))
    });
    (bits[(n & 0xFF) as usize / 64] >> (n % 64)) & 1 == 1
}

/// BCP 47 prefers the two-letter ISO 639-1 code where one exists; whatlang speaks ISO 639-3.
fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "afr" => "af",
        "aka" => "ak",
        "amh" => "am",
        "ara" => "ar",
        "aze" => "az",
        "bel" => "be",
        "ben" => "bn",
        "bul" => "bg",
        "cat" => "ca",
        "ces" => "cs",
        "cmn" => "zh",
        "cym" => "cy",
        "dan" => "da",
        "deu" => "de",
        "ell" => "el",
        "eng" => "en",
        "epo" => "eo",
        "est" => "et",
        "fin" => "fi",
        "fra" => "fr",
        "guj" => "gu",
        "heb" => "he",
        "hin" => "hi",
        "hrv" => "hr",
        "hun" => "hu",
        "hye" => "hy",
        "ind" => "id",
        "ita" => "it",
        "jav" => "jv",
        "jpn" => "ja",
        "kan" => "kn",
        "kat" => "ka",
        "khm" => "km",
        "kor" => "ko",
        "lat" => "la",
        "lav" => "lv",
        "lit" => "lt",
        "mal" => "ml",
        "mar" => "mr",
        "mkd" => "mk",
        "mya" => "my",
        "nep" => "ne",
        "nld" => "nl",
        "nob" => "nb",
        "ori" => "or",
        "pan" => "pa",
        "pes" => "fa",
        "pol" => "pl",
        "por" => "pt",
        "ron" => "ro",
        "rus" => "ru",
        "sin" => "si",
        "slk" => "sk",
        "slv" => "sl",
        "sna" => "sn",
        "spa" => "es",
        "srp" => "sr",
        "swe" => "sv",
        "tam" => "ta",
        "tel" => "te",
        "tgl" => "tl",
        "tha" => "th",
        "tuk" => "tk",
        "tur" => "tr",
        "ukr" => "uk",
        "urd" => "ur",
        "uzb" => "uz",
        "vie" => "vi",
        "yid" => "yi",
        "zul" => "zu",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(tag: &str) -> Direction {
        LanguageTag::parse(tag).unwrap().direction()
    }

    #[test]
    fn direction_follows_language_and_script() {
        assert_eq!(dir("ar"), Direction::Rtl);
        assert_eq!(dir("AR-eg"), Direction::Rtl);
        assert_eq!(dir("he"), Direction::Rtl);
        assert_eq!(dir("ckb"), Direction::Rtl);
        assert_eq!(dir("en"), Direction::Ltr);
        assert_eq!(dir("az-Arab"), Direction::Rtl);
        assert_eq!(dir("pa-Arab-PK"), Direction::Rtl);
        assert_eq!(dir("ar-Latn"), Direction::Ltr);
        assert_eq!(dir("fr"), Direction::Ltr);
    }

    #[test]
    fn tags_are_normalised_and_validated() {
        assert_eq!(LanguageTag::parse("AR-eg").unwrap().as_str(), "ar-EG");
        assert!(LanguageTag::parse("not a tag").is_err());
        assert!(LanguageTag::parse("").is_err());
    }

    #[test]
    fn detects_arabic_english_persian() {
        let ar = detect("على ما يبدو، فقد اقتربت قوات سوريا الديمقراطية من السيطرة على آخر جيب")
            .unwrap();
        assert_eq!(ar.tag.as_str(), "ar");
        let en = detect("The quick brown fox jumps over the lazy dog near the river bank").unwrap();
        assert_eq!(en.tag.as_str(), "en");
        let fa = detect(
            "این یک متن فارسی است که برای آزمایش تشخیص زبان نوشته شده است و می‌خواهیم ببینیم",
        )
        .unwrap();
        assert_eq!(fa.tag.as_str(), "fa");
    }
}
