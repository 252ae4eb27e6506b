//! The settings' own parsers and merging: dates, encodings, cover choices, exemptions.

use super::*;

#[test]
fn dates() {
    assert!(PubDate::parse("2019").is_ok());
    assert!(PubDate::parse("2019-02").is_ok());
    assert_eq!(PubDate::parse("2019-02-27").unwrap().as_str(), "2019-02-27");
    assert!(PubDate::parse("2019-02-30").is_err());
    assert!(PubDate::parse("2019-13").is_err());
    assert!(PubDate::parse("27/02/2019").is_err());
    assert!(PubDate::parse("2019-2-7").is_err());
}

#[test]
fn encodings() {
    assert_eq!(
        TextEncoding::parse(" CP1256 ").map(TextEncoding::get),
        Ok(encoding_rs::WINDOWS_1256)
    );
    let err = TextEncoding::parse("klingon").unwrap_err();
    assert!(err.starts_with("\"klingon\" is not an encoding"), "{err}");
    assert!(err.contains("windows-1256"), "{err}");
    assert!(TextEncoding::parse("replacement").is_err());
}

#[test]
fn cover_words_are_keywords_only_alone() {
    assert_eq!(CoverArg::from(PathBuf::from("auto")), CoverArg::Auto);
    assert_eq!(CoverArg::from(PathBuf::from("none")), CoverArg::None);
    let file = CoverArg::from(PathBuf::from("./auto"));
    assert_eq!(file.image(), Some(Path::new("./auto")));
    assert_eq!(
        CoverArg::from(PathBuf::from("c.jpg")).relative_to(Path::new("book")),
        CoverArg::Image(PathBuf::from("book/c.jpg"))
    );
    assert_eq!(
        CoverArg::Auto.relative_to(Path::new("book")),
        CoverArg::Auto
    );
}

#[test]
fn flags_win_over_toml() {
    let toml = Fields {
        title: Some("a".into()),
        authors: vec!["x".into()],
        ..Fields::default()
    };
    let flags = Fields {
        title: Some("b".into()),
        ..Fields::default()
    };
    let merged = flags.or(toml);
    assert_eq!(merged.title.as_deref(), Some("b"));
    assert_eq!(merged.authors, vec!["x".to_string()]);
}

#[test]
fn sources() {
    assert!(check_source("https://www.aljazeera.net/news/2019/2/27/x").is_ok());
    assert!(check_source("urn:warraq:seed:000_6a18982ae2c37ec8").is_ok());
    assert!(check_source("الجزيرة نت").is_ok());
    assert!(check_source("Reuters, 27 February 2019").is_ok());
    let err = check_source("https://exa mple.com/").unwrap_err();
    assert!(
        err.contains("\"https://exa mple.com/\" is not a valid URL"),
        "{err}"
    );
    assert!(check_source("http://").is_err());
}

#[test]
fn exemptions() {
    assert_eq!(
        Exemption::parse("eaa-microenterprise"),
        Ok(Exemption::Microenterprise)
    );
    let refused = Exemption::parse("none").unwrap_err();
    assert!(refused.contains("eaa-disproportionate-burden"), "{refused}");
}
