//! Reads a built EPUB back the way a reading system does: zip, then `META-INF/container.xml`,
//! then the package document's manifest and spine. No file name is assumed beyond that.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// XML's own namespace (`xml:lang`).
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The OPF package namespace.
pub const OPF_NS: &str = "http://www.idpf.org/2007/opf";
/// Dublin Core elements.
pub const DC_NS: &str = "http://purl.org/dc/elements/1.1/";
/// XHTML.
pub const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";
/// EPUB's structural semantics (`epub:type`).
pub const OPS_NS: &str = "http://www.idpf.org/2007/ops";
/// The NCX.
pub const NCX_NS: &str = "http://www.daisy.org/z3986/2005/ncx/";
/// The OCF container.
pub const CONTAINER_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:container";

/// Parses XML (DTDs allowed, as XHTML and NCX documents may carry a doctype); panics with the
/// parser's message and the document's name when it is not well-formed.
pub fn xml<'a>(name: &str, text: &'a str) -> roxmltree::Document<'a> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"))
}

/// An attribute's name as a test writes it: `xml:lang`, `epub:type`, or the plain local name.
pub fn attribute_name(attribute: &roxmltree::Attribute) -> String {
    match attribute.namespace() {
        Some(XML_NS) => format!("xml:{}", attribute.name()),
        Some(OPS_NS) => format!("epub:{}", attribute.name()),
        Some(other) => format!("{{{other}}}{}", attribute.name()),
        None => attribute.name().to_string(),
    }
}

/// All attributes of an element, keyed by [`attribute_name`].
pub fn attributes(node: roxmltree::Node) -> BTreeMap<String, String> {
    node.attributes()
        .map(|a| (attribute_name(&a), a.value().to_string()))
        .collect()
}

/// The concatenated text of an element and its descendants.
pub fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// Elements named `local` in namespace `ns`, in document order.
pub fn elements<'a, 'input>(
    doc: &'a roxmltree::Document<'input>,
    ns: &'a str,
    local: &'a str,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> + 'a {
    doc.descendants()
        .filter(move |n| n.is_element() && n.has_tag_name((ns, local)))
}

/// Resolves `href` (relative, maybe with a fragment) against the zip path of the document
/// holding it, the way a reading system does.
pub fn resolve(base_document: &str, href: &str) -> String {
    let href = href.split('#').next().unwrap_or("");
    let href = percent_decode(href);
    let mut parts: Vec<&str> = base_document.split('/').collect();
    parts.pop();
    for segment in href.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("a percent-encoded href is not UTF-8")
}

/// A manifest item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its `id`.
    pub id: String,
    /// Its `href` as written.
    pub href: String,
    /// Its path inside the zip (resolved against the OPF's location).
    pub path: String,
    /// Its `media-type`.
    pub media_type: String,
    /// Its `properties`, split on whitespace.
    pub properties: Vec<String>,
}

impl Item {
    /// Whether `properties` holds `property`.
    pub fn has_property(&self, property: &str) -> bool {
        self.properties.iter().any(|p| p == property)
    }

    /// Whether the item is an XHTML document.
    pub fn is_xhtml(&self) -> bool {
        self.media_type == "application/xhtml+xml"
    }
}

/// An element of the OPF `<metadata>`: `dc:title`, `meta`, `link`...
#[derive(Debug, Clone)]
pub struct MetadataElement {
    /// `dc:<local>` for Dublin Core, the local name otherwise (`meta`, `link`).
    pub name: String,
    /// Its attributes, keyed by [`attribute_name`].
    pub attributes: BTreeMap<String, String>,
    /// Its text.
    pub text: String,
}

impl MetadataElement {
    /// An attribute's value, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
}

/// The spine.
#[derive(Debug, Clone)]
pub struct Spine {
    /// The spine element's attributes (`page-progression-direction`, `toc`).
    pub attributes: BTreeMap<String, String>,
    /// The `idref` of each `itemref`, in reading order.
    pub idrefs: Vec<String>,
}

/// The package document, parsed into owned values.
#[derive(Debug, Clone)]
pub struct Opf {
    /// Its path inside the zip.
    pub path: String,
    /// The `<package>` element's attributes.
    pub package: BTreeMap<String, String>,
    /// The children of `<metadata>`, in order.
    pub metadata: Vec<MetadataElement>,
    /// The manifest, in order.
    pub manifest: Vec<Item>,
    /// The spine.
    pub spine: Spine,
    /// Every `id` attribute anywhere in the document, in order.
    pub ids: Vec<String>,
}

