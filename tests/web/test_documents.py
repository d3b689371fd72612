"""PDF documents from the web: content, access, blind variant, audit, safety, batches."""

from __future__ import annotations

import io
import os
import re
import zipfile
from html.parser import HTMLParser

import pytest
from flask_babel import refresh
from pypdf import PdfReader

from hiring.extensions import db
from hiring.models import ReportJob
from hiring.reports.pdf import ASSETS_DIR
from hiring.services import documents
from tests.factories import (
    documents_issued,
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
)

KEYS = ["persuasion", "listening", "negotiation"]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def world(auth):
    recruiter = make_user("recruiter", name="Riikka Rekrytoija", email="r@example.test")
    opening = make_opening(recruiter, title="KAM Helsinki")
    candidate = make_candidate(
        opening,
        name="Kalle Kandidaatti",
        email="kalle@example.com",
        phone="+358 40 111 2222",
        notes="Kalle knows every KOL in Espoo.",
        education="higher",
        sales_experience_years=6,
        kam_experience_years=3,
        languages="fi,en",
    )
    anna = make_user("interviewer", name="Anna Arvioija", email="anna@example.test")
    bertta = make_user("interviewer", name="Bertta Haastattelija", email="bertta@example.test")
    interview = make_interview(candidate, [anna, bertta], recruiter, competencies=KEYS)
    fill(
        interview,
        anna,
        {"persuasion": 5, "listening": 4, "negotiation": 4},
        red_flags=["late"],
        notes={"persuasion": "Kalle won the role play cleanly."},
    )
    fill(
        interview,
        bertta,
        {"persuasion": 3, "listening": 4, "negotiation": 4},
        recommendation="strong_yes",
    )
    auth.login("r@example.test")
    return {
        "recruiter": recruiter,
        "opening": opening,
        "candidate": candidate,
        "anna": anna,
        "bertta": bertta,
        "interview": interview,
    }


def test_profile_pdf_has_every_section_footer_and_metadata(client, world):
    response = client.get(f"/candidates/{world['candidate'].id}/profile.pdf?lang=en")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].endswith('-kalle-kandidaatti.pdf"')
    reader = PdfReader(io.BytesIO(response.data))
    text = pdf_text(response.data)
    pages = len(reader.pages)
    for section in (
        "Summary",
        "KAM level not yet determined",  # level 1 also asks about a competency not assessed
        "Profile against the target",
        "Competencies",
        "Evidence notes",
        "Against the job description",
        "Red flags",
        "Self-assessment against the panel",
        "Development plan",
        "Interviews and recommendations",
        "How this was computed",
        "Provenance",
        "Approval",
    ):
        assert section in text, section
    # the source's market context is the catalogue's, not a signed document's
    for source_only in ("RUB", "St Petersburg", "Commission", "Pay band", "Market context"):
        assert source_only not in text, source_only
    # the numbers are labelled as what they are: decision support; people decide
    assert "decision support" in re.sub(r"\s+", " ", text)
    assert f"page 1 of {pages}" in text
    assert f"page {pages} of {pages}" in text
    assert "CONFIDENTIAL" in text
    assert re.search(r"Keep until \d{4}-\d{2}-\d{2}, then erase", text)
    assert "Kalle Kandidaatti · Key Account Manager · KAM Helsinki" in text
    assert "kalle@example.com" in text
    assert "Kalle won the role play cleanly." in text
    assert "Anna Arvioija · Competency interview" in text
    assert "Being late" in text
    assert "Strong yes: 1" in text
    assert reader.metadata.title == "Candidate profile: Kalle Kandidaatti · Key Account Manager"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_profile_pdf_in_finnish(client, world):
    response = client.get(f"/candidates/{world['candidate'].id}/profile.pdf?lang=fi")
    text = pdf_text(response.data)
    assert "Yhteenveto" in text
    assert "Avainasiakaspäällikkö" in text
    assert PdfReader(io.BytesIO(response.data)).trailer["/Root"]["/Lang"] == "fi"


