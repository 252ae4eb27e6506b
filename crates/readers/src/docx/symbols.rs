//! `w:sym`: a character Word takes from a symbol font by its code in that font. Symbol and
//! Wingdings lay their glyphs over the private use area (`F020`–`F0FF`, or `0020`–`00FF` in
//! older documents), where no other font has them; the characters of the Adobe Symbol
//! encoding, and the Wingdings signs Unicode has, are written as themselves. A font warraq has
//! no table for gives its ordinary characters as they are and no private-use ones.

/// Adobe Symbol, `0x20`–`0xFF`, as Unicode, a row of sixteen a line (`'\0'` where it has no
/// character: the pieces of radicals and arrows drawn long). Its angle brackets (`0xE1`,
/// `0xF1`) are mathematics' own: U+2329 and U+232A would become CJK brackets under NFC.
#[rustfmt::skip]
const SYMBOL: [char; 224] = [
    ' ', '!', '∀', '#', '∃', '%', '&', '∋', '(', ')', '∗', '+', ',', '−', '.', '/', // 0x20
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?', // 0x30
    '≅', 'Α', 'Β', 'Χ', 'Δ', 'Ε', 'Φ', 'Γ', 'Η', 'Ι', 'ϑ', 'Κ', 'Λ', 'Μ', 'Ν', 'Ο', // 0x40
    'Π', 'Θ', 'Ρ', 'Σ', 'Τ', 'Υ', 'ς', 'Ω', 'Ξ', 'Ψ', 'Ζ', '[', '∴', ']', '⊥', '_', // 0x50
    '\0', 'α', 'β', 'χ', 'δ', 'ε', 'φ', 'γ', 'η', 'ι', 'ϕ', 'κ', 'λ', 'μ', 'ν', 'ο', // 0x60
    'π', 'θ', 'ρ', 'σ', 'τ', 'υ', 'ϖ', 'ω', 'ξ', 'ψ', 'ζ', '{', '|', '}', '∼', '\0', // 0x70
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', // 0x80
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', '\0', // 0x90
    '€', 'ϒ', '′', '≤', '⁄', '∞', 'ƒ', '♣', '♦', '♥', '♠', '↔', '←', '↑', '→', '↓', // 0xA0
    '°', '±', '″', '≥', '×', '∝', '∂', '•', '÷', '≠', '≡', '≈', '…', '\0', '\0', '↵', // 0xB0
    'ℵ', 'ℑ', 'ℜ', '℘', '⊗', '⊕', '∅', '∩', '∪', '⊃', '⊇', '⊄', '⊂', '⊆', '∈', '∉', // 0xC0
    '∠', '∇', '®', '©', '™', '∏', '√', '⋅', '¬', '∧', '∨', '⇔', '⇐', '⇑', '⇒', '⇓', // 0xD0
    '◊', '⟨', '®', '©', '™', '∑', '⎛', '⎜', '⎝', '⎡', '⎢', '⎣', '⎧', '⎨', '⎩', '⎪', // 0xE0
    '\0', '⟩', '∫', '⌠', '⎮', '⌡', '⎞', '⎟', '⎠', '⎤', '⎥', '⎦', '⎫', '⎬', '⎭', '\0', // 0xF0
];

/// The Wingdings signs documents use (bullets, boxes, ticks, arrows, stars, circled numbers,
/// hands) with a Unicode character; the rest of the font has none, or only pictographs.
const WINGDINGS: [(u8, char); 90] = [
    (0x21, '✏'),
    (0x22, '✂'),
    (0x23, '✁'),
    (0x28, '☎'),
    (0x29, '✆'),
    (0x2A, '✉'),
    (0x36, '⌛'),
    (0x37, '⌨'),
    (0x3E, '✇'),
    (0x3F, '✍'),
    (0x41, '✌'),
    (0x45, '☜'),
    (0x46, '☞'),
    (0x47, '☝'),
    (0x48, '☟'),
    (0x49, '✋'),
    (0x4A, '☺'),
    (0x4C, '☹'),
    (0x4E, '☠'),
    (0x4F, '⚐'),
    (0x51, '✈'),
    (0x52, '☼'),
    (0x54, '❄'),
    (0x56, '✞'),
    (0x58, '✠'),
    (0x59, '✡'),
    (0x5A, '☪'),
    (0x5B, '☯'),
    (0x5D, '☸'),
    (0x6C, '●'),
    (0x6D, '❍'),
    (0x6E, '■'),
    (0x6F, '□'),
    (0x71, '❑'),
    (0x72, '❒'),
    (0x73, '⬧'),
    (0x74, '⧫'),
    (0x75, '◆'),
    (0x76, '❖'),
    (0x77, '⬥'),
    (0x78, '⌧'),
    (0x7A, '⌘'),
    (0x7B, '❀'),
    (0x7C, '✿'),
    (0x7D, '❝'),
    (0x7E, '❞'),
    (0x9E, '·'),
    (0x9F, '•'),
    (0xA0, '▪'),
    (0xA1, '○'),
    (0xA4, '◉'),
    (0xA5, '◎'),
    (0xA7, '▪'),
    (0xA8, '◻'),
    (0xAA, '✦'),
    (0xAB, '★'),
    (0xAC, '✶'),
    (0xAD, '✴'),
    (0xAE, '✹'),
    (0xAF, '✵'),
    (0xB1, '⌖'),
    (0xB2, '⟡'),
    (0xB3, '⌑'),
    (0xB5, '✪'),
    (0xB6, '✰'),
    (0xD5, '⌫'),
    (0xD6, '⌦'),
    (0xD8, '➢'),
    (0xDC, '➲'),
    (0xDF, '←'),
    (0xE0, '→'),
    (0xE1, '↑'),
    (0xE2, '↓'),
    (0xE3, '↖'),
    (0xE4, '↗'),
    (0xE5, '↙'),
    (0xE6, '↘'),
    (0xE8, '➔'),
    (0xEF, '⇦'),
    (0xF0, '⇨'),
    (0xF1, '⇧'),
    (0xF2, '⇩'),
    (0xF3, '⬄'),
    (0xF4, '⇳'),
    (0xF9, '▭'),
    (0xFA, '▫'),
    (0xFB, '✗'),
    (0xFC, '✓'),
    (0xFD, '☒'),
    (0xFE, '☑'),
];

