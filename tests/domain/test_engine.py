"""The engine on the hand-made mini catalogue, with every expectation computed by hand.

Role ``account`` (tests/fixtures/rubrics/roles/account.yaml):
persuasion target 4 weight 3 floor 3; listening target 4 weight 2; reporting target 3 weight 1;
proposals target 3 (scale 1-3) weight 2.
"""

from __future__ import annotations

import pytest

from hiring.domain.aggregation import aggregate_ratings, disagreement_threshold, self_gap
from hiring.domain.assessment import AssessmentError, parse_assessment
from hiring.domain.evaluation import evaluate, rank_roles
from hiring.domain.fit import attainment
from hiring.domain.rubric import Scale, Text

PANEL = {
    "role": "account",
    "candidate": {
        "education": "higher",
        "sales_experience_years": 6,
        "kam_experience_years": 3,
        "languages": ["fi", "EN"],
        "evidence": {"long_term_clients": 4, "repeat_transactions": 40, "sales_growth_pct": 18},
    },
    "ratings": [
        {
            "rater": "int-1",
            "kind": "interview",
            "scores": {"persuasion": 4, "listening": 2, "reporting": None, "proposals": 2},
            "red_flags": ["late"],
        },
        {
            "rater": "int-2",
            "kind": "interview",
            "scores": {"persuasion": 5, "listening": 4, "reporting": None, "proposals": 3},
            "red_flags": ["late", "interrupting"],
        },
        {
            "rater": "self",
            "kind": "self",
            "scores": {"persuasion": 5, "listening": 5, "reporting": 4},
            "red_flags": ["late"],
        },
    ],
}


@pytest.fixture
def result(mini):
    assessment, role = parse_assessment(PANEL, mini)
    return evaluate(assessment, role)


def scale(low: int, high: int) -> Scale:
    labels = {p: Text(en=str(p), fi=str(p)) for p in range(low, high + 1)}
    return Scale(min=low, max=high, labels=labels)


@pytest.mark.parametrize(
    ("low", "high", "threshold"), [(1, 5, 2.0), (1, 3, 1.0), (0, 10, 5.0), (1, 4, 1.5)]
)
def test_disagreement_threshold_scales_with_span(low, high, threshold):
    assert disagreement_threshold(scale(low, high)) == threshold


@pytest.mark.parametrize(
    ("scores", "mean", "median", "sd", "spread", "disagreement"),
    [
        ([3], 3.0, 3.0, None, 0, False),
        ([4, 5], 4.5, 4.5, 0.7071068, 1, False),
        ([2, 4], 3.0, 3.0, 1.4142136, 2, True),
        ([1, 2, 5], 8 / 3, 2.0, 2.0816660, 4, True),
        ([3, 3, 4, 4], 3.5, 3.5, 0.5773503, 1, False),
    ],
)
def test_aggregate_ratings_statistics(scores, mean, median, sd, spread, disagreement):
    result = aggregate_ratings("x", [(f"r{i}", s) for i, s in enumerate(scores)], scale(1, 5))
    assert result.count == len(scores)
    assert result.mean == pytest.approx(mean)
    assert result.median == median
    assert result.sd == (None if sd is None else pytest.approx(sd))
    assert result.range == spread
    assert result.disagreement is disagreement


def test_aggregate_ratings_not_assessed_is_not_a_low_score():
    result = aggregate_ratings("x", [("a", None), ("b", 4), ("c", None)], scale(1, 5))
    assert (result.count, result.mean, result.not_assessed_by) == (1, 4.0, ("a", "c"))


def test_aggregate_ratings_nobody_assessed():
    result = aggregate_ratings("x", [("a", None)], scale(1, 5))
    assert (result.assessed, result.mean, result.median, result.range) == (False, None, None, None)
    assert result.disagreement is False


@pytest.mark.parametrize(
    ("value", "target", "low", "expected"),
    [(4.5, 4, 1, 1.0), (3.0, 4, 1, 2 / 3), (1.0, 4, 1, 0.0), (2.5, 3, 1, 0.75), (1.0, 1, 1, 1.0)],
)
def test_attainment_capped_at_one(value, target, low, expected):
    assert attainment(value, target, low) == pytest.approx(expected)


