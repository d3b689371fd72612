"""The self-assessment questionnaire and the self profile, with expectations computed by hand.

The mini catalogue (tests/fixtures/rubrics) with, for these tests, a reverse-keyed second
statement for persuasion and two situations. Role ``account``: persuasion, listening, reporting
on 1-5 and proposals on 1-3.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hiring.domain.catalogue import load_catalogue
from hiring.domain.self_assessment import (
    AnswerError,
    Choice,
    SituationItem,
    StatementItem,
    build_questionnaire,
    check_answers,
    self_profile,
    unanswered,
)

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "rubrics"
SITUATIONS = """
situations:
  - key: objection
    scenario: {en: The client objects, fi: Asiakas vastustaa}
    options:
      - {key: a, text: {en: Argue, fi: Väittele}, competency: persuasion, effectiveness: 1}
      - {key: b, text: {en: Ask why, fi: Kysy miksi}, competency: listening, effectiveness: 5}
      - {key: c, text: {en: Offer a discount, fi: Anna alennus}, competency: proposals,
         effectiveness: 3}
      - {key: d, text: {en: Write it down, fi: Kirjaa}, competency: reporting, effectiveness: 2}
    covers: [s1.objection_handling]
  - key: outside
    scenario: {en: Only outside the role, fi: Vain roolin ulkopuolella}
    options:
      - {key: a, text: {en: A, fi: A}, competency: nowhere, effectiveness: 1}
      - {key: b, text: {en: B, fi: B}, competency: nowhere, effectiveness: 5}
      - {key: c, text: {en: C, fi: C}, competency: nowhere, effectiveness: 3}
      - {key: d, text: {en: D, fi: D}, competency: nowhere, effectiveness: 2}
    covers: [s1.persuasion]
"""


def library_text() -> str:
    """The mini library with a reverse-keyed second statement for persuasion, a competency
    in no role, and two situations."""
    text = (FIXTURE / "library.yaml").read_text()
    text = text.replace(
        "    self_statements: [{en: s, fi: v}]\n",
        "    self_statements: [{en: s, fi: v}, {en: r, fi: k, reverse: true}]\n",
        1,
    )
    nowhere = """  - key: nowhere
    cluster: people
    name: {en: Nowhere, fi: Ei missään}
    description: {en: In no role, fi: Ei roolissa}
    trainable: true
    development: {en: d, fi: k}
    anchors: {1: {en: a, fi: a}, 2: {en: a, fi: a}, 3: {en: a, fi: a}, 4: {en: a, fi: a},
      5: {en: a, fi: a}}
    questions: [{en: q, fi: k}]
    self_statements: [{en: s, fi: v}]
    evidence: [{en: e, fi: n}]
    covers: [s1.charisma]
