"""Books per second from Python against the command line's `--each` (BENCHMARKS.md, issue 27).

Per core: one thread each (RAYON_NUM_THREADS=1 for both), the same articles read from files
and the same books written, cover-less and with drawn covers; CPU time (user + system), so
that other work on the machine does not count. Then throughput on two cores: a Dask
LocalCluster of two one-thread workers against `--each` on two threads, wall time.

    RAYON_NUM_THREADS=1 target/venv/bin/python3 benches/python.py   # after scripts/test

With `--instructions`, instructions per book instead, counted by callgrind (every thread),
which the machine's other work does not change: the process building N books less the same
process building none (Python) or one (`--each`), over the books between.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "python"))
from conftest import EPOCH, article  # noqa: E402  the tests' generated articles

import warraq  # noqa: E402

ROOT = Path(__file__).parents[1]
BINARY = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "warraq"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def each(articles: Path, out: Path, cover: str, threads: int) -> "tuple[float, float]":
    """`warraq build --each`: (wall seconds, CPU seconds)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "RAYON_NUM_THREADS": str(threads)}
    cpu, wall = children_cpu(), time.perf_counter()
    subprocess.run([str(BINARY), "build", "--each", str(articles), "--cover", cover, "-o", str(out)],
                   check=True, capture_output=True, env=env)
    return time.perf_counter() - wall, children_cpu() - cpu


def python(jobs, cover) -> "tuple[float, float]":
    """The same books from Python on this thread: (wall seconds, CPU seconds)."""
    cpu, wall = time.process_time(), time.perf_counter()
    for source, book in jobs:
        warraq.build(source, output=book, cover=cover, modified=EPOCH)
    return time.perf_counter() - wall, time.process_time() - cpu


def build_one(job, cover):
    source, book = job
    return str(warraq.build(source, output=book, cover=cover, modified=EPOCH))


def build_chunk(jobs, cover):
    return [build_one(job, cover) for job in jobs]


def dask(jobs, cover, chunk=1) -> "tuple[float, float]":
    """The books on a LocalCluster of two one-thread workers: (wall seconds of the tasks, CPU
    seconds of the whole cluster, its start and the scheduler included)."""
    import distributed

    cpu = time.process_time() + children_cpu()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        client.submit(lambda: None).result()
        wall = time.perf_counter()
        if chunk == 1:
            client.gather(client.map(build_one, jobs, [cover] * len(jobs), pure=False))
        else:
            chunks = [jobs[i:i + chunk] for i in range(0, len(jobs), chunk)]
            client.gather(client.map(build_chunk, chunks, [cover] * len(chunks), pure=False))
        wall = time.perf_counter() - wall
    return wall, time.process_time() + children_cpu() - cpu


def callgrind(command, env) -> int:
    """The instructions callgrind counts in `command`, every thread of it."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg"] + command,
                       check=True, capture_output=True, env=env)
        for line in open(f"{out}/cg"):
            if line.startswith("summary:") or line.startswith("totals:"):
                return int(line.split()[1])
    raise AssertionError("no totals in callgrind's output")


def instructions():
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "RAYON_NUM_THREADS": "1"}
    program = """
import sys, warraq
for source, book in warraq.each(sys.argv[1], sys.argv[2])[: int(sys.argv[3])]:
    warraq.build(source, output=book, cover=None if sys.argv[4] == "none" else sys.argv[4], modified=0)
"""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for cover, count in [("none", 200), ("auto", 10)]:
            articles = tmp / f"articles-{cover}"
            articles.mkdir()
            for n in range(count):
                name, text = article(n)
                (articles / name).write_text(text, encoding="utf-8")
            one = tmp / f"one-{cover}"
            one.mkdir()
            (one / article(0)[0]).write_text(article(0)[1], encoding="utf-8")

            def cli(source, out):
                return callgrind([str(BINARY), "build", "--each", str(source), "--cover", cover, "-o", str(out)], env)

            def py(n, out):
                return callgrind([sys.executable, "-c", program, str(articles), str(out), str(n), cover], env)

            each_per_book = (cli(articles, tmp / f"c{cover}") - cli(one, tmp / f"d{cover}")) / (count - 1)
            py_per_book = (py(count, tmp / f"p{cover}") - py(0, tmp / f"q{cover}")) / count
            print(f"cover {cover}, instructions a book: --each {each_per_book / 1e6:.2f} million, Python "
                  f"{py_per_book / 1e6:.2f} million; Python's rate {100 * each_per_book / py_per_book:.0f} % of --each's")


def main():
    if "--instructions" in sys.argv:
        return instructions()
    assert os.environ.get("RAYON_NUM_THREADS") == "1", "run with RAYON_NUM_THREADS=1 (one core each)"
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for cover, flag, count in [(None, "none", 1000), ("drawn", "auto", 200)][: 0 if "--dask" in sys.argv else 2]:
            articles = tmp / f"articles-{flag}"
            articles.mkdir()
            for n in range(count):
                name, text = article(n)
                (articles / name).write_text(text, encoding="utf-8")
            rates = {}
            for run in range(5):
                wall, cpu = each(articles, tmp / f"cli-{flag}-{run}", flag, 1)
                rates.setdefault("each", []).append(count / cpu)
                jobs = warraq.each(articles, tmp / f"py-{flag}-{run}")
                (tmp / f"py-{flag}-{run}").mkdir()
                wall, cpu = python(jobs, cover)
                rates.setdefault("python", []).append(count / cpu)
            best = {k: sorted(v)[len(v) // 2] for k, v in rates.items()}  # medians
            print(f"{count} books, cover {flag}, one core, medians of 5: --each {best['each']:.0f}/s of CPU, "
                  f"Python {best['python']:.0f}/s ({100 * best['python'] / best['each']:.0f} %); "
                  f"each run: --each {[round(r) for r in rates['each']]}, Python {[round(r) for r in rates['python']]}")
        for cover, flag in [(None, "none"), ("drawn", "auto")]:
            articles = tmp / "articles-500"
            if not articles.exists():
                articles.mkdir()
                for n in range(500):
                    name, text = article(n)
                    (articles / name).write_text(text, encoding="utf-8")
            each_wall, each_cpu = each(articles, tmp / f"each2-{flag}", flag, 2)
            jobs = warraq.each(articles, tmp / f"dask-{flag}")
            (tmp / f"dask-{flag}").mkdir()
            dask_wall, dask_cpu = dask(jobs, cover)
            print(f"500 books, cover {flag}, two cores: --each {500 / each_wall:.0f}/s ({each_wall:.2f} s, "
                  f"{each_cpu:.2f} s of CPU), Dask with 2 workers {500 / dask_wall:.0f}/s ({dask_wall:.2f} s; "
                  f"{dask_cpu:.2f} s of CPU for the whole cluster), {100 * each_wall / dask_wall:.0f} % of "
                  f"--each's rate by the clock, {100 * each_cpu / dask_cpu:.0f} % by CPU time")
            (tmp / f"dask50-{flag}").mkdir()
            jobs = warraq.each(articles, tmp / f"dask50-{flag}")
            dask_wall, dask_cpu = dask(jobs, cover, chunk=50)
            print(f"  Dask, 50 articles a task: {500 / dask_wall:.0f}/s ({dask_wall:.2f} s; {dask_cpu:.2f} s of CPU), "
                  f"{100 * each_wall / dask_wall:.0f} % of --each's rate by the clock, {100 * each_cpu / dask_cpu:.0f} % by CPU time")

if __name__ == "__main__":
    main()
