//! A date as a Word document's `Date` paragraph writes it (`July 28, 2014`, `28 يوليو 2014`,
//! `٢٨/٠٧/٢٠١٤`) in ISO 8601 (`2014-07-28`), when the text says which date it is and nothing
//! else: a text with a word this file does not know (a Hijri month, `approx.`) or numbers that
//! could be day-month or month-day (`03/04/2024`) is not one.

use chrono::NaiveDate;

/// Month names, English and Arabic (Egyptian, Levantine, Maghrebi and Algerian), written with
/// a bare alef; the Levantine months of two words are read in [`month_of`].
const MONTHS: [(&str, u32); 51] = [
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("ابريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("شباط", 2),
    ("اذار", 3),
    ("نيسان", 4),
    ("ايار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("اب", 8),
    ("ايلول", 9),
    ("ماي", 5),
    ("يوليوز", 7),
    ("غشت", 8),
    ("شتنبر", 9),
    ("دجنبر", 12),
];

/// Words a date may carry besides its month: weekdays, `the`, `of`, ordinal endings, and the
/// Arabic mark of the Common Era (`2014م`).
const FILLERS: [&str; 28] = [
    "monday",
    "mon",
    "tuesday",
    "tue",
    "wednesday",
    "wed",
    "thursday",
    "thu",
    "friday",
    "fri",
    "saturday",
    "sat",
    "sunday",
    "sun",
    "the",
    "of",
    "st",
    "nd",
    "rd",
    "th",
    "م",
    "الاحد",
    "الاثنين",
    "الثلاثاء",
    "الاربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
];

/// The years a date may have. One before the Gregorian calendar's is taken for a year of
/// another calendar (`١٤٤٥` of the Hijri, `۱۴۰۳` of the Persian), which ISO 8601 does not write.
const YEARS: std::ops::RangeInclusive<u32> = 1583..=9999;

/// A piece of a written date.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Digits: their value and how many.
    Number(u32, usize),
    /// Letters, lower-case, alef forms made bare.
    Word(String),
}

/// The ISO 8601 form of a written date: `YYYY-MM-DD`, or `YYYY-MM` and `YYYY` for a text
/// that names no day or no month. `None` when the text is not a date warraq can be sure of.
pub(crate) fn iso(text: &str) -> Option<String> {
    let tokens = tokens(text);
    let mut month = None;
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Number(value, digits) => numbers.push((*value, *digits)),
            Token::Word(word) => {
                let next = match tokens.get(i + 1) {
                    Some(Token::Word(w)) => Some(w.as_str()),
                    _ => None,
                };
                if let Some((found, words)) = month_of(word, next) {
                    if month.is_some_and(|m| m != found) {
                        return None;
                    }
                    month = Some(found);
                    i += words;
                    continue;
                }
                if !FILLERS.contains(&word.as_str()) {
                    return None;
                }
            }
        }
        i += 1;
    }
    let (year, month, day) = match month {
        Some(month) => {
            let year = numbers.iter().position(|(_, digits)| *digits == 4)?;
            let (year, _) = numbers.remove(year);
            match numbers[..] {
                [] => (year, Some(month), None),
                [(day, 1 | 2)] => (year, Some(month), Some(day)),
                _ => return None,
            }
        }
        None => numeric(&numbers)?,
    };
    if !YEARS.contains(&year) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        month.unwrap_or(1),
        day.unwrap_or(1),
    )?;
    Some(match (month, day) {
        (Some(_), Some(_)) => date.format("%Y-%m-%d").to_string(),
        (Some(_), None) => date.format("%Y-%m").to_string(),
        _ => date.format("%Y").to_string(),
    })
}

/// Year, month and day from numbers alone: year first (`2014-07-28`, `2014/7`, `2014`) or
/// last (`28/07/2014`, `07/2014`), day and month told apart only when one of them is over 12.
fn numeric(numbers: &[(u32, usize)]) -> Option<(u32, Option<u32>, Option<u32>)> {
    let short = |n: &(u32, usize)| (1..=2).contains(&n.1);
    match numbers {
        [(y, 4)] => Some((*y, None, None)),
        [(y, 4), m] if short(m) => Some((*y, Some(m.0), None)),
        [(y, 4), m, d] if short(m) && short(d) => Some((*y, Some(m.0), Some(d.0))),
        [m, (y, 4)] if short(m) => Some((*y, Some(m.0), None)),
        [a, b, (y, 4)] if short(a) && short(b) => {
            let (a, b) = (a.0, b.0);
            if a == b || (a > 12 && b <= 12) {
                Some((*y, Some(b), Some(a)))
            } else if b > 12 && a <= 12 {
                Some((*y, Some(a), Some(b)))
            } else {
                None
            }
        }
        _ => None,
    }
}

