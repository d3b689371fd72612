"""Every candidate of an opening as profiles in one zip file, in the background.

A batch is a :class:`ReportJob` row with one :class:`ReportJobItem` per profile, so its
progress survives a reload of the page and a restart of the web process. With
``HIRING_REDIS_URL`` set, each profile is a job of its own on an RQ queue, so every worker
(``hiring worker``) takes some; the one that finishes the last profile puts the zip together.
Without Redis the batch runs at once in the request that started it. A profile that fails to
render is listed in the job and in the zip's ``FAILURES.txt``; it does not sink the batch. A
batch in which no profile has finished for ``BATCH_STALL_SECONDS`` (a worker that crashed,
or none running) is failed visibly, never left "running".
"""

from __future__ import annotations

import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.orm import undefer_group

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import Candidate, Opening, ReportJob, ReportJobItem, User
from hiring.models.base import utcnow
from hiring.reports.pdf import write_atomically
from hiring.services import ServiceError
from hiring.services.documents import profile_pdf, pseudonym
from hiring.services.results import CandidateResult, results_for

QUEUE_NAME = "hiring-reports"
WORKER_TASK = "hiring.worker.run_job_task"
"""A whole batch in one job (batches queued before profiles were jobs of their own)."""
ITEM_TASK = "hiring.worker.render_item_task"
"""One profile of a batch. Queued by name: the services never import the worker or the app
factory."""
STALLED = "stalled"
"""The failure recorded for a batch that stopped moving (shown in the reader's language)."""
PROFILE_TIMEOUT = 600
"""Seconds a worker may spend on one profile before RQ stops it."""
UNFINISHED = ("queued", "running")
"""The statuses of a batch that profiles may still be added to."""


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
    ids = _candidate_ids(opening.id)
    total = len(ids)
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
    _add_items(job, ids)
    return job


def _candidate_ids(opening_id: int) -> list[int]:
    return list(
        db.session.execute(
            db.select(Candidate.id).where(Candidate.opening_id == opening_id).order_by(Candidate.id)
        ).scalars()
    )


def _add_items(job: ReportJob, ids: list[int]) -> None:
    """One item per candidate: the profiles this batch will hold."""
    db.session.add_all(ReportJobItem(job_id=job.id, candidate_id=cid) for cid in ids)
    job.total = len(ids)
    db.session.flush()


def entry_name(candidate: Candidate, blind: bool, position: int | None = None) -> str:
    """A profile's file name: ``00042-maija-meikalainen.pdf`` (the candidate's number and
    name), or for blind review nothing that identifies the person: the pseudonym, after the
    profile's ``position`` in its batch where there is one (``00003-candidate-74974B.pdf``)."""
    if not blind:
        return f"{candidate.id:05d}-{_slug(candidate.name)}.pdf"
    label = f"candidate-{pseudonym(candidate.id)}.pdf"
    return label if position is None else f"{position:05d}-{label}"


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
            db.select(Candidate)
            .where(Candidate.opening_id == opening_id)
            .order_by(Candidate.id)
            .options(undefer_group("person"))
        ).scalars()
    )
    results = results_for(candidates, current_catalogue(), viewer)
    failures: list[dict[str, object]] = []
    included: list[int] = []
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, result in enumerate(results, 1):
                pdf, error = _profile(result, lang=lang, blind=blind)
                if pdf is None:
                    failures.append({"candidate_id": result.candidate.id, "error": error})
                else:
                    archive.writestr(entry_name(result.candidate, blind, done), pdf)
                    included.append(result.candidate.id)
                if progress is not None:
                    progress(done, len(results), result.candidate.id if error else None, error)
            _add_failures(archive, failures)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return BatchOutcome(included, failures)


def _profile(result: CandidateResult, *, lang: str, blind: bool) -> tuple[bytes | None, str | None]:
    """The profile's PDF, or ``(None, error)`` when it cannot be made or is withheld from
    the person the batch is made for."""
    if result.withheld:
        return None, WITHHELD
    try:
        return profile_pdf(result, lang=lang, blind=blind), None
    except Exception as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]


def _add_failures(archive: zipfile.ZipFile, failures: list[dict[str, Any]]) -> None:
    """``FAILURES.txt``: which profiles are missing from the zip, and why."""
    if failures:
        lines = [f"candidate {f['candidate_id']}: {f['error']}" for f in failures]
        archive.writestr("FAILURES.txt", "\n".join(lines) + "\n")


def _parts_dir(job_id: int) -> Path:
    return reports_dir() / f"job-{job_id}.parts"


