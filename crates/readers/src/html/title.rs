//! A page's title without its site's name: `<title>` and often `og:title` end (or start) with
//! it ("— BBC News", «| الجزيرة نت»), which is no part of the article's headline.

use super::words::fold;

/// What sets a site's name apart from a title, as pages write it.
const SEPARATORS: &[&str] = &[
    " | ", " – ", " — ", " - ", " :: ", " · ", " » ", " « ", " ｜ ",
];

/// `title` without a first or last part that names the site: the site's name as the page
/// gives it (`og:site_name`, JSON-LD `publisher`), or the name of its host
/// (`www.bbc.co.uk` → `bbc`). A title that is all site name is kept as it is.
pub(crate) fn without_site(title: &str, site: Option<&str>, host: Option<&str>) -> String {
    let site = site.map(fold).filter(|s| !s.is_empty());
    let host = host.and_then(host_name);
    let names_site = |part: &str| {
        let part = fold(part);
        let squeezed: String = part.chars().filter(|c| c.is_alphanumeric()).collect();
        let by_name = site
            .as_ref()
            .is_some_and(|s| within(&part, s) || within(s, &part));
        let by_host = host.as_ref().is_some_and(|h| {
            squeezed == *h
                || squeezed
                    .strip_prefix(h.as_str())
                    .is_some_and(|r| r.len() <= 8)
        });
        by_name || by_host
    };
    for separator in SEPARATORS {
        let Some((head, tail)) = title.rsplit_once(separator) else {
            continue;
        };
        if names_site(tail) && !head.trim().is_empty() {
            return head.trim().to_owned();
        }
        if let Some((first, rest)) = title.split_once(separator) {
            if names_site(first) && !rest.trim().is_empty() {
                return rest.trim().to_owned();
            }
        }
    }
    title.to_owned()
}

/// Whether the words of `small` are words of `large`, in a row ("cnn" in "cnn politics",
/// not "ap" in "japan").
fn within(large: &str, small: &str) -> bool {
    let large: Vec<&str> = large.split_whitespace().collect();
    let small: Vec<&str> = small.split_whitespace().collect();
    !small.is_empty() && large.windows(small.len()).any(|w| w == small.as_slice())
}

/// The name a host is known by: its labels but `www` and the public suffix, the longest one
/// (`www.aljazeera.net` → `aljazeera`, `edition.cnn.com` → `cnn`, `bbc.co.uk` → `bbc`).
fn host_name(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.trim_end_matches('.').split('.').collect();
    // The last label is the top-level domain; a second-level one of two or three letters
    // (`co.uk`, `com.eg`) is part of the suffix.
    let mut end = labels.len().checked_sub(1)?;
    if end >= 2 && labels[end - 1].len() <= 3 {
        end -= 1;
    }
    let name = labels.get(end.checked_sub(1)?)?;
    (name.len() >= 2 && *name != "www").then(|| name.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::without_site;

    #[test]
    fn the_site_s_name_is_taken_off_either_end() {
        let cases = [
            (
                "Storm hits the coast — BBC News",
                Some("BBC News"),
                None,
                "Storm hits the coast",
            ),
            (
                "Storm hits the coast - BBC News",
                None,
                Some("www.bbc.co.uk"),
                "Storm hits the coast",
            ),
            (
                "نتائج الانتخابات | الجزيرة نت",
                Some("الجزيرة نت"),
                None,
                "نتائج الانتخابات",
            ),
            (
                "الجزيرة نت | نتائج الانتخابات",
                Some("الجزيرة نت"),
                None,
                "نتائج الانتخابات",
            ),
            (
                "نتائج الانتخابات - الجزيرة",
                None,
                Some("www.aljazeera.net"),
                "نتائج الانتخابات - الجزيرة",
            ),
            (
                "Why the bridge fell | CNN Politics",
                Some("CNN"),
                None,
                "Why the bridge fell",
            ),
            (
                "Mozilla - Firefox is fast",
                None,
                Some("blog.mozilla.org"),
                "Firefox is fast",
            ),
        ];
        for (title, site, host, wanted) in cases {
            assert_eq!(without_site(title, site, host), wanted, "{title}");
        }
    }

    #[test]
    fn a_title_that_names_no_site_is_kept() {
        for (title, site, host) in [
            (
                "Left - right: a history of politics",
                Some("The Review"),
                Some("review.example"),
            ),
            ("BBC News", Some("BBC News"), None),
            ("A title - with a dash", None, None),
            ("Japan - storm warnings", Some("AP"), None),
        ] {
            assert_eq!(without_site(title, site, host), title);
        }
    }
}
