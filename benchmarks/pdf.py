"""PDF profiles: ratios measured in the same run, on the demo data and 100 synthetic candidates.

1. A profile end to end (database, engine, template, the app's renderer) against plain
   WeasyPrint (``HTML(string=...).write_pdf()``, its own defaults) rendering the identical
   final HTML: at most 1.3.
2. Cold start as it is really paid: the first profile a new web worker (gunicorn,
   ``hiring.wsgi:app``) serves against the next ones: at most 1.5; and the whole
   ``hiring report`` command in a fresh process against a warm render (printed).
3. A batch of 100 profiles as the product runs it (one queued job per profile, Redis, real
   ``hiring worker`` processes): with 2 workers it takes at most 0.6 of the time with 1.
4. Resident memory after 200 renders against after 20: at most 1.2.

Needs Redis (``HIRING_BENCH_REDIS_URL``, default ``redis://127.0.0.1:6379/14``; the queue is
emptied). Run with ``python -m benchmarks.pdf`` (several minutes).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import common
from benchmarks.common import ROOT, Targets, server_env
from benchmarks.web import Server, Session

BIN = Path(sys.executable).parent
REDIS = os.environ.get("HIRING_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BATCH = 100


def make_app(database: str, **extra: Any) -> Any:
    return common.make_app(f"sqlite:///{database}", **extra)


def prepare(database: str) -> dict[str, Any]:
    from flask_migrate import upgrade

    from hiring.extensions import db
    from hiring.models import Candidate, Opening
    from hiring.synthetic import load_synthetic

    app = make_app(database)
    with app.app_context():
        upgrade()
        load_synthetic(BATCH, seed=3)  # the demo first, then one opening of 100
        db.session.commit()
        demo = list(
            db.session.execute(db.select(Candidate.id).order_by(Candidate.id).limit(12)).scalars()
        )
        opening = db.session.execute(
            db.select(Opening.id).where(Opening.title.like("%synthetic%"))
        ).scalar_one()
        return {"demo": demo, "opening": opening}


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


def plain_weasyprint(html: str) -> bytes:
    """WeasyPrint as its documentation shows it, with its own defaults."""
    from weasyprint import HTML

    from hiring.reports.pdf import ASSETS_DIR, PDF_VARIANT

    return HTML(string=html, base_url=ASSETS_DIR.as_uri() + "/").write_pdf(pdf_variant=PDF_VARIANT)


def end_to_end(database: str, candidate_id: int, rounds: int = 8) -> tuple[float, float]:
    """Medians of the app's whole profile and of plain WeasyPrint on its HTML, interleaved."""
    from hiring.extensions import db
    from hiring.reports.pdf import render_pdf, warm_up

    app = make_app(database)
    with app.app_context():
        warm_up()
        html = profile_html(candidate_id)
        plain_weasyprint(html)
        render_pdf(html)
        full, plain = [], []
        for _ in range(rounds):
            db.session.expire_all()
            start = time.perf_counter()
            render_pdf(profile_html(candidate_id))
            full.append(time.perf_counter() - start)
            start = time.perf_counter()
            plain_weasyprint(html)
            plain.append(time.perf_counter() - start)
    print(
        f"  profile end to end {statistics.median(full):.3f} s, plain WeasyPrint "
        f"{statistics.median(plain):.3f} s (medians of {rounds})"
    )
    return statistics.median(full), statistics.median(plain)


def web_first_profile(env: dict[str, str], candidate_id: int) -> float:
    """The first profile a fresh web worker serves, against the median of the next five."""
    from hiring.demo import DEMO_LOGINS

    server = Server("hiring.wsgi:app", env, workers=1)
    try:
        session = Session(server.base, DEMO_LOGINS["users"]["recruiter"], DEMO_LOGINS["password"])
        times = []
        for _ in range(6):
            start = time.perf_counter()
            session.opener.open(f"{server.base}/candidates/{candidate_id}/profile.pdf").read()
            times.append(time.perf_counter() - start)
    finally:
        server.stop()
    first, rest = times[0], statistics.median(times[1:])
    print(f"  web worker: first profile {first:.3f} s, the next ones {rest:.3f} s")
    return first / rest


