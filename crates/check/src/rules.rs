//! Every rule `warraq check` applies: its stable code, its severity, what it means and how
//! to fix it. The README's rule table is this list; a test keeps the two in step.

use super::Severity::{self, Error, Warning};

/// One rule: its code never changes once published, so scripts can match on it.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// The stable code, e.g. `RTL-001`.
    pub code: &'static str,
    /// How serious a breach is.
    pub severity: Severity,
    /// What the rule asks for.
    pub meaning: &'static str,
    /// How to fix a breach.
    pub fix: &'static str,
}

macro_rules! rules {
    ($($name:ident = $code:literal $severity:ident, $meaning:literal, $fix:literal;)*) => {
        $(
            #[doc = $meaning]
            pub const $name: &Rule = &Rule {
                code: $code,
                severity: $severity,
                meaning: $meaning,
                fix: $fix,
            };
        )*
        /// All rules, in the order the README lists them.
        pub const ALL: &[&Rule] = &[$($name),*];
    };
}

rules! {
    FILE_UNREADABLE = "FILE-001" Error,
        "The file can be read (exit code 66 when it cannot).",
        "Check the path and its permissions.";
    OCF_NOT_ZIP = "OCF-001" Error,
        "The file is a zip archive (exit code 65 when it is not).",
        "Rebuild the book; an EPUB is a zip archive.";
    OCF_MIMETYPE_FIRST = "OCF-002" Error,
        "The first entry of the archive is `mimetype`.",
        "Write `mimetype` first (e.g. `zip -X0 book.epub mimetype` before anything else).";
    OCF_MIMETYPE_STORED = "OCF-003" Error,
        "`mimetype` is stored, not compressed.",
        "Store it uncompressed (`zip -0`).";
    OCF_MIMETYPE_CONTENT = "OCF-004" Error,
        "`mimetype` holds exactly `application/epub+zip`.",
        "Write those 20 bytes, with no line end or byte-order mark.";
    OCF_MIMETYPE_EXTRA = "OCF-005" Error,
        "`mimetype` has no extra field in its zip header.",
        "Zip it with `zip -X` (no extra attributes).";
    OCF_NO_CONTAINER = "OCF-006" Error,
        "`META-INF/container.xml` is present.",
        "Add it, naming the package document in a `rootfile`.";
    OCF_BAD_CONTAINER = "OCF-007" Error,
        "`META-INF/container.xml` parses and names a package document.",
        "Give it a `<rootfile full-path=\"…\" media-type=\"application/oebps-package+xml\"/>`.";
    OCF_NO_PACKAGE = "OCF-008" Error,
        "The package document that `container.xml` names exists.",
        "Correct `full-path` or add the file.";
    OCF_DUPLICATE = "OCF-009" Error,
        "No two entries have the same name, even ignoring case and Unicode normalisation (NFC).",
        "Remove or rename the duplicate entry.";
    OCF_UNSAFE_NAME = "OCF-010" Error,
        "Entry names are UTF-8 relative paths without `..`, `\\`, drive letters or control characters (read as UTF-8 whether or not the zip flags them so).",
        "Rename the entry to a plain relative path.";
    OCF_UNREADABLE_ENTRY = "OCF-011" Error,
        "Every entry can be decompressed and matches its CRC-32; those the check reads, within 64 MiB each.",
        "Rebuild the archive; encrypted, corrupt and oversized entries cannot be read.";
    OCF_OTHER_ZIP = "OCF-012" Error,
        "The zip is an EPUB, not another format built on zip: a Word document, an OpenDocument or other Office file, a Java archive (exit code 65 when it is one).",
        "To make a book of a Word document, run `warraq build` on it.";
    OPF_PARSE = "OPF-001" Error,
        "The package document is well-formed XML with a `<package>` root.",
        "Fix the XML error at the location given.";
    OPF_VERSION = "OPF-002" Error,
        "`<package version>` is `3.0` (or `2.0`).",
        "Set `version=\"3.0\"`.";
    OPF_EPUB2 = "OPF-003" Warning,
        "The book is EPUB 3, not the obsolete EPUB 2.",
        "Rebuild it as EPUB 3; the EPUB 3-only rules were skipped.";
    OPF_UNIQUE_ID = "OPF-004" Error,
        "`unique-identifier` names a non-empty `dc:identifier`.",
        "Point it at the `id` of the book's `dc:identifier`.";
    OPF_MODIFIED = "OPF-005" Error,
        "Exactly one `dcterms:modified`, of the form `YYYY-MM-DDThh:mm:ssZ`.",
        "Write one `<meta property=\"dcterms:modified\">2025-01-31T12:00:00Z</meta>`.";
    OPF_TITLE = "OPF-006" Error,
        "A non-empty `dc:title` is present.",
        "Add `<dc:title>`.";
    OPF_LANGUAGE = "OPF-007" Error,
        "A `dc:language` is present and a well-formed BCP 47 tag.",
        "Add `<dc:language>ar</dc:language>` (or the book's language).";
    OPF_DUPLICATE_ID = "OPF-008" Error,
        "Every `id` in the package document is unique.",
        "Rename one of the elements sharing the id.";
    OPF_MISSING_ITEM = "OPF-009" Error,
        "Every manifest item has an `href` naming an entry of the archive (compared after Unicode normalisation, NFC).",
        "Add the file or correct the `href` (it is relative to the package document).";
    OPF_SPINE = "OPF-010" Error,
        "There is a spine, and every `itemref` names a manifest item.",
        "Correct the `idref` or add the item to the manifest.";
    OPF_NO_NAV = "OPF-011" Error,
        "A navigation document is declared (`properties=\"nav\"`).",
        "Add an XHTML navigation document with a `toc` nav and declare it.";
    OPF_COVER_DECLARED = "OPF-012" Error,
        "At most one manifest item has `properties=\"cover-image\"`, and it has an image media type.",
        "Set `cover-image` on the cover image's item only.";
    OPF_COVER_IMAGE = "OPF-013" Error,
        "The cover image decodes as the media type it is declared with.",
        "Replace the image, or correct its `media-type`.";
    OPF_COVER_META = "OPF-014" Warning,
        "A cover named by the EPUB 2 `<meta name=\"cover\">` is a manifest item (EPUB 3 does not define it; older readers use it).",
        "Point `content` at the id of the image's manifest item, or remove the element.";
    XML_PARSE = "XML-001" Error,
        "Every XHTML document is well-formed XML.",
        "Fix the XML error at the location given (`&nbsp;` and other HTML entities are not XML).";
    XML_DECLARATION = "XML-002" Warning,
        "Every XHTML document starts with an XML declaration.",
        "Start it with `<?xml version=\"1.0\" encoding=\"UTF-8\"?>` (Send-to-Kindle assumes Latin-1 without).";
    XML_URL = "XML-003" Error,
        "Every `href` and `src` of an XHTML document is a valid URL string: it parses without the repairs a browser would make (a backslash for a slash, a space, a bad percent escape), as EPUBCheck requires (`RSC-020`).",
        "Percent-encode the space (`%20`), write `/` for `\\`, or remove the link.";
    RTL_SPINE = "RTL-001" Error,
        "A right-to-left book's spine has `page-progression-direction=\"rtl\"`.",
        "Add the attribute to `<spine>`; without it pages turn the wrong way.";
    RTL_DOCUMENT_DIR = "RTL-002" Error,
        "Every XHTML document of a right-to-left book has, on `html` or `body`, the `dir` of its language: `rtl` for the book's language, and for a document in another language (see `RTL-004`) that language's direction (`ltr` for an English piece in an Arabic anthology, `rtl` for an Urdu one).",
        "Add `dir=\"rtl\"` to `<html>`, in the navigation document and cover page too; `dir=\"ltr\"` on a left-to-right piece.";
    RTL_DOCUMENT_LANG = "RTL-003" Error,
        "Every XHTML document of a right-to-left book has `lang` or `xml:lang`; one that has neither is held to the book's language and direction.",
        "Add `lang` and `xml:lang` to `<html>`; documents do not inherit `dc:language`.";
    RTL_LANG_MISMATCH = "RTL-004" Error,
        "In a right-to-left book, `lang` agrees with `xml:lang`; a document's language is the book's, or another well-formed tag when the book has documents in its own language (a Persian or English piece in an Arabic anthology); `dc:language` agrees with `--lang`.",
        "Use the book's language tag, or the piece's own well-formed tag in both `lang` and `xml:lang`.";
    RTL_PACKAGE = "RTL-005" Warning,
        "A right-to-left book's `<package>` has `dir=\"rtl\"` and `xml:lang` of its language.",
        "Add both; Apple Books reads the text direction there.";
    RTL_CSS_DIRECTION = "RTL-006" Error,
        "No style sheet (or `style`) uses `direction` or `unicode-bidi`; the EPUB CSS profile forbids them. Checked in every book.",
        "Delete the declaration; set direction with `dir` attributes.";
    RTL_CSS_LEFT = "RTL-007" Warning,
        "A right-to-left book does not align text with the physical `text-align: left`, except text set left to right: a `style` on an element whose `dir` (or nearest ancestor's) is `ltr`, or a rule whose every selector names `[dir=ltr]` or `:dir(ltr)`.",
        "Use `text-align: start` (or `justify`).";
    RTL_LANGUAGES = "RTL-008" Warning,
        "A book with a right-to-left language has exactly one `dc:language`.",
        "Keep only the main language; readers guess the direction from the list.";
    RTL_UNDECLARED = "RTL-009" Warning,
        "A book declared left-to-right does not have most of its letters (more than half) in a right-to-left script.",
        "Set `dc:language` to the text's language (or run with `--lang`) and add the right-to-left markup.";
    RTL_DIR_ON_BODY = "RTL-010" Warning,
        "A right-to-left document states `dir=\"rtl\"` on `<body>` as well as on `<html>`: Calibre's Kindle (AZW3) conversion drops `dir` from `<html>`, and MuPDF 1.21 ignores it there.",
        "Repeat `dir` (and `lang`, `xml:lang`) on `<body>`.";
    RTL_FOREIGN_DIR = "RTL-011" Warning,
        "A document written in the other direction than the book's (an English article in an Arabic book) states its `dir` on `<body>`: readers built on epub.js set the book's direction over `<html>`.",
        "Repeat the document's `dir` (and `lang`, `xml:lang`) on `<body>`.";
    COVER_OFF_PAGE = "COVER-001" Warning,
        "The cover page's image is not styled `display: block` while it has `width` and `height` attributes: MuPDF (the engine of SumatraPDF and many Android readers) lays such an image off the page.",
        "Keep the image inline (in a block with `text-align: center`), or drop its `width` and `height` attributes.";
}
