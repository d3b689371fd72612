"""A team's development plan: the competencies many are below target on."""

from __future__ import annotations

import pytest

from hiring.domain.team_development import NAMES_KEPT, Member, team_gaps


@pytest.fixture
def kam(shipped):
    return shipped.role("kam")


def test_gaps_are_counted_and_ordered_trainable_first(kam):
    trainable = next(c for c in kam.competencies if c.competency.trainable)
    hard = next(c for c in kam.competencies if not c.competency.trainable)
    members = [
        Member(1, "Aino", {trainable.key: trainable.target - 2, hard.key: hard.target - 1}),
        Member(2, "Bea", {trainable.key: trainable.target - 1, hard.key: hard.target}),
        Member(3, "Cai", {trainable.key: trainable.target + 0.5}),
        Member(4, "Dan", {}),
    ]
    gaps = {g.key: g for g in team_gaps(kam, members)}
    assert list(gaps) == [trainable.key, hard.key]  # trainable first
    first = gaps[trainable.key]
    assert (first.count, first.assessed, first.mean_gap) == (2, 3, 1.5)
    assert [(p.name, p.gap) for p in first.people] == [("Aino", 2), ("Bea", 1)]
    assert first.advice == trainable.competency.development
    assert (gaps[hard.key].count, gaps[hard.key].assessed) == (1, 2)


def test_everyone_is_counted_and_only_the_furthest_are_named(kam):
    key, target = kam.competencies[0].key, kam.competencies[0].target
    members = (Member(n, f"P{n:03}", {key: target - 1 - n / 1000}) for n in range(200))
    (gap,) = [g for g in team_gaps(kam, members) if g.key == key]
    assert gap.count == 200
    assert len(gap.people) == NAMES_KEPT
    assert [p.person_id for p in gap.people] == list(range(199, 199 - NAMES_KEPT, -1))
