//! The paragraphs that say what a document is rather than being its text (styles `Author`,
//! `Date` and `Abstract`, as pandoc's reference document and academic templates write them):
//! gathered into its metadata instead of its body. They outrank the core properties, which
//! name whoever saved the file (`dc:creator` is often a machine account such as `eng-dept`)
//! and when it was made. The `Title` stays the headline, where it stands; a `Subtitle`, which
//! the model has no place for, stays the paragraph it is.

use std::collections::HashSet;

use super::date;
use super::styles::Role;
use warraq_core::document::Meta;

/// What the body's front paragraphs say.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Front {
    /// The authors the `Author` paragraphs name, in order, each once.
    pub authors: Vec<String>,
    /// The same, to look up (a document may hold any number of `Author` paragraphs).
    named: HashSet<String>,
    /// The first `Date` paragraph, in ISO 8601 where its text allows, else as written.
    pub date: Option<String>,
    /// The `Abstract` paragraphs, in order.
    pub(crate) summary: Vec<String>,
}

impl Front {
    /// Takes the text of a top-level paragraph of this role, and says whether it did: a
    /// paragraph of another role, one without text, and a second `Date` stay in the body.
    pub(crate) fn take(&mut self, role: Option<Role>, text: &str) -> bool {
        let text = warraq_core::document::normalise_line(text);
        if text.is_empty() {
            return false;
        }
        match role {
            Some(Role::Author) => {
                for name in authors(&text) {
                    if self.named.insert(name.clone()) {
                        self.authors.push(name);
                    }
                }
                true
            }
            Some(Role::Date) if self.date.is_none() => {
                self.date = Some(date::iso(&text).unwrap_or(text));
                true
            }
            Some(Role::Abstract) => {
                self.summary.push(text);
                true
            }
            _ => false,
        }
    }

    /// The document's metadata with what the body says laid over the core properties'.
    pub(crate) fn apply(self, meta: &mut Meta) {
        if !self.authors.is_empty() {
            meta.authors = self.authors;
        }
        if self.date.is_some() {
            meta.date = self.date;
        }
        if !self.summary.is_empty() {
            meta.description = Some(self.summary.join("\n"));
        }
    }
}

/// The authors one `Author` paragraph names: split at semicolons and the Arabic comma (`،`,
/// `؛`), and at `and` or `&` with the commas of the list they end (`A, B and C`). A comma
/// alone does not split (`Evans, Mary Ann` is one name), nor does the Arabic `و`, which
/// also begins names (`وليد`).
pub(crate) fn authors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split([';', '\u{061B}', '\u{060C}']) {
        let words: Vec<&str> = part.split_whitespace().collect();
        let joins = |w: &&str| w.eq_ignore_ascii_case("and") || *w == "&";
        if !words.iter().any(joins) {
            out.push(words.join(" "));
            continue;
        }
        let names: Vec<&[&str]> = words.split(joins).collect();
        // `Evans, Mary and Dupin, Aurore`: a comma inside a name, not between names.
        let listed = names.iter().all(|name| {
            name.join(" ")
                .split(',')
                .all(|n| n.split_whitespace().count() != 1)
        });
        for name in names {
            let name = name.join(" ");
            if listed {
                out.extend(name.split(',').map(str::to_string));
            } else {
                out.push(name);
            }
        }
    }
    out.into_iter()
        .map(|n| n.trim().trim_end_matches(',').trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::authors;

    #[test]
    fn names_are_split_where_a_list_of_names_is() {
        for (text, want) in [
            ("Mary Ann Evans", &["Mary Ann Evans"][..]),
            (
                "Mary Ann Evans and Aurore Dupin",
                &["Mary Ann Evans", "Aurore Dupin"],
            ),
            ("A. Writer; B. Writer", &["A. Writer", "B. Writer"]),
            ("سارة أحمد، علي حسن", &["سارة أحمد", "علي حسن"]),
            ("سارة أحمد وعلي حسن", &["سارة أحمد وعلي حسن"]),
            ("Ann Lee, Bo Li, and Cy Ng", &["Ann Lee", "Bo Li", "Cy Ng"]),
            ("Ann Lee & Bo Li", &["Ann Lee", "Bo Li"]),
            ("Evans, Mary Ann", &["Evans, Mary Ann"]),
            (
                "Evans, Mary and Dupin, Aurore",
                &["Evans, Mary", "Dupin, Aurore"],
            ),
            (" ; and ; ", &[]),
        ] {
            assert_eq!(authors(text), want, "{text}");
        }
    }
}
