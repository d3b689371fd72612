"""The typed summary of an evaluation, and its JSON form.

``Evaluation.as_dict()`` is what ``hiring evaluate`` prints, so its JSON must not change when the
code behind it does. tests/fixtures/summary/ holds, for each case, the JSON as it was before the
typed summary existed (``<case>.expected.json``; ``<case>.assessment.json`` is the input where it
is not an example under examples/). After an intended change to the result or to the rubrics,
regenerate them with ``python -m tests.domain.test_summary`` and read the diff.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from hiring.domain.assessment import parse_assessment
from hiring.domain.catalogue import Catalogue, load_catalogue
from hiring.domain.evaluation import Evaluation, evaluate
from hiring.domain.rubric import Text
from hiring.domain.summary import PROFILE_ONLY, CompetencyResult

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "summary"
CASES = {
    # case: (catalogue fixture, input file)
    "kam_candidate": ("shipped", ROOT / "examples" / "kam_candidate.json"),
    "marina": ("shipped", ROOT / "examples" / "marina.json"),
    "account_panel": ("mini", FIXTURES / "account_panel.assessment.json"),
    "account_floor_not_met": ("mini", FIXTURES / "account_floor_not_met.assessment.json"),
    "account_nothing_known": ("mini", FIXTURES / "account_nothing_known.assessment.json"),
    "clerk_panel": ("mini", FIXTURES / "clerk_panel.assessment.json"),
}


def evaluation_of(case: str, catalogue: Catalogue) -> Evaluation:
    assessment, role = parse_assessment(json.loads(CASES[case][1].read_text("utf-8")), catalogue)
    return evaluate(assessment, role)


def as_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.fixture(params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[str, Evaluation]:
    catalogue = request.getfixturevalue(CASES[request.param][0])
    return request.param, evaluation_of(request.param, catalogue)


def test_as_dict_equals_stored_json_exactly(case):
    # Compared as text: key order, and 3 against 3.0, count too.
    name, evaluation = case
    expected = (FIXTURES / f"{name}.expected.json").read_text("utf-8")
    assert as_json(evaluation.as_dict()) == expected, (
        "the JSON of the result changed; if that was meant, run python -m tests.domain.test_summary"
    )


def test_summary_as_dict_is_evaluation_as_dict(case):
    _, evaluation = case
    assert evaluation.summary().as_dict() == evaluation.as_dict()


def _typed_objects(value: object):
    if isinstance(value, tuple | list):
        for item in value:
            yield from _typed_objects(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for field in dataclasses.fields(value):
            yield from _typed_objects(getattr(value, field.name))


def test_every_json_key_reads_as_an_attribute(case):
    """Templates read ``x.key`` where they read ``x["key"]``: every key of every typed piece's
    JSON is an attribute of the same name, the competency's "self" apart."""
    _, evaluation = case
    checked = 0
    for obj in _typed_objects(evaluation.summary()):
        if not hasattr(obj, "as_dict"):
            continue
        data = obj.as_dict()
        for key in data:
            attribute = key
            if key == "self":  # cannot name a dataclass field
                attribute = "self_rating" if isinstance(obj, CompetencyResult) else "self_score"
            assert hasattr(obj, attribute), (type(obj).__name__, key)
            checked += 1
    assert checked > 100


def test_competency_profile_fields_only_in_profile(mini):
    summary = evaluation_of("clerk_panel", mini).summary()
    by_key = {c.key: c for c in summary.competencies}
    # clerk's profile: reporting, listening; the panel also rated persuasion and proposals.
    assert [c.key for c in summary.profile] == ["reporting", "listening"]
    assert [c.key for c in summary.others] == ["persuasion", "proposals"]
    persuasion = by_key["persuasion"]
    assert (persuasion.in_profile, persuasion.target, persuasion.status) == (False, None, None)
    assert persuasion.value == 4.5  # the role's aggregation (mean) of 4 and 5
    assert not set(PROFILE_ONLY) & set(persuasion.as_dict())
    listening = by_key["listening"]
    assert (listening.target, listening.weight, listening.status) == (3, 1, "met")
    assert set(PROFILE_ONLY) <= set(listening.as_dict())


def test_self_rating_is_typed_and_self_in_json(mini):
    summary = evaluation_of("account_panel", mini).summary()
    listening = next(c for c in summary.competencies if c.key == "listening")
    assert listening.self_rating is not None
    assert (listening.self_rating.self_score, listening.self_rating.gap) == (5.0, 2.0)
    assert listening.as_dict()["self"] == {
        "self": 5.0,
        "assessors": 3.0,
        "gap": 2.0,
        "estimate": "over",  # more than one scale point above the panel
    }
    assert "self_rating" not in listening.as_dict()
    proposals = next(c for c in summary.competencies if c.key == "proposals")
    assert proposals.self_rating is None
    assert "self" not in proposals.as_dict()


def test_texts_stay_text_objects_until_json(mini):
    summary = evaluation_of("account_panel", mini).summary()
    assert isinstance(summary.role.name, Text)
    assert summary.red_flags[0].name.get("fi") == "Myöhässä"
    assert summary.red_flags[0].count == 2
    assert summary.kam_level is not None
    assert summary.kam_level.reasons[0].text == Text(en="2 years", fi="2 vuotta")
    assert summary.as_dict()["red_flags"][0]["name"] == {"en": "Late", "fi": "Myöhässä"}


def test_development_plan_is_split_by_trainable(mini):
    plan = evaluation_of("account_floor_not_met", mini).summary().development_plan
    assert [(g.key, g.floor_not_met) for g in plan.not_trainable] == [("persuasion", True)]
    assert plan.not_trainable[0].risk.en == "Hard to teach; select for it"
    assert [g.key for g in plan.trainable] == ["listening"]
    assert plan.trainable[0].suggestion.en == "Practise active listening"


def test_summary_is_frozen(mini):
    summary = evaluation_of("account_panel", mini).summary()
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.fit = 1.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.competencies[0].value = 1.0  # type: ignore[misc]


def regenerate() -> None:
    """Rewrite every ``<case>.expected.json`` from today's code."""
    catalogues = {
        "shipped": load_catalogue([ROOT / "rubrics"]),
        "mini": load_catalogue([ROOT / "tests" / "fixtures" / "rubrics"]),
    }
    for name, (catalogue, _) in CASES.items():
        data = evaluation_of(name, catalogues[catalogue]).as_dict()
        (FIXTURES / f"{name}.expected.json").write_text(as_json(data), encoding="utf-8")


if __name__ == "__main__":
    regenerate()
