"""The background worker that renders batches of profiles (``hiring worker``).

``hiring worker`` builds the app once and hands it to :func:`work`; every job then runs in an
app context of its own, so it gets a fresh database session that is removed when the job ends,
whatever happened in the job before it. Jobs are queued by
:func:`hiring.services.batches.enqueue` under the dotted names of :func:`render_item_task` (one
profile each) and :func:`run_job_task`, so the
services never import this module, and this module never imports the app factory.
"""

from __future__ import annotations

from flask import Flask, current_app, has_app_context

from hiring.extensions import db
from hiring.services.batches import QUEUE_NAME, expire_stalled_jobs, render_item, run_job

_app: Flask | None = None


def worker_app() -> Flask:
    """The app of this worker process: the one handed to :func:`work`, else the current one."""
    if _app is not None:
        return _app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    raise RuntimeError("jobs run in 'hiring worker', which provides the app")


def run_job_task(job_id: int) -> None:
    """The RQ entry point of a whole batch (one queued by an earlier version, or an empty
    one), in its own app context and database session."""
    with worker_app().app_context():
        run_job(job_id)


def render_item_task(job_id: int, candidate_id: int) -> None:
    """The RQ entry point of one profile of a batch, in its own app context and session."""
    with worker_app().app_context():
        render_item(job_id, candidate_id)


def work(app: Flask, *, burst: bool = False) -> None:
    """Take batches from the queue until stopped (or, with ``burst``, until it is empty)."""
    from redis import Redis
    from rq import Queue, SimpleWorker

    from hiring.reports.pdf import warm_up

    global _app
    url = app.config.get("REDIS_URL")
    if not url:
        raise RuntimeError("HIRING_REDIS_URL is not set")
    _app = app
    with app.app_context():
        expired = expire_stalled_jobs()
        db.session.commit()
    if expired:
        app.logger.warning("%d batch(es) had stopped moving and were marked failed", expired)
    warm_up()
    connection = Redis.from_url(url)
    # SimpleWorker runs the jobs in this process, where the fonts are already warm.
    SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(
        burst=burst
    )