def test_blind_profile_omits_identity(client, world):
    response = client.get(f"/candidates/{world['candidate'].id}/profile.pdf?lang=en&blind=1")
    text = pdf_text(response.data)
    reader = PdfReader(io.BytesIO(response.data))
    for secret in ("Kalle", "Kandidaatti", "kalle@example.com", "+358 40 111 2222", "Espoo"):
        assert secret not in text, secret
        assert secret not in (reader.metadata.title or "")
    assert "[…] won the role play cleanly." in text
    code = documents.pseudonym(world["candidate"].id)
    assert f"Candidate {code}" in text
    # the file name says nothing that identifies the person, the internal number included
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="candidate-{code}.pdf"'
    )
    assert str(world["candidate"].id) not in response.headers["Content-Disposition"]


def test_downloads_are_recorded(client, world):
    client.get(f"/candidates/{world['candidate'].id}/profile.pdf?lang=fi&blind=1")
    (entry,) = documents_issued()
    assert (entry.actor, entry.kind, entry.candidate_id, entry.lang, entry.blind) == (
        "r@example.test",
        "profile",
        world["candidate"].id,
        "fi",
        True,
    )
    assert entry.at is not None


def test_profile_needs_own_scorecard_submitted(client, auth, world):
    carl = make_user("interviewer", email="carl@example.test")
    make_interview(world["candidate"], [carl], world["recruiter"], competencies=KEYS)
    auth.logout()
    auth.login("carl@example.test")
    assert client.get(f"/candidates/{world['candidate'].id}/profile.pdf").status_code == 403
    auth.logout()
    make_user("interviewer", email="stranger@example.test")
    auth.login("stranger@example.test")
    assert client.get(f"/candidates/{world['candidate'].id}/profile.pdf").status_code == 404
    assert documents_issued() == []


def test_interviewer_with_submitted_scorecard_may_download(client, auth, world):
    auth.logout()
    auth.login("anna@example.test")
    response = client.get(f"/candidates/{world['candidate'].id}/profile.pdf")
    assert response.mimetype == "application/pdf"


INJECTION = (
    '<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/passwd"> '
    "<style>@import url(http://127.0.0.1:9/x.css);</style> url(file:///etc/shadow)"
)


def test_candidate_text_renders_as_text_and_leaks_nothing(client, world, monkeypatch):
    candidate = world["candidate"]
    candidate.notes = INJECTION
    candidate.name = 'Eve <img src="file:///etc/passwd">'
    db.session.commit()
    refused: list[str] = []
    original = documents.render_pdf

    def spying_render(html: str) -> bytes:
        from hiring.reports.pdf import AssetFetcher

        fetcher = AssetFetcher()
        data = original(html, fetcher=fetcher)
        refused.extend(fetcher.refused)
        return data

    monkeypatch.setattr(documents, "render_pdf", spying_render)
    response = client.get(f"/candidates/{candidate.id}/profile.pdf?lang=en")
    text = pdf_text(response.data)
    reader = PdfReader(io.BytesIO(response.data))
    assert "root:" not in text
    compact = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", '<link rel="attachment" href="file:///etc/passwd">') in compact
    assert "<style>@importurl(http://127.0.0.1:9/x.css);</style>" in compact
    assert reader.attachments == {}
    assert refused == []  # escaped text is never even fetched


def test_shortlist_pdf_side_by_side(client, world):
    make_candidate(world["opening"], name="Ulla Unscored")
    response = client.get(f"/openings/{world['opening'].id}/shortlist.pdf?lang=en")
    text = pdf_text(response.data)
    assert "Shortlist: KAM Helsinki" in text
    assert "decision support; people decide" in re.sub(r"\s+", " ", text)
    assert text.index("Kalle Kandidaatti") < text.index("Ulla Unscored")
    kinds = [(entry.kind, entry.candidate_id) for entry in documents_issued()]
    assert sorted(kinds) == sorted([("shortlist", world["candidate"].id), ("shortlist", 2)])


