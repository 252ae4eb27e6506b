//! The package document's elements found by their names in the OPF namespace, for the edits
//! of `package.rs` and `package_upgrade.rs`.

use roxmltree::Node;

use warraq_epub::xml::OPF_NS;

/// The first child of `node` named `name` in the OPF namespace.
pub(super) fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name((OPF_NS, name)))
}

/// The children named `name` of `root`'s child `parent`.
pub(super) fn children<'a, 'i>(
    root: Node<'a, 'i>,
    parent: &'static str,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    child(root, parent)
        .into_iter()
        .flat_map(|p| p.children())
        .filter(move |n| n.has_tag_name((OPF_NS, name)))
}
