"""Every document reads the database in a fixed number of queries, however many candidates or
scorecards it covers (no N+1), and its templates get plain data and typed results, never an ORM
object that could load more while the page renders."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import Candidate, Opening
from hiring.models.base import Base
from hiring.services import documents
from hiring.services.batches import render_batch
from hiring.services.recruiting import record_decision
from hiring.services.results import shortlist_results
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

KEYS = ["persuasion", "listening", "negotiation"]


@pytest.fixture(autouse=True)
def _counted_not_laid_out(no_pdf_layout) -> None:
    """What is counted is the documents' reading of the database; WeasyPrint reads none."""


@pytest.fixture
def recruiter(auth):
    user = make_user("recruiter", name="Riikka Rekrytoija", email="r@example.test")
    auth.login("r@example.test")
    return user


@pytest.fixture
def opening(recruiter):
    return make_opening(recruiter)


def add_candidates(recruiter, opening, how_many: int) -> list[Candidate]:
    """Scored candidates, each with two scorecards and two decisions by different people."""
    added = []
    for n in range(how_many):
        candidate = make_candidate(opening, name=f"C{n}", education="higher")
        a, b = make_user("interviewer"), make_user("interviewer")
        interview = make_interview(candidate, [a, b], recruiter, competencies=KEYS)
        fill(interview, a, {"persuasion": 4, "listening": 3, "negotiation": 3}, red_flags=["late"])
        fill(interview, b, {"persuasion": 3, "listening": 3, "negotiation": 4})
        record_decision(candidate, "on_hold", "waiting for references", recruiter)
        record_decision(candidate, "advance", "references fine", make_user("recruiter"))
        db.session.commit()
        added.append(candidate)
    db.session.expire_all()
    return added


def reads(seen: list[str]) -> list[str]:
    return [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def test_shortlist_pdf_reads_constant(client, recruiter, opening, count_queries):
    url = f"/openings/{opening.id}/shortlist.pdf?lang=en"
    add_candidates(recruiter, opening, 1)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    add_candidates(recruiter, opening, 5)
    with count_queries() as six:
        assert client.get(url).status_code == 200
    assert len(reads(one.statements)) == len(reads(six.statements))


def test_shortlist_pdf_constant_queries(client, recruiter, opening, count_queries):
    url = f"/openings/{opening.id}/shortlist.pdf?lang=en"
    add_candidates(recruiter, opening, 1)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    add_candidates(recruiter, opening, 5)
    with count_queries() as six:
        assert client.get(url).status_code == 200
    assert one.count == six.count


def test_profile_pdf_constant_queries(client, recruiter, opening, count_queries):
    candidate = make_candidate(opening, education="higher")
    url = f"/candidates/{candidate.id}/profile.pdf?lang=en"
    people = [make_user("interviewer") for _ in range(4)]
    first = make_interview(candidate, people[:1], recruiter, competencies=KEYS)
    fill(first, people[0], {"persuasion": 3, "listening": 4, "negotiation": 3})
    db.session.expire_all()
    with count_queries() as one_scorecard:
        assert client.get(url).status_code == 200
    more = make_interview(candidate, people, recruiter, competencies=KEYS)
    for person in people[1:]:
        fill(more, person, {"persuasion": 4, "listening": 3, "negotiation": 5})
    for person in (recruiter, make_user("recruiter")):
        record_decision(candidate, "on_hold", "waiting", person)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as four_scorecards:
        assert client.get(url).status_code == 200
    assert one_scorecard.count == four_scorecards.count


def test_batch_rendering_constant_queries(recruiter, opening, count_queries, tmp_path):
    opening_id = opening.id

    def render(name: str) -> list[int]:
        target = tmp_path / name
        return render_batch(
            opening_id, lang="en", blind=False, target=target, viewer=recruiter
        ).included

    add_candidates(recruiter, opening, 1)
    with count_queries() as one:
        assert len(render("one.zip")) == 1
    add_candidates(recruiter, opening, 5)
    with count_queries() as six:
        assert len(render("six.zip")) == 6
    assert one.count == six.count


def test_batch_request_constant_queries(client, recruiter, opening, count_queries):
    """Constant reads; the only statement per profile is the progress update ("37 / 120"),
    written on its own connection so the session keeps what it loaded."""
    url = f"/openings/{opening.id}/profiles"
    add_candidates(recruiter, opening, 1)
    with count_queries() as first:
        assert client.post(url, data={"lang": "en"}).status_code == 302
    add_candidates(recruiter, opening, 5)
    with count_queries() as second:
        assert client.post(url, data={"lang": "en"}).status_code == 302
    one, six = first.statements, second.statements

    def progress(seen: list[str]) -> int:
        return sum(1 for s in seen if s.lstrip().upper().startswith("UPDATE REPORT_JOBS "))

    def items(seen: list[str]) -> int:
        return sum(1 for s in seen if s.lstrip().upper().startswith("UPDATE REPORT_JOB_ITEMS "))

    assert len(reads(one)) == len(reads(six))
    assert (progress(one), progress(six)) == (1 + 1, 6 + 1)  # per profile, and the zip
    assert (items(one), items(six)) == (1, 6)  # each profile's item marked done
    per_profile = progress(six) + items(six) - progress(one) - items(one)
    assert len(six) - len(one) == per_profile


def orm_objects(value: object, path: str = "") -> Iterator[str]:
    """Where in ``value`` (dicts, lists, tuples and dataclasses, walked) an ORM object sits."""
    if isinstance(value, Base):
        yield f"{path}: {type(value).__name__}"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from orm_objects(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from orm_objects(item, f"{path}[{index}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from orm_objects(getattr(value, field.name), f"{path}.{field.name}")


def test_documents_get_no_orm_objects(app, recruiter, opening, monkeypatch):
    add_candidates(recruiter, opening, 2)
    contexts: list[dict[str, object]] = []

    def capture(template: str, **context: object) -> str:
        contexts.append(context)
        return ""

    monkeypatch.setattr(documents, "render_template", capture)
    with app.test_request_context():
        ids = [c.id for c in db.session.execute(db.select(Candidate)).scalars()]
        results = shortlist_results(ids, current_catalogue())
        documents.shortlist_html(db.session.get(Opening, opening.id), results, lang="en")
        documents.profile_html(results[0], lang="fi", blind=True)
    shortlist, profile = contexts
    assert [len(d["panel"]) for d in shortlist["docs"]] == [2, 2]
    assert len(profile["doc"]["panel"]) == 2
    assert profile["doc"]["result"] is results[0].summary
    assert list(orm_objects(contexts)) == []
