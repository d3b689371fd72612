"""Every candidate of an opening as profiles in one zip file, in the background.

A batch is a :class:`ReportJob` row with one :class:`ReportJobItem` per profile, so its
progress survives a reload of the page and a restart of the web process. With
``HIRING_REDIS_URL`` set, each profile is a job of its own on an RQ queue, so every worker
(``hiring worker``) takes some; the one that finishes the last profile puts the zip together.
Without Redis the batch runs at once in the request that started it. A profile that fails to
render is listed in the job and in the zip's ``FAILURES.txt``; it does not sink the batch.

A worker can die part way (out of memory, a restart, a power cut); a batch is then never left
"running" for ever, nor its files on disk:

- each profile's job is retried by RQ up to ``ITEM_RETRIES`` times when it raises, times out
  or is abandoned by a worker that died (RQ finds those when it cleans its registries); after
  the last try the batch fails (:func:`give_up`);
- a batch in which no profile has finished for ``BATCH_STALL_SECONDS`` (its jobs were lost,
  or no worker is running) gets its unfinished profiles queued again, once, when a worker or
  its page next looks; if it stalls again it fails (:func:`expire_if_stalled`);
- a job run twice counts once, and the one that finds every profile counted but no zip (its
  maker died) makes it;
- a failed batch keeps no file, and :mod:`hiring.services.batch_files` sweeps what a killed
  process left.
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
from typing import TYPE_CHECKING, Any, cast

from flask import current_app
from sqlalchemy import CursorResult, update
from sqlalchemy.orm import undefer_group

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import Candidate, Opening, ReportJob, ReportJobItem, User
from hiring.models.base import utcnow
from hiring.reports.pdf import write_atomically
from hiring.services import ServiceError
from hiring.services.batch_files import (
    discard,
    discard_temporaries,
    parts_dir,
    sweep,
    sweep_beside,
    zip_atomically,
    zip_path,
)
from hiring.services.documents import profile_pdf, pseudonym
from hiring.services.results import CandidateResult, results_for

if TYPE_CHECKING:
    from redis import Redis

QUEUE_NAME = "hiring-reports"
WORKER_TASK = "hiring.worker.run_job_task"
"""A whole batch in one job (batches queued before profiles were jobs of their own)."""
ITEM_TASK = "hiring.worker.render_item_task"
"""One profile of a batch. Queued by name: the services never import the worker or the app
factory."""
FAILED_CALLBACK = "hiring.worker.job_failed_callback"
"""RQ's ``on_failure`` of every job of a batch, by name like the tasks."""
STALLED = "stalled"
"""The failure recorded for a batch that stopped moving (shown in the reader's language)."""
GAVE_UP = "gave up"
"""The failure recorded for a batch one of whose jobs RQ ran ``ATTEMPTS`` times without
finishing (shown in the reader's language)."""
ITEM_RETRIES = 2
"""How many times RQ runs a batch's job again after it raised, timed out or was abandoned by
a worker that died. Small: a profile takes seconds, and one that kills its worker every time
should not hold the queue for long."""
ATTEMPTS = ITEM_RETRIES + 1
REQUEUED, FAILED = "requeued", "failed"
"""What :func:`expire_if_stalled` did to a batch that stopped moving."""
REQUEUE_MEMORY = 30 * 24 * 3600
"""Seconds Redis remembers that a batch's profiles were queued again after it stalled."""
PROFILE_TIMEOUT = 600
"""Seconds a worker may spend on one profile before RQ stops it."""
UNFINISHED = ("queued", "running")
"""The statuses of a batch that profiles may still be added to."""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "candidate"


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
    sweep_beside(target)  # what an earlier, killed run left there
    with zip_atomically(target) as archive:
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


