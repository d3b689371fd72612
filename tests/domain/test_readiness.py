"""Readiness verdicts on the mini catalogue, each worked out by hand.

Role ``account``: persuasion (hard to develop) target 4 weight 3 floor 3; listening target 4
weight 2; reporting target 3 weight 1; proposals target 3 on a 1-3 scale weight 2. Total weight 8.
"""

from __future__ import annotations

import pytest

from hiring.domain.assessment import parse_assessment
from hiring.domain.evaluation import evaluate


def verdict_for(mini, scores):
    assessment, role = parse_assessment(
        {"role": "account", "ratings": [{"rater": "a", "kind": "interview", "scores": scores}]},
        mini,
    )
    return evaluate(assessment, role).summary().readiness


def test_too_little_known(mini):
    # only persuasion: coverage 3 / 8 = 0.375, below 0.6
    found = verdict_for(mini, {"persuasion": 4})
    assert found.verdict == "not_yet_known"
    assert found.coverage == pytest.approx(3 / 8)
    assert found.to_assess == ("listening", "proposals", "reporting")  # heaviest first


def test_a_hard_to_develop_competency_below_its_floor_is_not_a_fit(mini):
    found = verdict_for(mini, {"persuasion": 2, "listening": 4, "reporting": 3, "proposals": 3})
    assert found.verdict == "not_a_fit"
    ((gap),) = found.gaps
    assert (gap.key, gap.gap, gap.trainable, gap.below_floor) == ("persuasion", 2, False, True)


def test_everything_at_target_is_ready_now(mini):
    found = verdict_for(mini, {"persuasion": 4, "listening": 4, "reporting": 3, "proposals": 3})
    assert (found.verdict, found.fit, found.gaps) == ("ready_now", 1.0, ())


def test_a_small_gap_on_a_hard_to_develop_competency_needs_development(mini):
    # persuasion 3.5: (3.5 - 1) / (4 - 1) * 3 = 2.5; the others attain fully: fit 7.5 / 8
    scores = {"persuasion": 3, "listening": 4, "reporting": 3, "proposals": 3}
    panel = [{"rater": "a", "kind": "interview", "scores": scores}]
    panel.append({"rater": "b", "kind": "interview", "scores": {**scores, "persuasion": 4}})
    assessment, role = parse_assessment({"role": "account", "ratings": panel}, mini)
    found = evaluate(assessment, role).summary().readiness
    assert found.fit == pytest.approx(7.5 / 8)  # above 0.85, yet not ready now
    assert found.verdict == "ready_with_development"
    assert [(g.key, g.gap, g.trainable) for g in found.gaps] == [("persuasion", 0.5, False)]
    assert found.horizon_months == 6


def test_trainable_gaps_first_and_the_horizon_from_the_largest(mini):
    # listening 2: 1/3 * 2; proposals 2 on 1-3: 1/2 * 2; persuasion 3 and reporting 1:
    # fit = (3 + 2/3 + 1 + 1) / 8 = 0.708
    found = verdict_for(mini, {"persuasion": 4, "listening": 2, "reporting": 3, "proposals": 2})
    assert found.fit == pytest.approx((3 + 2 / 3 + 1 + 1) / 8)
    assert found.verdict == "ready_with_development"
    assert [(g.key, g.gap) for g in found.gaps] == [("listening", 2), ("proposals", 1)]
    assert found.horizon_months == 12  # 6 months per point of the largest gap (2)


def test_readiness_is_in_the_json_with_its_rules(mini):
    assessment, role = parse_assessment(
        {"role": "account", "ratings": [{"rater": "a", "kind": "interview", "scores": {}}]}, mini
    )
    data = evaluate(assessment, role).as_dict()["readiness"]
    assert data["verdict"] == "not_yet_known"
    assert "ready now" in data["rules"]
