"""Lays a built book out in a reading engine and reports what the engine did, as JSON on
stdout, for tests/suite/engines.rs to judge. One subcommand per engine:

    measure.py pymupdf BOOK.epub SHOTS            MuPDF 1.2x from PyPI, on the EPUB itself
    measure.py mutool BOOK_DIR SHOTS DOC...       Debian's mutool (MuPDF 1.21), per document
    measure.py calibre-pdf BOOK.epub SHOTS        Calibre's EPUB -> PDF, read with PyMuPDF
    measure.py calibre-azw3 BOOK.epub SHOTS       Calibre's EPUB -> AZW3, its markup read back
    measure.py webkit BOOK_DIR SHOTS DOC...       WebKitGTK (run with Debian's python3, under
                                                  xvfb-run), per document

Every layout engine reports the same shape: documents, each with its pages, each page with
its text blocks (lines grouped into paragraphs by the vertical gaps between them), each block
with its lines' boxes and whether it is set larger than the page's text (a heading), and the
inked share and box of the page's picture, kept as a PNG under SHOTS.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PAGE = (600, 900)
DPI = 72
RTL_RANGES = ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))


def script_of(text):
    """'rtl' when most letters are in a right-to-left script, else 'ltr' (None: no letters)."""
    rtl = other = 0
    for c in text:
        if not c.isalpha():
            continue
        if any(lo <= ord(c) <= hi for lo, hi in RTL_RANGES):
            rtl += 1
        else:
            other += 1
    if rtl + other == 0:
        return None
    return "rtl" if rtl > other else "ltr"


def merge_lines(lines):
    """Fragments on the same line (their vertical middles inside each other) become one line."""
    merged = []
    for line in sorted(lines, key=lambda l: (l["box"][1], l["box"][0])):
        x0, y0, x1, y1 = line["box"]
        middle = (y0 + y1) / 2
        for m in merged:
            mx0, my0, mx1, my1 = m["box"]
            if my0 < middle < my1 or y0 < (my0 + my1) / 2 < y1:
                m["box"] = [min(mx0, x0), min(my0, y0), max(mx1, x1), max(my1, y1)]
                m["text"] += " " + line["text"]
                m["size"] = max(m["size"], line["size"])
                break
        else:
            merged.append(dict(line))
    merged.sort(key=lambda l: l["box"][1])
    return merged


def group_blocks(lines):
    """Lines into paragraphs: the lines of a paragraph touch or overlap (their boxes are the
    font's height, about the line height), while a paragraph's margin leaves a gap."""
    lines = merge_lines(lines)
    if not lines:
        return []
    sizes = sorted(l["size"] for l in lines)
    body_size = sizes[len(sizes) // 2]
    blocks = []
    for line in lines:
        if blocks:
            last = blocks[-1]["lines_full"][-1]
            gap = line["box"][1] - last["box"][3]
            if abs(line["size"] - last["size"]) < 0.5 and gap <= 0.25 * line["size"]:
                blocks[-1]["lines_full"].append(line)
                continue
        blocks.append({"lines_full": [line]})
    out = []
    for block in blocks:
        text = " ".join(l["text"] for l in block["lines_full"])
        size = max(l["size"] for l in block["lines_full"])
        out.append(
            {
                "text": text.strip()[:60],
                "script": script_of(text),
                "heading": size > body_size * 1.2,
                "lines": [[round(v, 2) for v in l["box"]] for l in block["lines_full"]],
            }
        )
    return out


def ink_of(pixmap):
    """The share of dark or coloured pixels of a PyMuPDF pixmap, and their bounding box in
    page units (None when the page is blank)."""
    import pymupdf  # noqa: F401  (the pixmap is PyMuPDF's)

    w, h, n = pixmap.width, pixmap.height, pixmap.n
    samples = pixmap.samples
    count = 0
    x_min, y_min, x_max, y_max = w, h, -1, -1
    stride = pixmap.stride
    for y in range(0, h, 2):
        row = samples[y * stride : y * stride + w * n]
        for x in range(0, w, 2):
            i = x * n
            if row[i] + row[i + 1] + row[i + 2] < 3 * 235:
                count += 1
                x_min, x_max = min(x_min, x), max(x_max, x)
                y_min, y_max = min(y_min, y), max(y_max, y)
    fraction = count / (((w + 1) // 2) * ((h + 1) // 2))
    if count == 0:
        return 0.0, None
    sx, sy = PAGE[0] / w, PAGE[1] / h
    return round(fraction, 4), [round(x_min * sx), round(y_min * sy), round(x_max * sx), round(y_max * sy)]


def pymupdf_page(page, shot):
    """Blocks, ink and a screenshot of one PyMuPDF page."""
    import pymupdf

    # Every page is measured in the units of a 600-wide page, whatever its own units.
    scale = PAGE[0] / page.rect.width
    lines = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            text = "".join(s["text"] for s in line["spans"])
            if not text.strip():
                continue
            size = max(s["size"] for s in line["spans"]) * scale
            lines.append({"box": [v * scale for v in line["bbox"]], "text": text, "size": size})
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale))
    if shot:
        pix.save(shot)
    fraction, box = ink_of(pix)
    return {
        "width": PAGE[0],
        "height": round(page.rect.height * scale),
        "blocks": group_blocks(lines),
        "ink": fraction,
        "ink_box": box,
        "shot": shot,
    }


def stem(name):
    return os.path.splitext(os.path.basename(name))[0]


def cmd_pymupdf(book, shots):
    import pymupdf

    doc = pymupdf.open(book)
    doc.layout(width=PAGE[0], height=PAGE[1])
    spine = spine_documents(book)
    documents = [{"doc": name, "pages": []} for name in spine]
    for number in range(doc.page_count):
        chapter, _ = doc.location_from_page_number(number)
        target = documents[chapter] if chapter < len(documents) else None
        if target is None:
            continue
        index = len(target["pages"])
        shot = os.path.join(shots, "%s-p%d.png" % (stem(target["doc"]), index + 1))
        target["pages"].append(pymupdf_page(doc[number], shot))
    return {"engine": "pymupdf", "version": pymupdf.VersionFitz, "documents": documents}


def spine_documents(book):
    """The spine's documents, as paths inside the archive, read from the EPUB."""
    import zipfile

    with zipfile.ZipFile(book) as z:
        container = ET.fromstring(z.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = ET.fromstring(z.read(opf_path))
    base = os.path.dirname(opf_path)
    items = {i.get("id"): i.get("href") for i in opf.iter("{http://www.idpf.org/2007/opf}item")}
    return [
        os.path.normpath(os.path.join(base, items[r.get("idref")]))
        for r in opf.iter("{http://www.idpf.org/2007/opf}itemref")
    ]


def cmd_mutool(book_dir, shots, docs):
    import pymupdf

    version = subprocess.run(["mutool", "-v"], capture_output=True, text=True)
    documents = []
    for name in docs:
        path = os.path.join(book_dir, name)
        with tempfile.TemporaryDirectory() as tmp:
            stext = os.path.join(tmp, "out.stext")
            run(["mutool", "draw", "-q", "-F", "stext", "-W", str(PAGE[0]), "-H", str(PAGE[1]), "-o", stext, path])
            pattern = os.path.join(shots, stem(name) + "-p%d.png")
            run(["mutool", "draw", "-q", "-F", "png", "-W", str(PAGE[0]), "-H", str(PAGE[1]), "-r", str(DPI), "-o", pattern, path])
            root = ET.parse(stext).getroot()
        pages = []
        for number, page in enumerate(root.iter("page"), start=1):
            lines = []
            for line in page.iter("line"):
                chars = "".join(c.get("c", "") for c in line.iter("char"))
                if not chars.strip():
                    continue
                sizes = [float(f.get("size", 0)) for f in line.iter("font")]
                lines.append({"box": [float(v) for v in line.get("bbox").split()], "text": chars, "size": max(sizes or [0])})
            shot = pattern % number
            fraction, box = ink_of(pymupdf.Pixmap(shot)) if os.path.exists(shot) else (0.0, None)
            pages.append(
                {
                    "width": round(float(page.get("width"))),
                    "height": round(float(page.get("height"))),
                    "blocks": group_blocks(lines),
                    "ink": fraction,
                    "ink_box": box,
                    "shot": shot if os.path.exists(shot) else None,
                }
            )
        documents.append({"doc": name, "pages": pages})
    return {"engine": "mutool", "version": (version.stdout + version.stderr).strip(), "documents": documents}


def run(args, cwd=None):
    env = dict(os.environ)
    # Calibre draws PDFs with Qt WebEngine (Chromium), which will not run as root (CI's
    # containers) with its sandbox, and needs no display offscreen.
    env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env)
    if result.returncode != 0:
        sys.exit("%s failed (%d):\n%s%s" % (" ".join(args), result.returncode, result.stdout[-3000:], result.stderr[-3000:]))
    return result


def cmd_calibre_pdf(book, shots):
    import pymupdf

    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "book.pdf")
        run(["ebook-convert", book, pdf, "--custom-size", "600x900", "--unit", "devicepixel",
             "--pdf-page-margin-left", "36", "--pdf-page-margin-right", "36",
             "--pdf-page-margin-top", "36", "--pdf-page-margin-bottom", "36"])
        doc = pymupdf.open(pdf)
        # Calibre's PDF outline is the book's table of contents: the articles are its top
        # level, in order, and each starts on the page its entry names.
        starts = [page - 1 for level, _title, page in doc.get_toc() if level == 1]
        articles = [d for d in spine_documents(book) if re.search(r"article-\d+\.xhtml$", d)]
        documents = [{"doc": "cover", "pages": []}, {"doc": "front", "pages": []}]
        documents += [{"doc": a, "pages": []} for a in articles]
        for number in range(doc.page_count):
            chapter = sum(1 for s in starts if s <= number)
            target = documents[0 if number == 0 else min(chapter + 1, len(documents) - 1)]
            shot = os.path.join(shots, "%s-p%d.png" % (stem(target["doc"]), len(target["pages"]) + 1))
            target["pages"].append(pymupdf_page(doc[number], shot))
    return {"engine": "calibre-pdf", "version": calibre_version(), "documents": documents}