/// The character a `w:sym` of font `font` and hexadecimal code `code` shows; `None` for one
/// with no Unicode character, or a code that is not a character.
pub(crate) fn character(font: Option<&str>, code: &str) -> Option<char> {
    let code = u32::from_str_radix(code.trim(), 16).ok()?;
    let font = font.unwrap_or_default().trim();
    // Symbol fonts are addressed at F000 + their 8-bit code, or at the code itself.
    let byte = match code {
        0xF020..=0xF0FF => u8::try_from(code - 0xF000).ok(),
        0x20..=0xFF => u8::try_from(code).ok(),
        _ => None,
    };
    let mapped = match byte {
        Some(byte) if font.eq_ignore_ascii_case("symbol") => SYMBOL
            .get(usize::from(byte).wrapping_sub(0x20))
            .copied()
            .filter(|c| *c != '\0'),
        Some(byte) if font.eq_ignore_ascii_case("wingdings") => wingdings(byte),
        _ => None,
    };
    mapped.or_else(|| char::from_u32(code).filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c)))
}

/// A Wingdings sign: the circled numbers `0x80`–`0x95` by their place, the rest by the table.
fn wingdings(byte: u8) -> Option<char> {
    let circled = match byte {
        0x80 => Some(0x24EA),
        0x81..=0x8A => Some(0x2460 + u32::from(byte - 0x81)),
        0x8B => Some(0x24FF),
        0x8C..=0x95 => Some(0x2776 + u32::from(byte - 0x8C)),
        _ => None,
    };
    circled.and_then(char::from_u32).or_else(|| {
        WINGDINGS
            .iter()
            .find(|(at, _)| *at == byte)
            .map(|(_, c)| *c)
    })
}

#[cfg(test)]
mod tests {
    use super::character;

    #[test]
    fn symbol_and_wingdings_become_unicode() {
        for (font, code, want) in [
            ("Symbol", "F061", 'α'),
            ("Symbol", "F0B7", '•'),
            ("Symbol", "F0AE", '→'),
            ("Symbol", "F057", 'Ω'),
            ("Symbol", "F0E1", '⟨'),
            ("symbol", "B7", '•'),
            ("Wingdings", "F0FC", '✓'),
            ("Wingdings", "F0E0", '→'),
            ("Wingdings", "F0A7", '▪'),
            ("Wingdings", "F0D8", '➢'),
            ("Wingdings", "F0E8", '➔'),
            ("Wingdings", "F0FE", '☑'),
            ("Wingdings", "F08C", '❶'),
            ("Wingdings", "F081", '①'),
            ("Wingdings", "F095", '❿'),
            ("Times New Roman", "2013", '–'),
            ("Times New Roman", "0041", 'A'),
        ] {
            assert_eq!(character(Some(font), code), Some(want), "{font} {code}");
        }
    }

    #[test]
    fn what_has_no_character_gives_none() {
        for (font, code) in [
            (Some("Symbol"), "F060"),
            (Some("Symbol"), "F0BE"),
            (Some("Wingdings"), "F0FF"),
            (Some("Wingdings 2"), "F050"),
            (Some("Webdings"), "F021"),
            (None, "F0B7"),
            (Some("Symbol"), "zz"),
            (Some("Symbol"), "D800"),
            (Some("Symbol"), "FFFFFFFFF"),
        ] {
            assert_eq!(character(font, code), None, "{font:?} {code}");
        }
    }
}
