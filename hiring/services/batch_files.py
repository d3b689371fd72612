"""Where a batch of profiles keeps its files, and how none is left behind by a crash.

Everything a batch writes is in :func:`reports_dir`:

- ``job-<batch>.parts/``: one PDF per profile while the batch runs, removed once the zip is
  made or the batch has failed;
- ``opening-<opening>-job-<batch>.zip``: the finished zip, kept only for a batch that is done;
- temporary files, each named ``.<the name it becomes>.<random>.tmp`` beside the file it
  becomes, and removed when writing it fails.

A process that is killed part way (out of memory, ``kill -9``, a power cut) cannot remove
what it was writing, so :func:`sweep` does: when a worker starts, at every maintenance round
of a running worker, and whenever a batch is failed because it stopped moving.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app

from hiring.extensions import db
from hiring.models import ReportJob

TEMPORARY_SUFFIX = ".tmp"
_PARTS = re.compile(r"job-(\d+)\.parts")
_ZIP = re.compile(r"opening-(\d+)-job-(\d+)\.zip")
_ZIP_TEMPORARY = re.compile(r"\.opening-(\d+)-job-(\d+)\.zip\..*tmp")
"""Also matches ``.opening-1-job-2.zip.tmp``, the one name used before names were unique."""
_UNFINISHED = ("queued", "running")


def reports_dir() -> Path:
    folder = Path(
        current_app.config.get("REPORTS_DIR") or Path(current_app.instance_path) / "reports"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def parts_dir(job_id: int) -> Path:
    return reports_dir() / f"job-{job_id}.parts"


def zip_path(opening_id: int, job_id: int) -> Path:
    return reports_dir() / f"opening-{opening_id}-job-{job_id}.zip"


def _stall_seconds() -> int:
    return int(current_app.config["BATCH_STALL_SECONDS"])


def _is_temporary(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(TEMPORARY_SUFFIX)


@contextmanager
def zip_atomically(target: Path) -> Iterator[zipfile.ZipFile]:
    """A zip written to a temporary file beside ``target`` that becomes ``target`` only once
    complete. Whatever interrupts the writing (an exception, a timeout, Ctrl-C) removes the
    temporary file; only a killed process leaves it, for :func:`sweep`."""
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX
    )
    os.close(handle)
    temporary = Path(name)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            yield archive
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def discard(job_id: int, opening_id: int) -> None:
    """Delete every file of a batch: its parts, its zip (whole or being written) and any
    temporary file. For a batch that failed, or will never finish."""
    shutil.rmtree(parts_dir(job_id), ignore_errors=True)
    zip_path(opening_id, job_id).unlink(missing_ok=True)
    discard_temporaries(job_id, opening_id)


def discard_temporaries(job_id: int, opening_id: int) -> None:
    """Delete the zips of a batch that were being written: once it has finished, they are
    what a killed (or slower) twin of its last job left."""
    for temporary in reports_dir().glob(f".opening-{opening_id}-job-{job_id}.zip.*tmp"):
        temporary.unlink(missing_ok=True)


def sweep(now: float | None = None) -> int:
    """Delete what crashed or abandoned batches left in :func:`reports_dir`, and return how
    many files and folders went:

    - a temporary file older than ``BATCH_STALL_SECONDS`` (one being written now is younger:
      a profile takes seconds), or one of a zip whose batch is no longer running;
    - the parts folder of a batch that is no longer running (done, failed or deleted);
    - the zip of a batch that failed or was deleted (with its opening).

    Reads the batches' statuses from the current session, so a batch failed and flushed in
    this transaction counts as failed."""
    folder = reports_dir()
    cutoff = (time.time() if now is None else now) - _stall_seconds()
    parts, zips, temporaries = [], [], []
    for path in folder.iterdir():
        if _is_temporary(path):
            temporaries.append(path)
        elif path.is_dir() and (match := _PARTS.fullmatch(path.name)):
            parts.append((path, int(match[1])))
            temporaries.extend(p for p in path.iterdir() if _is_temporary(p))
        elif match := _ZIP.fullmatch(path.name):
            zips.append((path, int(match[1]), int(match[2])))
    ids = {job_id for _, job_id in parts} | {job_id for _, _, job_id in zips}
    for path in temporaries:
        if match := _ZIP_TEMPORARY.fullmatch(path.name):
            ids.add(int(match[2]))
    batches = _batches(ids)
    removed = 0
    for path in temporaries:
        match = _ZIP_TEMPORARY.fullmatch(path.name)
        ended = match is not None and _status(batches, int(match[2]), int(match[1])) not in (
            _UNFINISHED
        )
        try:
            if ended or path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # its writer finished, or another sweep took it
            pass
    for path, job_id in parts:
        if batches.get(job_id, (None, None))[1] not in _UNFINISHED:
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    for path, opening_id, job_id in zips:
        if _status(batches, job_id, opening_id) in (None, "failed"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _batches(ids: set[int]) -> dict[int, tuple[int, str]]:
    """``{batch id: (opening id, status)}`` of the batches that still exist."""
    if not ids:
        return {}
    rows = db.session.execute(
        db.select(ReportJob.id, ReportJob.opening_id, ReportJob.status).where(ReportJob.id.in_(ids))
    )
    return {job_id: (opening_id, status) for job_id, opening_id, status in rows}


def _status(batches: dict[int, tuple[int, str]], job_id: int, opening_id: int) -> str | None:
    """The status of the batch a zip's name points to; None when that batch is gone (also
    when its number now belongs to a batch of another opening)."""
    found = batches.get(job_id)
    return found[1] if found is not None and found[0] == opening_id else None


def sweep_beside(target: Path) -> None:
    """Delete the temporary files of earlier, killed writes of ``target`` (a zip written by
    the command line where its user asked, outside :func:`reports_dir`), once they are older
    than ``BATCH_STALL_SECONDS``."""
    cutoff = time.time() - _stall_seconds()
    for path in target.parent.glob(f".{glob.escape(target.name)}.*tmp"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass
