"""warraq: articles into right-to-left EPUB 3 books; EPUBs checked and fixed.

The Rust library's front (``build``, ``cover``, ``check``, ``fix``) for Python. The work runs
with the GIL released, so threads build books in parallel; warnings come through the
``warnings`` module (categories under ``WarraqWarning``), failures as exceptions under
``WarraqError`` that carry the message, hint and exit code of the ``warraq`` command.

>>> import warraq
>>> epub = warraq.build(text="# عنوان\\n\\nنص المقال.", format="md", cover=None)
>>> epub[:2]
b'PK'
>>> warraq.check(epub).findings
[]
"""

from __future__ import annotations

import datetime as _datetime
import os
import warnings as _warnings
from pathlib import Path
from typing import Any, Iterable, List, NamedTuple, Optional, Tuple, Union

from . import _warraq
from ._exceptions import (
    CATEGORIES,
    ArticleWarning,
    BookWarning,
    CoverWarning,
    ImageWarning,
    InputError,
    InternalError,
    LinkWarning,
    MarkupWarning,
    TextWarning,
    UnreadableError,
    WarraqError,
    WarraqWarning,
    WriteError,
)

__all__ = [
    "Article", "Book", "Report", "Finding", "Fixed", "Repair", "Rule",
    "build", "cover", "check", "fix", "rules", "each", "SETTINGS",
    "WarraqError", "InputError", "UnreadableError", "WriteError", "InternalError",
    "WarraqWarning", "TextWarning", "MarkupWarning", "LinkWarning", "ImageWarning",
    "CoverWarning", "ArticleWarning", "BookWarning",
]

PathLike = Union[str, "os.PathLike[str]"]
#: A point in time: a datetime (naive is UTC) or seconds since 1970.
When = Union[_datetime.datetime, int, float, None]

#: The settings ``build``, ``cover`` and ``Book`` take as keywords: the keys of book.toml.
SETTINGS: Tuple[str, ...] = tuple(_warraq.SETTINGS)

_EXTENSIONS = {"txt": "txt", "text": "txt", "md": "md", "markdown": "md", "html": "html",
               "htm": "html", "docx": "docx"}


class Article:
    """One article: a file or URL (``path``), bytes (``data``) or text (``text``).

    ``format`` (``"txt"``, ``"md"``, ``"html"``, ``"docx"``) says how to read bytes or text;
    a path's extension says it for a file. ``name`` names bytes or text in messages (default
    ``article``). Bytes and text have no folder: no image is read from this machine for them.
    """

    __slots__ = ("_input",)

    def __init__(self, path: Optional[PathLike] = None, *, data: Optional[bytes] = None,
                 text: Optional[str] = None, format: Optional[str] = None,
                 name: Optional[str] = None):
        given = [x is not None for x in (path, data, text)].count(True)
        if given != 1:
            raise TypeError("give an article's path, data or text: exactly one")
        if path is not None:
            self._input: Tuple[str, Optional[bytes]] = (os.fspath(path), None)
            return
        if text is not None:
            data = text.encode("utf-8")
        extension = _EXTENSIONS.get((format or "txt").lower().lstrip("."))
        if extension is None:
            raise ValueError(f"format {format!r} is not one of txt, md, html, docx")
        self._input = (f"{name or 'article'}.{extension}", bytes(data))  # type: ignore[arg-type]

    @classmethod
    def of(cls, article: Union["Article", PathLike, bytes], format: Optional[str] = None) -> "Article":
        """An ``Article`` as given, from a path or URL, or from bytes in ``format``."""
        if isinstance(article, Article):
            return article
        if isinstance(article, (bytes, bytearray, memoryview)):
            return cls(data=bytes(article), format=format)
        return cls(article)

    def __repr__(self) -> str:
        name, data = self._input
        return f"Article({name!r})" if data is None else f"Article(<{len(data)} bytes as {name!r}>)"


