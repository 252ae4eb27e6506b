//! `edition.toml`: its keys, their defaults, and its refusals.

use super::*;
use crate::read::recipe_values::{matches, parse_age};

fn read(text: &str) -> Result<Recipe> {
    Recipe::from_toml(Path::new("news/edition.toml"), text)
}

const RECIPE: &str = r#"
title = "صحيفة الصباح"
lang = "ar"
max_articles = 5
oldest = "2 days"
exclude = ["*/video/*"]

[[sections]]
title = "أخبار"
feeds = ["https://example.org/rss", "local.xml"]

[[sections]]
title = "English"
lang = "en"
feeds = ["https://example.com/feed.json"]
max_articles = 3
text = "page"
include = ["https://example.com/news/*"]
"#;

#[test]
fn a_recipe_with_its_defaults_and_overrides() {
    let recipe = read(RECIPE).unwrap();
    assert_eq!(recipe.title, "صحيفة الصباح");
    assert_eq!(recipe.lang.as_str(), "ar");
    let [news, english] = &recipe.sections[..] else {
        panic!("two sections")
    };
    assert_eq!(news.feeds, ["https://example.org/rss", "news/local.xml"]);
    assert_eq!(news.max_articles, 5);
    assert_eq!(news.oldest, Some(Duration::from_secs(2 * 86_400)));
    assert_eq!(news.exclude, ["*/video/*"]);
    assert_eq!(news.text, TextFrom::Auto);
    assert_eq!(news.lang, None);
    assert_eq!(english.max_articles, 3);
    assert_eq!(english.text, TextFrom::Page);
    assert_eq!(english.lang.as_ref().map(LanguageTag::as_str), Some("en"));
    assert_eq!(english.include, ["https://example.com/news/*"]);
    assert_eq!(
        english.exclude,
        ["*/video/*"],
        "the edition's patterns by default"
    );
}

#[test]
fn unknown_keys_are_refused_with_the_closest() {
    let error = read("title = \"x\"\nlang = \"ar\"\ntitel = \"y\"\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "news/edition.toml:3:1: unknown key `titel`"
    );
    assert!(error.hint().unwrap().starts_with("did you mean `title`?"));
    let error = read(
        "title = \"x\"\nlang = \"ar\"\n[[sections]]\ntitle = \"s\"\nfeed = [\"https://e.org\"]\n",
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "news/edition.toml:5:1: unknown key `sections.feed`"
    );
    assert!(error.hint().unwrap().starts_with("did you mean `feeds`?"));
    assert_eq!(error.exit_code(), std::process::ExitCode::from(65));
}

#[test]
fn bad_values_are_named() {
    let base = "title = \"x\"\nlang = \"ar\"\n";
    for (more, expected) in [
        ("", "has no sections"),
        (
            "oldest = \"yesterday\"\n[[sections]]\ntitle = \"s\"\nfeeds = [\"a.xml\"]\n",
            "oldest:",
        ),
        (
            "max_articles = 0\n[[sections]]\ntitle = \"s\"\nfeeds = [\"a.xml\"]\n",
            "max_articles: must be at least 1",
        ),
        ("[[sections]]\ntitle = \"s\"\nfeeds = []\n", "has no feeds"),
        (
            "[[sections]]\ntitle = \"s\"\nfeeds = [\"ftp://e.org/rss\"]\n",
            "ftp: feeds cannot be fetched",
        ),
        (
            "text = \"full\"\n[[sections]]\ntitle = \"s\"\nfeeds = [\"a.xml\"]\n",
            "unknown variant `full`",
        ),
        (
            "first_edition = 2026-02-30\n[[sections]]\ntitle = \"s\"\nfeeds = [\"a.xml\"]\n",
            "",
        ),
    ] {
        let error = read(&format!("{base}{more}")).unwrap_err().to_string();
        assert!(error.starts_with("news/edition.toml"), "{error}");
        assert!(error.contains(expected), "{expected}: {error}");
    }
    let error = read(
        "title = \"x\"\nlang = \"not a tag\"\n[[sections]]\ntitle = \"s\"\nfeeds = [\"a.xml\"]\n",
    )
    .unwrap_err();
    assert!(error.to_string().contains("lang:"), "{error}");
}

#[test]
fn ages() {
    assert_eq!(parse_age("2 days"), Ok(Duration::from_secs(172_800)));
    assert_eq!(parse_age("1 week"), Ok(Duration::from_secs(604_800)));
    assert_eq!(parse_age("36 hours"), Ok(Duration::from_secs(129_600)));
    assert_eq!(parse_age("90 minutes"), Ok(Duration::from_secs(5_400)));
    for bad in [
        "",
        "2",
        "two days",
        "0 days",
        "2 fortnights",
        "99999999 weeks",
        "1 day ago",
    ] {
        assert!(parse_age(bad).is_err(), "{bad}");
    }
}

#[test]
fn link_patterns() {
    assert!(matches("*/video/*", "https://e.org/video/1"));
    assert!(!matches("*/video/*", "https://e.org/news/1"));
    assert!(matches("https://e.org/*", "https://e.org/a"));
    assert!(matches("https://e.org/a", "https://e.org/a"));
    assert!(!matches("https://e.org/a", "https://e.org/ab"));
    assert!(matches("*.html", "https://e.org/a.html"));
    assert!(!matches("*a*a*", "https://e.org/a"));
    assert!(matches("*", ""));
}