def test_self_gap_positive_when_candidate_rates_higher():
    assert self_gap("x", [5], 3.0).gap == 2.0
    assert self_gap("x", [4], None).gap is None
    assert self_gap("x", [None], 3.0).gap is None


def test_evaluate_panel_aggregates_exclude_self(result):
    persuasion = result.aggregates["persuasion"]
    assert [(s.rater, s.score) for s in persuasion.scores] == [("int-1", 4), ("int-2", 5)]
    assert persuasion.mean == 4.5
    listening = result.aggregates["listening"]
    assert (listening.mean, listening.range, listening.disagreement) == (3.0, 2, True)
    proposals = result.aggregates["proposals"]
    assert (proposals.mean, proposals.disagreement_threshold, proposals.disagreement) == (
        2.5,
        1.0,
        True,
    )
    reporting = result.aggregates["reporting"]
    assert (reporting.count, reporting.not_assessed_by) == (0, ("int-1", "int-2"))


def test_evaluate_fit_and_coverage_by_hand(result):
    # persuasion min(1, 3.5/3) = 1 (x3); listening 2/3 (x2); proposals 1.5/2 (x2); reporting
    # not assessed. fit = (3 + 4/3 + 3/2) / 7 = 5/6; coverage = 7/8.
    assert result.fit.fit == pytest.approx(5 / 6)
    assert result.fit.coverage == pytest.approx(7 / 8)
    assert result.fit.weighted_attainment == pytest.approx(35 / 6)
    assert [t.status for t in result.fit.terms] == [
        "met",
        "below_target",
        "not_assessed",
        "below_target",
    ]


def test_evaluate_gaps_ordered_by_weight_times_gap(result):
    assert [(g.key, g.gap, g.importance) for g in result.fit.gaps] == [
        ("listening", 1.0, 2.0),
        ("proposals", 0.5, 1.0),
    ]
    assert [s.key for s in result.fit.strengths] == ["persuasion"]
    assert result.fit.floors_not_met == []


def test_evaluate_surplus_does_not_hide_gap(mini):
    # Everything far above target but listening at 1: the surplus must not lift the fit to 1.
    data = {
        "role": "account",
        "ratings": [
            {
                "rater": "a",
                "kind": "interview",
                "scores": {"persuasion": 5, "listening": 1, "reporting": 5, "proposals": 3},
            }
        ],
    }
    assessment, role = parse_assessment(data, mini)
    fit = evaluate(assessment, role).fit
    assert fit.fit == pytest.approx((3 + 0 + 1 + 2) / 8)


def test_evaluate_floor_not_met_is_listed_first(mini):
    data = {
        "role": "account",
        "ratings": [
            {"rater": "a", "kind": "manager", "scores": {"persuasion": 2, "listening": 1}},
        ],
    }
    assessment, role = parse_assessment(data, mini)
    result = evaluate(assessment, role)
    assert [t.key for t in result.fit.floors_not_met] == ["persuasion"]
    # listening's importance (2 x 3 = 6) is larger, but an unmet floor comes first.
    assert [g.key for g in result.fit.gaps] == ["persuasion", "listening"]
    plan = result.summary().development_plan.as_dict()
    assert [i["key"] for i in plan["not_trainable"]] == ["persuasion"]
    assert plan["not_trainable"][0]["floor_not_met"] is True
    assert plan["not_trainable"][0]["risk"]["en"] == "Hard to teach; select for it"
    assert [i["key"] for i in plan["trainable"]] == ["listening"]
    assert plan["trainable"][0]["suggestion"]["en"] == "Practise active listening"


def test_evaluate_requirements(result):
    assert [(r.id, r.status, r.actual) for r in result.job_description.requirements] == [
        ("1.5-education", "met", "higher"),
        ("1.5-experience", "met", "6"),
        ("lang", "met", "fi, en"),
        ("q-listening", "met", "3"),
    ]


