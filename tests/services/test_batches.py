"""A batch of profiles whose worker crashes: its jobs are retried a bounded number of times,
then it fails visibly, and no file of it (part, zip or temporary file) is left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from hiring.extensions import db
from hiring.models import ReportJob
from hiring.models.base import utcnow
from hiring.services import batches
from hiring.services.batch_files import parts_dir, sweep, zip_path
from hiring.services.batches import (
    FAILED,
    GAVE_UP,
    QUEUE_NAME,
    REQUEUED,
    STALLED,
    create_job,
    expire_stalled_jobs,
    failures_of,
    render_batch,
    render_item,
)
from tests.factories import make_candidate, make_opening, make_user

ROOT = Path(__file__).resolve().parents[2]
STALLED_TEXT = "The batch stopped: no profile was finished for 10 minutes"
GAVE_UP_TEXT = "The batch stopped after 3 attempts: the background worker stopped or failed"
NOTHING_KEPT = "No zip file was kept: the profiles made before the batch stopped were deleted."


@pytest.fixture(autouse=True)
def quick_profiles(monkeypatch):
    """What is tested here is the batch, not the PDF (tests/web/test_documents.py reads
    those): a stand-in for the renderer keeps each test to a second instead of many."""
    monkeypatch.setattr(batches, "profile_pdf", quick_pdf)


def quick_pdf(result, *, lang: str, blind: bool) -> bytes:
    return f"%PDF-1.7 profile of {result.candidate.id}".encode()


QUICK_PDF_THERE = (
    "import hiring.services.batches\n"
    "hiring.services.batches.profile_pdf = "
    "lambda result, **_: b'%%PDF-1.7 profile of %d' % result.candidate.id\n"
)


@pytest.fixture
def world(auth):
    recruiter = make_user("recruiter", name="Riikka Rekrytoija", email="r@example.test")
    opening = make_opening(recruiter, title="KAM Helsinki")
    first = make_candidate(opening, name="Kalle Kandidaatti")
    second = make_candidate(opening, name="Toinen Ehdokas")
    auth.login("r@example.test")
    return {"recruiter": recruiter, "opening": opening, "first": first, "second": second}


def new_batch(world) -> ReportJob:
    """A batch of the opening's two profiles, started but not yet given to any worker."""
    job = create_job(world["opening"], lang="en", blind=False, by=world["recruiter"])
    db.session.commit()
    return job


def files(app) -> list[str]:
    """Everything in the reports folder, as paths relative to it."""
    folder = Path(app.config["REPORTS_DIR"])
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def make_old(job: ReportJob, app) -> None:
    """As if no profile of the batch had finished for longer than the stall time."""
    stall = app.config["BATCH_STALL_SECONDS"]
    db.session.get(ReportJob, job.id).heartbeat_at = utcnow() - timedelta(seconds=stall + 1)
    db.session.commit()


def reloaded(job: ReportJob) -> ReportJob:
    db.session.expire_all()
    return db.session.get(ReportJob, job.id)


