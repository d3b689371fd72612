"""Pages at 500 and at 50,000 candidates, on SQLite and on PostgreSQL, measured in one run.

For each database, two data sets are made with ``hiring demo --candidates N`` (three submitted
scorecards per candidate on every competency; 500 candidates make one opening, 50,000 make ten
of 5,000). A recruiter then asks, through the whole app (routing, access policy, SQL,
templates), for:

- the candidate list, first page (newest first), and filtered by an opening, sorted by fit;
- the shortlist of 30 chosen candidates;
- one candidate's page;
- panel quality of that opening, and of every opening, over all months;
- the CSV export of one opening (500 rows against 5,000).

Requests are interleaved over rounds and each figure is a median. Targets: every page at most
1.5 times as slow at 50,000 as at 500, with the same number of SQL statements; the export
linear in its rows (time per row at most 1.5 times) and constant in memory: the peak Python
memory (traced with ``tracemalloc``) of exporting all 50,000 candidates at most 1.2 times that
of exporting one opening's 5,000. (Memory reaches its plateau with the third batch of 500
rows, so one batch alone, 500 rows, stays below it and is no fair baseline.)

``python -m benchmarks.scale [--sizes 500,50000] [--databases sqlite,postgresql] [--reuse]``;
``--reuse`` keeps the data sets (``benchmarks/.data/`` and PostgreSQL databases
``hiring_bench_scale_N``) for the next run. PostgreSQL is reached through
``HIRING_BENCH_POSTGRES_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``).
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from dataclasses import dataclass
from typing import Any

from benchmarks import common
from benchmarks.common import Targets, data_set, interleaved_medians, two_sizes_main

PAGE_LIMIT = 1.5
ROUNDS = 11
EXPORT_ROUNDS = 3


def make_app(url: str) -> Any:
    return common.make_app(url, WTF_CSRF_ENABLED=False)


@dataclass
class DataSet:
    backend: str
    size: int
    app: Any
    client: Any
    opening: int
    opening_rows: int
    shortlist: list[int]
    candidate: int
    cleanup: str | None = None

    @property
    def label(self) -> str:
        return f"{self.backend} {self.size:,}"


def prepare(backend: str, size: int, reuse: bool) -> DataSet:
    from flask_migrate import upgrade

    from hiring.demo import DEMO_LOGINS
    from hiring.extensions import db
    from hiring.models import Candidate, Opening, StoredEvaluation
    from hiring.synthetic import load_synthetic

    url, cleanup = data_set("scale", backend, size, reuse)
    app = make_app(url)
    with app.app_context():
        upgrade()
        have = db.session.execute(db.select(db.func.count(Candidate.id))).scalar_one()
        if have < size:
            start = time.perf_counter()
            load_synthetic(size - have, seed=size)
            db.session.commit()
            print(f"  {backend} {size:,}: loaded in {time.perf_counter() - start:.0f} s")
        opening = (
            db.session.execute(
                db.select(Opening.id).where(Opening.title.like("%synthetic%")).order_by(Opening.id)
            )
            .scalars()
            .first()
        )
        assert opening is not None
        in_opening = (
            db.select(Candidate.id)
            .join(StoredEvaluation)
            .where(Candidate.opening_id == opening)
            .order_by(StoredEvaluation.score.desc(), Candidate.id)
        )
        ids = list(db.session.execute(in_opening).scalars())
        db.session.remove()
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": DEMO_LOGINS["users"]["recruiter"], "password": DEMO_LOGINS["password"]},
    )
    assert response.status_code == 302, response.status_code
    return DataSet(
        backend, size, app, client, opening, len(ids), ids[:30], ids[len(ids) // 2], cleanup
    )


def pages(data: DataSet) -> dict[str, str]:
    shortlist = "&".join(f"id={i}" for i in data.shortlist)
    return {
        "list": "/candidates",
        "list by opening, fit": f"/candidates?opening={data.opening}&sort=fit",
        "shortlist of 30": f"/openings/{data.opening}/shortlist?{shortlist}",
        "candidate page": f"/candidates/{data.candidate}",
        "panel quality, opening": f"/panel-quality?opening={data.opening}&period=all",
        "panel quality, all": "/panel-quality?period=all",
    }


def export_url(data: DataSet) -> str:
    return f"/candidates/export.csv?opening={data.opening}"


def fetch(data: DataSet, url: str) -> tuple[float, int, int]:
    """One request, its body read to the end: seconds, SQL statements, body bytes."""
    from sqlalchemy import event

    from hiring.extensions import db

    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    with data.app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        start = time.perf_counter()
        response = data.client.get(url, buffered=False)
        size = sum(len(chunk) for chunk in response.iter_encoded())
        response.close()
        elapsed = time.perf_counter() - start
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, statements, size


def export_peak(data: DataSet, url: str) -> int:
    """Peak Python memory (bytes) while an export is streamed and read to the end."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        fetch(data, url)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(backend: str, small: DataSet, large: DataSet, targets: Targets) -> None:
    for data in (small, large):  # warm: templates compiled, caches filled, connections open
        for url in [*pages(data).values(), export_url(data)]:
            fetch(data, url)
    work = {}
    for data in (small, large):
        for name, url in pages(data).items():
            work[(name, data.size)] = lambda d=data, u=url: fetch(d, u)[0]
    times = interleaved_medians(work, ROUNDS)  # type: ignore[arg-type]
    print(f"\n{backend}: median of {ROUNDS} interleaved rounds")
    for name, url in pages(small).items():
        t_small, t_large = times[(name, small.size)], times[(name, large.size)]
        q_small = fetch(small, url)[1]
        q_large = fetch(large, pages(large)[name])[1]
        print(
            f"  {name:<22} {t_small * 1000:7.1f} ms at {small.size:,}, {t_large * 1000:7.1f} ms "
            f"at {large.size:,}; {q_small} / {q_large} SQL statements"
        )
        targets.at_most(f"{backend} {name}: time ratio", t_large / t_small, PAGE_LIMIT)
        targets.equal(f"{backend} {name}: extra statements", q_large - q_small, 0)
    exports = interleaved_medians(
        {
            small.size: lambda: fetch(small, export_url(small))[0],
            large.size: lambda: fetch(large, export_url(large))[0],
        },
        EXPORT_ROUNDS,
    )
    # Memory: all 50,000 rows against one opening's 5,000, both well past the first batches
    # (one batch of 500 alone stays below the plateau that the third one reaches).
    peaks = {
        "opening": export_peak(large, export_url(large)),
        "all": export_peak(large, "/candidates/export.csv"),
    }
    per_row = {data.size: exports[data.size] / data.opening_rows for data in (small, large)}
    print(
        f"  CSV export of one opening: {small.opening_rows:,} rows in "
        f"{exports[small.size]:.2f} s, {large.opening_rows:,} rows in {exports[large.size]:.2f} s "
        f"(x{exports[large.size] / exports[small.size]:.1f} for x"
        f"{large.opening_rows / small.opening_rows:.0f} rows); peak memory of exporting "
        f"{large.opening_rows:,} rows: {peaks['opening'] / 2**20:.1f} MiB, all {large.size:,}: "
        f"{peaks['all'] / 2**20:.1f} MiB"
    )
    targets.at_most(
        f"{backend} export: time per row ratio", per_row[large.size] / per_row[small.size], 1.5
    )
    targets.at_most(
        f"{backend} export: peak memory, 10 times the rows", peaks["all"] / peaks["opening"], 1.2
    )


def main() -> int:
    return two_sizes_main(
        __doc__ or "",
        lambda small, large: f"Scale: {small:,} against {large:,} candidates",
        prepare,
        measure,
    )


if __name__ == "__main__":
    sys.exit(main())