def test_evaluate_requirements_unknown_when_fact_missing(mini):
    data = {"role": "account", "candidate": {"education": "secondary"}}
    assessment, role = parse_assessment(data, mini)
    checks = evaluate(assessment, role).job_description
    assert [r.status for r in checks.requirements] == ["not_met", "unknown", "unknown", "unknown"]
    assert checks.summary()["requirements"] == {"met": 0, "not_met": 1, "unknown": 2}
    assert checks.summary()["optional_requirements"] == {"met": 0, "not_met": 0, "unknown": 1}


def test_evaluate_duties(result):
    assert [
        (d.id, d.status, d.below_target, d.not_assessed) for d in result.job_description.duties
    ] == [
        ("2.1", "not_covered", ("listening",), ()),
        ("2.2", "unknown", (), ("reporting",)),
        ("2.3", "not_covered", ("proposals",), ()),
    ]
    assert result.job_description.summary()["duties"] == {
        "covered": 0,
        "not_covered": 2,
        "unknown": 1,
    }


def test_evaluate_level_two_with_what_is_missing_for_three(result):
    level = result.level
    assert level.level == 2
    assert [(r.level, r.id, r.status) for r in level.reasons] == [
        (1, "sales_years", "met"),
        (1, "persuasion", "met"),
        (2, "kam_years", "met"),
        (2, "proposals", "met"),
    ]
    assert level.next_level == 3
    assert [(m.id, m.actual, m.min, m.status) for m in level.missing] == [
        ("clients", 4, 5, "not_met")
    ]


def test_evaluate_level_undetermined_when_facts_unknown(mini):
    """Unknown is not "not met": with nothing known about level 1's criteria the level is
    undetermined (None), not 0 ("not yet"), and the criteria say what to collect."""
    assessment, role = parse_assessment({"role": "account"}, mini)
    level = evaluate(assessment, role).level
    assert (level.level, level.next_level, level.may_be_higher) == (None, 1, True)
    assert [(m.id, m.status) for m in level.missing] == [
        ("sales_years", "unknown"),
        ("persuasion", "unknown"),
    ]
    assert evaluate(assessment, role).summary().kam_level.level is None


def test_evaluate_level_zero_only_when_a_level_one_criterion_is_not_met(mini):
    data = {"role": "account", "candidate": {"sales_experience_years": 0.5}}
    assessment, role = parse_assessment(data, mini)
    level = evaluate(assessment, role).level
    assert (level.level, level.may_be_higher) == (0, False)
    assert [(m.id, m.status) for m in level.missing] == [
        ("sales_years", "not_met"),
        ("persuasion", "unknown"),
    ]


def test_evaluate_top_level_has_no_next(mini):
    data = dict(PANEL, candidate=dict(PANEL["candidate"], evidence={"long_term_clients": 9}))
    assessment, role = parse_assessment(data, mini)
    level = evaluate(assessment, role).level
    assert (level.level, level.next_level, level.missing) == (3, None, ())


def test_evaluate_red_flags_count_assessors_only(result):
    assert [(f.key, f.raters) for f in result.red_flags] == [
        ("late", ("int-1", "int-2")),
        ("interrupting", ("int-2",)),
    ]


def test_evaluate_self_gap_kept_apart(result):
    assert [(g.key, g.self_score, g.assessors, g.gap) for g in result.self_gaps] == [
        ("persuasion", 5.0, 4.5, 0.5),
        ("listening", 5.0, 3.0, 2.0),
        ("reporting", 4.0, None, None),
    ]


