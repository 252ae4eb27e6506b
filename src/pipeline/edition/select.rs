//! Which of a section's feed items an edition takes, decided before anything is fetched:
//! the oldest date, the link patterns, the same article never twice (by link and GUID, across
//! every feed of the edition), then at most the section's number of articles.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::model::LeftOut;
use crate::read::feed::{Feed, Item};
use crate::read::fetch;
use crate::read::recipe::{Section, TextFrom};
use crate::read::recipe_values as recipe;

/// An item chosen for a section, with what its feed says of its language.
#[derive(Debug, Clone)]
pub(crate) struct Chosen {
    /// The section it goes in (0-based).
    pub(crate) section: usize,
    /// The item.
    pub(crate) item: Item,
    /// The language its feed declares.
    pub(crate) feed_language: Option<String>,
    /// The feed it came from, for messages.
    pub(crate) feed: String,
    /// Where its text comes from.
    pub(crate) text: TextFrom,
}

/// The keys that say two items are the same article: their link, normalised, and their GUID.
#[derive(Debug, Default)]
pub(crate) struct Seen {
    keys: HashSet<String>,
}

impl Seen {
    /// Whether any of `keys` was seen before; all of them are remembered.
    pub(crate) fn seen(&mut self, keys: &[String]) -> bool {
        let before = keys.iter().any(|key| self.keys.contains(key));
        self.keys.extend(keys.iter().cloned());
        before
    }
}

/// A link as a key: scheme and host lowercase (the URL parser does that), without its
/// fragment, its tracking parameters (`utm_*`) or a final slash.
pub(crate) fn link_key(link: &str) -> String {
    let Ok(mut url) = url::Url::parse(link.trim()) else {
        return format!("link:{}", link.trim());
    };
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.starts_with("utm_"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let text = url.to_string();
    format!("link:{}", text.strip_suffix('/').unwrap_or(&text))
}

/// The section's items from its feeds, in the feeds' order: too old, outside the patterns or
/// seen before left out quietly; past the section's number, not taken. An item with neither
/// a link to fetch nor text of its own is listed as left out.
pub(crate) fn choose(
    index: usize,
    section: &Section,
    feeds: Vec<(String, Feed)>,
    now: DateTime<Utc>,
    seen: &mut Seen,
    left_out: &mut Vec<LeftOut>,
) -> Vec<Chosen> {
    let oldest = section
        .oldest
        .and_then(|age| chrono::Duration::from_std(age).ok())
        .map(|age| now - age);
    let mut chosen = Vec::new();
    for (name, feed) in feeds {
        for item in feed.items {
            if chosen.len() >= section.max_articles {
                return chosen;
            }
            if let (Some(oldest), Some(date)) = (oldest, item.published) {
                if date < oldest {
                    continue;
                }
            }
            let link = item.link.as_deref().unwrap_or_default();
            if !section.include.is_empty()
                && !section.include.iter().any(|p| recipe::matches(p, link))
            {
                continue;
            }
            if section.exclude.iter().any(|p| recipe::matches(p, link)) {
                continue;
            }
            let mut keys = Vec::new();
            if !link.is_empty() {
                keys.push(link_key(link));
            }
            if let Some(guid) = &item.guid {
                keys.push(format!("guid:{guid}"));
            }
            if keys.is_empty() && item.title.is_none() {
                continue;
            }
            if seen.seen(&keys) {
                continue;
            }
            let has_text = item.content.is_some() || item.summary.is_some();
            let can_fetch = fetch::is_url(link);
            let usable = match section.text {
                TextFrom::Feed => has_text,
                TextFrom::Page => can_fetch,
                TextFrom::Auto => has_text || can_fetch,
            };
            if !usable {
                let why = match (section.text, link.is_empty()) {
                    (TextFrom::Feed, _) => "its feed gives no text for it (text = \"feed\")",
                    (_, true) => "it has no link and its feed gives no text for it",
                    (_, false) => "its link is not an http or https address",
                };
                left_out.push(LeftOut {
                    title: item.title.clone(),
                    link: if link.is_empty() {
                        name.clone()
                    } else {
                        link.to_string()
                    },
                    reason: why.into(),
                });
                continue;
            }
            chosen.push(Chosen {
                section: index,
                item,
                feed_language: feed.language.clone(),
                feed: name.clone(),
                text: section.text,
            });
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn item(link: &str, guid: Option<&str>, days_old: i64) -> Item {
        Item {
            title: Some(link.into()),
            link: Some(link.into()),
            guid: guid.map(str::to_string),
            published: Some(Utc::now() - chrono::Duration::days(days_old)),
            ..Item::default()
        }
    }

    fn section(max: usize) -> Section {
        Section {
            title: "s".into(),
            feeds: vec![],
            lang: None,
            max_articles: max,
            oldest: Some(Duration::from_secs(2 * 86_400)),
            include: vec![],
            exclude: vec!["*/video/*".into()],
            text: TextFrom::Auto,
        }
    }

    #[test]
    fn age_patterns_duplicates_and_the_limit() {
        let feed = |items| Feed {
            items,
            ..Feed::default()
        };
        let one = feed(vec![
            item("https://e.org/a", Some("1"), 0),
            item("https://e.org/old", None, 5),
            item("https://e.org/video/v", None, 0),
            item("https://E.org/a/#top", None, 0),
            item("https://e.org/b?utm_source=x", None, 1),
        ]);
        let two = feed(vec![
            item("https://other.org/a-copy", Some("1"), 0),
            item("https://e.org/b", None, 0),
            item("https://e.org/c", None, 0),
            item("javascript:alert(1)", None, 0),
            item("https://e.org/d", None, 0),
        ]);
        let (mut seen, mut left_out) = (Seen::default(), Vec::new());
        let chosen = choose(
            0,
            &section(4),
            vec![("one".into(), one), ("two".into(), two)],
            Utc::now(),
            &mut seen,
            &mut left_out,
        );
        let links: Vec<&str> = chosen
            .iter()
            .filter_map(|c| c.item.link.as_deref())
            .collect();
        assert_eq!(
            links,
            [
                "https://e.org/a",
                "https://e.org/b?utm_source=x",
                "https://e.org/c",
                "https://e.org/d"
            ]
        );
        assert_eq!(left_out.len(), 1);
        assert_eq!(left_out[0].link, "javascript:alert(1)");
        // The next section sees what this one took.
        let three = feed(vec![
            item("https://e.org/c", None, 0),
            item("https://e.org/e", None, 0),
        ]);
        let chosen = choose(
            1,
            &section(3),
            vec![("three".into(), three)],
            Utc::now(),
            &mut seen,
            &mut left_out,
        );
        assert_eq!(chosen.len(), 1);
        assert_eq!(chosen[0].item.link.as_deref(), Some("https://e.org/e"));
    }

    #[test]
    fn the_limit_applies_to_a_huge_feed_before_anything_else() {
        let items = (0..100_000)
            .map(|i| item(&format!("https://e.org/{i}"), None, 0))
            .collect();
        let feed = Feed {
            items,
            ..Feed::default()
        };
        let chosen = choose(
            0,
            &section(10),
            vec![("big".into(), feed)],
            Utc::now(),
            &mut Seen::default(),
            &mut Vec::new(),
        );
        assert_eq!(chosen.len(), 10);
    }
}
