#!/usr/bin/env python3
"""Scores warraq's article finder on the Scrapinghub article-extraction benchmark and on the
shared pages; called by scripts/bench-extract (which builds the release binary), whose top
comment says how to use it. Python 3 standard library only.

The metric is the benchmark's own (its evaluate.py, described in its README.rst and in
../shared/corpus/README.md), written out here again:
- tokens are the runs of `\\w+` (Unicode); a text's shingles are its consecutive 4-token tuples,
  counted as a multiset (a text of 1 to 3 tokens has one shorter shingle, an empty text none);
- per page, TP/FP/FN are the overlap, extra and missing shingles, each divided by their sum;
- precision is the mean over the pages with TP+FP > 0 (so an empty prediction, a refused page,
  is left out of precision and counts 0 in recall), recall the mean over the pages with
  TP+FN > 0; a page with FP = FN = 0 counts 1.0 in both; F1 is computed from the two means.
"""

import argparse
import gzip
import html.parser
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

TOKEN = re.compile(r"\w+", re.UNICODE)

# Elements whose boundaries separate words in the book (an inline element's do not).
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def shingles(text, n=4):
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def match(true, pred):
    """(tp, fp, fn) of one page, normalised to sum 1 (the benchmark's string_shingle_matching)."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def precision(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp, fp, fn):
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def page_f1(m):
    p, r = precision(*m), recall(*m)
    return 2 * p * r / (p + r) if p + r else 0.0


def summary(matches):
    p = statistics.mean([precision(*m) for m in matches if m[0] + m[1] > 0] or [0.0])
    r = statistics.mean([recall(*m) for m in matches if m[0] + m[2] > 0] or [0.0])
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


class BookText(html.parser.HTMLParser):
    """The text a reader sees in one XHTML document of a book, blocks kept apart; the head is
    left out, and so are the headline (`h1`) and the byline warraq writes under it from the
    page's metadata (`p.byline`) unless `keep_headline`: the benchmark's texts have neither."""

    def __init__(self, keep_headline):
        super().__init__(convert_charrefs=True)
        self.keep_headline = keep_headline
        self.parts = []
        self.stack = []  # open elements whose text is skipped, by name

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag in VOID:
            return
        furniture = tag == "h1" or (tag == "p" and ("class", "byline") in attrs)
        if tag in ("head", "script", "style") or (furniture and not self.keep_headline):
            self.stack.append(tag)
        elif self.stack:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n")
        if self.stack and tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not self.stack:
            self.parts.append(data)

    def text(self):
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def epub_text(path, keep_headline):
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if re.fullmatch(r"OEBPS/article-\d+\.xhtml", n))
        texts = []
        for name in names:
            parser = BookText(keep_headline)
            parser.feed(z.read(name).decode("utf-8"))
            parser.close()
            texts.append(parser.text())
        return "\n".join(texts)


def html_text(raw):
    parser = BookText(keep_headline=True)
    parser.feed(raw)
    parser.close()
    return parser.text()


def build_each(warraq, pages, out):
    """Runs `warraq build --each` over `pages`; returns (wall seconds, CPU seconds, the refused
    pages' reasons by stem). Only a failure to run at all is an error: a page that fails is
    reported by warraq under 'failed' and counted as an empty prediction."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([warraq, "build", "--each", str(pages), "-o", str(out), "--cover", "none"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    refused = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"\s+(\S+?\.html?): (.*)$", line)
        if m:
            refused[Path(m.group(1)).stem] = m.group(2)
    if proc.returncode != 0 and not refused:
        sys.exit(f"bench-extract: `warraq build --each {pages}` exited {proc.returncode} "
                 f"without naming a failed page:\n{proc.stderr[-2000:]}")
    return wall, cpu, refused


def shorten(s, n=60):
    return s if len(s) <= n else s[:n - 1] + "…"


def report(title, rows, worst, wall=None, cpu=None, refused=None):
    """rows: (id, true text, predicted text)."""
    matches = [match(t, p) for _, t, p in rows]
    f1, p, r = summary(matches)
    print(f"== {title}: {len(rows)} pages")
    print(f"F1 {f1:.3f}   precision {p:.3f}   recall {r:.3f}")
    if refused is not None:
        print(f"refused or empty (scored as empty): {len(refused)}")
    if wall and cpu:
        print(f"speed: {len(rows) / wall:.0f} pages/s wall ({wall:.2f} s), "
              f"{len(rows) / cpu:.0f} pages per CPU-second ({cpu:.2f} s user+sys)")
    scored = sorted(zip(rows, matches), key=lambda x: (page_f1(x[1]), -len(x[0][1])))
    if worst:
        print(f"worst {min(worst, len(scored))} pages (F1, P, R, predicted vs true tokens):")
        for (pid, t, pr), m in scored[:worst]:
            note = f"  refused: {shorten(refused[pid])}" if refused and pid in refused else ""
            print(f"  {pid:<18} F1 {page_f1(m):.2f}  P {precision(*m):.2f}  R {recall(*m):.2f}  "
                  f"{len(TOKEN.findall(pr)):>6} vs {len(TOKEN.findall(t)):>6}{note}")
    print()
    return f1, p, r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warraq", required=True, help="the warraq binary")
    ap.add_argument("--corpus", required=True, help="the shared corpus (../shared/corpus)")
    ap.add_argument("--worst", type=int, default=15, help="how many worst pages to list")
    ap.add_argument("--predictions", action="append", default=[], metavar="NAME=FILE",
                    help="also score another extractor's output, a JSON {id: {articleBody}} or "
                         "{id: text}, optionally with 'seconds' (wall) and 'cpu' for its speed; repeatable")
    ap.add_argument("--save", metavar="FILE", help="write warraq's predictions there as JSON")
    args = ap.parse_args()

    corpus = Path(args.corpus)
    bench = corpus / "benchmark" / "scrapinghub"
    if not (bench / "ground-truth.json").is_file():
        sys.exit(f"bench-extract: no benchmark at {bench} (ground-truth.json is missing)")
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))

    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        tmp = Path(tmp)
        pages = tmp / "pages"
        pages.mkdir()
        for pid in truth:
            with gzip.open(bench / "html" / f"{pid}.html.gz", "rb") as src:
                (pages / f"{pid}.html").write_bytes(src.read())
        wall, cpu, refused = build_each(args.warraq, pages, tmp / "out")
        predictions = {}
        for pid in truth:
            book = tmp / "out" / f"{pid}.epub"
            if book.is_file():
                predictions[pid] = epub_text(book, keep_headline=False)
            else:
                predictions[pid] = ""
                refused.setdefault(pid, "no book written")
        if args.save:
            Path(args.save).write_text(json.dumps(
                {pid: {"articleBody": t} for pid, t in predictions.items()}, ensure_ascii=False,
                indent=1), encoding="utf-8")
        rows = [(pid, truth[pid].get("articleBody", ""), predictions[pid]) for pid in truth]
        report("warraq on the Scrapinghub benchmark (headline and byline left out)", rows, args.worst,
               wall, cpu, refused)

        for spec in args.predictions:
            name, _, file = spec.partition("=")
            other = json.loads(Path(file).read_text(encoding="utf-8"))
            seconds = other.pop("seconds", None) if isinstance(other, dict) else None
            cpu = other.pop("cpu", seconds) if isinstance(other, dict) else None
            other = other.get("output", other)
            missing = [pid for pid in truth if pid not in other]
            if missing:
                sys.exit(f"bench-extract: {file} has no prediction for {len(missing)} pages")
            text = {pid: (v.get("articleBody") or "") if isinstance(v, dict) else (v or "")
                    for pid, v in other.items()}
            rows = [(pid, truth[pid].get("articleBody", ""), text[pid]) for pid in truth]
            empty = {pid: "empty" for pid in truth if not TOKEN.search(text[pid])}
            report(f"{name} on the Scrapinghub benchmark", rows, args.worst,
                   seconds, cpu, empty)

        shared = sorted(p for p in (corpus / "inputs" / "html").glob("*/source.html"))
        if shared:
            spages = tmp / "shared"
            spages.mkdir()
            expected = {}
            for src in shared:
                name = src.parent.name
                txt = sorted(src.parent.glob("*.expected.txt"))
                if txt:
                    expected[name] = txt[0].read_text(encoding="utf-8")
                elif (src.parent / "expected.html").is_file():
                    expected[name] = html_text((src.parent / "expected.html").read_text(encoding="utf-8"))
                else:
                    continue
                shutil.copyfile(src, spages / f"{name}.html")
            wall, cpu, srefused = build_each(args.warraq, spages, tmp / "shared-out")
            rows = []
            for name in sorted(expected):
                book = tmp / "shared-out" / f"{name}.epub"
                # The expected texts open with the headline, so it is kept here.
                pred = epub_text(book, keep_headline=True) if book.is_file() else ""
                if not book.is_file():
                    srefused.setdefault(name, "no book written")
                rows.append((name, expected[name], pred))
            report("warraq on the shared pages (headline kept, as the expected texts have it)",
                   rows, len(rows), None, None, srefused)


if __name__ == "__main__":
    main()
