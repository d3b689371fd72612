"""PDF profile rendering: ratios measured in the same run, on the demo data set.

1. end-to-end profile (database, engine, template, WeasyPrint) against bare WeasyPrint
   rendering of the identical final HTML: at most 1.3;
2. first render in a fresh process (after the worker's warm-up) against a warm render: at
   most 1.5;
3. a batch of 100 profiles with 2 worker processes against 1: at least 1.7 times the rate;
4. resident memory after 200 renders against after 20: at most 1.2.

Run with ``make bench`` (takes several minutes: it renders about 550 profiles).
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMITS = {"end_to_end": 1.3, "first_render": 1.5, "two_workers": 1.7, "memory": 1.2}


def make_app(database: str):
    from hiring.app import create_app

    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "RUBRICS_DIR": str(ROOT / "rubrics"),
        }
    )


def prepare(database: str) -> list[int]:
    from hiring.demo import load_demo
    from hiring.extensions import db
    from hiring.models import Candidate

    app = make_app(database)
    with app.app_context():
        db.create_all()
        load_demo()
        db.session.commit()
        return list(db.session.execute(db.select(Candidate.id).order_by(Candidate.id)).scalars())


def profile_html(candidate_id: int) -> str:
    from hiring.catalogue_cache import current_catalogue
    from hiring.extensions import db
    from hiring.models import Candidate
    from hiring.services.documents import profile_html as build
    from hiring.services.results import build_result, load_interviews

    candidate = db.session.get(Candidate, candidate_id)
    result = build_result(
        candidate, load_interviews([candidate_id])[candidate_id], current_catalogue()
    )
    return build(result, lang="en", blind=False)


def end_to_end(database: str, candidate_id: int, rounds: int = 8) -> float:
    from hiring.extensions import db
    from hiring.reports.pdf import render_pdf, warm_up

    app = make_app(database)
    with app.app_context():
        warm_up()
        html = profile_html(candidate_id)
        render_pdf(html)
        full, bare = [], []
        for _ in range(rounds):
            db.session.expire_all()
            start = time.perf_counter()
            render_pdf(profile_html(candidate_id))
            full.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_pdf(html)
            bare.append(time.perf_counter() - start)
    print(
        f"  end-to-end {statistics.median(full):.3f} s, bare WeasyPrint "
        f"{statistics.median(bare):.3f} s (medians of {rounds})"
    )
    return statistics.median(full) / statistics.median(bare)


FRESH = """
import sys, time
sys.path.insert(0, {root!r})
from benchmarks.pdf import make_app, profile_html
from hiring.reports.pdf import render_pdf, warm_up
app = make_app({database!r})
with app.app_context():
    warm_up()  # what a worker does when it starts
    html = profile_html({candidate})
    times = []
    for _ in range(4):
        start = time.perf_counter(); render_pdf(html); times.append(time.perf_counter() - start)
print(times[0], min(times[1:]))
"""


def first_render(database: str, candidate_id: int) -> float:
    script = FRESH.format(root=str(ROOT), database=database, candidate=candidate_id)
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    first, warm = float(out[-2]), float(out[-1])
    print(f"  first render {first:.3f} s, warm render {warm:.3f} s")
    return first / warm


_worker_app = None


def _init_worker(database: str) -> None:
    global _worker_app
    from hiring.reports.pdf import warm_up

    _worker_app = make_app(database)
    with _worker_app.app_context():
        warm_up()


def _render_one(candidate_id: int) -> int:
    from hiring.extensions import db
    from hiring.reports.pdf import render_pdf

    assert _worker_app is not None
    with _worker_app.app_context():
        size = len(render_pdf(profile_html(candidate_id)))
        db.session.remove()
    return size


def batch_rate(database: str, ids: list[int], processes: int, count: int = 100) -> float:
    work = [ids[i % len(ids)] for i in range(count)]
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_init_worker, initargs=(database,)) as pool:
        pool.map(_render_one, ids[:processes], chunksize=1)  # every worker started and warm
        start = time.perf_counter()
        pool.map(_render_one, work, chunksize=1)
        elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"  {count} profiles with {processes} worker(s): {elapsed:.1f} s, {rate:.2f} profiles/s")
    return rate


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def memory_growth(database: str, ids: list[int]) -> float:
    from hiring.extensions import db
    from hiring.reports.pdf import render_pdf, warm_up

    app = make_app(database)
    with app.app_context():
        warm_up()
        after: dict[int, int] = {}
        for n in range(1, 201):
            render_pdf(profile_html(ids[n % len(ids)]))
            db.session.remove()
            if n in (20, 200):
                after[n] = rss_kib()
    print(
        f"  resident memory after 20 renders {after[20] / 1024:.0f} MiB, "
        f"after 200 {after[200] / 1024:.0f} MiB"
    )
    return after[200] / after[20]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as folder:
        database = os.path.join(folder, "bench.sqlite")
        ids = prepare(database)
        print(f"demo data: {len(ids)} candidates")
        ratios = {
            "end_to_end": end_to_end(database, ids[0]),
            "first_render": first_render(database, ids[0]),
        }
        one = batch_rate(database, ids, 1)
        two = batch_rate(database, ids, 2)
        ratios["two_workers"] = two / one
        ratios["memory"] = memory_growth(database, ids)
    failed = False
    for name, value in ratios.items():
        limit = LIMITS[name]
        ok = value >= limit if name == "two_workers" else value <= limit
        failed |= not ok
        sign = ">=" if name == "two_workers" else "<="
        print(f"{name:<13} {value:5.2f} (target {sign} {limit}): {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