def render_item(job_id: int, candidate_id: int) -> None:
    """Render one profile of a batch (a queued job of its own) into the batch's parts folder
    and count it, with the independence rule of the person who asked for the batch. Whoever
    counts the last profile puts the zip together. An item already done, or a batch already
    finished or failed, is left alone (a job that RQ runs twice counts once); but when every
    profile is counted and the batch is still unfinished, whoever counted the last one died
    before the zip was made, and this job (its retry) makes it."""
    db.session.rollback()  # read the batch as it is now, not as this session last saw it
    job = db.session.get(ReportJob, job_id)
    item = db.session.get(ReportJobItem, (job_id, candidate_id))
    if job is None or item is None or job.status not in UNFINISHED:
        return
    if item.status != "queued":
        if not _queued_left(job_id):
            assemble(job_id)
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
        write_atomically(pdf, parts_dir(job.id) / entry)
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
    if counted is None:
        if entry is not None and _status(job_id) not in UNFINISHED:
            # made after its batch ended (failed, or done by a twin of this job): not kept
            shutil.rmtree(parts_dir(job_id), ignore_errors=True)
    elif counted[0] >= counted[1]:
        assemble(job_id)


def _status(job_id: int) -> str | None:
    return db.session.execute(
        db.select(ReportJob.status).where(ReportJob.id == job_id)
    ).scalar_one_or_none()


def _queued_left(job_id: int) -> bool:
    return (
        db.session.execute(
            db.select(ReportJobItem.candidate_id)
            .where(ReportJobItem.job_id == job_id, ReportJobItem.status == "queued")
            .limit(1)
        ).first()
        is not None
    )


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
    ``FAILURES.txt`` when some could not be made, and mark the batch done; or, when the zip
    cannot be written, failed and without files. Commits. Two at once (a job and its retry)
    are safe: only the first to finish marks the batch, and a zip made for a batch that has
    failed meanwhile is deleted."""
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
    folder = parts_dir(job_id)
    target = zip_path(job.opening_id, job.id)
    failures = [_failure(i.candidate_id, i.error) for i in items if i.error]
    included = [i for i in items if i.status == "done" and i.entry]
    try:
        with zip_atomically(target) as archive:
            for item in included:
                assert item.entry is not None
                archive.write(folder / item.entry, item.entry)
            _add_failures(archive, failures)
    except Exception as exc:
        _close(job, status="failed", failures=[*failures, _failure(None, str(exc)[:500])])
    else:
        ids = [i.candidate_id for i in included]
        _close(job, status="done", path=str(target), candidate_ids=ids, failures=failures)
    opening_id = job.opening_id
    db.session.commit()
    if _status(job_id) == "done":
        shutil.rmtree(folder, ignore_errors=True)
        discard_temporaries(job_id, opening_id)
    else:  # failed (by this call, or meanwhile by another) or deleted: nothing is kept
        discard(job_id, opening_id)


def _close(job: ReportJob, **values: Any) -> bool:
    """Mark a batch finished (done or failed) with ``values``, unless it has finished
    already (another worker, or a reader that found it stalled, was first). Flushes, and
    brings ``job`` up to date either way."""
    closed = db.session.execute(
        update(ReportJob)
        .where(ReportJob.id == job.id, ReportJob.status.in_(UNFINISHED))
        .values(finished_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(job)
    return cast("CursorResult[Any]", closed).rowcount == 1


def _failure(candidate_id: int | None, error: str) -> dict[str, Any]:
    return {"candidate_id": candidate_id, "error": error}


def expire_if_stalled(job: ReportJob) -> str | None:
    """Look after a batch in which no profile has finished for ``BATCH_STALL_SECONDS`` (its
    worker crashed, its queued jobs were lost, or no worker is running). The first time, with
    a background worker (``HIRING_REDIS_URL``), its unfinished profiles are queued again and
    its clock restarts: :data:`REQUEUED`. Otherwise it fails, keeping what is known of its
    failures, and every file it made is deleted, with whatever other crashed batches left
    (:func:`~hiring.services.batch_files.sweep`): :data:`FAILED`. None while it moves.
    Flushes only; the caller commits."""
    outcome = _expire(job)
    if outcome == FAILED:
        sweep()
    return outcome


def _expire(job: ReportJob) -> str | None:
    if job.status not in UNFINISHED:
        return None
    last = job.heartbeat_at or job.created_at
    if utcnow() - last < timedelta(seconds=int(current_app.config["BATCH_STALL_SECONDS"])):
        return None
    if _requeue_once(job):
        return REQUEUED
    if not _close(job, status="failed", failures=[*failures_of(job), _failure(None, STALLED)]):
        return None
    discard(job.id, job.opening_id)
    return FAILED


def expire_stalled_jobs() -> dict[str, int]:
    """:func:`expire_if_stalled` for every unfinished batch, then a sweep of the files that
    crashed batches left (``hiring worker`` at start and at each maintenance round).
    Returns how many batches were requeued and how many failed. Flushes only."""
    unfinished = db.session.execute(
        db.select(ReportJob).where(ReportJob.status.in_(UNFINISHED))
    ).scalars()
    outcomes = [_expire(job) for job in list(unfinished)]
    sweep()
    return {REQUEUED: outcomes.count(REQUEUED), FAILED: outcomes.count(FAILED)}


def give_up(job_id: int, candidate_id: int | None) -> bool:
    """Fail a batch one of whose jobs RQ ran :data:`ATTEMPTS` times without finishing (it
    raised, timed out, or its worker died each time), and delete every file it made; not
    when that profile was made after all (by a twin of the job) and others are still to
    come. Flushes only."""
    job = db.session.get(ReportJob, job_id, populate_existing=True)
    if job is None or job.status not in UNFINISHED:
        return False
    if candidate_id is not None:
        item = db.session.get(ReportJobItem, (job_id, candidate_id), populate_existing=True)
        if item is not None and item.status != "queued" and _queued_left(job_id):
            return False
    failures = [*failures_of(job), _failure(candidate_id, GAVE_UP)]
    if not _close(job, status="failed", failures=failures):
        return False
    discard(job.id, job.opening_id)
    return True


def _requeue_once(job: ReportJob) -> bool:
    """Queue a stalled batch's unfinished profiles again (or, with every profile counted,
    the making of its zip), once in the batch's life: Redis remembers it under a key that
    only the first of several workers or readers can set. False without Redis, when it
    cannot be reached, or the second time."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return False
    from redis import Redis
    from redis.exceptions import RedisError

    key = f"{QUEUE_NAME}:requeued:{job.id}:{job.created_at:%Y%m%dT%H%M%S%f}"
    try:
        connection = Redis.from_url(url)
        if not connection.set(key, 1, nx=True, ex=REQUEUE_MEMORY):
            return False
        _enqueue_unfinished(job, connection)
    except RedisError as exc:
        current_app.logger.warning("batch %d could not be queued again: %s", job.id, exc)
        return False
    job.heartbeat_at = utcnow()
    db.session.flush()
    return True


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

        _enqueue_unfinished(job, Redis.from_url(url))
        return "queued"
    run_job(job.id)
    return "inline"