def render_item(job_id: int, candidate_id: int) -> None:
    """Render one profile of a batch (a queued job of its own) into the batch's parts folder
    and count it, with the independence rule of the person who asked for the batch. Whoever
    counts the last profile puts the zip together. An item already done, or a batch already
    finished or failed, is left alone (a job that RQ runs twice counts once)."""
    db.session.rollback()  # read the batch as it is now, not as this session last saw it
    job = db.session.get(ReportJob, job_id)
    item = db.session.get(ReportJobItem, (job_id, candidate_id))
    if job is None or item is None or item.status != "queued":
        return
    if job.status not in UNFINISHED:
        return
    candidate = db.session.get(Candidate, candidate_id, options=[undefer_group("person")])
    if candidate is None:
        _finish_item(job_id, candidate_id, None, ERASED)
        return
    result = results_for([candidate], current_catalogue(), job.created_by)[0]
    entry, error = _render_part(job, result)
    _finish_item(job_id, candidate_id, entry, error)


ERASED = "LookupError: the candidate was erased after the batch was started"


def _render_part(job: ReportJob, result: CandidateResult) -> tuple[str | None, str | None]:
    """The profile as a file in the batch's parts folder: ``(entry, None)``, or
    ``(None, error)`` when it could not be made (or is withheld from the batch's maker)."""
    pdf, error = _profile(result, lang=job.lang, blind=job.blind)
    if pdf is None:
        return None, error
    ids = job.candidate_ids or []
    position = ids.index(result.candidate.id) + 1 if result.candidate.id in ids else None
    entry = entry_name(result.candidate, job.blind, position)
    try:
        write_atomically(pdf, _parts_dir(job.id) / entry)
    except OSError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    return entry, None


def _finish_item(
    job_id: int, candidate_id: int, entry: str | None, error: str | None, *, alone: bool = True
) -> None:
    """Count the item; the last one puts the zip together. ``alone``: a job of its own, whose
    session is done with what it loaded (a batch run in one go keeps it for the next)."""
    counted = _count_item(job_id, candidate_id, entry, error)
    if alone:
        db.session.rollback()
    if counted is not None and counted[0] >= counted[1]:
        assemble(job_id)


def _count_item(
    job_id: int, candidate_id: int, entry: str | None, error: str | None
) -> tuple[int, int] | None:
    """Mark the item done (or failed) and count it in the batch, in one short transaction of
    its own: two workers finishing at once each add one, and exactly one of them sees the
    count reach the total. Returns ``(done, total)``, or None when it was counted already."""
    with db.engine.begin() as connection:
        marked = connection.execute(
            update(ReportJobItem)
            .where(
                ReportJobItem.job_id == job_id,
                ReportJobItem.candidate_id == candidate_id,
                ReportJobItem.status == "queued",
            )
            .values(status="failed" if error else "done", entry=entry, error=error)
        )
        if marked.rowcount != 1:
            return None
        row = connection.execute(
            update(ReportJob)
            .where(ReportJob.id == job_id, ReportJob.status.in_(UNFINISHED))
            .values(done=ReportJob.done + 1, status="running", heartbeat_at=utcnow())
            .returning(ReportJob.done, ReportJob.total)
        ).first()
    return (row[0], row[1]) if row is not None else None


def failures_of(job: ReportJob) -> list[dict[str, Any]]:
    """The profiles that could not be made: recorded in the job once it has finished, read
    from its items while it runs."""
    if job.status not in UNFINISHED:
        return list(job.failures or [])
    rows = db.session.execute(
        db.select(ReportJobItem.candidate_id, ReportJobItem.error)
        .where(ReportJobItem.job_id == job.id, ReportJobItem.status == "failed")
        .order_by(ReportJobItem.candidate_id)
    )
    return [{"candidate_id": cid, "error": error} for cid, error in rows]