class Book:
    """A book of one or more articles (an anthology), with its settings.

    ``settings`` are the keys of book.toml (see ``SETTINGS``): ``title``, ``authors``,
    ``lang``, ``dir``, ``publisher``, ``date``, ``description``, ``subjects``, ``source``,
    ``rights``, ``identifier``, ``cover_alt``, ``title_page``, ``contents_page``, ``encoding``,
    ``strict``… ``cover`` is ``"drawn"`` (the default: drawn when a font can set the title,
    else none with a warning), ``"auto"`` (drawn, or an error), ``None``, or an image's path
    or bytes. ``font`` is a font file's path or bytes to embed. ``kobo`` makes a KEPUB.
    ``modified`` is the time stamped into the book: ``SOURCE_DATE_EPOCH`` when set, else now;
    the same articles, settings and time make the same bytes.
    """

    def __init__(self, articles: Iterable[Union[Article, PathLike, bytes]] = (), *,
                 cover: Union[str, PathLike, bytes, None] = "drawn",
                 font: Union[PathLike, bytes, None] = None, kobo: bool = False,
                 modified: When = None, **settings: Any):
        unknown = sorted(set(settings) - set(SETTINGS))
        if unknown:
            raise TypeError(f"unknown setting {unknown[0]!r}; the settings are {', '.join(SETTINGS)}")
        self.articles: List[Article] = [Article.of(a) for a in articles]
        self.settings = settings
        self.cover_choice = cover
        self.font = font
        self.kobo = kobo
        self.modified = modified
        #: After a build: the book's title and the file name ``warraq build`` would give it.
        self.title: Optional[str] = None
        self.file_name: Optional[str] = None
        #: After a build: what warraq noted (e.g. the language it detected).
        self.notes: List[str] = []

    def add(self, article: Union[Article, PathLike, bytes], format: Optional[str] = None) -> "Book":
        """Adds an article at the end; returns the book."""
        self.articles.append(Article.of(article, format))
        return self

    def build(self, output: Optional[PathLike] = None) -> Union[bytes, Path]:
        """The EPUB's bytes; or, given ``output`` (a file, or a directory to write the book
        into under its own name), the path written."""
        return self._run(output, None)

    def cover(self, png: bool = False, output: Optional[PathLike] = None) -> Union[bytes, Path]:
        """The cover the book would be drawn, as JPEG bytes (PNG with ``png``); or the path
        written to ``output``."""
        return self._run(output, png)

    def _run(self, output: Optional[PathLike], png: Optional[bool]) -> Any:
        if not self.articles:
            raise TypeError("a book needs at least one article")
        data, file_name, title, warned, notes, written = _warraq.build(
            [a._input for a in self.articles], self.settings, _cover(self.cover_choice),
            _named(self.font, "font (bytes)"), self.kobo, _seconds(self.modified),
            None if output is None else os.fspath(output), png)
        self.title, self.file_name, self.notes = title, file_name, notes
        for kind, message in warned:
            _warnings.warn(message, CATEGORIES.get(kind, WarraqWarning), stacklevel=3)
        return Path(written) if written is not None else data


def build(article: Union[Article, PathLike, bytes, None] = None, *, text: Optional[str] = None,
          format: Optional[str] = None, output: Optional[PathLike] = None,
          **options: Any) -> Union[bytes, Path]:
    """Makes a book of one article and returns the EPUB's bytes (or writes ``output``).

    ``article`` is a path, a URL, bytes in ``format`` or an ``Article``; or give ``text`` (a
    str in ``format``, default ``txt``). The other keywords are ``Book``'s: the settings,
    ``cover``, ``font``, ``kobo``, ``modified``.

    Raises ``InputError`` (65), ``UnreadableError`` (66), ``WriteError`` (73) or
    ``InternalError`` (74), as ``warraq build`` exits.
    """
    return Book([_one(article, text, format)], **options).build(output)


def cover(article: Union[Article, PathLike, bytes, None] = None, *, text: Optional[str] = None,
          format: Optional[str] = None, png: bool = False, output: Optional[PathLike] = None,
          **options: Any) -> Union[bytes, Path]:
    """The cover ``build`` would draw for the article, as JPEG bytes (PNG with ``png``), as
    ``warraq cover`` draws it; without a font that can set the title, ``UnreadableError``."""
    options.pop("cover", None)
    return Book([_one(article, text, format)], **options).cover(png, output)


class Finding(NamedTuple):
    """One breach of one rule: its code (e.g. ``RTL-001``), ``error`` or ``warning``, where
    (an archive entry, with ``:line:column`` when known; empty for the whole file), and what."""

    code: str
    severity: str
    location: str
    message: str