@pytest.mark.parametrize("count", [1, 6, 11, 30])
def test_shortlist_pdf_names_every_candidate(client, world, count):
    # Every candidate compared is in the document, however many: the side-by-side table comes
    # in groups of five, each repeating the competency column (11 once lost five to the edge).
    others = [make_candidate(world["opening"], name=f"Hakija{n:02d}") for n in range(count - 1)]
    ids = [world["candidate"].id, *(c.id for c in others)]
    query = "&".join(f"id={i}" for i in ids)
    response = client.get(f"/openings/{world['opening'].id}/shortlist.pdf?lang=en&{query}")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Kalle" in text
    missing = [f"Hakija{n:02d}" for n in range(count - 1) if f"Hakija{n:02d}" not in text]
    assert missing == []
    groups = -(-count // 5)
    assert text.count("every competency's panel value") == groups
    if groups > 1:
        assert f"candidates 6–{min(10, count)} of {count}" in text


def test_shortlist_pdf_is_for_recruiters(client, auth, world):
    auth.logout()
    auth.login("anna@example.test")
    assert client.get(f"/openings/{world['opening'].id}/shortlist.pdf").status_code == 403


@pytest.mark.parametrize(
    ("lang", "approved", "duties"),
    [("en", "APPROVED", "2. Duties"), ("fi", "HYVÄKSYN", "2. Työtehtävät")],
)
def test_job_description_pdf(client, world, lang, approved, duties):
    response = client.get(f"/rubrics/roles/kam/job-description.pdf?lang={lang}")
    text = pdf_text(response.data)
    assert approved in text
    assert duties in text
    for clause in ("1.1", "1.6", "2.1", "2.23", "3.6", "4.3"):
        assert clause in text
    (entry,) = documents_issued()
    assert (entry.kind, entry.role_key, entry.lang) == ("job_description", "kam", lang)


def test_batch_inline_with_a_failure_that_does_not_sink_it(client, world, monkeypatch):
    make_candidate(world["opening"], name="Ulla Unscored")
    original = documents.profile_pdf

    def sometimes_failing(result, *, lang, blind):
        if result.candidate.name == "Ulla Unscored":
            raise RuntimeError("renderer crashed")
        return original(result, lang=lang, blind=blind)

    monkeypatch.setattr("hiring.services.batches.profile_pdf", sometimes_failing)
    response = client.post(f"/openings/{world['opening'].id}/profiles", data={"lang": "en"})
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    assert response.headers["Location"] == f"/report-jobs/{job.id}"
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert "2 / 2" in page
    assert "renderer crashed" in page
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    # the batch's language is named in the reader's language (seen: "English" in Finnish)
    client.get("/language/fi?next=/")
    refresh()  # the test's app context, shared with the requests, keeps the locale it cached
    finnish = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert " · englanti" in finnish
    assert "English" not in finnish.split('<p class="lead">')[1].split("</p>")[0]
    download = client.get(f"/report-jobs/{job.id}/download")
    archive = zipfile.ZipFile(io.BytesIO(download.data))
    download.close()
    assert sorted(archive.namelist()) == ["00001-kalle-kandidaatti.pdf", "FAILURES.txt"]
    assert "renderer crashed" in archive.read("FAILURES.txt").decode()
    assert archive.read("00001-kalle-kandidaatti.pdf").startswith(b"%PDF")
    recorded = [(entry.kind, entry.candidate_id) for entry in documents_issued()]
    assert recorded == [("batch", world["candidate"].id)]


def redis_url() -> str:
    url = os.environ.get("HIRING_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except RedisDown:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is needed in CI and does not answer at {url}")
        pytest.skip(f"Redis does not answer at {url}")
    return url


def test_batch_through_rq_survives_reload_and_completes(app, client, world):
    url = redis_url()
    from redis import Redis
    from rq import Queue, SimpleWorker

    from hiring.services.batches import QUEUE_NAME

    connection = Redis.from_url(url)
    queue = Queue(QUEUE_NAME, connection=connection)
    queue.empty()
    app.config["REDIS_URL"] = url
    response = client.post(f"/openings/{world['opening'].id}/profiles", data={"lang": "fi"})
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0 / 1" in page
    assert 'http-equiv="refresh"' in page
    assert job.status == "queued"
    assert len(queue) == 1
    SimpleWorker([queue], connection=connection).work(burst=True)
    db.session.expire_all()
    job = db.session.get(ReportJob, job.id)
    assert (job.status, job.done, job.total) == ("done", 1, 1)
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert "1 / 1" in page
    assert 'http-equiv="refresh"' not in page
    download = client.get(f"/report-jobs/{job.id}/download")
    names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    download.close()
    assert names == ["00001-kalle-kandidaatti.pdf"]


def test_a_batch_is_one_queued_job_per_profile_and_the_last_puts_the_zip_together(
    app, client, world
):
    """Measured: a batch of 100 profiles ran as one job, so a second worker sat idle. Now
    every profile is a job any worker can take; the zip is made when the last one ends."""
    url = redis_url()
    from redis import Redis
    from rq import Queue

    from hiring.models import ReportJobItem
    from hiring.services.batch_files import parts_dir
    from hiring.services.batches import QUEUE_NAME, render_item

    make_candidate(world["opening"], name="Toinen Ehdokas")
    make_candidate(world["opening"], name="Kolmas Ehdokas")
    queue = Queue(QUEUE_NAME, connection=Redis.from_url(url))
    queue.empty()
    app.config["REDIS_URL"] = url
    client.post(f"/openings/{world['opening'].id}/profiles", data={"lang": "en"})
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    assert (len(queue), job.total) == (3, 3)
    ids = sorted(i.candidate_id for i in db.session.execute(db.select(ReportJobItem)).scalars())
    assert sorted(tuple(j.args) for j in queue.get_jobs()) == [(job.id, i) for i in ids]
    queue.empty()
    # Two workers, finishing in any order: the count is exact and the zip waits for the last.
    render_item(job.id, ids[2])
    render_item(job.id, ids[2])  # run twice by the queue: counted once
    render_item(job.id, ids[0])
    db.session.expire_all()
    job = db.session.get(ReportJob, job.id)
    assert (job.status, job.done, job.path) == ("running", 2, None)
    assert "2 / 3" in client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    render_item(job.id, ids[1])
    db.session.expire_all()
    job = db.session.get(ReportJob, job.id)
    assert (job.status, job.done, job.candidate_ids) == ("done", 3, ids)
    download = client.get(f"/report-jobs/{job.id}/download")
    names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    download.close()
    assert names == [
        "00001-kalle-kandidaatti.pdf", "00002-toinen-ehdokas.pdf", "00003-kolmas-ehdokas.pdf",
    ]  # fmt: skip
    assert not parts_dir(job.id).exists()


def test_a_batch_that_stops_moving_fails_visibly(app, client, world, runner):
    """A worker that crashes mid-batch (or none running) must not leave "in progress" for
    ever: after BATCH_STALL_SECONDS without a finished profile, its unfinished profiles are
    queued again, once; if it stalls again it has failed, with what to do, and a late profile
    does not bring it back."""
    url = redis_url()
    from datetime import timedelta

    from redis import Redis
    from rq import Queue

    from hiring.models.base import utcnow
    from hiring.services.batches import QUEUE_NAME, expire_stalled_jobs, render_item

    queue = Queue(QUEUE_NAME, connection=Redis.from_url(url))
    queue.empty()
    app.config["REDIS_URL"] = url
    second = make_candidate(world["opening"], name="Toinen Ehdokas")
    client.post(f"/openings/{world['opening'].id}/profiles", data={"lang": "en"})
    queue.empty()  # the worker died: nobody renders what was queued
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    render_item(job.id, world["candidate"].id)  # one profile got done before the crash
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert "1 / 2" in page
    assert 'http-equiv="refresh"' in page
    stalled = utcnow() - timedelta(seconds=app.config["BATCH_STALL_SECONDS"] + 1)
    job = db.session.get(ReportJob, job.id)
    job.heartbeat_at = stalled
    db.session.commit()
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert "1 / 2" in page  # queued again
    assert 'http-equiv="refresh"' in page
    assert [tuple(j.args) for j in queue.get_jobs()] == [(job.id, second.id)]
    queue.empty()  # and lost again
    job = db.session.get(ReportJob, job.id)
    job.heartbeat_at = stalled
    db.session.commit()
    page = client.get(f"/report-jobs/{job.id}").get_data(as_text=True)
    assert "The batch stopped: no profile was finished for 10 minutes" in page
    assert 'http-equiv="refresh"' not in page
    db.session.expire_all()
    assert db.session.get(ReportJob, job.id).status == "failed"
    render_item(job.id, second.id)  # the profile a restarted worker still had
    db.session.expire_all()
    assert (db.session.get(ReportJob, job.id).status, job.done) == ("failed", 1)
    assert client.get(f"/report-jobs/{job.id}/download").status_code == 404
    # A queued batch that no worker ever started goes the same way, when a worker starts.
    client.post(f"/openings/{world['opening'].id}/profiles", data={"lang": "fi"})
    waiting = db.session.execute(db.select(ReportJob).where(ReportJob.lang == "fi")).scalar_one()
    waiting.created_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert expire_stalled_jobs() == {"requeued": 1, "failed": 0}
    waiting.heartbeat_at = stalled
    db.session.commit()
    assert expire_stalled_jobs() == {"requeued": 0, "failed": 1}
    assert waiting.status == "failed"


def test_pages_offer_the_documents(client, world):
    candidate_page = client.get(f"/candidates/{world['candidate'].id}").get_data(as_text=True)
    assert f'href="/candidates/{world["candidate"].id}/profile.pdf?lang=fi"' in candidate_page
    assert (
        f'href="/candidates/{world["candidate"].id}/profile.pdf?lang=en&amp;blind=1"'
        in candidate_page
    )
    shortlist = client.get(f"/openings/{world['opening'].id}/shortlist").get_data(as_text=True)
    assert f'href="/openings/{world["opening"].id}/shortlist.pdf?lang=en"' in shortlist
    assert f'action="/openings/{world["opening"].id}/profiles"' in shortlist
    role = client.get("/rubrics/roles/kam").get_data(as_text=True)
    assert 'href="/rubrics/roles/kam/job-description.pdf?lang=fi"' in role


def test_table_header_repeats_on_every_page_of_a_long_table(client, world):
    response = client.get(f"/candidates/{world['candidate'].id}/profile.pdf?lang=en")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages]
    with_header = [i for i, text in enumerate(pages) if "Competency Ratings Mean SD Range" in text]
    # The KAM profile's 38 competencies do not fit on one page.
    assert len(with_header) >= 2
    assert with_header == list(range(with_header[0], with_header[0] + len(with_header)))


