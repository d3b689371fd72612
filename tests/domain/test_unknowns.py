"""Unknown is never shown as good: a floor nobody assessed is unknown, not met."""

from __future__ import annotations

from hiring.domain.assessment import Assessment, RaterInput
from hiring.domain.evaluation import evaluate, rank_roles


def test_a_floor_nobody_assessed_is_unknown_not_met(shipped):
    kam = shipped.role("kam")
    floored = [c.key for c in kam.competencies if c.floor is not None]
    assert len(floored) >= 2
    first, *rest = floored
    scores = {first: kam.competency(first).floor}  # assessed at the floor: met
    assessment = Assessment(
        role="kam", ratings=[RaterInput(rater="Jari", kind="interview", scores=scores)]
    )
    summary = evaluate(assessment, kam).summary()
    assert summary.floors_not_met == ()
    assert [t.key for t in summary.floors_unknown] == rest
    as_json = summary.as_dict()
    assert as_json["floors_unknown"][0]["key"] == rest[0]
    (ranking,) = [r for r in rank_roles(assessment, shipped) if r.role == "kam"]
    assert ranking.floors_unknown == tuple(rest)
    assert ranking.as_dict(shipped)["floors_unknown"] == rest


def test_with_every_floor_assessed_nothing_is_unknown(shipped):
    kam = shipped.role("kam")
    scores = {c.key: c.target for c in kam.competencies}
    assessment = Assessment(
        role="kam", ratings=[RaterInput(rater="Jari", kind="interview", scores=scores)]
    )
    assert evaluate(assessment, kam).summary().floors_unknown == ()