@pytest.fixture
def queue(app):
    """The batches' RQ queue on the test Redis, empty, with the app set to use it."""
    url = os.environ.get("HIRING_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown
    from rq import Queue

    connection = Redis.from_url(url)
    try:
        connection.ping()
    except RedisDown:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is needed in CI and does not answer at {url}")
        pytest.skip(f"Redis does not answer at {url}")
    queue = Queue(QUEUE_NAME, connection=connection)
    clear(queue)
    app.config["REDIS_URL"] = url
    yield queue
    clear(queue)


def clear(queue) -> None:
    """No job, pending or left by an earlier run, of the batches' queue, and no memory of a
    batch queued again."""
    queue.empty()
    for registry in (queue.started_job_registry, queue.failed_job_registry):
        for job_id in registry.get_job_ids(cleanup=False):
            registry.remove(job_id, delete_job=True)
    for key in queue.connection.scan_iter(f"{QUEUE_NAME}:requeued:*"):
        queue.connection.delete(key)


def run_worker(queue) -> None:
    from rq import SimpleWorker

    SimpleWorker([queue], connection=queue.connection).work(burst=True)


def killed_in_another_process(app, code: str) -> None:
    """Run ``code`` in a new process on the same database and folder, with ``die()`` at hand
    to kill that process outright (SIGKILL: nothing of it cleans up), and check it died."""
    keys = ("SQLALCHEMY_DATABASE_URI", "REPORTS_DIR", "RUBRICS_DIR", "REDIS_URL", "SECRET_KEY")
    config = {key: app.config[key] for key in keys} | {"TESTING": True}
    script = (
        "import json, os, signal, sys\n"
        "from hiring.app import create_app\n"
        "app = create_app(json.loads(sys.argv[1]))\n"
        "def die(*args, **kwargs):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n" + QUICK_PDF_THERE + code
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -9, done.stdout + done.stderr


KILL_POINTS = {
    # killed while the zip is written: its temporary file stays, half written
    "writing": (
        "import zipfile\n"
        "write = zipfile.ZipFile.write\n"
        "def write_then_die(self, *args, **kwargs):\n"
        "    write(self, *args, **kwargs)\n"
        "    die()\n"
        "zipfile.ZipFile.write = write_then_die\n"
    ),
    # killed once the zip is in place but before the batch is marked done: a whole zip stays
    "marking": "import hiring.services.batches as b\nb._close = die\n",
}


@pytest.mark.parametrize("point", sorted(KILL_POINTS))
def test_a_batch_whose_zip_maker_is_killed_fails_and_leaves_no_file(app, client, world, point):
    """Without a background worker nothing can run the batch again: after the stall time
    its page fails it, says nothing was kept, and every file of it is gone."""
    job = new_batch(world)
    render_item(job.id, world["first"].id)
    killed_in_another_process(
        app,
        KILL_POINTS[point]
        + "from hiring.services.batches import render_item\n"
        + f"with app.app_context():\n    render_item({job.id}, {world['second'].id})\n",
    )
    job = reloaded(job)
    assert (job.status, job.done, job.total) == ("running", 2, 2)
    assert failures_of(job) == []
    zip_name = zip_path(job.opening_id, job.id).name
    left = [name for name in files(app) if zip_name in name]
    assert len(left) == 1
    assert left[0].endswith(".tmp") == (point == "writing")
    make_old(job, app)
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert STALLED_TEXT in page
    assert NOTHING_KEPT in page
    assert reloaded(job).status == "failed"
    assert files(app) == []


def test_a_profile_job_that_raises_is_retried_and_completes_the_batch(
    app, world, queue, monkeypatch
):
    job = new_batch(world)
    batches.enqueue(job)
    real, calls = batches.results_for, []

    def fails_once(candidates, *args):
        calls.append(candidates[0].id)
        if calls == [world["first"].id, world["second"].id]:
            raise ConnectionError("the database went away")
        return real(candidates, *args)

    monkeypatch.setattr(batches, "results_for", fails_once)
    run_worker(queue)
    job = reloaded(job)
    assert calls == [world["first"].id, world["second"].id, world["second"].id]
    assert (job.status, job.done, job.candidate_ids) == (
        "done",
        2,
        [world["first"].id, world["second"].id],
    )
    assert files(app) == [zip_path(job.opening_id, job.id).name]


def test_a_batch_whose_retries_are_exhausted_fails_with_its_message_and_no_zip(
    app, client, world, queue, monkeypatch
):
    job = new_batch(world)
    batches.enqueue(job)
    real, calls = batches.results_for, []

    def always_fails_second(candidates, *args):
        calls.append(candidates[0].id)
        if candidates[0].id == world["second"].id:
            raise RuntimeError("the renderer crashed")
        return real(candidates, *args)

    monkeypatch.setattr(batches, "results_for", always_fails_second)
    run_worker(queue)
    job = reloaded(job)
    assert calls == [world["first"].id] + [world["second"].id] * 3
    assert (job.status, job.done, job.path) == ("failed", 1, None)
    assert job.failures == [{"candidate_id": world["second"].id, "error": GAVE_UP}]
    assert files(app) == []  # the first profile, made, was deleted with the batch
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert GAVE_UP_TEXT in page
    assert f"/candidates/{world['second'].id}" in page
    assert NOTHING_KEPT in page
    assert 'http-equiv="refresh"' not in page
    assert client.get(f"/report-jobs/{job.id}/download").status_code == 404


def test_a_job_abandoned_by_a_killed_worker_is_retried_and_makes_the_zip(app, world, queue):
    """The worker is killed while it puts the zip together. RQ finds the job abandoned when it
    cleans its registries (here: as if the job's time had run out) and runs it again; the
    profiles are all counted, so the retry makes the zip, once, and the half-written one of
    the killed worker is deleted."""
    from rq.registry import StartedJobRegistry

    job = new_batch(world)
    batches.enqueue(job)
    killed_in_another_process(
        app,
        KILL_POINTS["writing"] + "from hiring.worker import work\n" + "work(app, burst=True)\n",
    )
    job = reloaded(job)
    assert (job.status, job.done) == ("running", 2)
    assert failures_of(job) == []
    assert any(name.endswith(".tmp") for name in files(app))
    StartedJobRegistry(queue=queue).cleanup(timestamp=time.time() + 24 * 3600)
    assert len(queue) == 1
    run_worker(queue)
    job = reloaded(job)
    assert (job.status, job.done, job.candidate_ids) == (
        "done",
        2,
        [world["first"].id, world["second"].id],
    )
    assert files(app) == [zip_path(job.opening_id, job.id).name]


def test_a_stalled_batch_is_queued_again_once_and_completes(app, client, world, queue):
    """Its queued jobs were lost (Redis restarted, a worker died holding them): the first
    look after the stall time queues the unfinished profiles again, and a job run twice
    still counts once."""
    job = new_batch(world)
    batches.enqueue(job)
    queue.empty()  # lost
    render_item(job.id, world["first"].id)
    make_old(job, app)
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert "1 / 2" in page
    assert 'http-equiv="refresh"' in page
    assert sorted(tuple(j.args) for j in queue.get_jobs()) == [(job.id, world["second"].id)]
    render_item(job.id, world["first"].id)  # a late twin of the first profile's job
    run_worker(queue)
    job = reloaded(job)
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    assert files(app) == [zip_path(job.opening_id, job.id).name]


def test_a_worker_that_starts_queues_a_stalled_batch_again_and_completes_it(
    app, world, queue, runner, monkeypatch
):
    """The worker's first maintenance round, before it takes any job, finds the batch whose
    jobs were lost; it then takes the jobs it queued again."""
    monkeypatch.setattr("hiring.worker._app", None)  # the worker keeps the app it is given
    job = new_batch(world)
    batches.enqueue(job)
    queue.empty()  # lost with the worker that held them
    make_old(job, app)
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    job = reloaded(job)
    assert (job.status, job.done) == ("done", 2)
    assert files(app) == [zip_path(job.opening_id, job.id).name]


def test_a_batch_that_stalls_again_after_its_requeue_fails_without_files(app, client, world, queue):
    job = new_batch(world)
    batches.enqueue(job)
    queue.empty()
    render_item(job.id, world["first"].id)
    assert files(app) == [
        parts_dir(job.id).name,
        f"{parts_dir(job.id).name}/00001-kalle-kandidaatti.pdf",
    ]
    make_old(job, app)
    assert expire_stalled_jobs() == {REQUEUED: 1, FAILED: 0}  # a worker starts
    db.session.commit()
    assert reloaded(job).status == "running"
    queue.empty()  # lost again
    make_old(job, app)
    assert expire_stalled_jobs() == {REQUEUED: 0, FAILED: 1}
    db.session.commit()
    job = reloaded(job)
    assert (job.status, job.done) == ("failed", 1)
    assert job.failures == [{"candidate_id": None, "error": STALLED}]
    assert files(app) == []
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert STALLED_TEXT in page
    assert NOTHING_KEPT in page


def test_sweep_deletes_what_crashed_batches_left_and_keeps_what_is_in_progress(app, world):
    running = new_batch(world)
    failed = new_batch(world)
    done = new_batch(world)
    gone = new_batch(world)
    for job, status in ((running, "running"), (failed, "failed"), (done, "done")):
        job.status = status
    db.session.delete(gone)
    db.session.commit()
    folder = Path(app.config["REPORTS_DIR"])
    stall = app.config["BATCH_STALL_SECONDS"]

    def put(name: str, age: float = 0) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"personal data")
        then = time.time() - age
        os.utime(path, (then, then))

    def zip_of(job: ReportJob) -> str:
        return zip_path(job.opening_id, job.id).name

    put(f"job-{running.id}.parts/00001-kalle-kandidaatti.pdf", age=2 * stall)
    put(f"job-{running.id}.parts/.00002-toinen-ehdokas.pdf.k3j4.tmp")  # being written
    put(f"job-{running.id}.parts/.00002-toinen-ehdokas.pdf.a1b2.tmp", age=stall + 5)  # killed
    put(f".{zip_of(running)}.x7y8.tmp")  # the zip being written now
    put(f".{zip_of(running)}.c3d4.tmp", age=stall + 5)  # of a worker killed before
    put(f"job-{failed.id}.parts/00001-kalle-kandidaatti.pdf")
    put(zip_of(failed))
    put(f".{zip_of(done)}.e5f6.tmp")  # a killed twin of the job that made the zip
    put(zip_of(done))
    put(f"job-{gone.id}.parts/00001-kalle-kandidaatti.pdf")
    put(zip_of(gone))
    put(".orphan.zip.g7h8.tmp", age=stall + 5)
    put(".fresh.zip.i9j0.tmp")
    put("notes.txt", age=10 * stall)  # not a batch's: not ours to delete

    assert sweep() == 8
    assert files(app) == sorted(
        [
            ".fresh.zip.i9j0.tmp",
            f".{zip_of(running)}.x7y8.tmp",
            f"job-{running.id}.parts",
            f"job-{running.id}.parts/.00002-toinen-ehdokas.pdf.k3j4.tmp",
            f"job-{running.id}.parts/00001-kalle-kandidaatti.pdf",
            zip_of(done),
            "notes.txt",
        ]
    )


def test_a_queued_batch_never_started_fails_when_a_worker_starts_without_redis(app, world):
    """Without Redis there is nothing to queue again: the batch fails at once."""
    job = new_batch(world)
    job.created_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert expire_stalled_jobs() == {REQUEUED: 0, FAILED: 1}
    assert reloaded(job).status == "failed"


def test_the_command_line_batch_deletes_what_a_killed_run_left_beside_its_zip(app, world, tmp_path):
    stall = app.config["BATCH_STALL_SECONDS"]
    target = tmp_path / "out" / "profiles.zip"
    target.parent.mkdir()
    old = target.with_name(".profiles.zip.a1b2.tmp")
    fresh = target.with_name(".profiles.zip.c3d4.tmp")  # another run writing the same file
    for path, age in ((old, stall + 5), (fresh, 0)):
        path.write_bytes(b"half a zip")
        os.utime(path, (time.time() - age, time.time() - age))
    outcome = render_batch(world["opening"].id, lang="en", blind=False, target=target)
    assert len(outcome.included) == 2
    assert sorted(p.name for p in target.parent.iterdir()) == [fresh.name, "profiles.zip"]
