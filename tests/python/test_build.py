"""warraq.build, cover, check and fix from Python: round trips, every exception, the warning
categories, hostile input raised as exceptions."""

import io
import pickle
import warnings
import zipfile

import pytest

import warraq
from conftest import EPOCH, article, epubcheck

TEXT = "عنوان المقال\n\nنص المقال الأول بالعربية، وفيه ما يكفي من الكلمات لمعرفة لغته.\n"


def test_bytes_in_epub_bytes_out_passes_epubcheck_and_check(tmp_path):
    name, text = article(0)
    epub = warraq.build(text.encode(), format="txt", cover=None, modified=EPOCH,
                        authors=["الجزيرة نت"], publisher="أرشيف")
    assert epub[:2] == b"PK"
    assert warraq.check(epub).findings == []
    path = tmp_path / "book.epub"
    path.write_bytes(epub)
    assert epubcheck(path) == []
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        opf = book.read("OEBPS/content.opf").decode()
    assert "الجزيرة نت" in opf and "أرشيف" in opf and 'page-progression-direction="rtl"' in opf


def test_a_drawn_cover_markdown_text_and_an_anthology_pass_epubcheck(tmp_path):
    book = warraq.Book(cover="auto", modified=EPOCH, title="مختارات", lang="ar")
    book.add(warraq.Article(text=article(0)[1], format="txt"))
    book.add(article(1)[1].encode(), format="md")
    path = book.build(tmp_path)
    assert path == tmp_path / book.file_name and book.title == "مختارات"
    assert epubcheck(path) == []
    assert warraq.check(path).ok and warraq.check(path).findings == []
    with zipfile.ZipFile(path) as epub:
        assert any(n.startswith("OEBPS/images/cover.") for n in epub.namelist())


def test_the_same_request_makes_the_same_bytes_as_the_command(tmp_path, warraq_bin):
    import os
    import subprocess

    (tmp_path / "a.txt").write_text(TEXT)
    for cover, flag in [(None, "none"), ("drawn", "auto")]:
        cli = tmp_path / f"cli-{flag}.epub"
        subprocess.run([str(warraq_bin), "build", str(tmp_path / "a.txt"), "--cover", flag, "-o", str(cli)],
                       check=True, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)})
        assert warraq.build(tmp_path / "a.txt", cover=cover, modified=EPOCH) == cli.read_bytes(), flag


def test_kobo_and_cover_images():
    kepub = warraq.build(text=TEXT, cover=None, kobo=True, modified=EPOCH)
    with zipfile.ZipFile(io.BytesIO(kepub)) as book:
        assert "koboSpan" in book.read("OEBPS/article-001.xhtml").decode()
    jpeg = warraq.cover(text=TEXT, modified=EPOCH)
    png = warraq.cover(text=TEXT, png=True, modified=EPOCH)
    assert jpeg[:2] == b"\xff\xd8" and png[:8] == b"\x89PNG\r\n\x1a\n"
    with_image = warraq.build(text=TEXT, cover=png, modified=EPOCH)
    assert warraq.check(with_image).findings == []


def test_fix_repairs_a_book_and_check_reports_what_it_finds():
    epub = warraq.build(text=TEXT, cover=None, modified=EPOCH)
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(epub)) as book, zipfile.ZipFile(broken, "w") as out:
        for entry in book.infolist():
            data = book.read(entry)
            if entry.filename == "OEBPS/content.opf":
                data = data.replace(b' page-progression-direction="rtl"', b"")
            out.writestr(entry, data)
    report = warraq.check(broken.getvalue())
    assert not report.ok and "RTL-001" in {f.code for f in report.errors}, report
    fixed = warraq.fix(broken.getvalue(), modified=EPOCH)
    assert "RTL-001" in {r.code for r in fixed.repairs}
    assert fixed.findings == [] and warraq.check(fixed.bytes).findings == []
    assert {r.code for r in warraq.rules()} >= {"RTL-001", "OCF-001"}


def test_the_settings_are_book_tomls_keys_less_the_arguments_of_their_own():
    assert "accessibility_exemption" in warraq.SETTINGS
    assert not {"cover", "font", "articles"} & set(warraq.SETTINGS)
    epub = warraq.build(text=TEXT, cover=None, accessibility_exemption="eaa-microenterprise",
                        series="ورّاقو بغداد", series_index=3)
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        opf = book.read("OEBPS/content.opf").decode()
    assert "eaa-microenterprise" in opf
    assert "ورّاقو بغداد</meta>" in opf and ">3</meta>" in opf


@pytest.mark.parametrize("call, error, code, words", [
    (lambda p: warraq.build(p / "missing.txt"), warraq.UnreadableError, 66, "missing.txt"),
    (lambda p: warraq.build(text="", cover=None), warraq.InputError, 65, "article.txt"),
    (lambda p: warraq.build(text=TEXT, lang="not a tag!"), warraq.InputError, 65, "lang"),
    (lambda p: warraq.build(text=TEXT, date="2019-02-30"), warraq.InputError, 65, "date"),
    (lambda p: warraq.build(text=TEXT, accessibility_exemption="none"), warraq.InputError, 65,
     "accessibility_exemption"),
    (lambda p: warraq.build(text=TEXT, cover=b"not an image"), warraq.InputError, 65, "cover"),
    (lambda p: (p / "a-file").write_text("") or warraq.build(  # its folder is a file
        text=TEXT, cover=None, output=p / "a-file" / "book.epub"), warraq.WriteError, 73, "cannot write"),
    (lambda p: warraq.fix(b"not a zip"), warraq.InputError, 65, "zip"),
    (lambda p: warraq.fix(p / "missing.epub"), warraq.UnreadableError, 66, "missing.epub"),
])
def test_every_exception_carries_the_message_hint_and_exit_code(tmp_path, call, error, code, words):
    with pytest.raises(error) as raised:
        call(tmp_path)
    assert isinstance(raised.value, warraq.WarraqError)
    assert raised.value.exit_code == code and words in raised.value.message, raised.value
    copy = pickle.loads(pickle.dumps(raised.value))  # crosses a cluster's processes whole
    assert type(copy) is error and (copy.message, copy.hint, copy.exit_code) == (
        raised.value.message, raised.value.hint, code)