class Report(NamedTuple):
    """What ``check`` found, in the order found."""

    findings: List[Finding]

    @property
    def errors(self) -> List[Finding]:
        """The findings that fail ``warraq check``."""
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> List[Finding]:
        """The findings that do not."""
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """No errors (``warraq check`` would exit 0)."""
        return not self.errors


def check(book: Union[PathLike, bytes], *, lang: Optional[str] = None) -> Report:
    """Checks an EPUB (a path, or bytes) as ``warraq check`` does, against ``lang`` when
    given (else its own first language). A file that cannot be read is a finding, as on the
    command line."""
    return Report([Finding(*f) for f in _warraq.check(_book(book), lang)])


class Rule(NamedTuple):
    """A rule of the check: its code, severity, what a breach means, and how to fix it."""

    code: str
    severity: str
    meaning: str
    fix: str


def rules() -> List[Rule]:
    """Every rule ``check`` holds a book to."""
    return [Rule(*r) for r in _warraq.rules()]


class Repair(NamedTuple):
    """One repair: the code of the rule mended, what was done, and the entry changed."""

    code: str
    message: str
    location: str


class Fixed(NamedTuple):
    """A fixed book: its bytes, the repairs made, notes, what ``check`` still finds, and when
    the declared language stands against the text, the hint on settling it with ``lang``."""

    bytes: bytes
    repairs: List[Repair]
    notes: List[str]
    findings: List[Finding]
    undecided: Optional[str]


def fix(book: Union[PathLike, bytes], *, lang: Optional[str] = None,
        modified: When = None) -> Fixed:
    """Repairs an EPUB (a path, or bytes) as ``warraq fix`` does, and returns the new bytes
    with what was done; nothing is written. A book ``fix`` refuses (not a zip, encrypted,
    too large) raises ``InputError``; a path that cannot be read, ``UnreadableError``."""
    data, repairs, notes, findings, undecided = _warraq.fix(_book(book), lang, _seconds(modified))
    return Fixed(data, [Repair(*r) for r in repairs], notes, [Finding(*f) for f in findings], undecided)


def each(directory: PathLike, out_dir: PathLike, *, kobo: bool = False) -> List[Tuple[Path, Path]]:
    """The books ``warraq build --each DIRECTORY --out-dir OUT_DIR`` would write: each article
    with its book's path, in its order and under its names (one article, one task: see the
    README's "On a cluster")."""
    return [(Path(a), Path(b)) for a, b in _warraq.each(os.fspath(directory), os.fspath(out_dir), kobo)]


def _one(article: Any, text: Optional[str], format: Optional[str]) -> Article:
    if text is not None:
        if article is not None:
            raise TypeError("give an article or text, not both")
        return Article(text=text, format=format or "txt")
    if article is None:
        raise TypeError("give an article (a path, URL, bytes or Article) or text")
    return Article.of(article, format)


def _cover(choice: Any) -> Any:
    if choice is None:
        return "none"
    if isinstance(choice, str) and choice in ("drawn", "auto"):
        return choice
    return _named(choice, "cover image (bytes)")


def _named(given: Any, name: str) -> Optional[Tuple[str, Optional[bytes]]]:
    """A file as the native side takes it: its path to read, or a name for its bytes (their
    format is read from the bytes themselves)."""
    if given is None:
        return None
    if isinstance(given, (bytes, bytearray, memoryview)):
        return (name, bytes(given))
    return (os.fspath(given), None)


def _book(book: Any) -> Tuple[str, Optional[bytes]]:
    if isinstance(book, (bytes, bytearray, memoryview)):
        return ("book.epub", bytes(book))
    return (os.fspath(book), None)


def _seconds(when: When) -> int:
    if when is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch is None:
            return int(_datetime.datetime.now(_datetime.timezone.utc).timestamp())
        try:
            return int(epoch.strip())
        except ValueError:
            raise InputError(f"SOURCE_DATE_EPOCH: {epoch!r} is not a number of seconds since 1970-01-01",
                             "unset it, or set it to e.g. $(git log -1 --format=%ct)", 65) from None
    if isinstance(when, _datetime.datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=_datetime.timezone.utc)
        return int(when.timestamp())
    return int(when)
