"""Every candidate of an opening as profiles in one zip file, in the background.

A batch is a :class:`ReportJob` row, so its progress survives a reload of the page and a
restart of the web process. With ``HIRING_REDIS_URL`` set the job goes to an RQ queue and a
worker (``hiring worker``) renders it; without it the job runs at once in the request that
started it. A profile that fails to render is listed in the job and in the zip's
``FAILURES.txt``; it does not sink the batch.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import Candidate, Opening, ReportJob, User
from hiring.models.base import utcnow
from hiring.services import ServiceError
from hiring.services.documents import profile_pdf, pseudonym
from hiring.services.results import results_for

QUEUE_NAME = "hiring-reports"
WORKER_TASK = "hiring.worker.run_job_task"
"""Queued by name: the services never import the worker or the app factory."""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "candidate"


def reports_dir() -> Path:
    folder = Path(
        current_app.config.get("REPORTS_DIR") or Path(current_app.instance_path) / "reports"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def create_job(opening: Opening, *, lang: str, blind: bool, by: User) -> ReportJob:
    """A new batch of the opening's profiles. Without a background worker (no
    ``HIRING_REDIS_URL``) the batch runs inside the request, so one larger than
    ``INLINE_BATCH_LIMIT`` profiles is refused with a message on how to start a worker."""
    total = db.session.execute(
        db.select(db.func.count()).where(Candidate.opening_id == opening.id)
    ).scalar_one()
    limit = int(current_app.config["INLINE_BATCH_LIMIT"])
    if not current_app.config.get("REDIS_URL") and total > limit:
        raise ServiceError(
            _l(
                "This opening has %(n)d candidates. Without a background worker at most "
                "%(limit)d profiles are made at once: ask the administrator to set "
                "HIRING_REDIS_URL and start 'hiring worker', or download the profiles one by "
                "one.",
                n=total,
                limit=limit,
            )
        )
    job = ReportJob(opening_id=opening.id, lang=lang, blind=blind, total=total, created_by_id=by.id)
    db.session.add(job)
    db.session.flush()
    return job


def entry_name(candidate: Candidate, blind: bool) -> str:
    label = f"candidate-{pseudonym(candidate.id)}" if blind else _slug(candidate.name)
    return f"{candidate.id:05d}-{label}.pdf"


@dataclass(frozen=True)
class BatchOutcome:
    included: list[int]
    """The candidates whose profiles are in the zip."""
    failures: list[dict[str, object]]


WITHHELD = "withheld: the requester sits on this panel and has not submitted their scorecard"


def render_batch(
    opening_id: int,
    *,
    lang: str,
    blind: bool,
    target: Path,
    viewer: User | None = None,
    progress: Callable[[int, int, int | None, str | None], None] | None = None,
) -> BatchOutcome:
    """Render every candidate of the opening into the zip ``target`` (written atomically).
    With a ``viewer`` the independence rule applies (their withheld candidates are listed as
    failures). ``progress(done, total, failed_candidate_id, error)`` follows each profile."""
    candidates = list(
        db.session.execute(
            db.select(Candidate).where(Candidate.opening_id == opening_id).order_by(Candidate.id)
        ).scalars()
    )
    results = results_for(candidates, current_catalogue(), viewer)
    failures: list[dict[str, object]] = []
    included: list[int] = []
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, result in enumerate(results, 1):
                error: str | None = None
                try:
                    if result.withheld:
                        raise PermissionError(WITHHELD)
                    pdf = profile_pdf(result, lang=lang, blind=blind)
                except Exception as exc:
                    error = WITHHELD if result.withheld else f"{type(exc).__name__}: {exc}"[:500]
                    failures.append({"candidate_id": result.candidate.id, "error": error})
                else:
                    archive.writestr(entry_name(result.candidate, blind), pdf)
                    included.append(result.candidate.id)
                if progress is not None:
                    progress(done, len(results), result.candidate.id if error else None, error)
            if failures:
                archive.writestr(
                    "FAILURES.txt",
                    "\n".join(f"candidate {f['candidate_id']}: {f['error']}" for f in failures)
                    + "\n",
                )
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return BatchOutcome(included, failures)


def run_job(job_id: int) -> None:
    """Render a job's zip, recording progress in the job row as it goes, so the progress page
    can show "37 / 120". Progress is written on a connection of its own: committing the
    session after every profile would expire what it has loaded, and every later profile
    would load its candidate, interviews and ratings again, one by one."""
    job = db.session.get(ReportJob, job_id)
    if job is None or job.status not in ("queued", "running"):
        return
    job.status, job.done, job.failures = "running", 0, []
    db.session.commit()
    target = reports_dir() / f"opening-{job.opening_id}-job-{job.id}.zip"
    failures: list[dict[str, Any]] = []

    def progress(done: int, total: int, failed: int | None, error: str | None) -> None:
        if failed is not None:
            failures.append({"candidate_id": failed, "error": error})
        with db.engine.begin() as connection:
            connection.execute(
                update(ReportJob)
                .where(ReportJob.id == job_id)
                .values(done=done, total=total, failures=list(failures))
            )

    try:
        outcome = render_batch(
            job.opening_id,
            lang=job.lang,
            blind=job.blind,
            target=target,
            viewer=job.created_by,
            progress=progress,
        )
    except Exception as exc:
        db.session.rollback()  # and reload the job with the progress written meanwhile
        job.status = "failed"
        job.failures = [*job.failures, {"candidate_id": None, "error": str(exc)[:500]}]
    else:
        db.session.rollback()  # nothing pending: reload the job with the progress written
        job.status, job.path, job.candidate_ids = "done", str(target), outcome.included
    job.finished_at = utcnow()
    db.session.commit()


def enqueue(job: ReportJob) -> str:
    """Queue the job on RQ when Redis is configured; otherwise run it now. Returns how."""
    url = current_app.config.get("REDIS_URL")
    if url:
        from redis import Redis
        from rq import Queue

        Queue(QUEUE_NAME, connection=Redis.from_url(url)).enqueue(
            WORKER_TASK, job.id, job_timeout=3600
        )
        return "queued"
    run_job(job.id)
    return "inline"
