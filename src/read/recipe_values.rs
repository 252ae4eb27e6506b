//! The values of `edition.toml` that are more than a type: a feed's place, an age such as
//! `2 days`, and the link patterns an edition's sections include or leave out.

use std::path::Path;
use std::time::Duration;

use crate::read::fetch;

/// A feed as the recipe names it: a URL as it is, a file relative to the recipe; any other
/// scheme refused.
pub(crate) fn feed_place(feed: &str, dir: &Path) -> std::result::Result<String, String> {
    let feed = feed.trim();
    if fetch::is_url(feed) {
        return url::Url::parse(feed)
            .map(|u| u.to_string())
            .map_err(|e| format!("{feed:?} is not a URL: {e}"));
    }
    if let Some((scheme, _)) = feed.split_once("://") {
        return Err(format!(
            "{scheme}: feeds cannot be fetched; only http and https ones can"
        ));
    }
    if feed.is_empty() {
        return Err("a feed is empty".into());
    }
    Ok(dir.join(feed).to_string_lossy().into_owned())
}

/// An age such as `2 days`, `36 hours`, `1 week`, `90 minutes`.
pub(crate) fn parse_age(text: &str) -> std::result::Result<Duration, String> {
    let mut words = text.split_whitespace();
    let (Some(number), Some(unit), None) = (words.next(), words.next(), words.next()) else {
        return Err(format!("{text:?} is not a number and a unit"));
    };
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{number:?} is not a whole number"))?;
    let seconds = match unit.trim_end_matches('s') {
        "minute" | "min" => 60,
        "hour" | "h" => 3600,
        "day" | "d" => 86_400,
        "week" | "w" => 604_800,
        _ => return Err(format!("{unit:?} is not minutes, hours, days or weeks")),
    };
    if number == 0 || number > 3650 * 86_400 / seconds {
        return Err(format!("{text:?} is not between a minute and ten years"));
    }
    Ok(Duration::from_secs(number * seconds))
}

/// Whether `link` matches `pattern`, in which `*` stands for any run of characters.
pub(crate) fn matches(pattern: &str, link: &str) -> bool {
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = link.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}
