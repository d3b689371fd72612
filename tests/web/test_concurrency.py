"""Many people saving the same thing at the same moment, over real HTTP.

The test's app is served by Werkzeug's threaded WSGI server on loopback; every person is a
thread with a connection and cookies of their own, and all of them send their form at once
(a :class:`threading.Barrier`). Each request runs in its own server thread with its own app
context, session and database connection, so the transactions truly overlap, on SQLite (WAL,
a busy timeout) as on PostgreSQL. Whatever the interleaving: every response is the page of a
success or of a refusal that says why, never an error page or a database's message, and what
is stored is what the successful requests saved, exactly once.
"""

from __future__ import annotations

import http.client
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from werkzeug.serving import make_server

from hiring.extensions import db
from hiring.models import (
    AuditEntry,
    Candidate,
    PanelBucket,
    PanelItemBucket,
    PanelPairBucket,
    PanelRaterBucket,
    PanelShare,
    Person,
    Scorecard,
    ScorecardRevision,
    StoredEvaluation,
)
from hiring.services.evaluations import rebuild_evaluations
from tests.factories import PASSWORD, fill, make_candidate, make_interview, make_opening, make_user

PEOPLE = 16
KEYS = ["persuasion", "listening", "negotiation"]
LEAKS = ("database is locked", "OperationalError", "Traceback", "Something went wrong")
"""What no response may contain: a database's message, or the error page."""
SAVED_BEFORE = (
    "Someone saved this scorecard at the same moment",  # lost the race at the database
    "This scorecard was saved again after you opened it",  # saved before this was read
    "This scorecard is submitted and can no longer change",  # submitted before this came
)
"""How the scorecard page tells someone that their save came second (one is enough)."""