impl Opf {
    fn parse(path: &str, source: &str) -> Opf {
        let doc = xml(path, source);
        let package = doc.root_element();
        assert!(
            package.has_tag_name((OPF_NS, "package")),
            "{path}: the root element is not an OPF <package>"
        );
        let metadata_element = child(package, OPF_NS, "metadata", path);
        let metadata = metadata_element
            .children()
            .filter(|n| n.is_element())
            .map(|n| MetadataElement {
                name: match n.tag_name().namespace() {
                    Some(DC_NS) => format!("dc:{}", n.tag_name().name()),
                    _ => n.tag_name().name().to_string(),
                },
                attributes: attributes(n),
                text: text_of(n),
            })
            .collect();
        let manifest = child(package, OPF_NS, "manifest", path)
            .children()
            .filter(|n| n.is_element() && n.has_tag_name((OPF_NS, "item")))
            .map(|n| {
                let href = n.attribute("href").unwrap_or_default().to_string();
                Item {
                    id: n.attribute("id").unwrap_or_default().to_string(),
                    path: resolve(path, &href),
                    href,
                    media_type: n.attribute("media-type").unwrap_or_default().to_string(),
                    properties: n
                        .attribute("properties")
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(str::to_string)
                        .collect(),
                }
            })
            .collect();
        let spine_element = child(package, OPF_NS, "spine", path);
        let spine = Spine {
            attributes: attributes(spine_element),
            idrefs: spine_element
                .children()
                .filter(|n| n.is_element() && n.has_tag_name((OPF_NS, "itemref")))
                .map(|n| n.attribute("idref").unwrap_or_default().to_string())
                .collect(),
        };
        let ids = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .map(str::to_string)
            .collect();
        Opf {
            path: path.to_string(),
            package: attributes(package),
            metadata,
            manifest,
            spine,
            ids,
        }
    }

    /// The texts of every `dc:<local>` element, in order.
    pub fn dc(&self, local: &str) -> Vec<String> {
        let name = format!("dc:{local}");
        self.metadata
            .iter()
            .filter(|e| e.name == name)
            .map(|e| e.text.clone())
            .collect()
    }

    /// The `dc:<local>` elements themselves.
    pub fn dc_elements(&self, local: &str) -> Vec<&MetadataElement> {
        let name = format!("dc:{local}");
        self.metadata.iter().filter(|e| e.name == name).collect()
    }

    /// The `<meta property="...">` elements with that property.
    pub fn meta_property(&self, property: &str) -> Vec<&MetadataElement> {
        self.metadata
            .iter()
            .filter(|e| e.name == "meta" && e.attr("property") == Some(property))
            .collect()
    }

    /// The `<meta name="...">` elements with that name (EPUB 2 style).
    pub fn meta_name(&self, name: &str) -> Vec<&MetadataElement> {
        self.metadata
            .iter()
            .filter(|e| e.name == "meta" && e.attr("name") == Some(name))
            .collect()
    }

    /// The manifest item with that id; panics if there is none.
    pub fn item(&self, id: &str) -> &Item {
        self.manifest
            .iter()
            .find(|i| i.id == id)
            .unwrap_or_else(|| panic!("{}: no manifest item has id {id:?}", self.path))
    }

    /// The one manifest item with a property; panics unless there is exactly one.
    pub fn item_with_property(&self, property: &str) -> &Item {
        let items: Vec<&Item> = self
            .manifest
            .iter()
            .filter(|i| i.has_property(property))
            .collect();
        assert_eq!(
            items.len(),
            1,
            "{}: expected exactly one manifest item with properties~={property:?}, found {items:?}",
            self.path
        );
        items[0]
    }

    /// The spine's items, in reading order.
    pub fn spine_items(&self) -> Vec<&Item> {
        self.spine.idrefs.iter().map(|id| self.item(id)).collect()
    }

    /// The language the package declares on itself (`xml:lang`).
    pub fn package_lang(&self) -> Option<&str> {
        self.package.get("xml:lang").map(String::as_str)
    }
}

fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    ns: &str,
    local: &str,
    path: &str,
) -> roxmltree::Node<'a, 'input> {
    node.children()
        .find(|n| n.is_element() && n.has_tag_name((ns, local)))
        .unwrap_or_else(|| panic!("{path}: <{}> has no <{local}>", node.tag_name().name()))
}

/// One entry of the archive, as it is stored and as it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its name.
    pub name: String,
    /// Its unpacked bytes.
    pub bytes: Vec<u8>,
    /// Its bytes as packed in the archive (deflated or stored).
    pub packed: Vec<u8>,
    /// The CRC-32 its headers declare.
    pub crc: u32,
    /// Whether it is deflated (else stored).
    pub deflated: bool,
}