def calibre_version():
    result = subprocess.run(["ebook-convert", "--version"], capture_output=True, text=True)
    return result.stdout.strip().splitlines()[0] if result.stdout else "?"


def cmd_calibre_azw3(book, shots):
    """Converts to AZW3 and reads the converted markup back with calibre-debug: for each part,
    the paragraphs' text direction as the markup states it (the nearest `dir` above them)."""
    with tempfile.TemporaryDirectory() as tmp:
        azw3 = os.path.join(tmp, "book.azw3")
        run(["ebook-convert", book, azw3])
        run(["calibre-debug", "--inspect-mobi", azw3], cwd=tmp)
        files = os.path.join(tmp, "decompiled_book", "files")
        documents = []
        for name in sorted(os.listdir(files)):
            if not name.endswith(".html"):
                continue
            with open(os.path.join(files, name), encoding="utf-8") as f:
                markup = f.read()
            documents.append({"doc": name, "paragraphs": paragraph_directions(markup)})
        with open(os.path.join(tmp, "decompiled_book", "header.txt"), encoding="utf-8") as f:
            found = re.search(r"page-progression-direction \(527\): b'(\w+)'", f.read())
    return {"engine": "calibre-azw3", "version": calibre_version(), "documents": documents,
            "page_direction": found.group(1) if found else None}