def assemble(job_id: int) -> None:
    """Put the rendered profiles of a batch into its zip (written atomically), with
    ``FAILURES.txt`` when some could not be made, and mark the batch done."""
    # as the items' own transactions left them, not as this session may have loaded them
    job = db.session.get(ReportJob, job_id, populate_existing=True)
    if job is None or job.status not in UNFINISHED:
        return
    items = list(
        db.session.execute(
            db.select(ReportJobItem)
            .where(ReportJobItem.job_id == job_id)
            .order_by(ReportJobItem.candidate_id)
            .execution_options(populate_existing=True)
        ).scalars()
    )
    folder = _parts_dir(job_id)
    target = reports_dir() / f"opening-{job.opening_id}-job-{job.id}.zip"
    temporary = target.with_name(f".{target.name}.tmp")
    failures = [{"candidate_id": i.candidate_id, "error": i.error} for i in items if i.error]
    included = [i for i in items if i.status == "done" and i.entry]
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for item in included:
                assert item.entry is not None
                archive.write(folder / item.entry, item.entry)
            _add_failures(archive, failures)
        temporary.replace(target)
    except Exception as exc:
        temporary.unlink(missing_ok=True)
        job.status = "failed"
        job.failures = [*failures, {"candidate_id": None, "error": str(exc)[:500]}]
    else:
        job.status, job.path = "done", str(target)
        job.candidate_ids = [i.candidate_id for i in included]
        job.failures = failures
    job.finished_at = utcnow()
    db.session.commit()
    shutil.rmtree(folder, ignore_errors=True)


def expire_if_stalled(job: ReportJob) -> bool:
    """Fail a batch in which no profile has finished for ``BATCH_STALL_SECONDS`` (its worker
    crashed, or none is running), keeping what is known of its failures. Flushes only."""
    if job.status not in UNFINISHED:
        return False
    last = job.heartbeat_at or job.created_at
    if utcnow() - last < timedelta(seconds=int(current_app.config["BATCH_STALL_SECONDS"])):
        return False
    job.failures = [*failures_of(job), {"candidate_id": None, "error": STALLED}]
    job.status, job.finished_at = "failed", utcnow()
    db.session.flush()
    shutil.rmtree(_parts_dir(job.id), ignore_errors=True)
    return True


def expire_stalled_jobs() -> int:
    """:func:`expire_if_stalled` for every unfinished batch (``hiring worker`` at start)."""
    unfinished = db.session.execute(
        db.select(ReportJob).where(ReportJob.status.in_(UNFINISHED))
    ).scalars()
    return sum(1 for job in list(unfinished) if expire_if_stalled(job))


def run_job(job_id: int) -> None:
    """Render every profile of a batch here and now, one after the other (no background
    worker; or a whole batch queued by an earlier version as one job). The results are
    loaded at once, in a fixed number of queries; the only statements per profile mark its
    item and count it ("37 / 120"), on a connection of their own, so that the session keeps
    what it loaded."""
    job = db.session.get(ReportJob, job_id)
    if job is None or job.status not in UNFINISHED:
        return
    has_items = db.session.execute(
        db.select(ReportJobItem.candidate_id).where(ReportJobItem.job_id == job_id).limit(1)
    ).first()
    if has_items is None:
        _add_items(job, _candidate_ids(job.opening_id))
        db.session.commit()
    queued = list(
        db.session.execute(
            db.select(ReportJobItem.candidate_id)
            .where(ReportJobItem.job_id == job_id, ReportJobItem.status == "queued")
            .order_by(ReportJobItem.candidate_id)
        ).scalars()
    )
    candidates = list(
        db.session.execute(
            db.select(Candidate)
            .where(Candidate.id.in_(queued))
            .order_by(Candidate.id)
            .options(undefer_group("person"))
        ).scalars()
    )
    for erased in sorted(set(queued) - {c.id for c in candidates}):
        _finish_item(job_id, erased, None, ERASED, alone=False)
    for result in results_for(candidates, current_catalogue(), job.created_by):
        entry, error = _render_part(job, result)
        _finish_item(job_id, result.candidate.id, entry, error, alone=False)
    if not queued:  # an empty opening: nothing to wait for
        assemble(job_id)


def enqueue(job: ReportJob) -> str:
    """Queue one job per profile on RQ when Redis is configured, so that every worker takes
    some; otherwise run the batch now. Returns how."""
    url = current_app.config.get("REDIS_URL")
    if url:
        from redis import Redis
        from rq import Queue

        ids = list(
            db.session.execute(
                db.select(ReportJobItem.candidate_id)
                .where(ReportJobItem.job_id == job.id)
                .order_by(ReportJobItem.candidate_id)
            ).scalars()
        )
        queue = Queue(QUEUE_NAME, connection=Redis.from_url(url))
        if not ids:
            queue.enqueue(WORKER_TASK, job.id, job_timeout=PROFILE_TIMEOUT)
            return "queued"
        queue.enqueue_many(
            [
                Queue.prepare_data(
                    ITEM_TASK, args=(job.id, cid), timeout=PROFILE_TIMEOUT, result_ttl=0
                )
                for cid in ids
            ]
        )
        return "queued"
    run_job(job.id)
    return "inline"
