"""A whole team's development plan: which competencies of a role many people are below.

Each person's newest assessed values (the panel's value per competency) are compared with the
role's targets; a competency on which several people fall short is a case for developing them
together (a training, a joint coaching day) rather than one by one. Trainable competencies come
first, with the rubric's suggestion; the ones the rubric calls hard to develop follow, as risks
to weigh when choosing who moves into the role, never as training.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from hiring.domain.catalogue import ResolvedRole
from hiring.domain.rubric import Text


@dataclass(frozen=True)
class Member:
    person_id: int
    name: str
    values: Mapping[str, float | None]
    """Competency key to the panel's value (None or absent: not assessed)."""


@dataclass(frozen=True)
class Short:
    person_id: int
    name: str
    value: float
    gap: float


NAMES_KEPT = 12
"""People named per competency (those furthest below); the count and mean cover everyone."""


@dataclass(frozen=True)
class TeamGap:
    key: str
    name: Text
    target: int
    trainable: bool
    advice: Text
    """The rubric's way to develop it (trainable), or why it is hard to (not trainable)."""
    count: int
    """How many are below the target."""
    mean_gap: float
    """Their mean shortfall, in scale points."""
    people: tuple[Short, ...]
    """Those furthest below the target, at most :data:`NAMES_KEPT`, the largest gap first."""
    assessed: int
    """How many of the team have a value for it."""


@dataclass
class _Tally:
    assessed: int = 0
    count: int = 0
    total_gap: float = 0.0
    furthest: list[tuple[float, str, int, float]] = field(default_factory=list)
    """A heap of (gap, name, person id, value), the smallest gap on top."""

    def add(self, member: Member, value: float, target: int) -> None:
        self.assessed += 1
        if value >= target:
            return
        gap = target - value
        self.count += 1
        self.total_gap += gap
        item = (gap, member.name, member.person_id, value)
        if len(self.furthest) < NAMES_KEPT:
            heapq.heappush(self.furthest, item)
        else:
            heapq.heappushpop(self.furthest, item)


def team_gaps(role: ResolvedRole, members: Iterable[Member]) -> list[TeamGap]:
    """Every competency of ``role`` on which at least one member is below the target: the
    trainable ones first, then by how many are short, then by the mean shortfall. The members
    are read once, in constant memory."""
    tallies = {entry.key: _Tally() for entry in role.competencies}
    targets = {entry.key: entry.target for entry in role.competencies}
    for member in members:
        for key, tally in tallies.items():
            value = member.values.get(key)
            if value is not None:
                tally.add(member, value, targets[key])
    gaps = []
    for entry in role.competencies:
        tally = tallies[entry.key]
        if not tally.count:
            continue
        furthest = sorted(tally.furthest, key=lambda item: (-item[0], item[1]))
        definition = entry.competency
        gaps.append(
            TeamGap(
                key=entry.key,
                name=definition.name,
                target=entry.target,
                trainable=definition.trainable,
                advice=definition.development,
                count=tally.count,
                mean_gap=tally.total_gap / tally.count,
                people=tuple(Short(pid, name, value, gap) for gap, name, pid, value in furthest),
                assessed=tally.assessed,
            )
        )
    gaps.sort(key=lambda g: (not g.trainable, -g.count, -g.mean_gap, g.key))
    return gaps