def paragraph_directions(markup):
    """For each `<p>` with letters: its script and the `dir` of its nearest element with one
    (None when no element above it states a direction), and whether `<html>` and `<body>`
    carry `dir`."""
    from html.parser import HTMLParser

    found = []

    class Walker(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack = []
            self.text = None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag in ("br", "img", "hr", "meta", "link"):
                return
            self.stack.append((tag, attrs.get("dir")))
            if tag == "p":
                self.text = []

        def handle_startendtag(self, tag, attrs):
            pass  # an empty element (<img/>, <br/>) holds no paragraph

        def handle_endtag(self, tag):
            if tag not in (t for t, _ in self.stack):
                return
            while self.stack:
                open_tag, _ = self.stack[-1]
                if open_tag == "p" and self.text is not None:
                    text = "".join(self.text)
                    dirs = [d for _, d in self.stack if d]
                    if script_of(text):
                        found.append({"text": text.strip()[:60], "script": script_of(text), "dir": dirs[-1] if dirs else None,
                                      "body_dir": next((d for t, d in self.stack if t == "body"), None)})
                    self.text = None
                self.stack.pop()
                if open_tag == tag:
                    break

        def handle_data(self, data):
            if self.text is not None:
                self.text.append(data)

    Walker().feed(markup)
    return found


def cmd_webkit(book_dir, shots, docs):
    import gi

    gi.require_version("Gtk", "3.0")
    gi.require_version("WebKit2", "4.1")
    from gi.repository import GLib, Gtk, WebKit2

    measure = open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "measure.js"), encoding="utf-8").read()
    window = Gtk.OffscreenWindow()
    window.set_default_size(*PAGE)
    view = WebKit2.WebView()
    view.set_size_request(*PAGE)
    # Snapshots of an offscreen view come back only when it is drawn in software.
    view.get_settings().set_hardware_acceleration_policy(WebKit2.HardwareAccelerationPolicy.NEVER)
    window.add(view)
    window.show_all()
    loop = GLib.MainLoop()
    state = {}
    documents = []

    def finished(view, event):
        if event == WebKit2.LoadEvent.FINISHED:
            view.run_javascript("(%s)(document)" % measure.strip().rstrip(";"), None, measured, None)

    def measured(view, result, _data):
        try:
            value = view.run_javascript_finish(result).get_js_value()
            state["result"] = json.loads(value.to_string())
        except Exception as error:  # reported with the document's name below
            state["error"] = str(error)
        view.get_snapshot(WebKit2.SnapshotRegion.VISIBLE, WebKit2.SnapshotOptions.NONE, None, snapped, None)

    def snapped(view, result, _data):
        try:
            view.get_snapshot_finish(result).write_to_png(state["shot"])
        except Exception as error:  # python3-gi-cairo missing, most often
            state["error"] = "no snapshot: %s" % error
            state.pop("result", None)
        loop.quit()

    view.connect("load-changed", finished)
    version = "%d.%d.%d" % (WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
    for name in docs:
        path = os.path.abspath(os.path.join(book_dir, name))
        state.clear()
        state["shot"] = os.path.join(shots, stem(name) + "-p1.png")
        view.load_uri(GLib.filename_to_uri(path, None))
        timer = GLib.timeout_add_seconds(60, loop.quit)
        loop.run()
        GLib.source_remove(timer)
        if "result" not in state:
            sys.exit("WebKitGTK did not measure %s: %s" % (name, state.get("error", "timed out")))
        page = state["result"]
        page["shot"] = state["shot"]
        documents.append({"doc": name, "pages": [page]})
    return {"engine": "webkit", "version": version, "documents": documents}


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    command, book, shots, *docs = sys.argv[1:]
    os.makedirs(shots, exist_ok=True)
    commands = {
        "pymupdf": lambda: cmd_pymupdf(book, shots),
        "mutool": lambda: cmd_mutool(book, shots, docs),
        "calibre-pdf": lambda: cmd_calibre_pdf(book, shots),
        "calibre-azw3": lambda: cmd_calibre_azw3(book, shots),
        "webkit": lambda: cmd_webkit(book, shots, docs),
    }
    if command not in commands:
        sys.exit("unknown engine %r; one of %s" % (command, ", ".join(commands)))
    json.dump(commands[command](), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
