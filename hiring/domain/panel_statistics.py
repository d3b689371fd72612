"""One candidate's share of the panel statistics, kept so that panel quality can be read at any
scale without reading a single score.

Both reliability measures of :mod:`hiring.domain.agreement` are sums over items (the one-way
ICC's :class:`ItemSums` and the coincidence matrix of Krippendorff's alpha), and so is an
interviewer's calibration (shared items and the sum of their differences from colleagues). A
candidate's items add the same amounts to those sums whoever else is counted, so each
candidate's :class:`Contribution` is computed when their scorecards change and added to running
totals; the totals of any set of candidates are the sum of their contributions, and leaving a
candidate out is subtracting theirs.

What counts: for each interviewer, their latest submitted score per competency (a later
interview's scorecard replaces an earlier one's); a competency not assessed is left out; an item
(a candidate's competency) counts when two or more interviewers scored it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from hiring.domain.agreement import ItemStatistics, ItemSums, coincidences, item_sums


@dataclass(frozen=True)
class RaterScore:
    rater: int
    competency: str
    score: int


@dataclass(frozen=True)
class RaterShare:
    """An interviewer's calibration from one candidate: the items they shared with at least one
    colleague and the sum over them of (their score - the colleagues' mean)."""

    items: int
    difference_sum: float


@dataclass(frozen=True)
class Contribution:
    competencies: Mapping[str, ItemStatistics] = field(default_factory=dict)
    raters: Mapping[int, RaterShare] = field(default_factory=dict)

    @property
    def counts(self) -> bool:
        """Whether the candidate adds anything (an item scored by two or more)."""
        return bool(self.competencies)

    def as_json(self) -> dict[str, Any]:
        return {
            "competencies": {
                key: {
                    "sums": [
                        s.sums.items,
                        s.sums.ratings,
                        s.sums.size_squares,
                        s.sums.total,
                        s.sums.item_totals,
                        s.sums.squares,
                    ],
                    "pairs": [[c, k, o] for (c, k), o in sorted(s.matrix.items())],
                }
                for key, s in sorted(self.competencies.items())
            },
            "raters": {
                str(rater): [share.items, share.difference_sum]
                for rater, share in sorted(self.raters.items())
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Contribution:
        competencies = {
            key: ItemStatistics(
                ItemSums(*value["sums"]),
                {(c, k): o for c, k, o in value["pairs"]},
            )
            for key, value in data.get("competencies", {}).items()
        }
        raters = {
            int(rater): RaterShare(int(items), float(total))
            for rater, (items, total) in data.get("raters", {}).items()
        }
        return cls(competencies, raters)


def contribution(scores: Iterable[RaterScore]) -> Contribution:
    """One candidate's contribution, from each interviewer's one score per competency (a
    second score for the same interviewer and competency is an error: choose the latest
    before calling)."""
    by_item: dict[str, dict[int, int]] = defaultdict(dict)
    for s in scores:
        if s.rater in by_item[s.competency]:
            raise ValueError(f"two scores of rater {s.rater} for {s.competency!r}")
        by_item[s.competency][s.rater] = s.score
    competencies: dict[str, ItemStatistics] = {}
    raters: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])
    for key, given in sorted(by_item.items()):
        if len(given) < 2:
            continue
        values = list(given.values())
        matrix, _ = coincidences([values])
        competencies[key] = ItemStatistics(item_sums([values]), dict(matrix))
        total = sum(values)
        for rater, score in given.items():
            share = raters[rater]
            share[0] += 1
            share[1] += score - (total - score) / (len(values) - 1)
    return Contribution(
        competencies,
        {rater: RaterShare(int(items), total) for rater, (items, total) in raters.items()},
    )
