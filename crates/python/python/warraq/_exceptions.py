"""warraq's exceptions and warning categories.

Each exception mirrors an exit code of the ``warraq`` command and carries what the command
prints: the message (with its causes), the hint, and the code. Each warning category is one
kind of the library's warnings (``Warning::kind``).
"""

from __future__ import annotations

from typing import Optional


class WarraqError(Exception):
    """A book could not be made, read, checked or fixed.

    Attributes:
        message: what went wrong, naming the file, as the command prints it after ``error:``.
        hint: what to do about it, as the command prints it after ``hint:``; or ``None``.
        exit_code: the command's exit code for the same failure.
    """

    exit_code: int = 74

    def __init__(self, message: str, hint: Optional[str] = None, exit_code: Optional[int] = None):
        super().__init__(message, hint, exit_code)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  hint: {self.hint}"
        return self.message


class InputError(WarraqError):
    """An input was read but is not acceptable: its text, metadata, image or a setting (65)."""

    exit_code = 65


class UnreadableError(WarraqError):
    """An input is missing or cannot be read, or no font can set a cover's title (66)."""

    exit_code = 66


class WriteError(WarraqError):
    """The output cannot be written (73)."""

    exit_code = 73


class InternalError(WarraqError):
    """A bug in warraq, never the input's fault: please report it with the input (74)."""

    exit_code = 74


class WarraqWarning(UserWarning):
    """Something in the input that the book was made without, or made around."""


class TextWarning(WarraqWarning):
    """The article's text: its encoding, characters or language."""


class MarkupWarning(WarraqWarning):
    """The article's markup: Markdown or HTML that was left out or read as text."""


class LinkWarning(WarraqWarning):
    """A link that was left out or rewritten."""


class ImageWarning(WarraqWarning):
    """An image the article shows that was left out or changed."""


class CoverWarning(WarraqWarning):
    """The cover: none could be drawn, or the image was changed."""


class ArticleWarning(WarraqWarning):
    """The article as a whole: what was taken from a page may not be its article."""


class BookWarning(WarraqWarning):
    """The book's settings: a key ignored, a value overridden."""


#: Each warning kind of the library (``WarningKind::as_str``) with its category.
CATEGORIES = {
    "text": TextWarning,
    "markup": MarkupWarning,
    "link": LinkWarning,
    "image": ImageWarning,
    "cover": CoverWarning,
    "article": ArticleWarning,
    "book": BookWarning,
}
