"""On a cluster: Dask's distributed scheduler, a LocalCluster of two workers, builds 500
articles into books byte-identical to `warraq build --each` over the same files with the same
SOURCE_DATE_EPOCH (cover-less, to keep the run short: test_build.py compares a drawn cover
with the command's): one article, one task, each book written to the file system the workers
share, under the name --each gives it (warraq.each)."""

import os
import subprocess
import sys
import time

import pytest

import warraq
from conftest import EPOCH, MEASURES, article

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")
# The workers cannot import this test file: its function travels by value.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

ARTICLES = 500


def build_one(job):
    """One task: an article's book, written where --each would write it."""
    source, book = job
    return str(warraq.build(source, output=book, cover=None, modified=EPOCH))


def test_a_dask_cluster_builds_what_each_builds(tmp_path, warraq_bin):
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(ARTICLES):
        name, text = article(n)
        (articles / name).write_text(text, encoding="utf-8")

    start = time.perf_counter()
    subprocess.run([str(warraq_bin), "build", "--each", str(articles), "--cover", "none",
                    "-o", str(tmp_path / "cli")],
                   check=True, capture_output=True,
                   env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "RAYON_NUM_THREADS": "2"})
    each_seconds = time.perf_counter() - start

    jobs = warraq.each(articles, tmp_path / "dask")
    (tmp_path / "dask").mkdir()
    assert len(jobs) == ARTICLES
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        client.submit(lambda: None).result()  # the workers up, before the clock starts
        start = time.perf_counter()
        written = client.gather(client.map(build_one, jobs, pure=False))
        dask_seconds = time.perf_counter() - start

    assert sorted(written) == sorted(str(book) for _, book in jobs)
    cli = sorted(p.name for p in (tmp_path / "cli").iterdir())
    assert cli == sorted(p.name for p in (tmp_path / "dask").iterdir()) and len(cli) == ARTICLES
    different = [n for n in cli if (tmp_path / "cli" / n).read_bytes() != (tmp_path / "dask" / n).read_bytes()]
    assert different == [], different[:5]
    MEASURES.append(
        f"{ARTICLES} cover-less books: --each on 2 threads {each_seconds:.1f} s "
        f"({ARTICLES / each_seconds:.0f}/s); Dask, 2 workers {dask_seconds:.1f} s ({ARTICLES / dask_seconds:.0f}/s, "
        f"{100 * each_seconds / dask_seconds:.0f} % of --each)")