def test_interviewers_copy_leaves_out_contact_notes_and_decision(client, auth, world):
    from hiring.services.recruiting import record_decision

    record_decision(world["candidate"], "advance", "CONFIDENTIAL REASON", world["recruiter"])
    db.session.commit()
    auth.logout()
    auth.login("anna@example.test")
    text = pdf_text(client.get(f"/candidates/{world['candidate'].id}/profile.pdf").data)
    assert "Kalle Kandidaatti" in text
    for private in (
        "kalle@example.com",
        "+358 40 111 2222",
        "Espoo",
        "CONFIDENTIAL REASON",
        "Recorded decision",
    ):
        assert private not in text, private


def test_batch_records_exactly_the_candidates_in_the_zip(client, world):
    client.post(f"/openings/{world['opening'].id}/profiles", data={"lang": "en"})
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    make_candidate(world["opening"], name="Added Later")
    download = client.get(f"/report-jobs/{job.id}/download")
    download.close()
    recorded = [entry.candidate_id for entry in documents_issued()]
    assert recorded == [world["candidate"].id]


def test_profile_dates_are_local(client, world):
    from datetime import UTC, datetime

    world["interview"].scheduled_at = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
    db.session.commit()
    text = pdf_text(client.get(f"/candidates/{world['candidate'].id}/profile.pdf").data)
    assert "Competency interview, 2026-11-21" in text  # 01:30 in Helsinki


