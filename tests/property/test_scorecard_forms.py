"""The scorecard form, built at run time from the rubric, with generated input: saving a draft,
submitting, amending. Never a server error; a refused save writes nothing; a saved one shows on
the page it leads to."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import RECOMMENDATIONS, Opening, Scorecard, User
from hiring.models.base import utcnow
from tests.factories import (
    PASSWORD,
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
)
from tests.property.strategies import choice, form_data, text_within
from tests.property.web import examples, follow, login, send

COMPETENCIES = ["persuasion", "listening", "negotiation"]


@pytest.fixture
def world(app):
    recruiter = make_user("recruiter", email="rekry@example.test")
    interviewer = make_user("interviewer", name="Iida Interviewer", email="iida@example.test")
    opening = make_opening(recruiter)
    state = SimpleNamespace(
        recruiter=recruiter.id,
        interviewer=interviewer.id,
        opening=opening.id,
        card=None,
        client=login(app, "iida@example.test", PASSWORD),
    )
    db.session.remove()
    return state


def current_card(world, to_amend: bool) -> Scorecard:
    """The interviewer's scorecard the examples fill: a new interview's (yesterday's, so that
    its card can be submitted) when there is none yet, or when the card is submitted and the
    example saves or submits; submitted first when the example amends."""
    card = db.session.get(Scorecard, world.card) if world.card else None
    submitted = card is not None and card.latest is not None and card.latest.status == "submitted"
    interviewer = db.session.get(User, world.interviewer)
    if card is None or (submitted and not to_amend):
        recruiter = db.session.get(User, world.recruiter)
        candidate = make_candidate(db.session.get(Opening, world.opening))
        interview = make_interview(candidate, [interviewer], recruiter, competencies=COMPETENCIES)
        interview.scheduled_at = utcnow() - timedelta(days=1)
        db.session.commit()
        card, submitted = interview.scorecards[0], False
        world.card = card.id
    if to_amend and not submitted:
        fill(card.interview, interviewer, {"persuasion": 3})
    return card


def scorecard_fields(card: Scorecard):
    role = current_catalogue().role("kam")
    keys = card.interview.competencies
    fields = []
    for key in keys:
        points = role.competency(key).scale.points
        fields.append((f"score_{key}", choice(["", *(str(p) for p in points)])))
        fields.append((f"note_{key}", text_within(5000)))
    flags = [flag.key for flag in role.red_flags] or ["none"]
    version = str(card.latest.version if card.latest else 0)
    return [
        *fields,
        ("red_flags", choice(flags)),
        ("red_flags", choice(flags)),
        ("recommendation", choice(["", *RECOMMENDATIONS])),
        ("takeaways", text_within(10_000)),
        ("version", choice([version])),
    ]


@examples(150)
@given(data=st.data(), action=st.sampled_from(["save", "submit", "amend"]))
def test_a_scorecard_saves_whole_or_not_at_all(world, data, action):
    card = current_card(world, to_amend=action == "amend")
    if action == "amend":
        pairs = data.draw(form_data([("reason", text_within(5000, min_size=1))]))
        url = f"/scorecards/{card.id}/amend"
    else:
        pairs = [*data.draw(form_data(scorecard_fields(card))), (action, "1")]
        url = f"/scorecards/{card.id}"
    db.session.remove()
    outcome = send(world.client, "POST", url, pairs)
    if outcome.redirected and not outcome.error_flashed:
        follow(world.client, outcome)
    else:
        assert outcome.status in (200, 302, 400, 413, 422)
        outcome.assert_wrote_nothing()
