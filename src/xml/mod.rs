//! XML shared by every part that reads or edits a book's files: the namespaces of the
//! vocabularies an EPUB is written in, edits made at the positions the parser gives
//! ([`splice`]), and the encoding an edited entity is written back in ([`encoding`]).

pub mod encoding;
pub mod splice;

/// XHTML, the content and navigation documents.
pub const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// EPUB's structural semantics (`epub:type`).
pub const EPUB_NS: &str = "http://www.idpf.org/2007/ops";
/// The package document (OPF).
pub const OPF_NS: &str = "http://www.idpf.org/2007/opf";
/// Dublin Core elements, in the package's metadata.
pub const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
/// The NCX, EPUB 2's table of contents.
pub const NCX_NS: &str = "http://www.daisy.org/z3986/2005/ncx/";
/// The `xml:` prefix (`xml:lang`), bound by XML itself.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// SVG, inline in XHTML.
pub const SVG_NS: &str = "http://www.w3.org/2000/svg";
/// MathML, inline in XHTML.
pub const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";
