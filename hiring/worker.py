"""The background worker that renders batches of profiles (``hiring worker``).

``hiring worker`` builds the app once and hands it to :func:`work`; every job then runs in an
app context of its own, so it gets a fresh database session that is removed when the job ends,
whatever happened in the job before it. Jobs are queued by
:func:`hiring.services.batches.enqueue` under the dotted names of :func:`render_item_task` (one
profile each) and :func:`run_job_task`, with :func:`job_failed_callback` as RQ's
``on_failure``, so the services never import this module, and this module never imports the
app factory.
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any

from flask import Flask, current_app, has_app_context
from rq import SimpleWorker
from rq.job import Job

from hiring.config import ConfigurationError
from hiring.extensions import db
from hiring.services.batches import (
    QUEUE_NAME,
    expire_stalled_jobs,
    give_up,
    render_item,
    run_job,
)

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


def job_failed_callback(
    job: Job,
    connection: Any,
    exc_type: type[BaseException] | None,
    exc_value: BaseException | None,
    traceback: TracebackType | None,
) -> None:
    """RQ's ``on_failure`` of a batch's job: it raised, timed out, or its worker died while
    running it (RQ finds that out when it cleans its registries, and calls this with
    ``AbandonedJobError``). While the job has retries left RQ queues it again; after the last
    the batch fails, without its files (:func:`~hiring.services.batches.give_up`)."""
    if job.retries_left:
        return
    batch_id, *rest = job.args
    with worker_app().app_context():
        if give_up(batch_id, rest[0] if rest else None):
            db.session.commit()
            current_app.logger.warning(
                "batch %d failed: job %s did not finish in any try (last: %s)",
                batch_id,
                job.id,
                exc_type.__name__ if exc_type else "unknown",
            )


def look_after_batches(app: Flask) -> None:
    """Requeue or fail the batches that stopped moving, and sweep the files crashed ones left
    (:func:`~hiring.services.batches.expire_stalled_jobs`)."""
    with app.app_context():
        try:
            outcome = expire_stalled_jobs()
            db.session.commit()
        except Exception:  # the database away for a moment: next round; the worker goes on
            app.logger.exception("could not look after the batches")
            return
    if any(outcome.values()):
        app.logger.warning("batches that had stopped moving: %s", outcome)


class BatchWorker(SimpleWorker):
    """RQ's worker that runs the jobs in its own process, where the fonts are already warm,
    and at each maintenance round (when it starts, then every ten minutes, after RQ has
    queued again or failed the jobs of workers that died) also looks after the batches."""

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        look_after_batches(worker_app())


def lower_priority(app: Flask) -> None:
    """Render at a lower CPU priority than the web server (``WORKER_NICE``, 10 by default),
    so that a machine running both answers people first and makes profiles with what is
    left: PDF work must not starve the web workers. Under systemd the unit's ``CPUWeight``
    does the same between services (``deploy/systemd/hiring-worker.service``)."""
    value = app.config["WORKER_NICE"]
    try:
        nice = int(str(value).strip())
    except ValueError:
        nice = -1
    if not 0 <= nice <= 19:
        raise ConfigurationError(
            f"HIRING_WORKER_NICE={value!r}: write a whole number from 0 (the web server's "
            "priority) to 19 (the lowest)"
        )
    if nice and hasattr(os, "nice"):
        os.nice(nice)
        _lower_session_priority(nice)


AUTOGROUP = "/proc/self/autogroup"


def _lower_session_priority(nice: int) -> None:
    """Linux schedules each session as a group (autogroup) before the processes in it: a
    worker in a session of its own (a systemd service, a container, ``setsid``) competes with
    the web server as an equal group whatever its own ``nice``. Such a worker lowers its
    group's priority too; one that shares a session with others (started from a shell beside
    the web server) leaves the group alone, as that would lower them as well."""
    if os.getsid(0) != os.getpid() or not os.path.exists(AUTOGROUP):
        return
    try:
        with open(AUTOGROUP, "w", encoding="ascii") as group:
            group.write(str(nice))
    except OSError:  # not allowed here (a container's read-only /proc): own nice only
        pass


def work(app: Flask, *, burst: bool = False) -> None:
    """Take batches from the queue until stopped (or, with ``burst``, until it is empty)."""
    from redis import Redis
    from rq import Queue

    from hiring.reports.pdf import warm_up

    global _app
    url = app.config.get("REDIS_URL")
    if not url:
        raise RuntimeError("HIRING_REDIS_URL is not set")
    _app = app
    lower_priority(app)
    warm_up()
    connection = Redis.from_url(url)
    BatchWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(burst=burst)
