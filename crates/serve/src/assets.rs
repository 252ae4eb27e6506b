//! The page and what it loads, compiled into the binary: the server needs no file of its own
//! and the page nothing from the network.

/// The page.
pub(crate) const INDEX: &str = include_str!("../assets/index.html");

/// An asset of the page by its name under `/assets/`: its bytes and media type.
pub(crate) fn asset(name: &str) -> Option<(&'static [u8], &'static str)> {
    Some(match name {
        "app.js" => (
            include_bytes!("../assets/app.js"),
            "text/javascript; charset=utf-8",
        ),
        "i18n.js" => (
            include_bytes!("../assets/i18n.js"),
            "text/javascript; charset=utf-8",
        ),
        "app.css" => (
            include_bytes!("../assets/app.css"),
            "text/css; charset=utf-8",
        ),
        _ => return None,
    })
}
