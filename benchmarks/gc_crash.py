"""A reproduction harness for a reported crash, kept to rerun after upgrades.

Reported: Python processes that loaded 50,000 candidates' ratings (the old candidate list
evaluated every candidate in one request) crashed with a segmentation fault during garbage
collection, with SQLAlchemy 2.1's compiled extensions, cffi and Pillow loaded, on Python 3.11.7,
SQLite and PostgreSQL alike. The pages no longer load everything, so the app does not reach
that path; this script does, on purpose:

- ``orm``: every interview with its scorecards, revisions and ratings as ORM objects (5.7
  million ratings at 50,000 candidates), kept alive, then three full collections;
- ``results``: every candidate's result and summary computed in one process, as the old list
  did, then three full collections.

WeasyPrint (cffi, Pillow, fontTools) is imported first; ``faulthandler`` prints where a crash
happens. Needs a data set from ``hiring demo --candidates 50000`` (``benchmarks/scale.py
--reuse`` keeps one) and about 14 GB of memory; it takes several minutes. Not part of ``make
bench``. ``python -m benchmarks.gc_crash DATABASE_URL [orm|results]``; it prints the versions it
ran with and "no crash" when it ends normally.
"""

from __future__ import annotations

import faulthandler
import gc
import sys
import time

faulthandler.enable()

import PIL  # noqa: E402
import sqlalchemy  # noqa: E402
import weasyprint  # noqa: E402  (cffi, Pillow and fontTools, as in the app)
from cffi import __version__ as cffi_version  # noqa: E402
from sqlalchemy.orm import selectinload  # noqa: E402
from sqlalchemy.util import has_compiled_ext  # noqa: E402

from benchmarks.common import make_app  # noqa: E402


def load_orm() -> int:
    from hiring.extensions import db
    from hiring.models import Interview, Scorecard, ScorecardRevision

    kept: list[object] = []
    ids = list(db.session.execute(db.select(Interview.id).order_by(Interview.id)).scalars())
    for start in range(0, len(ids), 5000):
        query = (
            db.select(Interview)
            .where(Interview.id.in_(ids[start : start + 5000]))
            .options(
                selectinload(Interview.scorecards)
                .selectinload(Scorecard.revisions)
                .selectinload(ScorecardRevision.ratings)
            )
        )
        kept += db.session.execute(query).scalars().all()
    return len(kept)


def load_results() -> int:
    from hiring.catalogue_cache import current_catalogue
    from hiring.extensions import db
    from hiring.models import Candidate
    from hiring.services.results import results_for

    candidates = list(db.session.execute(db.select(Candidate).order_by(Candidate.id)).scalars())
    results = results_for(candidates, current_catalogue())
    return len([r.summary for r in results])


def main() -> int:
    url, mode = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "orm")
    print(
        f"Python {sys.version.split()[0]}, SQLAlchemy {sqlalchemy.__version__} (compiled "
        f"extensions: {has_compiled_ext()}), cffi {cffi_version}, Pillow {PIL.__version__}, "
        f"WeasyPrint {weasyprint.__version__}",
        flush=True,
    )
    app = make_app(url)
    with app.app_context(), app.test_request_context():
        start = time.perf_counter()
        count = load_orm() if mode == "orm" else load_results()
        print(f"{mode}: {count:,} loaded in {time.perf_counter() - start:.0f} s", flush=True)
        for n in range(3):
            start = time.perf_counter()
            gc.collect()
            print(f"full collection {n + 1}: {time.perf_counter() - start:.1f} s", flush=True)
    print("no crash", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