def test_an_error_has_the_hint_the_command_prints(tmp_path):
    with pytest.raises(warraq.UnreadableError) as raised:
        warraq.build(tmp_path / "missing.txt")
    assert raised.value.hint == "check the path and the current directory"
    assert "hint: check the path" in str(raised.value)


def test_an_internal_error_is_the_bug_class():
    error = warraq.InternalError("internal error: x", "this is a bug in warraq", 74)
    assert isinstance(error, warraq.WarraqError) and error.exit_code == 74


def test_bad_arguments_are_type_errors():
    with pytest.raises(TypeError, match="titel"):
        warraq.build(text=TEXT, titel="x")
    with pytest.raises(TypeError):
        warraq.build()


def test_warnings_come_through_the_warnings_module_in_their_categories():
    page = b"<html lang='ar'><body><article><h1>\xd8\xb9\xd9\x86\xd9\x88\xd8\xa7\xd9\x86</h1>" \
           b"<p>" + "نص المقال الطويل بما يكفي. ".encode() * 20 + b"</p><img src='photo.jpg'>" \
           b"<a href='http://[bad'>link</a></article></body></html>"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warraq.build(page, format="html", cover=None, modified=EPOCH)
    categories = {type(w.message) for w in caught}
    assert warraq.ImageWarning in categories, [(w.category, str(w.message)) for w in caught]
    assert all(issubclass(c, warraq.WarraqWarning) for c in categories)
    with warnings.catch_warnings():
        warnings.simplefilter("error", warraq.WarraqWarning)
        with pytest.raises(warraq.WarraqWarning):
            warraq.build(page, format="html", cover=None, modified=EPOCH)
    assert {c.__name__ for c in warraq._exceptions.CATEGORIES.values()} == {
        "TextWarning", "MarkupWarning", "LinkWarning", "ImageWarning", "CoverWarning",
        "ArticleWarning", "BookWarning"}


def _zip(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(name, data)
    return out.getvalue()


DOCUMENT = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_hostile_input_raises_and_never_crashes():
    # A Word document whose part inflates from about 100 KB to 100 MB: refused as a bomb.
    body = f"<?xml version='1.0'?><w:document xmlns:w='{DOCUMENT}'><w:body><w:p><w:r><w:t>x"
    bomb = _zip([
        ("[Content_Types].xml", "<?xml version='1.0'?><Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'><Override PartName='/word/document.xml' ContentType='application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml'/></Types>"),
        ("_rels/.rels", "<?xml version='1.0'?><Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'><Relationship Id='rId1' Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument' Target='word/document.xml'/></Relationships>"),
        ("word/document.xml", body + " " * (100 << 20) + "</w:t></w:r></w:p></w:body></w:document>"),
    ])
    with pytest.raises(warraq.InputError, match="inflates"):
        warraq.build(bomb, format="docx")
    # A book whose chapter inflates from 100 KB to 100 MB: check reports it unread, fix refuses.
    epub = warraq.build(text=TEXT, cover=None, modified=EPOCH)
    with zipfile.ZipFile(io.BytesIO(epub)) as book:
        entries = [(e.filename, book.read(e)) for e in book.infolist()]
    swollen = _zip([(n, d.replace(b"</body>", b" " * (100 << 20) + b"</body>") if n.endswith("article-001.xhtml") else d)
                    for n, d in entries])
    assert "OCF-011" in {f.code for f in warraq.check(swollen).errors}
    with pytest.raises(warraq.InputError, match="64 MiB"):
        warraq.fix(swollen)
    # An encrypted book: fix refuses it, check says why.
    encrypted = _zip([("mimetype", "application/epub+zip"),
                      ("META-INF/container.xml", "<container/>"),
                      ("META-INF/encryption.xml", "<encryption/>")])
    with pytest.raises(warraq.InputError):
        warraq.fix(encrypted)
    assert not warraq.check(encrypted).ok
    # Garbage in every format, and a zip bomb as a book: an exception or findings, no crash.
    for data, fmt in [(b"\x00\xff" * 5000, "txt"), (b"PK\x03\x04" + b"\xff" * 100, "docx"),
                      (b"<html>" + b"<div>" * 100_000, "html"), (b"# " + b"*" * 100_000, "md")]:
        try:
            warraq.build(data, format=fmt, cover=None)
        except warraq.WarraqError:
            pass
    assert not warraq.check(b"\x00" * 100).ok
    # A text too large for one document of a book.
    with pytest.raises(warraq.InputError, match="split it"):
        warraq.build(text="عنوان\n" + "س\n" * 450_000, lang="ar", cover=None)


def test_the_package_docstring_example_runs():
    import doctest

    assert doctest.testmod(warraq).failed == 0