def _enqueue_unfinished(job: ReportJob, connection: Redis) -> None:
    """One job per profile still to make, each run again by RQ up to :data:`ITEM_RETRIES`
    times, with :data:`FAILED_CALLBACK` to fail the batch after the last try; with none left
    to make, one job that makes the zip (:func:`run_job`)."""
    from rq import Callback, Queue, Retry

    ids = list(
        db.session.execute(
            db.select(ReportJobItem.candidate_id)
            .where(ReportJobItem.job_id == job.id, ReportJobItem.status == "queued")
            .order_by(ReportJobItem.candidate_id)
        ).scalars()
    )
    queue = Queue(QUEUE_NAME, connection=connection)
    if not ids:
        queue.enqueue(
            WORKER_TASK,
            job.id,
            job_timeout=PROFILE_TIMEOUT,
            retry=Retry(max=ITEM_RETRIES),
            on_failure=Callback(FAILED_CALLBACK),
        )
        return
    queue.enqueue_many(
        [
            Queue.prepare_data(
                ITEM_TASK,
                args=(job.id, cid),
                timeout=PROFILE_TIMEOUT,
                result_ttl=0,
                retry=Retry(max=ITEM_RETRIES),
                on_failure=Callback(FAILED_CALLBACK),
            )
            for cid in ids
        ]
    )
