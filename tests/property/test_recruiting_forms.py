"""The recruiters' forms with generated input: openings, candidates, interviews (schedule,
change, cancel), decisions, self-assessment links, and the candidate list's filters. Never a
server error; a refused form writes nothing; a saved one shows on the page it leads to."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.catalogue_cache import current_catalogue
from hiring.domain.records import CANDIDATE_RANGES
from hiring.extensions import db
from hiring.labels import DECISION_LABELS, EDUCATION_LABELS, INTERVIEW_FORM_KINDS
from hiring.models import CANDIDATE_STATUSES, Candidate, Decision, Interview, Opening, User
from hiring.models.base import utcnow
from hiring.services.candidate_search import PAGE_SIZES, SORTS
from hiring.services.interviews import is_cancelled
from tests.factories import PASSWORD, fill, make_candidate, make_interview, make_opening, make_user
from tests.property.strategies import choice, form_data, number_within, text_within
from tests.property.web import examples, follow, login, send


@pytest.fixture
def world(app):
    recruiter = make_user("recruiter", name="Riikka Rekry", email="rekry@example.test")
    panel = [make_user("interviewer", name=f"Panelist {n}") for n in (1, 2, 3)]
    gone = make_user("interviewer", name="Gone Away")
    gone.active = False
    opening = make_opening(recruiter)
    closed = make_opening(recruiter, title="Closed one")
    closed.status = "closed"
    db.session.commit()
    candidate = make_candidate(opening, name="Kalle Kandidaatti", email="kalle@example.test")
    make_candidate(opening, name="Other Person", sales_experience_years=4)
    state = SimpleNamespace(
        recruiter=recruiter.id,
        panel=[user.id for user in panel],
        gone=gone.id,
        opening=opening.id,
        closed=closed.id,
        candidate=candidate.id,
        interview=None,
        submitted=False,
        client=login(app, "rekry@example.test", PASSWORD),
    )
    db.session.remove()
    return state


def user_ids(world) -> list[str]:
    return [str(i) for i in (*world.panel, world.gone, world.recruiter)]


def fresh_candidate(world, piling_up: type, most: int) -> int:
    """The world's candidate, replaced by a new one once ``most`` rows of ``piling_up`` are
    theirs (so that their page stays a page however many examples saved)."""
    count = db.session.execute(
        db.select(db.func.count(piling_up.id)).where(piling_up.candidate_id == world.candidate)
    ).scalar_one()
    if count >= most:
        opening = db.session.get(Opening, world.opening)
        world.candidate = make_candidate(opening, name=f"Kandidaatti {count}").id
    db.session.remove()
    return world.candidate


def saved(outcome) -> bool:
    return outcome.redirected and not outcome.error_flashed


def check(world, outcome, was_saved: bool) -> None:
    """A save leads to a page that shows it; anything else wrote nothing."""
    if was_saved:
        follow(world.client, outcome)
    else:
        outcome.assert_wrote_nothing()


# --- openings --------------------------------------------------------------------------------


def opening_fields(world):
    return [
        ("title", text_within(200, min_size=1)),
        ("role_key", choice(list(current_catalogue().roles))),
        ("territory", text_within(120)),
        ("hiring_manager_id", choice([*user_ids(world), "", "None"])),
        ("hiring_manager", text_within(120)),
        ("status", choice(["open", "closed"])),
    ]


@examples(100)
@given(data=st.data())
def test_the_opening_form_saves_whole_or_not_at_all(world, data):
    url = data.draw(st.sampled_from(["/openings/new", f"/openings/{world.opening}/edit"]))
    pairs = data.draw(form_data(opening_fields(world)))
    outcome = send(world.client, "POST", url, pairs)
    check(world, outcome, saved(outcome))
    titles = [value for name, value in pairs if name == "title"]
    if saved(outcome) and titles:  # (an edit without a title keeps the one it had)
        opening_id = int(outcome.location.rpartition("opening=")[2])
        assert db.session.get(Opening, opening_id).title == titles[0]
        db.session.remove()


@examples(30)
@given(data=st.data())
def test_closing_an_opening_takes_only_open_or_closed(world, data):
    pairs = data.draw(form_data([("status", choice(["open", "closed"]))]))
    outcome = send(world.client, "POST", f"/openings/{world.closed}/status", pairs)
    assert outcome.redirected or outcome.status == 400
    check(world, outcome, saved(outcome))


# --- candidates ------------------------------------------------------------------------------

EMAILS = st.emails().filter(lambda address: len(address) <= 254)
PHONES = st.from_regex(r"\A[0-9+()\-. ]{1,40}\Z")
LANGUAGES = st.from_regex(r"\A[a-zA-Z]{2,3}(, ?[a-zA-Z]{2,3}){0,30}\Z")


def numbers(name: str, whole: bool = False):
    low, high = CANDIDATE_RANGES[name]
    return number_within(int(low), int(high), whole)


def candidate_fields(world, version: str):
    return [
        ("opening_id", choice([str(world.opening), str(world.closed), "", "None"])),
        ("name", text_within(200, min_size=1)),
        ("email", EMAILS),
        ("phone", PHONES),
        ("education", choice(list(EDUCATION_LABELS))),
        ("sales_experience_years", numbers("sales_experience_years")),
        ("kam_experience_years", numbers("kam_experience_years")),
        ("languages", LANGUAGES),
        ("long_term_clients", numbers("long_term_clients", whole=True)),
        ("repeat_transactions", numbers("repeat_transactions", whole=True)),
        ("sales_growth_pct", numbers("sales_growth_pct")),
        ("source", choice(["external", "internal"])),
        ("notes", text_within(10_000)),
        ("version", choice([version])),
    ]


@examples(180)
@given(data=st.data())
def test_the_candidate_form_saves_whole_or_not_at_all(world, data):
    version = str(db.session.get(Candidate, world.candidate).version)
    db.session.remove()
    url = data.draw(st.sampled_from(["/candidates/new", f"/candidates/{world.candidate}/edit"]))
    outcome = send(
        world.client, "POST", url, data.draw(form_data(candidate_fields(world, version)))
    )
    check(world, outcome, saved(outcome))
    if saved(outcome):  # and the list's spreadsheet takes what was saved
        exported = send(world.client, "GET", "/candidates/export.csv", query=[("q", "")])
        assert exported.status == 200
        exported.response.get_data()


# --- interviews ------------------------------------------------------------------------------

WHEN = st.datetimes(min_value=datetime(2017, 1, 1), max_value=datetime(2028, 11, 1)).map(
    lambda when: when.strftime("%Y-%m-%dT%H:%M")
)
"""Times within the years an interview may be dated (ten back, two ahead)."""


def interview_fields(world):
    keys = [entry.key for entry in current_catalogue().role("kam").competencies]
    people = user_ids(world)
    return [
        ("scheduled_at", WHEN),
        ("kind", choice(INTERVIEW_FORM_KINDS)),
        ("interviewers", choice(people)),
        ("interviewers", choice(people)),
        ("competencies", choice(keys)),
        ("competencies", choice(keys)),
    ]


@examples(120)
@given(data=st.data())
def test_scheduling_an_interview_saves_whole_or_not_at_all(world, data):
    candidate = fresh_candidate(world, Interview, most=6)
    url = f"/candidates/{candidate}/interviews/new"
    outcome = send(world.client, "POST", url, data.draw(form_data(interview_fields(world))))
    check(world, outcome, saved(outcome))


def open_interview(world, submitted: bool) -> int:
    """The interview the examples change: a new one once the last was cancelled; with
    ``submitted``, one of its panel has submitted a scorecard (so it cannot be cancelled, nor
    that person taken off the panel)."""
    current = db.session.get(Interview, world.interview) if world.interview else None
    if current is None or is_cancelled(current) or world.submitted != submitted:
        candidate = db.session.get(Candidate, fresh_candidate(world, Interview, most=6))
        panel = [db.session.get(User, i) for i in world.panel[:2]]
        recruiter = db.session.get(User, world.recruiter)
        current = make_interview(candidate, panel, recruiter, competencies=["persuasion"])
        current.scheduled_at = utcnow() - timedelta(days=1)
        db.session.commit()
        if submitted:
            fill(current, panel[0], {"persuasion": 4})
        world.interview, world.submitted = current.id, submitted
    db.session.remove()
    return world.interview


@examples(120)
@given(data=st.data(), submitted=st.booleans(), cancel=st.booleans())
def test_changing_or_cancelling_an_interview_saves_whole_or_not_at_all(
    world, data, submitted, cancel
):
    interview = open_interview(world, submitted)
    if cancel:
        pairs = data.draw(form_data([("cancel-reason", text_within(2000, min_size=1))]))
        outcome = send(world.client, "POST", f"/interviews/{interview}/cancel", pairs)
    else:
        fields = [*interview_fields(world)[:4], ("reason", text_within(2000))]
        outcome = send(
            world.client, "POST", f"/interviews/{interview}/edit", data.draw(form_data(fields))
        )
    check(world, outcome, saved(outcome))


# --- decisions and self-assessment links --------------------------------------------------------


@examples(100)
@given(data=st.data())
def test_a_decision_saves_whole_or_not_at_all(world, data):
    candidate = fresh_candidate(world, Decision, most=12)
    fields = [
        ("decision", choice(list(DECISION_LABELS))),
        ("reason", text_within(5000, min_size=1)),
    ]
    outcome = send(
        world.client, "POST", f"/candidates/{candidate}/decisions", data.draw(form_data(fields))
    )
    assert outcome.redirected or outcome.status in (400, 413, 422)
    check(world, outcome, saved(outcome))


@examples(80)
@given(data=st.data())
def test_issuing_a_self_assessment_link_saves_whole_or_not_at_all(world, data):
    fields = [
        ("days", number_within(1, 90, whole=True)),
        ("lang", choice(["fi", "en"])),
        ("send", choice(["y", "1", "on"])),
    ]
    outcome = send(
        world.client,
        "POST",
        f"/candidates/{world.candidate}/self-assessments",
        data.draw(form_data(fields)),
    )
    # a link is shown once, on the page that answers; a refusal goes back with a message
    if outcome.status == 200:
        assert "/s/" in outcome.response.get_data(as_text=True)
    else:
        outcome.assert_wrote_nothing()


# --- the candidate list's filters -------------------------------------------------------------


def list_fields(world):
    return [
        ("q", text_within(200)),
        ("opening", choice([str(world.opening), str(world.closed)])),
        ("status", choice(CANDIDATE_STATUSES)),
        ("sort", choice(SORTS)),
        ("page", choice(["1", "2", "999999999"])),
        ("per_page", choice([str(size) for size in PAGE_SIZES])),
    ]


@examples(100)
@given(data=st.data(), path=st.sampled_from(["/candidates", "/candidates/export.csv"]))
def test_the_candidate_list_takes_any_filter(world, data, path):
    query = data.draw(form_data(list_fields(world)))
    if path.endswith(".csv"):
        query.append(("delimiter", data.draw(choice([";", ","]))))
    outcome = send(world.client, "GET", path, query=query)
    if outcome.status != 400:
        assert outcome.status == 200
        outcome.response.get_data()  # the CSV streams: read it all
    # taking the CSV is written down in the audit log, and nothing else is written
    taken = {"audit_log"} if path.endswith(".csv") else set()
    outcome.assert_wrote_nothing(allowed=taken, why="a list was read")


@examples(30)
@given(data=st.data())
def test_the_panel_quality_page_takes_any_filter(world, data):
    fields = [("opening", choice([str(world.opening), "1"])), ("period", choice(["12", "all"]))]
    outcome = send(world.client, "GET", "/panel-quality", query=data.draw(form_data(fields)))
    assert outcome.status in (200, 400, 404)
    outcome.assert_wrote_nothing(why="a page was read")
