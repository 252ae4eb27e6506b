//! The declaration reader on the CSS books give it, hostile CSS included.

use super::*;

/// `(property, value, selector)` of each declaration of a sheet.
fn read(css: &str) -> Vec<(String, String, Option<String>)> {
    declarations(css, false, 1)
        .into_iter()
        .map(|d| (d.property, d.value, d.selector))
        .collect()
}

fn one(property: &str, value: &str, selector: Option<&str>) -> (String, String, Option<String>) {
    (property.into(), value.into(), selector.map(str::to_string))
}

#[test]
fn properties_and_values() {
    assert_eq!(
        read("p { COLOR: Red; text-align : left !important }"),
        [
            one("color", "red", Some("p")),
            one("text-align", "left !important", Some("p"))
        ]
    );
}

#[test]
fn escapes_in_property_names_are_resolved() {
    assert_eq!(
        read("p { \\64 irection: rtl; unicode\\-bidi: embed }"),
        [
            one("direction", "rtl", Some("p")),
            one("unicode-bidi", "embed", Some("p"))
        ]
    );
}

#[test]
fn comments_are_left_out() {
    let css =
        "/* p { direction: rtl } */\nh1 /* x */ , h2 { /* a: b; */ color: /* c */ red /* d */ \
               blue; margin: rgb(1 /* e */ 2) }";
    assert_eq!(
        read(css),
        [
            one("color", "red  blue", Some("h1 , h2")),
            one("margin", "rgb(1  2)", Some("h1 , h2"))
        ]
    );
}

#[test]
fn strings_and_urls_hold_what_would_end_a_declaration() {
    let css = "p::before { content: \"a;b}c{\\\"d\" } \
               div { background: url(a;b}.png); font-family: 'x;y' }";
    assert_eq!(
        read(css),
        [
            one("content", "\"a;b}c{\\\"d\"", Some("p::before")),
            one("background", "url(a;b}.png)", Some("div")),
            one("font-family", "'x;y'", Some("div"))
        ]
    );
}

#[test]
fn nested_at_rules_give_the_innermost_selector() {
    let css = "@media screen and (min-width: 10em) {\n  .a,\n  .b > p { direction: rtl }\n}\n\
               @font-face { font-family: x }\n@page :first { margin: 0 }";
    assert_eq!(
        read(css),
        [
            one("direction", "rtl", Some(".a, .b > p")),
            one("font-family", "x", Some("@font-face")),
            one("margin", "0", Some("@page :first"))
        ]
    );
}

#[test]
fn top_level_declarations_only_inline() {
    let css = "@charset \"UTF-8\"; @import url(a.css); color: red; p { x: y }";
    assert_eq!(read(css), [one("x", "y", Some("p"))]);
    let inline: Vec<_> = declarations("direction:rtl; font-family: \"a;b\"", true, 1)
        .into_iter()
        .map(|d| (d.property, d.value, d.selector))
        .collect();
    assert_eq!(
        inline,
        [
            one("direction", "rtl", None),
            one("font-family", "\"a;b\"", None)
        ]
    );
}

#[test]
fn what_is_not_a_declaration() {
    let css = "p { a b: c; *zoom: 1; : x; 1px: 2; color; a:hover { d: e } }";
    assert_eq!(read(css), [one("d", "e", Some("a:hover"))]);
}

#[test]
fn lines_count_from_where_the_text_starts() {
    let css = "p {\n  color: red;\n  /* a\n  b */ margin:\n 0 }\n\n\nq { x: \"y\" }";
    let lines: Vec<usize> = declarations(css, false, 10)
        .iter()
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, [11, 13, 17]);
}

#[test]
fn byte_ranges() {
    let css = "p { color: red; margin:  0 /* x */ ;direction:rtl}";
    let found = declarations(css, false, 1);
    let spans: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (&css[d.range.clone()], &css[d.value_range.clone()]))
        .collect();
    assert_eq!(
        spans,
        [
            ("color: red;", "red"),
            ("margin:  0 /* x */ ;", "0"),
            ("direction:rtl", "rtl")
        ]
    );
    let empty = &declarations("p { color: ; x:}", false, 1);
    assert_eq!(empty[0].value_range, 11..11);
    assert_eq!(empty[1].value_range, 15..15);
    assert_eq!(empty[1].value, "");
}

#[test]
fn unclosed_input() {
    assert_eq!(
        read("p { color: red"),
        [one("color", "red", Some("p"))],
        "an unclosed block"
    );
    assert_eq!(
        read("p { content: \"a; } q { direction: rtl }"),
        [one("content", "\"a; } q { direction: rtl }", Some("p"))],
        "an unclosed string runs to the end of its line"
    );
    assert_eq!(
        read("p { content: \"a;\n color: red; direction: rtl }"),
        [
            one("content", "\"a;\n color: red", Some("p")),
            one("direction", "rtl", Some("p"))
        ],
        "or of its line, its declaration to the next `;`"
    );
    assert_eq!(
        read("p { /* color: red } q { x: y }"),
        [],
        "an unclosed comment"
    );
    assert_eq!(
        read("p { margin: calc(1px + ; } q { x: y }"),
        [one("margin", "calc(1px + ; } q { x: y }", Some("p"))],
        "an unclosed function"
    );
    assert_eq!(
        read("} p { x: y }}} q { z: w"),
        [one("x", "y", Some("p")), one("z", "w", Some("q"))]
    );
    for hostile in [
        "{", "(", "\"", "/*", "\\", "url(", "a:", ":", "@", "p{a:b;", "\u{0}",
    ] {
        for css in [hostile.to_string(), hostile.repeat(1000)] {
            let found = declarations(&css, true, 1);
            for d in found {
                assert!(css.get(d.range.clone()).is_some(), "{css:?}");
                assert!(css.get(d.value_range.clone()).is_some(), "{css:?}");
            }
        }
    }
}

#[test]
fn deep_nesting_is_skipped_not_recursed_into() {
    let deep = format!("{}p {{ x: y }}", "a { ".repeat(100_000));
    assert_eq!(read(&deep), []);
    let shallow = format!("{}p {{ x: y }}", "a { ".repeat(DEEPEST - 1));
    assert_eq!(read(&shallow), [one("x", "y", Some("p"))]);
    let value = format!("p {{ x: {}; z: w }}", "f(".repeat(100_000));
    assert_eq!(read(&value).len(), 1);
}