def test_worker_command_renders_the_queue_and_stops(app, client, runner, world):
    url = redis_url()
    from redis import Redis
    from rq import Queue

    from hiring.services.batches import QUEUE_NAME

    Queue(QUEUE_NAME, connection=Redis.from_url(url)).empty()
    app.config["REDIS_URL"] = url
    client.post(f"/openings/{world['opening'].id}/profiles", data={"lang": "en"})
    result = runner.invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    assert (job.status, job.candidate_ids) == ("done", [world["candidate"].id])


def test_worker_command_needs_redis(app, runner):
    app.config["REDIS_URL"] = None
    result = runner.invoke(args=["worker"])
    assert result.exit_code == 2
    assert "set HIRING_REDIS_URL" in result.output


def test_batch_too_large_without_a_worker_is_refused_with_how_to(client, world, app):
    app.config["INLINE_BATCH_LIMIT"] = 0
    response = client.post(f"/openings/{world['opening'].id}/profiles", data={"lang": "en"})
    assert response.headers["Location"] == f"/openings/{world['opening'].id}/shortlist"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "start &#39;hiring worker&#39;" in page
    assert db.session.execute(db.select(ReportJob)).first() is None


def test_worker_module_queues_by_name_and_services_do_not_import_the_app():
    import subprocess
    import sys

    code = (
        "import sys, hiring.services.batches, hiring.services.documents, "
        "hiring.services.policy, hiring.services.results;"
        "print('hiring.app' in sys.modules, 'hiring.worker' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


class _Tables(HTMLParser):
    """Each table's class, its <col> widths and the cells of its first row (colspans
    counted)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._open: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self._open.append({"class": found.get("class") or "", "cols": [], "first_row": 0,
                               "rows": 0})  # fmt: skip
            self.tables.append(self._open[-1])
        elif not self._open:
            return
        elif tag == "col":
            width = re.fullmatch(r"width: (\d+)%", found.get("style") or "")
            self._open[-1]["cols"].append(int(width.group(1)) if width else None)
        elif tag == "tr":
            self._open[-1]["rows"] += 1
        elif tag in ("th", "td") and self._open[-1]["rows"] == 1:
            self._open[-1]["first_row"] += int(found.get("colspan") or 1)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._open:
            self._open.pop()


def test_every_table_of_the_documents_has_its_column_widths(world, shipped):
    """WeasyPrint measured every cell's narrowest width to lay tables out: with text that may
    wrap anywhere, three quarters of a profile's time (8 s against 2.5 s for a profile with 41
    competencies). Tables are laid out at fixed widths, so each one gives its columns'
    widths, and they fill the page."""
    from hiring.catalogue_cache import current_catalogue
    from hiring.services.results import build_result, load_interviews

    assert "table-layout: fixed" in (ASSETS_DIR / "print.css").read_text()
    candidate = world["candidate"]
    result = build_result(
        candidate, load_interviews([candidate.id])[candidate.id], current_catalogue()
    )
    pages = {
        "profile": documents.profile_html(result, lang="en", blind=False),
        "job description": documents.job_description_html(shipped.roles["kam"], lang="en"),
    }
    checked = 0
    for name, html in pages.items():
        parser = _Tables()
        parser.feed(html)
        for table in parser.tables:
            if table["class"] == "ranking":  # a shared macro's table: widths in print.css
                continue
            assert len(table["cols"]) == table["first_row"], (name, table)
            assert sum(table["cols"]) == 100, (name, table)
            checked += 1
    assert checked >= 9
