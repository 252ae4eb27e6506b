//! The plain text of the model: white space folded the way every format's reader and the
//! writer agree on, and the characters that show nothing.

use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// Folds each run of white space into one space and trims the ends, then NFC-normalises.
/// No-break spaces are typed on purpose (they bind a number to its unit) and are kept.
pub fn normalise_line(line: &str) -> String {
    let folded: Vec<&str> = line
        .split(is_breaking_space)
        .filter(|w| !w.is_empty())
        .collect();
    let joined = folded.join(" ");
    // Most text is in NFC already, which the quick check confirms without normalising.
    if unicode_normalization::is_nfc_quick(joined.chars()) == IsNormalized::Yes {
        joined
    } else {
        joined.nfc().collect()
    }
}

/// Formatting characters that show nothing by themselves: zero-width spaces and joiners,
/// directional marks, embeddings and isolates, the word joiner and the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// White space that separates words; the no-break spaces bind and are not among it.
pub fn is_breaking_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// XML 1.0's `Char` production, less the noncharacters, which EPUBCheck rejects too.
pub fn is_xml_char(c: char) -> bool {
    let n = c as u32;
    let allowed = matches!(c, '\t' | '\n' | '\r')
        || (0x20..=0xD7FF).contains(&n)
        || (0xE000..=0xFFFD).contains(&n)
        || n >= 0x10000;
    let nonchar = (0xFDD0..=0xFDEF).contains(&n) || (n & 0xFFFE) == 0xFFFE;
    allowed && !nonchar
}