def cli_cold(env: dict[str, str], candidate_id: int, folder: str, warm: float) -> None:
    start = time.perf_counter()
    subprocess.run(
        [str(BIN / "hiring"), "report", str(candidate_id), "-o", f"{folder}/cold.pdf"],
        env=env,
        check=True,
        capture_output=True,
    )
    elapsed = time.perf_counter() - start
    print(
        f"  'hiring report' in a fresh process: {elapsed:.2f} s in all, "
        f"{elapsed / warm:.1f} times a warm render"
    )


def batch_time(database: str, env: dict[str, str], opening: int, workers: int) -> float:
    """Seconds from starting a batch of the opening's profiles to its zip, with ``workers``
    ``hiring worker`` processes already started (and warm)."""
    from redis import Redis
    from rq import Queue, Worker

    from hiring.extensions import db
    from hiring.models import Opening, ReportJob, User
    from hiring.services.batches import QUEUE_NAME, create_job, enqueue

    connection = Redis.from_url(REDIS)
    Queue(QUEUE_NAME, connection=connection).empty()
    started = [
        subprocess.Popen(
            [str(BIN / "hiring"), "worker"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(workers)
    ]
    try:
        deadline = time.monotonic() + 120
        while len(Worker.all(connection=connection)) < workers:
            if time.monotonic() > deadline:
                raise RuntimeError("the workers did not start")
            time.sleep(0.2)
        time.sleep(2)  # registered, then warm (fonts) before they take a job
        app = make_app(database, REDIS_URL=REDIS)
        with app.app_context():
            recruiter = db.session.execute(
                db.select(User).where(User.email == "recruiter@demo.example")
            ).scalar_one()
            job = create_job(db.session.get(Opening, opening), lang="en", blind=False, by=recruiter)
            db.session.commit()
            start = time.perf_counter()
            enqueue(job)
            while True:
                db.session.expire_all()
                status = db.session.get(ReportJob, job.id).status
                if status in ("done", "failed"):
                    break
                time.sleep(0.05)
            elapsed = time.perf_counter() - start
            done = db.session.get(ReportJob, job.id)
            if status != "done" or done.failures:
                raise RuntimeError(f"the batch ended {status}: {done.failures}")
            db.session.remove()
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=60)
    print(f"  {BATCH} profiles with {workers} worker(s): {elapsed:.1f} s")
    return elapsed


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
    targets = Targets("PDF: ratios measured in this run")
    with tempfile.TemporaryDirectory() as folder:
        database = os.path.join(folder, "bench.sqlite")
        ids = prepare(database)
        print(f"data: demo + {BATCH} candidates in one opening")
        env = server_env(database, REDIS_URL=REDIS, REPORTS_DIR=os.path.join(folder, "reports"))
        full, plain = end_to_end(database, ids["demo"][0])
        targets.at_most("profile end to end / plain WeasyPrint", full / plain, 1.3)
        targets.at_most(
            "web worker: first profile / the next", web_first_profile(env, ids["demo"][0]), 1.5
        )
        cli_cold(env, ids["demo"][0], folder, full)
        try:
            one = batch_time(database, env, ids["opening"], 1)
            two = batch_time(database, env, ids["opening"], 2)
            targets.at_most("batch of 100: time with 2 workers / with 1", two / one, 0.6)
        except Exception as exc:  # no Redis: a missed target, with the reason
            targets.missed("batch of 100 with 1 and 2 workers", re.sub(r"\s+", " ", str(exc)))
        targets.at_most(
            "resident memory after 200 renders / after 20", memory_growth(database, ids["demo"]),
            1.2,
        )  # fmt: skip
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
