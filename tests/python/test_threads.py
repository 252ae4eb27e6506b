"""The GIL released while warraq works: eight threads build the same book at once, to the
same bytes; a thousand builds in a loop leave resident memory flat (measured)."""

import gc
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import warraq
from conftest import EPOCH, MEASURES, article


def resident_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS in /proc/self/status")


def test_eight_threads_build_the_same_book_to_the_same_bytes():
    text = article(0)[1]
    alone = warraq.build(text=text, cover="auto", modified=EPOCH)
    with ThreadPoolExecutor(8) as pool:
        books = list(pool.map(lambda _: warraq.build(text=text, cover="auto", modified=EPOCH), range(8)))
    assert all(book == alone for book in books)


def test_the_gil_is_released_while_warraq_works():
    # With a switch interval of a minute, this thread gets the GIL back from the builder only
    # when the builder lets it go: were it held through the build, the loop below would find
    # the build done the first time it ran.
    text = "عنوان\n\n" + "فقرة من نص المقال، وفيها كلمات تكفي.\n\n" * 20_000
    started, done = threading.Event(), threading.Event()

    def builder():
        started.set()
        warraq.build(text=text, cover=None, lang="ar", modified=EPOCH)
        done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(60)
    try:
        thread = threading.Thread(target=builder)
        thread.start()
        started.wait()
        turns = 0
        while not done.is_set():
            turns += 1
            time.sleep(0.001)  # lets the GIL go, for the builder to take back at the end
        thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert turns >= 5, turns


def test_two_threads_build_side_by_side():
    # Measured, not asserted: how many cores two threads keep busy depends on what else the
    # machine runs (the test above is the proof that the GIL is let go).
    texts = [article(n)[1] for n in range(2000)]
    one = lambda t: warraq.build(text=t, cover=None, modified=EPOCH)  # noqa: E731
    wall, cpu = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(one, texts))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    MEASURES.append(f"2,000 cover-less books on two threads: {wall:.2f} s, {cpu:.2f} s of CPU "
                    f"({cpu / wall:.2f} cores busy; 2 when the machine has nothing else to do)")
    assert wall > 0


def test_a_thousand_builds_leave_resident_memory_flat():
    texts = [article(n)[1] for n in range(10)]
    for n in range(100):  # warm up: allocator pools, caches
        warraq.build(text=texts[n % 10], cover=None, modified=EPOCH)
    gc.collect()
    before = resident_kib()
    samples = []
    for n in range(1000):
        warraq.build(text=texts[n % 10], cover=None, modified=EPOCH)
        if n % 250 == 249:
            gc.collect()
            samples.append(resident_kib())
    after = samples[-1]
    MEASURES.append(
        "1,000 builds: resident memory " + f"{before / 1024:.1f} MiB after 100 to warm up, then "
        + ", ".join(f"{s / 1024:.1f}" for s in samples) + " MiB every 250")
    assert after - before < 8 * 1024, (before, samples)
