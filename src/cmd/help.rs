//! The text after each `--help`: the overview's examples (one a subcommand) under `warraq
//! --help`, each subcommand's own under its help, and the exit codes each can give, one code a
//! line, short enough that clap never wraps one mid-phrase.

/// After `warraq --help`.
pub(crate) const OVERVIEW: &str = "\
Examples:
  warraq build                       build ./book (book.toml + article.txt) into dist/
  warraq build article.txt           one article (.txt, .md, .html, .docx) into dist/
  warraq build https://example.org/news/1.html   a web page: its article, images, cover
  warraq check dist/*.epub           check books, right-to-left set-up included
  warraq fix old.epub -o fixed.epub  make an existing right-to-left EPUB right
  warraq cover -o cover.png          draw the cover a book without one gets
  warraq edition edition.toml        a day's articles from feeds, as one book
  warraq serve --open                the same in a web browser, in Arabic and English

More examples: warraq help build (or check, fix, cover, edition, serve).

Exit codes:
  0   success
  1   check found errors; after fix, errors it cannot repair
  2   the command line is wrong (a bad --lang, --date or --encoding value too)
  65  an input's content is wrong, or fix refused a book
  66  an input is missing or unreadable, a URL failed, or no font has the title's letters
  73  the output cannot be created
  74  another I/O error, or an internal error";

/// After `warraq build --help`.
pub(crate) const BUILD: &str = "\
Examples:
  warraq build                       build ./book (book.toml + article.txt) into dist/
  warraq build article.txt --lang ar --author 'فريق التحرير' --cover cover.jpg -o book.epub
  warraq build https://example.org/news/1.html   fetch a page: its article, images, cover
  warraq build interview.docx --cover none       a Word document, right-to-left kept
  warraq build --each articles/ -o books/        one EPUB per article, in parallel
  warraq build old.txt --encoding windows-1256 --lang ar
  warraq build --font NotoNaskhArabic-Regular.ttf --kobo   embed a font; write a .kepub.epub

Exit codes:
  0   the book was written
  2   the command line is wrong, or a --lang, --date or --encoding value is not one
  65  an input's content is wrong (text, book.toml, --source, the cover, the font)
  66  an input is missing or unreadable, a URL failed, or no font has the title's letters
  73  the output cannot be created
  74  another I/O error, or an internal error";

/// After `warraq edition --help`.
pub(crate) const EDITION: &str = "\
Examples:
  warraq edition edition.toml        the recipe's sections and feeds, as one book
  warraq edition https://example.org/feed.xml --lang ar   one feed, as one section
  warraq edition edition.toml --no-cache --number 12      fetch anew; edition number 12
  warraq build https://example.org/feed.json              a feed's URL: an edition too

Exit codes:
  0   the edition was written (an article that could not be had is listed in it)
  2   the command line is wrong, or --lang is not a language tag
  65  the recipe or a feed's content is wrong (a file or answer that is not a feed)
  66  the recipe or a feed file is missing, the feed could not be fetched, or no
      article of the edition could be had
  73  the output cannot be created";

/// After `warraq check --help`.
pub(crate) const CHECK: &str = "\
Examples:
  warraq check dist/*.epub           check books, right-to-left set-up included
  warraq check book.epub --lang fa   check against Persian, whatever the book declares
  warraq check books/*.epub --json   one JSON object per book

Exit codes:
  0   no book has an error (warnings do not fail)
  1   a book has an error
  2   the command line is wrong, or --lang is not a language tag
  65  a file is not a zip archive at all
  66  a file is missing or unreadable";

/// After `warraq fix --help`.
pub(crate) const FIX: &str = "\
Examples:
  warraq fix old.epub -o fixed.epub  make an existing right-to-left EPUB right
  warraq fix old.epub --dry-run      say what would be repaired, write nothing
  warraq fix books/*.epub --in-place --lang fa   fix many books where they are

Exit codes:
  0   the book was fixed (or needed nothing) and passes the check
  1   the fixed book was written, with errors fix cannot repair or only --lang settles
  2   the command line is wrong, or --lang is not a language tag
  65  fix refused a book (unreadable archive, no package document, encryption)
  66  a book is missing or unreadable
  73  the output cannot be created";

/// After `warraq cover --help`.
pub(crate) const COVER: &str = "\
Examples:
  warraq cover -o cover.png          draw the cover ./book would get, as a PNG
  warraq cover article.txt --title 'عنوان آخر' -o cover.jpg

Exit codes:
  0   the cover was written
  2   the command line is wrong, or --lang is not a language tag
  65  an input's content is wrong
  66  an input is missing or unreadable, or no font has the title's letters
  73  the output cannot be created";

/// After `warraq serve --help`.
pub(crate) const SERVE: &str = "\
Examples:
  warraq serve --open                open the page in the default browser
  warraq serve --port 8080           another port (0: any free one)
  warraq serve --listen 0.0.0.0      let other machines in (each needs the printed token)

The address printed carries a token: only a browser that opened it can use the page.

Exit codes:
  0   stopped with Ctrl-C
  2   the command line is wrong
  65  the address cannot be listened on (in use, or not this machine's)
  74  an internal error";
