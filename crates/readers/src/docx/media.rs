//! Images: DrawingML (`w:drawing`, `a:blip r:embed`) and VML (`v:imagedata r:id`), their
//! bytes taken from the package into the document's resources under their part name, their
//! alternative text from `wp:docPr` (`descr`, else `title`) or the VML shape.

use std::sync::Arc;

use roxmltree::Node;

use super::inline::Leaf;
use super::reader::Reader;
use super::xml::{is_local, r_attr};
use warraq_core::document::Image;
use warraq_core::error::Result;
use warraq_core::warning::{Warning, WarningKind};

impl Reader<'_, '_> {
    /// A `w:drawing`'s image; its alternative text when the image cannot be had.
    pub(crate) fn drawing(&mut self, drawing: Node) -> Result<Leaf> {
        let doc_pr = drawing.descendants().find(|n| is_local(*n, "docPr"));
        let alt = doc_pr
            .and_then(|d| attr(d, "descr").or_else(|| attr(d, "title")))
            .unwrap_or_default();
        let blip = drawing.descendants().find(|n| is_local(*n, "blip"));
        match blip.and_then(|b| r_attr(b, "embed")) {
            Some(id) => self.image(id, alt),
            None => {
                let what = if blip.and_then(|b| r_attr(b, "link")).is_some() {
                    "an image linked from outside the document is left out"
                } else {
                    "a drawing that is not a picture (a shape, a chart, a text box) is left out"
                };
                self.warn_image(what, &alt);
                Ok(Leaf::Text(alt))
            }
        }
    }

    /// A `w:pict` or `w:object`'s image, when it shows one.
    pub(crate) fn vml(&mut self, pict: Node) -> Result<Option<Leaf>> {
        let Some(data) = pict.descendants().find(|n| is_local(*n, "imagedata")) else {
            return Ok(None);
        };
        let alt = data
            .ancestors()
            .find(|n| is_local(*n, "shape"))
            .and_then(|s| attr(s, "alt"))
            .or_else(|| attr(data, "title"))
            .unwrap_or_default();
        match r_attr(data, "id") {
            Some(id) => self.image(id, alt).map(Some),
            None => Ok(Some(Leaf::Text(alt))),
        }
    }

    /// The image of relationship `id`: its bytes into the resources, or its alternative text
    /// with a warning when the part is missing.
    fn image(&mut self, id: &str, alt: String) -> Result<Leaf> {
        let Some(rel) = self.rels.get(id).filter(|r| !r.external) else {
            self.warn_image(&format!("image {id} is not in the document"), &alt);
            return Ok(Leaf::Text(alt));
        };
        let name = rel.target.clone();
        if !self.resources.contains_key(&name) {
            match self.package.media_part(&name)? {
                Some(bytes) => {
                    self.resources.insert(name.clone(), Arc::from(bytes));
                }
                None => {
                    self.warn_image(&format!("image {name} is missing from the document"), &alt);
                    return Ok(Leaf::Text(alt));
                }
            }
        }
        Ok(Leaf::Image(Image {
            src: name,
            alt,
            place: self.here(),
        }))
    }

    fn warn_image(&mut self, what: &str, alt: &str) {
        let kept = if alt.is_empty() {
            String::new()
        } else {
            format!("; its description is kept as text: {alt}")
        };
        self.warnings.push(Warning::new(
            WarningKind::Image,
            format!("{}{}: {what}{kept}", self.path.display(), self.here()),
        ));
    }
}

/// An attribute by local name, in whatever namespace, trimmed; `None` when empty.
fn attr(node: Node, name: &str) -> Option<String> {
    node.attributes()
        .find(|a| a.name() == name)
        .map(|a| a.value().trim().to_string())
        .filter(|v| !v.is_empty())
}
