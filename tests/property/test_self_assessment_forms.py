"""A candidate's questionnaire through a private link (/s/<token>...) with generated input:
consent and decline, the pages, the review and submission, a mangled token or page number.
Never a server error; a refused page writes nothing; the consent page writes only the link's
own state and its audit entries."""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.catalogue_cache import current_catalogue
from hiring.domain.self_assessment import Choice, SituationItem
from hiring.extensions import db
from hiring.models import Candidate, SelfAssessment, User
from hiring.services.self_assessments import (
    find_by_token,
    give_consent,
    is_open,
    issue_self_assessment,
    role_and_questionnaire,
    save_page,
)
from tests.factories import make_candidate, make_opening, make_user
from tests.property.strategies import choice, form_data, short_text
from tests.property.web import examples, follow, send

AGREEMENT = ["1", "2", "3", "4", "5"]


@pytest.fixture
def world(app):
    recruiter = make_user("recruiter", email="rekry@example.test")
    candidate = make_candidate(make_opening(recruiter), name="Kaisa Kandidaatti")
    state = SimpleNamespace(
        recruiter=recruiter.id, candidate=candidate.id, token="", client=app.test_client()
    )
    db.session.remove()
    return state


def open_link(world, nearly_done: bool) -> SelfAssessment:
    """The link the examples answer through; a new one once it was submitted or declined.
    With ``nearly_done``, a new link starts with consent given and every page but the last
    answered, so that the review and the submission are reached too."""
    assessment = find_by_token(world.token) if world.token else None
    if assessment is None or not is_open(assessment):
        candidate = db.session.get(Candidate, world.candidate)
        recruiter = db.session.get(User, world.recruiter)
        issued = issue_self_assessment(
            candidate, recruiter, days=14, lang="en", catalogue=current_catalogue()
        )
        assessment = issued.assessment
        world.token = issued.token
        if nearly_done:
            give_consent(assessment)
            _role, questionnaire = role_and_questionnaire(assessment)
            for number, page in enumerate(questionnaire.pages[:-1], start=1):
                save_page(assessment, number, {item.id: answer(item) for item in page.items})
        db.session.commit()
    return assessment


def answer(item):
    if isinstance(item, SituationItem):
        first, second = item.situation.options[:2]
        return Choice(most=first.key, least=second.key)
    return 4


MOST_ITEMS = 15
"""The most items a page of the questionnaire has."""
OPTION = ["0", "1", "2", "3"]
"""A situation's option by position (turned into its key once the page is known)."""
PAGE_FIELDS = [
    (f"{name}_{position}", choice(AGREEMENT if name == "item" else OPTION))
    for position in range(1, MOST_ITEMS + 1)
    for name in ("item", "most", "least")
]
"""Every field any page could have: drawn alike for every page (what is drawn must not depend
on which page the link is at, or hypothesis could not replay an example)."""


FIELD_NAME = re.compile(r"\A(?P<kind>item|most|least)_(?P<position>[1-9][0-9]*)\Z")


def page_answers(assessment: SelfAssessment, number: int, drawn: list[tuple[str, str]]):
    """The drawn fields that the page has, with a situation's options by their keys."""
    _role, questionnaire = role_and_questionnaire(assessment)
    if not 1 <= number <= len(questionnaire.pages):
        return drawn
    items = questionnaire.pages[number - 1].items
    pairs = []
    for name, value in drawn:
        found = FIELD_NAME.match(name)
        if found is None:
            pairs.append((name, value))  # a field no page has
            continue
        kind, position = found["kind"], int(found["position"])
        item = items[position - 1] if position <= len(items) else None
        if isinstance(item, SituationItem) and kind in ("most", "least"):
            keys = [option.key for option in item.situation.options]
            pairs.append((name, keys[int(value)] if value in OPTION else value))
        elif item is not None and not isinstance(item, SituationItem) and kind == "item":
            pairs.append((name, value))
    return pairs


@examples(100)
@given(
    data=st.data(),
    step=st.sampled_from(["page", "page", "page", "start", "review"]),
    nearly_done=st.sampled_from([False, False, True]),
    mangled=st.sampled_from([False] * 9 + [True]),
)
def test_the_questionnaire_saves_whole_or_not_at_all(world, data, step, nearly_done, mangled):
    assessment = open_link(world, nearly_done)
    pages = len(role_and_questionnaire(assessment)[1].pages)
    resume = assessment.last_page + 1
    token = world.token
    if mangled:
        token = quote(data.draw(short_text(60)).replace("/", "") or "x", safe="")
    if step == "start":
        fields = [("consent", choice(["I agree, start"])), ("decline", choice(["1"]))]
        pairs = data.draw(form_data(fields))
        url = f"/s/{token}"
    elif step == "page":
        where = data.draw(st.sampled_from(["resume", "resume", "last", "any"]))
        anywhere = data.draw(st.integers(0, 2**31))
        number = {"resume": resume, "last": pages, "any": anywhere}[where]
        drawn = data.draw(form_data(PAGE_FIELDS))
        pairs = [*page_answers(assessment, number, drawn), ("next", "1")]
        url = f"/s/{token}/page/{number}"
    else:
        pairs = data.draw(form_data([("submit", choice(["Submit my answers"]))]))
        url = f"/s/{token}/review"
    db.session.remove()
    outcome = send(world.client, "POST", url, pairs)
    if step == "start":
        # opening the link, consenting and declining are the link's own state, written down
        outcome.assert_wrote_nothing(
            allowed={"self_assessments", "self_assessment_answers", "audit_log"},
            why="the consent page was answered",
        )
    elif outcome.redirected:
        follow(world.client, outcome)
    else:
        assert outcome.status in (200, 400, 404, 413)
        outcome.assert_wrote_nothing()