/// A built EPUB, fully read into memory: the one zip reader of the tests.
pub struct Epub {
    /// Where it was read from (`<memory>` for [`Epub::from_bytes`]).
    pub path: PathBuf,
    /// The archive's raw bytes.
    pub bytes: Vec<u8>,
    entries: Vec<Entry>,
}

impl Epub {
    /// Reads the archive at `path` with the `zip` crate; panics if it is not a readable zip.
    pub fn open(path: &Path) -> Epub {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {path:?}: {e}"));
        Epub::parse(path, bytes)
    }

    /// Reads an archive held in memory.
    pub fn from_bytes(bytes: Vec<u8>) -> Epub {
        Epub::parse(Path::new("<memory>"), bytes)
    }

    fn parse(path: &Path, bytes: Vec<u8>) -> Epub {
        let entries = Epub::unpack(path, &bytes);
        Epub {
            path: path.to_path_buf(),
            bytes,
            entries,
        }
    }

    fn unpack(path: &Path, bytes: &[u8]) -> Vec<Entry> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
            .unwrap_or_else(|e| panic!("{path:?} is not a zip archive: {e}"));
        let mut entries = Vec::new();
        for index in 0..archive.len() {
            let mut packed = Vec::new();
            let (name, crc, deflated) = {
                let mut raw = archive.by_index_raw(index).unwrap();
                raw.read_to_end(&mut packed)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", raw.name()));
                let deflated = raw.compression() == zip::CompressionMethod::Deflated;
                // EPUB names are UTF-8, whether or not the zip says so (Info-ZIP does not).
                let name = String::from_utf8(raw.name_raw().to_vec())
                    .unwrap_or_else(|_| raw.name().to_string());
                (name, raw.crc32(), deflated)
            };
            let mut content = Vec::new();
            archive
                .by_index(index)
                .unwrap()
                .read_to_end(&mut content)
                .unwrap_or_else(|e| panic!("cannot inflate {name}: {e}"));
            entries.push(Entry {
                name,
                bytes: content,
                packed,
                crc,
                deflated,
            });
        }
        entries
    }

    /// Every entry, in archive order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entry names, in archive order.
    pub fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.name.as_str()).collect()
    }

    /// Whether the archive has an entry of that name.
    pub fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }

    /// An entry's content, if the archive has it.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.bytes.as_slice())
    }

    /// An entry's content; panics if the archive has no such entry.
    pub fn read(&self, name: &str) -> &[u8] {
        self.get(name).unwrap_or_else(|| {
            panic!(
                "{:?} has no entry {name:?}; it has {:?}",
                self.path,
                self.names()
            )
        })
    }

    /// An entry's content as UTF-8 text.
    pub fn read_text(&self, name: &str) -> String {
        String::from_utf8(self.read(name).to_vec())
            .unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"))
    }

    /// The package document's path, from `META-INF/container.xml`.
    pub fn opf_path(&self) -> String {
        let container = self.read_text("META-INF/container.xml");
        let doc = xml("META-INF/container.xml", &container);
        let rootfiles: Vec<_> = elements(&doc, CONTAINER_NS, "rootfile").collect();
        assert_eq!(
            rootfiles.len(),
            1,
            "container.xml must name exactly one rootfile"
        );
        assert_eq!(
            rootfiles[0].attribute("media-type"),
            Some("application/oebps-package+xml")
        );
        rootfiles[0]
            .attribute("full-path")
            .expect("the rootfile has no full-path")
            .to_string()
    }

    /// The package document, parsed.
    pub fn opf(&self) -> Opf {
        let path = self.opf_path();
        let source = self.read_text(&path);
        Opf::parse(&path, &source)
    }

    /// The manifest.
    pub fn manifest(&self) -> Vec<Item> {
        self.opf().manifest
    }

    /// The spine.
    pub fn spine(&self) -> Spine {
        self.opf().spine
    }

    /// Every XHTML document of the manifest (content, cover page, navigation document) with
    /// its text, in manifest order.
    pub fn xhtml_documents(&self) -> Vec<(Item, String)> {
        self.manifest()
            .into_iter()
            .filter(Item::is_xhtml)
            .map(|item| {
                let text = self.read_text(&item.path);
                (item, text)
            })
            .collect()
    }

    /// The one item with `properties="cover-image"`.
    pub fn cover_image(&self) -> Item {
        self.opf().item_with_property("cover-image").clone()
    }
}