/// The month a word names, with how many words name it (two for `تشرين الأول`).
fn month_of(word: &str, next: Option<&str>) -> Option<(u32, usize)> {
    let second = match next {
        Some("الاول") => Some(0),
        Some("الثاني") => Some(1),
        _ => None,
    };
    match (word, second) {
        ("كانون", Some(0)) => return Some((12, 2)),
        ("كانون", Some(_)) => return Some((1, 2)),
        ("تشرين", Some(0)) => return Some((10, 2)),
        ("تشرين", Some(_)) => return Some((11, 2)),
        _ => {}
    }
    MONTHS
        .iter()
        .find(|(name, _)| *name == word)
        .map(|(_, month)| (*month, 1))
}

/// The text in numbers and words: Arabic-Indic and Persian digits read as digits, letters
/// lower-cased with their alef made bare (`أبريل` is `ابريل`), everything else a separator.
fn tokens(text: &str) -> Vec<Token> {
    let token = |piece: &str, numeric: bool| {
        if numeric {
            // Nine digits at most: a longer run is no part of a date, and must not overflow.
            let value = piece.get(..9).unwrap_or(piece).parse().unwrap_or(u32::MAX);
            Token::Number(value, piece.len())
        } else {
            Token::Word(piece.to_string())
        }
    };
    let mut out = Vec::new();
    let mut current = String::new();
    let mut numeric = false;
    for c in text.chars() {
        let digit = match c {
            '\u{0660}'..='\u{0669}' => char::from_u32(u32::from(c) - 0x0660 + u32::from('0')),
            '\u{06F0}'..='\u{06F9}' => char::from_u32(u32::from(c) - 0x06F0 + u32::from('0')),
            _ => Some(c).filter(char::is_ascii_digit),
        };
        let piece = match (digit, c) {
            (Some(d), _) => Some(d),
            (None, 'أ' | 'إ' | 'آ') => Some('ا'),
            (None, c) => Some(c).filter(|c| c.is_alphabetic()),
        };
        if !current.is_empty() && piece.is_none_or(|_| digit.is_some() != numeric) {
            out.push(token(&current, numeric));
            current.clear();
        }
        if let Some(piece) = piece {
            numeric = digit.is_some();
            current.extend(piece.to_lowercase());
        }
    }
    if !current.is_empty() {
        out.push(token(&current, numeric));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::iso;

    #[test]
    fn written_dates_become_iso() {
        for (text, want) in [
            ("July 28, 2014", "2014-07-28"),
            ("Monday, 28th of July 2014", "2014-07-28"),
            ("28 Jul. 2014", "2014-07-28"),
            ("July 2014", "2014-07"),
            ("2014", "2014"),
            ("2014-07-28", "2014-07-28"),
            ("2014/7/28", "2014-07-28"),
            ("28/07/2014", "2014-07-28"),
            ("07/28/2014", "2014-07-28"),
            ("07/2014", "2014-07"),
            ("28 يوليو 2014", "2014-07-28"),
            ("الاثنين 28 تموز/يوليو 2014م", "2014-07-28"),
            ("١٥ أبريل ٢٠٢٤", "2024-04-15"),
            ("٢٨/٠٧/٢٠١٤", "2014-07-28"),
            ("1 تشرين الثاني 2023", "2023-11-01"),
            ("كانون الأول 2023", "2023-12"),
            ("۲۰۲۴", "2024"),
        ] {
            assert_eq!(iso(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn what_is_not_sure_is_no_date() {
        for text in [
            "",
            "03/04/2024",
            "July 28",
            "12 رمضان 1435 هـ",
            "approx. July 2014",
            "July 32, 2014",
            "February 30, 2024",
            "July 28, 2014 and August 2, 2014",
            "June July 2014",
            "2014-07-28T10:00:00Z",
            "99999999999999999999",
            "0000",
            "١٤٤٥",
            "۱۴۰۳",
            "2014-13",
        ] {
            assert_eq!(iso(text), None, "{text}");
        }
    }
}
