//! An edition's date as its readers write it: in the Gregorian calendar and, for languages
//! that keep one of their own, in that calendar too (Hijri for Arabic, Solar Hijri for
//! Persian, Hebrew for Hebrew), in the language's words and digits. The calendars and the
//! words are ICU4X's, from CLDR's data compiled into warraq: no calendar arithmetic here.

use chrono::{Datelike, NaiveDate};
use icu_calendar::Date;
use icu_datetime::fieldsets;
use icu_datetime::DateTimeFormatter;
use icu_locale_core::Locale;

use warraq_core::lang::LanguageTag;

/// A date written in one calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateLine {
    /// The calendar's name as CLDR spells it (`gregory`, `islamic-umalqura`, `persian`,
    /// `hebrew`), for a class in the markup.
    pub(crate) calendar: &'static str,
    /// The date, written out.
    pub(crate) text: String,
}

/// The calendar a language keeps beside the Gregorian one, if any.
pub(crate) fn own_calendar(lang: &LanguageTag) -> Option<&'static str> {
    match lang.primary() {
        "ar" => Some("islamic-umalqura"),
        "fa" => Some("persian"),
        "he" => Some("hebrew"),
        _ => None,
    }
}

/// `date` in the Gregorian calendar and in the language's own, in the language's words and
/// digits: the Gregorian line first. A language CLDR has no words for falls back to its
/// nearest one (English at the root); a date ICU4X cannot take is written as ISO 8601.
pub(crate) fn lines(date: NaiveDate, lang: &LanguageTag) -> Vec<DateLine> {
    let mut out = vec![DateLine {
        calendar: "gregory",
        text: written(date, lang, "gregory").unwrap_or_else(|| date.to_string()),
    }];
    if let Some(calendar) = own_calendar(lang) {
        if let Some(text) = written(date, lang, calendar) {
            out.push(DateLine { calendar, text });
        }
    }
    out
}

/// `date` in the Gregorian calendar, as the language writes a long date (an article's
/// byline); ISO 8601 when ICU4X cannot write it.
pub(crate) fn gregorian(date: NaiveDate, lang: &LanguageTag) -> String {
    written(date, lang, "gregory").unwrap_or_else(|| date.to_string())
}

/// `date` in `calendar`, as the language writes a long date.
fn written(date: NaiveDate, lang: &LanguageTag, calendar: &str) -> Option<String> {
    // The language's own digits, which CLDR does not make every language's default.
    let digits = match lang.primary() {
        "ar" => "-nu-arab",
        "fa" => "-nu-arabext",
        _ => "",
    };
    let locale: Locale = format!("{}-u-ca-{calendar}{digits}", lang.primary())
        .parse()
        .ok()?;
    let formatter = DateTimeFormatter::try_new(locale.into(), fieldsets::YMD::long()).ok()?;
    let month = u8::try_from(date.month()).ok()?;
    let day = u8::try_from(date.day()).ok()?;
    let iso = Date::try_new_iso(date.year(), month, day).ok()?;
    Some(formatter.format(&iso).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_lines(tag: &str) -> Vec<(&'static str, String)> {
        let date = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        lines(date, &LanguageTag::parse(tag).unwrap())
            .into_iter()
            .map(|l| (l.calendar, l.text))
            .collect()
    }

    #[test]
    fn arabic_gregorian_and_hijri_in_arabic_digits() {
        let lines = date_lines("ar");
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].0, "gregory");
        assert!(
            lines[0].1.contains("ديسمبر") || lines[0].1.contains("كانون"),
            "{lines:?}"
        );
        assert!(
            lines[0].1.contains("٢٠٢٦") && lines[0].1.contains('٥'),
            "{lines:?}"
        );
        // 5 December 2026 is 25 or 26 Jumada al-Akhirah 1448 (Umm al-Qura).
        assert_eq!(lines[1].0, "islamic-umalqura");
        assert!(
            lines[1].1.contains("١٤٤٨") && lines[1].1.contains("جمادى"),
            "{lines:?}"
        );
    }

    #[test]
    fn persian_solar_hijri_in_persian_digits() {
        let lines = date_lines("fa");
        // 5 December 2026 is 14 Azar 1405.
        assert_eq!(lines[1].0, "persian");
        assert!(
            lines[1].1.contains("۱۴۰۵") && lines[1].1.contains("آذر"),
            "{lines:?}"
        );
        assert!(lines[0].1.contains("۲۰۲۶"), "{lines:?}");
    }

    #[test]
    fn hebrew_calendar() {
        let lines = date_lines("he");
        // 5 December 2026 is 25 Kislev 5787.
        assert_eq!(lines[1].0, "hebrew");
        assert!(lines[1].1.contains("כסלו"), "{lines:?}");
        assert!(
            lines[1].1.contains("5787") || lines[1].1.contains("תשפ״ז"),
            "{lines:?}"
        );
    }

    #[test]
    fn english_has_the_gregorian_date_alone() {
        let lines = date_lines("en");
        assert_eq!(lines, [("gregory", "December 5, 2026".to_string())]);
    }
}
