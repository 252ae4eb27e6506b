//! What a build noticed and the user should know: the book was made, but not quite as the
//! input asked. Each warning has a kind, for programs (the Python binding's warning categories,
//! the server's page), and the message the command line prints.

use std::fmt;

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// The text: its encoding guessed, characters removed or replaced (control characters,
    /// presentation forms, stray bidi controls).
    Text,
    /// Markup a reader keeps as text or leaves out: raw HTML in Markdown, a `lang` that is no
    /// language tag, broken JSON-LD, a part of a Word document that cannot be read.
    Markup,
    /// A link written without its address, or an address repaired.
    Link,
    /// An image left out, not fetched, or made smaller.
    Image,
    /// The cover: none could be drawn, or the image given needed changes.
    Cover,
    /// Whether the text taken is the article: a page's article in doubt, an article with a
    /// headline and no text, its language set aside.
    Article,
    /// A book of a batch or an edition left out, or a setting that does not apply to it.
    Book,
}

impl WarningKind {
    /// A stable name for programs: `text`, `markup`, `link`, `image`, `cover`, `article`,
    /// `book`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::Text => "text",
            WarningKind::Markup => "markup",
            WarningKind::Link => "link",
            WarningKind::Image => "image",
            WarningKind::Cover => "cover",
            WarningKind::Article => "article",
            WarningKind::Book => "book",
        }
    }
}

/// One warning: its kind and its message, which names the file (and line:column where
/// there is one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What it is about.
    pub kind: WarningKind,
    /// The message, as the command line prints it after `warning: `.
    pub message: String,
}

impl Warning {
    /// A warning of `kind`.
    ///
    /// ```
    /// use warraq_core::warning::{Warning, WarningKind};
    ///
    /// let w = Warning::new(WarningKind::Image, "page.html: 2 images left out");
    /// assert_eq!(w.to_string(), "page.html: 2 images left out");
    /// assert_eq!(w.kind.as_str(), "image");
    /// ```
    pub fn new(kind: WarningKind, message: impl Into<String>) -> Warning {
        Warning {
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