def test_evaluation_as_dict_shape(result):
    data = result.as_dict()
    assert data["fit"] == pytest.approx(5 / 6)
    assert data["coverage"] == pytest.approx(7 / 8)
    assert data["rubric"]["role"] == "account"
    assert data["kam_level"]["level"] == 2
    assert (data["kam_level"]["pay"]["max"], data["kam_level"]["pay"]["period"]) == (5200, "month")
    assert data["kam_level"]["commission"]["min_pct"] == 5
    assert [c["key"] for c in data["competencies"]] == [
        "persuasion",
        "listening",
        "reporting",
        "proposals",
    ]
    listening = data["competencies"][1]
    assert listening["self"] == {"self": 5.0, "assessors": 3.0, "gap": 2.0, "estimate": "over"}
    assert listening["status"] == "below_target"
    assert data["explanations"]["fit"]["assessed_weight"] == 7
    contributions = [t["contribution"] for t in data["explanations"]["fit"]["terms"]]
    assert contributions[2] is None
    assert [contributions[i] for i in (0, 1, 3)] == pytest.approx([3, 4 / 3, 1.5])
    assert data["red_flags"][0] == {
        "key": "late",
        "name": {"en": "Late", "fi": "Myöhässä"},
        "count": 2,
        "raters": ["int-1", "int-2"],
    }


def test_rank_roles_uses_score_not_fit_on_thin_coverage(result, mini):
    assessment, _ = parse_assessment(PANEL, mini)
    ranking = rank_roles(assessment, mini)
    # clerk: only listening assessed (3 >= target 3): fit 1.0 but coverage 1/4, score 0.25.
    # account: fit 5/6, score (35/6) / 8 = 0.729.
    assert [(r.role, r.fit, r.coverage) for r in ranking] == [
        ("account", pytest.approx(5 / 6), pytest.approx(7 / 8)),
        ("clerk", 1.0, 0.25),
    ]
    assert [r.score for r in ranking] == [pytest.approx(35 / 48), 0.25]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"role": "cto"}, "role", "unknown role 'cto' (known: account, clerk)"),
        (
            {"ratings": [{"rater": "a", "kind": "interview", "scores": {"charm": 3}}]},
            "ratings[0].scores.charm",
            "unknown competency 'charm'",
        ),
        (
            {"ratings": [{"rater": "a", "kind": "interview", "scores": {"persuasion": 7}}]},
            "ratings[0].scores.persuasion",
            "score 7 is outside the scale 1-5",
        ),
        (
            {"ratings": [{"rater": "a", "kind": "interview", "scores": {"proposals": 4}}]},
            "ratings[0].scores.proposals",
            "score 4 is outside the scale 1-3",
        ),
        (
            {"ratings": [{"rater": "a", "kind": "peer", "scores": {}}]},
            "ratings[0].kind",
            "Input should be 'interview', 'manager' or 'self'",
        ),
        (
            {"candidate": {"sales_experience_years": "many"}},
            "candidate.sales_experience_years",
            "Input should be a valid number, unable to parse string as a number",
        ),
        ({"candidat": {}}, "candidat", "Extra inputs are not permitted"),
        (
            {"ratings": [{"rater": "a", "kind": "interview", "red_flags": ["rude"]}]},
            "ratings[0].red_flags[0]",
            "unknown red flag 'rude'",
        ),
    ],
)
def test_parse_assessment_rejects_with_field(mini, change, field, message):
    with pytest.raises(AssessmentError) as caught:
        parse_assessment({"role": "account", **change}, mini)
    assert (field, message) in caught.value.problems


def test_cluster_summary_weighted_over_assessed(result):
    # One cluster "people": persuasion 4.5 (w3, t4), listening 3 (w2, t4), proposals 2.5 (w2,
    # t3); reporting not assessed. value = (13.5 + 6 + 5) / 7 = 3.5; target = (12+8+6)/7.
    (people,) = result.as_dict()["clusters"]
    assert people["value"] == pytest.approx(24.5 / 7)
    assert people["target"] == pytest.approx(26 / 7)
    assert (people["assessed"], people["total"]) == (3, 4)


def test_level_checks_carry_their_rubric_text(result):
    level = result.as_dict()["kam_level"]
    assert level["reasons"][0]["text"] == {"en": "2 years", "fi": "2 vuotta"}
    assert level["missing_for_next"][0]["text"] == {"en": "5 clients", "fi": "5 asiakasta"}