red_flags:
"""
    return text.replace("red_flags:\n", nowhere, 1) + SITUATIONS


def catalogue_with(tmp_path_factory, text: str):
    folder = tmp_path_factory.mktemp("rubrics")
    shutil.copytree(FIXTURE, folder, dirs_exist_ok=True)
    (folder / "library.yaml").write_text(text)
    return load_catalogue([folder])


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    return catalogue_with(tmp_path_factory, library_text())


@pytest.fixture(scope="module")
def role(catalogue):
    return catalogue.roles["account"]


def test_questionnaire_statements_then_situations_of_the_role(role):
    questionnaire = build_questionnaire(role, seed=7)
    items = questionnaire.items
    statements = [i for i in items.values() if isinstance(i, StatementItem)]
    situations = [i for i in items.values() if isinstance(i, SituationItem)]
    # persuasion has two statements, the other three one each
    assert sorted(i.id for i in statements) == [
        "statement.listening.0",
        "statement.persuasion.0",
        "statement.persuasion.1",
        "statement.proposals.0",
        "statement.reporting.0",
    ]
    assert [i.id for i in situations] == ["situation.objection"]  # "outside" touches no competency
    assert [len(p.items) for p in questionnaire.pages] == [5, 1]
    assert questionnaire.page_of("situation.objection") == 2


def test_order_is_shuffled_per_seed_and_stable_for_a_seed(role):
    orders = {
        tuple(i.id for i in build_questionnaire(role, seed).pages[0].items) for seed in range(30)
    }
    assert len(orders) > 1
    first = [i.id for i in build_questionnaire(role, 12345).pages[0].items]
    assert [i.id for i in build_questionnaire(role, 12345).pages[0].items] == first


def test_self_profile_by_hand(role):
    questionnaire = build_questionnaire(role, seed=1)
    answers = {
        "statement.persuasion.0": 4,  # 4
        "statement.persuasion.1": 2,  # reverse-keyed: 6 - 2 = 4
        "statement.listening.0": 3,  # 3
        "statement.proposals.0": 5,  # agreement 5 on the scale 1-3: 3
        # most likely b (listening, 5): listening 5; least likely a (persuasion, 1): 6 - 1 = 5
        "situation.objection": Choice(most="b", least="a"),
    }
    profile = self_profile(role, questionnaire, answers)
    assert profile["persuasion"].value == pytest.approx((4 + 4 + 5) / 3)
    assert profile["listening"].value == pytest.approx((3 + 5) / 2)
    assert profile["proposals"].value == 3
    assert profile["reporting"].value is None  # unanswered: unknown, not low
    hows = [c.how for c in profile["persuasion"].contributions]
    assert hows == [
        "agreement 4",
        "agreement 2, reverse-keyed: 6 - 2 = 4",
        "least likely: option a, effectiveness 1 turned round: 6 - 1 = 5",
    ]
    assert profile["proposals"].contributions[0].how == "agreement 5, on the scale 1-3: 3"
    assert [c.reverse for c in profile["persuasion"].contributions] == [False, True, False]


def test_situation_on_a_competency_with_its_own_scale(role):
    questionnaire = build_questionnaire(role, seed=1)
    # most likely c (proposals, effectiveness 3 on 1-5): 2 on the scale 1-3
    profile = self_profile(role, questionnaire, {"situation.objection": Choice("c", "d")})
    assert profile["proposals"].value == 2
    # least likely d (reporting, 2): 6 - 2 = 4
    assert profile["reporting"].value == 4


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"statement.persuasion.0": 6}, "the answer must be from 1 to 5"),
        ({"statement.persuasion.0": 0}, "the answer must be from 1 to 5"),
        ({"statement.persuasion.0": True}, "choose how much you agree"),
        ({"statement.persuasion.0": Choice("a", "b")}, "choose how much you agree"),
        ({"statement.nowhere.0": 3}, "not an item of this questionnaire"),
        ({"situation.outside": Choice("a", "b")}, "not an item of this questionnaire"),
        ({"situation.objection": 3}, "choose what you would most and least likely do"),
        ({"situation.objection": Choice("a", "e")}, "not an option of this situation"),
        ({"situation.objection": Choice("a", "a")}, "must be different"),
    ],
)
def test_bad_answers_are_refused_with_the_item(role, answers, message):
    questionnaire = build_questionnaire(role, seed=1)
    with pytest.raises(AnswerError) as caught:
        check_answers(questionnaire, answers)
    ((item, problem),) = caught.value.problems
    assert item == next(iter(answers))
    assert message in problem


def test_unanswered_in_questionnaire_order(role):
    questionnaire = build_questionnaire(role, seed=3)
    order = [i.id for p in questionnaire.pages for i in p.items]
    assert unanswered(questionnaire, {order[0]: 3}) == order[1:]


def test_quality_notes_fast_same_and_inconsistent(role):
    from hiring.domain.self_assessment import reading_floor, response_quality

    questionnaire = build_questionnaire(role, seed=1)
    # words: statements s, r, s, s, s (5) + scenario 3 + options 1 + 2 + 3 + 3 = 17; at 8/s
    assert reading_floor(questionnaire, "en") == pytest.approx(17 / 8)
    agree_both = {"statement.persuasion.0": 5, "statement.persuasion.1": 4}
    notes = response_quality(questionnaire, agree_both, seconds=1.5, lang="en")
    assert [n.kind for n in notes] == ["too_fast", "inconsistent"]
    assert notes[0].floor == pytest.approx(17 / 8)
    assert notes[1].items == ("statement.persuasion.0", "statement.persuasion.1")
    consistent = {"statement.persuasion.0": 5, "statement.persuasion.1": 1}
    assert response_quality(questionnaire, consistent, seconds=60.0, lang="en") == []
    assert response_quality(questionnaire, {}, seconds=None, lang="en") == []


def test_quality_note_on_a_long_run_of_the_same_answer(role, monkeypatch):
    from hiring.domain import self_assessment
    from hiring.domain.self_assessment import response_quality

    monkeypatch.setattr(self_assessment, "SAME_ANSWER_RUN", 4)
    questionnaire = build_questionnaire(role, seed=1)
    ids = [i.id for i in questionnaire.pages[0].items]
    same = {item: 3 for item in ids}
    (note,) = [
        n for n in response_quality(questionnaire, same, None, "en") if n.kind != "inconsistent"
    ]
    assert note.kind == "same_answers"
    assert note.answer == 3
    assert len(note.items) == 5
    broken = {**same, ids[2]: 4}  # runs of 2 and 2
    assert all(
        n.kind != "same_answers" for n in response_quality(questionnaire, broken, None, "en")
    )


PANEL = {
    "role": "account",
    "candidate": {"sales_experience_years": 6, "kam_experience_years": 3},
    "ratings": [
        {"rater": "a", "kind": "interview", "scores": {"persuasion": 3, "listening": 2}},
        {"rater": "b", "kind": "interview", "scores": {"persuasion": 4, "listening": 2}},
    ],
}
ANSWERS = {
    "statement.persuasion.0": 5,
    "statement.persuasion.1": 1,  # reverse-keyed: 5
    "statement.listening.0": 5,
    "situation.objection": {"most": "b", "least": "a"},  # listening 5; persuasion 6 - 1 = 5
}


def test_the_engine_compares_a_self_assessment_and_never_counts_it(catalogue):
    from hiring.domain.assessment import parse_assessment
    from hiring.domain.evaluation import evaluate, rank_roles

    with_self, role = parse_assessment(
        {**PANEL, "self_assessment": {"answers": ANSWERS}}, catalogue
    )
    without, _ = parse_assessment(PANEL, catalogue)
    mine, theirs = evaluate(with_self, role), evaluate(without, role)
    # nothing the hiring decision reads moves
    assert (mine.fit.fit, mine.fit.coverage, mine.fit.score) == (
        theirs.fit.fit, theirs.fit.coverage, theirs.fit.score,
    )  # fmt: skip
    assert mine.level == theirs.level
    assert {k: a.value("mean") for k, a in mine.aggregates.items()} == {
        k: a.value("mean") for k, a in theirs.aggregates.items()
    }
    assert mine.assessors == theirs.assessors == ("a", "b")
    assert rank_roles(with_self, catalogue) == rank_roles(without, catalogue)
    # it is set beside the panel
    gaps = {g.key: g for g in mine.self_gaps}
    assert gaps["persuasion"].self_score == 5  # (5 + 5 + 5) / 3
    assert gaps["persuasion"].gap == pytest.approx(5 - 3.5)
    assert gaps["persuasion"].estimate == "over"
    assert gaps["listening"].gap == 3
    assert mine.self_raters == ("self-assessment",)
    data = mine.as_dict()
    persuasion = next(v for v in data["self_profile"] if v["competency"] == "persuasion")
    assert [c["how"] for c in persuasion["contributions"]] == [
        "agreement 5",
        "agreement 1, reverse-keyed: 6 - 1 = 5",
        "least likely: option a, effectiveness 1 turned round: 6 - 1 = 5",
    ]
    assert "reverse-keyed" in data["explanations"]["self_profile"]


@pytest.mark.parametrize(
    ("answers", "where"),
    [
        ({"statement.persuasion.0": 9}, "self_assessment.answers.statement.persuasion.0"),
        ({"situation.objection": {"most": "a", "least": "a"}}, "self_assessment.answers.situation"),
        ({"statement.nowhere.0": 3}, "self_assessment.answers.statement.nowhere.0"),
    ],
)
def test_bad_self_answers_are_refused_with_their_field(catalogue, answers, where):
    from hiring.domain.assessment import AssessmentError, parse_assessment

    with pytest.raises(AssessmentError) as caught:
        parse_assessment({**PANEL, "self_assessment": {"answers": answers}}, catalogue)
    assert caught.value.problems[0][0].startswith(where)


def test_an_agreement_must_be_a_whole_number(catalogue):
    from hiring.domain.assessment import AssessmentError, parse_assessment

    with pytest.raises(AssessmentError) as caught:
        parse_assessment(
            {**PANEL, "self_assessment": {"answers": {"statement.persuasion.0": 4.5}}}, catalogue
        )
    assert caught.value.problems[0][0].startswith("self_assessment.answers")


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """The same rubric after an edit: persuasion's second statement no longer reverse-keyed,
    option a of the objection renamed."""
    text = library_text().replace("{en: r, fi: k, reverse: true}", "{en: r, fi: k}", 1)
    text = text.replace("- {key: a, text: {en: Argue", "- {key: e, text: {en: Argue", 1)
    return catalogue_with(tmp_path_factory, text)


def test_answers_given_under_an_earlier_rubric_count_where_they_mean_the_same(catalogue, edited):
    from hiring.domain.self_assessment import comparable_answers

    answers = {
        "statement.persuasion.0": 4,  # unchanged: kept
        "statement.persuasion.1": 2,  # keying changed: left out
        "statement.listening.0": 3,  # unchanged: kept
        "situation.objection": Choice("b", "a"),  # an option renamed: left out
    }
    kept, left_out = comparable_answers(
        catalogue.roles["account"], edited.roles["account"], answers
    )
    assert kept == {"statement.persuasion.0": 4, "statement.listening.0": 3}
    assert left_out == 2


def test_ranking_roles_never_reads_self_answers(catalogue, edited):
    from hiring.domain.assessment import parse_assessment
    from hiring.domain.evaluation import rank_roles

    with_self, _role = parse_assessment(
        {**PANEL, "self_assessment": {"answers": ANSWERS}}, catalogue
    )
    # against the edited rubric the objection's option "a" no longer exists: no error
    assert rank_roles(with_self, edited) == rank_roles(
        parse_assessment(PANEL, catalogue)[0], edited
    )