@dataclass
class Browser:
    """One person's browser: its cookies, sent with every request, one connection each."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, fields: dict[str, Any] | None = None
    ) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, response.getheader("Location") or "", page
        finally:
            connection.close()

    def log_in(self, email: str) -> None:
        status, location, _page = self.request(
            "POST", "/login", {"email": email, "password": PASSWORD}
        )
        assert (status, location) == (302, "/")


@pytest.fixture
def live_server(app) -> Iterator[int]:
    """The test's app served on a free loopback port, a thread per request; the port. What
    the test makes is seen by the server once the test commits it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def all_at_once(
    browsers: list[Browser], send: Callable[[int, Browser], tuple[int, str, str]]
) -> list[tuple[int, str, str]]:
    """``send(i, browser)`` for every browser, each in its own thread, released together;
    the responses in the browsers' order."""
    start = threading.Barrier(len(browsers), timeout=30)
    responses: list[tuple[int, str, str] | BaseException | None] = [None] * len(browsers)

    def run(index: int) -> None:
        try:
            start.wait()
            responses[index] = send(index, browsers[index])
        except BaseException as error:  # reported below, in the test's thread
            responses[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    answered = [r for r in responses if isinstance(r, tuple)]
    assert len(answered) == len(browsers), [r for r in responses if not isinstance(r, tuple)]
    return answered


def assert_no_leaks(responses: list[tuple[int, str, str]]) -> None:
    for status, _location, page in responses:
        assert status < 500
        assert not [leak for leak in LEAKS if leak in page]


def scores_of(index: int) -> dict[str, int]:
    """A different scorecard for each interviewer, over the whole scale."""
    return {key: 1 + (index + offset) % 5 for offset, key in enumerate(KEYS)}


def submission(scores: dict[str, int], version: int) -> dict[str, Any]:
    """The scorecard form as the page sends it on "Submit"."""
    return {
        **{f"score_{key}": str(score) for key, score in scores.items()},
        **{f"note_{key}": f"evidence for {key}" for key in scores},
        "recommendation": "yes",
        "takeaways": "",
        "version": str(version),
        "submit": "1",
    }


def rounded(value: Any) -> Any:
    """``value`` with every float rounded to 9 places: sums kept by adding and taking away
    shares may differ from sums made afresh in the last bits."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item) for item in value]
    return value


def panel_statistics() -> dict[str, Any]:
    """The stored evaluations, the candidates' shares and every bucket of the panel
    statistics, rounded, as plain values to compare. A bucket row whose values came back to
    zero is left out: a kept sum keeps its row when a share is taken out of it."""
    tables: dict[str, Any] = {}
    for model in (PanelBucket, PanelItemBucket, PanelPairBucket, PanelRaterBucket):
        keys = [c.name for c in model.__table__.primary_key.columns]
        values = [c.name for c in model.__table__.columns if c.name not in keys]
        rows = (rounded(dict(row._mapping)) for row in db.session.execute(model.__table__.select()))
        tables[model.__tablename__] = sorted(
            (tuple(row[k] for k in keys), tuple(row[v] for v in values))
            for row in rows
            if any(row[v] for v in values)
        )
    evaluations = db.session.execute(
        db.select(StoredEvaluation).order_by(StoredEvaluation.candidate_id)
    ).scalars()
    shares = db.session.execute(db.select(PanelShare)).scalars()
    return {
        "evaluations": rounded(
            [
                (e.candidate_id, e.assessors, e.pending, e.fit, e.coverage, e.score, e.panel_values)
                for e in evaluations
            ]
        ),
        "shares": {s.candidate_id: rounded(s.stats) for s in shares},
        **tables,
    }


def submitted_audit_entries() -> list[AuditEntry]:
    return list(
        db.session.execute(
            db.select(AuditEntry).where(AuditEntry.action == "scorecard_submitted")
        ).scalars()
    )


def test_scorecards_of_sixteen_interviewers_submitted_at_once_each_stored_once(live_server):
    """A panel of sixteen submitting together: each scorecard stored once and audited once,
    and the candidate's stored figures and share of the panel statistics count all sixteen
    (on PostgreSQL they counted only the scorecards a request saw committed when it read)."""
    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter), name="Kalle Kandidaatti")
    interviewers = [make_user("interviewer") for _ in range(PEOPLE)]
    interview = make_interview(candidate, interviewers, recruiter, competencies=KEYS)
    cards = [
        next(s.id for s in interview.scorecards if s.interviewer_id == person.id)
        for person in interviewers
    ]
    candidate_id = candidate.id
    emails = [person.email for person in interviewers]
    db.session.commit()
    browsers = [Browser(live_server) for _ in interviewers]
    for browser, email in zip(browsers, emails, strict=True):
        browser.log_in(email)

    responses = all_at_once(
        browsers,
        lambda i, browser: browser.request(
            "POST", f"/scorecards/{cards[i]}", submission(scores_of(i), version=0)
        ),
    )

    assert_no_leaks(responses)
    assert [(status, location) for status, location, _ in responses] == [
        (302, f"/my/candidates/{candidate_id}")
    ] * PEOPLE
    db.session.expire_all()
    revisions = list(db.session.execute(db.select(ScorecardRevision)).scalars())
    assert sorted((r.scorecard_id, r.number, r.status) for r in revisions) == [
        (card, 1, "submitted") for card in sorted(cards)
    ]
    stored = {
        r.scorecard_id: {rating.competency_key: rating.score for rating in r.ratings}
        for r in revisions
    }
    assert stored == {card: scores_of(i) for i, card in enumerate(cards)}
    evaluation = db.session.get(StoredEvaluation, candidate_id)
    assert (evaluation.assessors, evaluation.pending) == (PEOPLE, 0)
    entries = submitted_audit_entries()
    assert sorted(e.subject_id for e in entries) == sorted(cards)
    assert {e.candidate_id for e in entries} == {candidate_id}
    # What the sixteen requests left behind is what computing everything afresh gives.
    kept = panel_statistics()
    assert kept["shares"][candidate_id]["competencies"]
    rebuild_evaluations()
    assert kept == panel_statistics()


@pytest.mark.parametrize("draft", [False, True], ids=["first-save", "over-a-draft"])
def test_one_scorecard_submitted_from_sixteen_tabs_at_once_stored_once(live_server, draft):
    """One interviewer sends the same scorecard from sixteen tabs, on a scorecard never saved
    (sixteen first revisions race) or over a saved draft (sixteen updates of one version):
    one is stored, and the page tells each of the fifteen others that theirs came second."""
    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter), name="Kalle Kandidaatti")
    me = make_user("interviewer")
    interview = make_interview(candidate, [me], recruiter, competencies=KEYS)
    if draft:
        fill(interview, me, {"persuasion": 3}, submit=False)
    card = interview.scorecards[0]
    card_id, candidate_id, version = card.id, candidate.id, card.latest.version if draft else 0
    email = me.email
    db.session.commit()
    tab = Browser(live_server)
    tab.log_in(email)
    tabs = [Browser(live_server, dict(tab.cookies)) for _ in range(PEOPLE)]  # one session

    responses = all_at_once(
        tabs,
        lambda i, browser: browser.request(
            "POST", f"/scorecards/{card_id}", submission(scores_of(i), version)
        ),
    )

    assert_no_leaks(responses)
    won = [i for i, (status, _, _) in enumerate(responses) if status == 302]
    assert len(won) == 1
    assert responses[won[0]][1] == f"/my/candidates/{candidate_id}"
    for i, (status, _location, page) in enumerate(responses):
        if i in won:
            continue
        assert status == 200
        assert [message for message in SAVED_BEFORE if message in page], page
    db.session.expire_all()
    revision = db.session.execute(db.select(ScorecardRevision)).scalar_one()
    assert (revision.scorecard_id, revision.number, revision.status) == (card_id, 1, "submitted")
    assert {r.competency_key: r.score for r in revision.ratings} == scores_of(won[0])
    assert [e.subject_id for e in submitted_audit_entries()] == [card_id]
    assert db.session.get(StoredEvaluation, candidate_id).assessors == 1
    assert db.session.get(Scorecard, card_id).submitted is revision


def test_one_candidate_edited_by_sixteen_recruiters_at_once_one_edit_wins(live_server):
    """Sixteen recruiters save their edits of one candidate, all made on version 1: one is
    stored (and followed by the person's record); the fifteen others are told."""
    recruiters = [make_user("recruiter") for _ in range(PEOPLE)]
    opening = make_opening(recruiters[0])
    candidate = make_candidate(opening, name="Maija Meikäläinen", notes="As applied.")
    candidate_id, opening_id, version = candidate.id, opening.id, candidate.version
    emails = [person.email for person in recruiters]
    db.session.commit()
    browsers = [Browser(live_server) for _ in recruiters]
    for browser, email in zip(browsers, emails, strict=True):
        browser.log_in(email)

    def edit(i: int) -> dict[str, str]:
        return {
            "opening_id": str(opening_id),
            "name": f"Maija Muokattu {i}",
            "email": f"maija{i}@example.com",
            "phone": "",
            "education": "",
            "languages": "fi",
            "source": "external",
            "notes": f"Edited by recruiter {i}.",
            "version": str(version),
        }

    responses = all_at_once(
        browsers,
        lambda i, browser: browser.request("POST", f"/candidates/{candidate_id}/edit", edit(i)),
    )

    assert_no_leaks(responses)
    won = [i for i, (status, _, _) in enumerate(responses) if status == 302]
    assert len(won) == 1
    assert responses[won[0]][1] == f"/candidates/{candidate_id}"
    refused = [(status, page) for i, (status, _, page) in enumerate(responses) if i not in won]
    assert [status for status, _ in refused] == [200] * (PEOPLE - 1)
    for _status, page in refused:
        assert "Someone else changed this candidate" in page
    db.session.expire_all()
    stored = db.session.get(Candidate, candidate_id)
    winner = edit(won[0])
    assert (stored.name, stored.email, stored.notes, stored.version) == (
        winner["name"],
        winner["email"],
        winner["notes"],
        version + 1,
    )
    person = db.session.get(Person, stored.person_id)
    assert (person.name, person.email) == (winner["name"], winner["email"])


def test_one_debrief_summarised_by_sixteen_recruiters_at_once_one_summary_stands(live_server):
    """Sixteen recruiters record a summary of one debrief, all from a page that showed none:
    one is stored, the fifteen others are refused with their text kept (none replaces
    another unseen)."""
    from hiring.models import DebriefNote

    recruiters = [make_user("recruiter") for _ in range(PEOPLE)]
    first, second = make_user("interviewer"), make_user("interviewer")
    candidate = make_candidate(make_opening(recruiters[0]), name="Maija Meikäläinen")
    interview = make_interview(candidate, [first, second], recruiters[0], competencies=KEYS)
    fill(interview, first, {key: 2 for key in KEYS})
    fill(interview, second, {key: 4 for key in KEYS})
    candidate_id = candidate.id
    emails = [person.email for person in recruiters]
    db.session.commit()
    browsers = [Browser(live_server) for _ in recruiters]
    for browser, email in zip(browsers, emails, strict=True):
        browser.log_in(email)

    responses = all_at_once(
        browsers,
        lambda i, browser: browser.request(
            "POST",
            f"/candidates/{candidate_id}/debrief",
            {"summary": f"Summary {i}.", "seen": "0"},
        ),
    )

    assert_no_leaks(responses)
    won = [i for i, (status, _, _) in enumerate(responses) if status == 302]
    assert len(won) == 1
    for i, (status, _, page) in enumerate(responses):
        if i not in won:
            assert status == 409
            assert "Someone else recorded a note on the same subject" in page
            assert f"Summary {i}." in page  # what they typed, kept
    db.session.expire_all()
    notes = db.session.execute(db.select(DebriefNote)).scalars().all()
    assert [note.text for note in notes] == [f"Summary {won[0]}."]
