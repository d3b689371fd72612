"""Panel quality: how far interview panels agree, competency by competency, and how each
interviewer's scores sit against their colleagues' on the same candidates.

Both are sums over candidates (:mod:`hiring.domain.panel_statistics`), so they are kept rather
than recomputed: when a candidate's scorecards change, :func:`refresh_panel_statistics`
(called with their stored evaluation) computes the candidate's share, stores it
(``panel_shares``), and adds the difference from the share stored before to running totals
by opening and month, and for all months and all openings together too (the
``panel_*_buckets`` tables; month ``*``, opening ``-1``). The page then sums the buckets of its
scope, a few rows per competency and one per interviewer, whatever the number of candidates:

- **agreement**: per competency, the one-way ICC's sums and Krippendorff's coincidence matrix
  over the (candidate, competency) items scored by two or more interviewers, turned into
  figures by the pure domain; the pooled figure is their sum;
- **calibration**: per interviewer, over every item they scored together with at least one
  colleague, their score minus the mean of the colleagues' scores on it; the mean of those
  differences, with the number of shared candidates. Under :data:`MIN_SHARED_CANDIDATES`
  shared candidates it is "too few to say" and no figure is shown.

Counted: candidacies, never a manager's assessment of a representative; for each interviewer
their latest submitted score per competency. The independence rule binds this page as every
other: the shares of the candidates on whose panel the viewer has a scorecard not yet
submitted are taken out of every figure they are shown
(:func:`hiring.services.policy.withheld_candidates`), so nobody learns colleagues' scores, or
their calibration on shared candidates, before submitting their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.elements import ColumnElement

from hiring.domain.agreement import (
    ItemStatistics,
    ItemSums,
    PanelAgreement,
    panel_agreement_of,
)
from hiring.domain.panel_statistics import RaterScore, contribution
from hiring.domain.reliability import DEFAULT_LENIENCY_THRESHOLD, tendency
from hiring.extensions import db
from hiring.models import (
    Candidate,
    Interview,
    Opening,
    PanelBucket,
    PanelItemBucket,
    PanelPairBucket,
    PanelRaterBucket,
    PanelShare,
    StoredEvaluation,
    User,
)
from hiring.services.policy import withheld_candidates

MIN_SHARED_CANDIDATES = 5
"""Below this many candidates shared with colleagues an interviewer's calibration is "too few
to say": a mean difference over one or two candidates mostly measures those candidates."""

CALIBRATION_THRESHOLD = DEFAULT_LENIENCY_THRESHOLD
"""A mean difference of at least this many scale points reads as lenient (or severe when
negative), as in ``hiring reliability``."""


@dataclass(frozen=True)
class Calibration:
    interviewer_id: int
    name: str
    candidates: int
    """Candidates this interviewer scored together with at least one colleague."""
    items: int
    """(candidate, competency) pairs behind the mean."""
    mean_difference: float | None
    """None when ``candidates`` is under :data:`MIN_SHARED_CANDIDATES`."""
    tendency: str
    """``lenient``, ``severe``, ``in_line`` or ``too_few``."""


@dataclass(frozen=True)
class PanelQuality:
    opening: Opening | None
    agreement: PanelAgreement
    candidates: int
    """Candidates in scope scored by two or more interviewers (the ones the figures use)."""
    calibration: list[Calibration]
    withheld: int
    """Candidates in scope left out because the viewer has not yet submitted on them."""
    missing: int = 0
    """Candidates in scope with submitted scorecards whose share is not computed yet."""


_RESIDUE = 1e-9
"""A bucket value that has been added and taken away again can keep a rounding residue."""


# --- kept when scorecards change --------------------------------------------------------------


def _stats_of(purpose: str, interviews: Sequence[Interview], opening_key: int) -> dict[str, Any]:
    """A candidate's stored share: their contribution with the opening and the month of their
    latest counted scorecard; ``{}`` when it adds nothing (a manager's assessment never does)."""
    if purpose == "assessment":
        return {}
    latest: dict[tuple[int, str], tuple[datetime, int]] = {}
    for interview in interviews:
        for card in interview.scorecards:
            revision = card.submitted
            if revision is None or revision.submitted_at is None:
                continue
            when = revision.submitted_at
            for rating in revision.ratings:
                if rating.score is None:
                    continue
                key = (card.interviewer_id, rating.competency_key)
                if key not in latest or when >= latest[key][0]:
                    latest[key] = (when, rating.score)
    share = contribution(
        RaterScore(rater, competency, score) for (rater, competency), (_, score) in latest.items()
    )
    if not share.counts:
        return {}
    month = max(when for when, _ in latest.values()).strftime("%Y-%m")
    return {"opening": opening_key, "month": month, **share.as_json()}


class _Deltas:
    """What a set of changed shares adds to (and takes from) each bucket."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[int, str], int] = defaultdict(int)
        self.items: dict[tuple[int, str, str], list[float]] = defaultdict(lambda: [0.0] * 6)
        self.pairs: dict[tuple[int, str, str, float, float], float] = defaultdict(float)
        self.raters: dict[tuple[int, str, int], list[float]] = defaultdict(lambda: [0, 0, 0.0])

    def add(self, stats: Mapping[str, Any], sign: int, *, totals: bool = True) -> None:
        """Add ``stats`` (a share) to its opening's and month's buckets and, with ``totals``,
        to the buckets of all months, of all openings, and of both: each scope of the page then
        reads one row per competency and cell, whatever the number of months and openings."""
        if totals:
            for opening in (stats["opening"], ALL_OPENINGS):
                for month in (stats["month"], ALL_TIME):
                    if (opening, month) != (stats["opening"], stats["month"]):
                        self.add({**stats, "opening": opening, "month": month}, sign,
                                 totals=False)  # fmt: skip
        key = (int(stats["opening"]), str(stats["month"]))
        self.buckets[key] += sign
        for competency, values in stats["competencies"].items():
            sums = self.items[(*key, competency)]
            for index, value in enumerate(values["sums"]):
                sums[index] += sign * value
            for first, second, weight in values["pairs"]:
                self.pairs[(*key, competency, float(first), float(second))] += sign * weight
        for rater, (items, difference_sum) in stats["raters"].items():
            share = self.raters[(*key, int(rater))]
            share[0] += sign
            share[1] += sign * items
            share[2] += sign * difference_sum

    def apply(self) -> None:
        """Add every non-zero delta to its bucket in one statement per table, rows in key
        order (concurrent writers then lock shared rows in the same order)."""
        _add_to(
            PanelBucket,
            [
                {"opening_key": o, "month": m, "candidates": n}
                for (o, m), n in sorted(self.buckets.items())
                if n
            ],
        )
        _add_to(
            PanelItemBucket,
            [
                {
                    "opening_key": o,
                    "month": m,
                    "competency": c,
                    **dict(zip(_SUMS, sums, strict=True)),
                }
                for (o, m, c), sums in sorted(self.items.items())
                if any(sums)
            ],
        )
        _add_to(
            PanelPairBucket,
            [
                {"opening_key": o, "month": m, "competency": c, "first": f, "second": s,
                 "weight": w}
                for (o, m, c, f, s), w in sorted(self.pairs.items())
                if w
            ],
        )  # fmt: skip
        _add_to(
            PanelRaterBucket,
            [
                {"opening_key": o, "month": m, "rater_id": r, "candidates": n, "items": i,
                 "difference_sum": d}
                for (o, m, r), (n, i, d) in sorted(self.raters.items())
                if n or i or d
            ],
        )  # fmt: skip


ALL_OPENINGS = -1
"""The opening key of the buckets that hold every opening's sums (0 is "no opening")."""
ALL_TIME = "*"
"""The month of the buckets that hold every month's sums (each share is added to its month's
buckets and to these)."""

_SUMS = ("items", "ratings", "size_squares", "total", "item_totals", "squares")


def _add_to(model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert the rows, or add their values to the rows already there (an upsert)."""
    if not rows:
        return
    table = model.__table__
    keys = [c.name for c in table.primary_key.columns]
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table)
    added = {name: table.c[name] + statement.excluded[name] for name in rows[0] if name not in keys}
    db.session.execute(statement.on_conflict_do_update(index_elements=keys, set_=added), rows)


def refresh_panel_statistics(
    candidates: Sequence[Candidate], interviews: Mapping[int, Sequence[Interview]]
) -> None:
    """Recompute these candidates' shares of the panel statistics and move the difference into
    the buckets. Their stored rows are locked first (PostgreSQL), so two requests refreshing
    one candidate at once cannot both take the old share away. A fixed number of statements."""
    ids = [c.id for c in candidates]
    if not ids:
        return
    purposes: dict[int, str] = {
        cid: purpose
        for cid, purpose in db.session.execute(
            select(Candidate.id, Candidate.purpose).where(Candidate.id.in_(ids))
        )
    }
    shares = {
        share.candidate_id: share
        for share in db.session.execute(
            select(PanelShare)
            .where(PanelShare.candidate_id.in_(ids))
            .order_by(PanelShare.candidate_id)
            .with_for_update()
        ).scalars()
    }
    deltas = _Deltas()
    for candidate in candidates:
        new = _stats_of(purposes[candidate.id], interviews[candidate.id], candidate.opening_id or 0)
        share = shares.get(candidate.id)
        if share is None:
            db.session.add(PanelShare(candidate_id=candidate.id, stats=new))
        elif share.stats != new:
            if share.stats:
                deltas.add(share.stats, -1)
            share.stats = new
        else:
            continue
        if new:
            deltas.add(new, +1)
    deltas.apply()


def panel_statistics_missing() -> ColumnElement[bool]:
    """A candidate whose share was never computed: its row has no statistics (every candidate
    has a row, ``{}`` when it adds nothing, from the moment it is stored; an upgrade leaves
    NULL until ``hiring results rebuild --missing``), or, for a candidate written outside the
    services, no row at all."""
    computed = select(PanelShare.candidate_id).where(
        PanelShare.candidate_id == Candidate.id, PanelShare.stats.is_not(None)
    )
    return ~computed.exists()


def reset_panel_statistics() -> None:
    """Empty every bucket and mark every share as not computed (before recomputing them)."""
    for model in (PanelBucket, PanelItemBucket, PanelPairBucket, PanelRaterBucket):
        db.session.execute(delete(model))
    db.session.execute(update(PanelShare).values(stats=None))


# --- read by the page -------------------------------------------------------------------------


def _scope(model: Any, opening: Opening | None, since: datetime | None) -> list[Any]:
    conditions = [model.opening_key == (ALL_OPENINGS if opening is None else opening.id)]
    if since is None:
        conditions.append(model.month == ALL_TIME)
    else:
        conditions += [model.month != ALL_TIME, model.month >= since.strftime("%Y-%m")]
    return conditions


def _in_scope(stats: Mapping[str, Any], opening: Opening | None, since: datetime | None) -> bool:
    if not stats:
        return False
    if opening is not None and stats["opening"] != opening.id:
        return False
    return since is None or stats["month"] >= since.strftime("%Y-%m")


def panel_quality(
    viewer: User, opening: Opening | None = None, since: datetime | None = None
) -> PanelQuality:
    """The panels' agreement and the interviewers' calibration for one opening or every
    candidacy, from the scorecards of the months since ``since`` (or ever), as ``viewer`` may
    see them: the shares of the candidates they have not yet scored are taken out. A fixed
    number of statements, each reading buckets, whatever the number of candidates."""
    totals = _Deltas()
    for competency, *sums in db.session.execute(
        select(PanelItemBucket.competency, *(func.sum(getattr(PanelItemBucket, n)) for n in _SUMS))
        .where(*_scope(PanelItemBucket, opening, since))
        .group_by(PanelItemBucket.competency)
    ):
        totals.items[(0, "", competency)] = [float(v or 0) for v in sums]
    for competency, first, second, weight in db.session.execute(
        select(PanelPairBucket.competency, PanelPairBucket.first, PanelPairBucket.second,
               func.sum(PanelPairBucket.weight))
        .where(*_scope(PanelPairBucket, opening, since))
        .group_by(PanelPairBucket.competency, PanelPairBucket.first, PanelPairBucket.second)
    ):  # fmt: skip
        totals.pairs[(0, "", competency, float(first), float(second))] = float(weight or 0)
    names: dict[int, str] = {}
    for rater, name, candidates, items, difference_sum in db.session.execute(
        select(PanelRaterBucket.rater_id, User.name, func.sum(PanelRaterBucket.candidates),
               func.sum(PanelRaterBucket.items), func.sum(PanelRaterBucket.difference_sum))
        .join(User, User.id == PanelRaterBucket.rater_id)
        .where(*_scope(PanelRaterBucket, opening, since))
        .group_by(PanelRaterBucket.rater_id, User.name)
    ):  # fmt: skip
        names[rater] = name
        totals.raters[(0, "", rater)] = [int(candidates or 0), int(items or 0),
                                         float(difference_sum or 0)]  # fmt: skip
    counted = db.session.execute(
        select(func.sum(PanelBucket.candidates)).where(*_scope(PanelBucket, opening, since))
    ).scalar()
    totals.buckets[(0, "")] = int(counted or 0)
    withheld = _withheld_shares(viewer, opening)
    for stats in withheld:
        if _in_scope(stats, opening, since):
            totals.add({**stats, "opening": 0, "month": ""}, -1, totals=False)
    return PanelQuality(
        opening=opening,
        agreement=panel_agreement_of(_statistics(totals)),
        candidates=totals.buckets[(0, "")],
        calibration=_calibration(totals, names),
        withheld=len(withheld),
        missing=_missing_count(opening),
    )


def _statistics(totals: _Deltas) -> dict[str, ItemStatistics]:
    matrices: dict[str, dict[tuple[float, float], float]] = defaultdict(dict)
    for (_, _, competency, first, second), weight in totals.pairs.items():
        if weight > _RESIDUE:
            matrices[competency][(first, second)] = weight
    return {
        competency: ItemStatistics(
            ItemSums(round(sums[0]), round(sums[1]), *sums[2:]), matrices.get(competency, {})
        )
        for (_, _, competency), sums in sorted(totals.items.items())
        if round(sums[0]) > 0
    }


def _tendency(candidates: int, mean: float | None) -> str:
    """The domain's reading of a mean deviation (as ``hiring reliability`` prints it), or
    ``too_few`` under the minimum of shared candidates."""
    if candidates < MIN_SHARED_CANDIDATES or mean is None:
        return "too_few"
    return tendency(mean, CALIBRATION_THRESHOLD).replace(" ", "_")


def _calibration(totals: _Deltas, names: Mapping[int, str]) -> list[Calibration]:
    lines = []
    for (_, _, rater), (candidates, items, difference_sum) in totals.raters.items():
        candidates, items = round(candidates), round(items)
        if items <= 0:
            continue
        enough = candidates >= MIN_SHARED_CANDIDATES
        mean = difference_sum / items if enough else None
        lines.append(
            Calibration(rater, names[rater], candidates, items, mean, _tendency(candidates, mean))
        )
    return sorted(lines, key=lambda line: (line.name, line.interviewer_id))


def _withheld_shares(viewer: User, opening: Opening | None) -> list[dict[str, Any]]:
    """The shares of the candidacies in the opening (or any) that ``viewer`` has not yet
    scored, one each (``{}`` where none is stored): a handful for anyone, the independence
    rule's side of the page."""
    query = (
        select(PanelShare.stats)
        .select_from(Candidate)
        .outerjoin(PanelShare, PanelShare.candidate_id == Candidate.id)
        .where(Candidate.id.in_(withheld_candidates(viewer)), Candidate.purpose != "assessment")
    )
    if opening is not None:
        query = query.where(Candidate.opening_id == opening.id)
    return [stats or {} for stats in db.session.execute(query).scalars()]


def _missing_count(opening: Opening | None) -> int:
    """Candidacies in scope with submitted scorecards and no share yet: read from the partial
    index of shares without statistics, so the cost is what is missing, not the number of
    candidates."""
    assessed = select(StoredEvaluation.candidate_id).where(
        StoredEvaluation.candidate_id == PanelShare.candidate_id, StoredEvaluation.assessors > 0
    )
    query = (
        select(func.count())
        .select_from(PanelShare)
        .join(Candidate, Candidate.id == PanelShare.candidate_id)
        .where(PanelShare.stats.is_(None), assessed.exists(), Candidate.purpose != "assessment")
    )
    if opening is not None:
        # "+ 0": not through the opening's index, which would read all of its candidates
        # (5,000 at 50,000: 11 ms); the few shares missing are read first, then their opening
        query = query.where(Candidate.opening_id + 0 == opening.id)
    return int(db.session.execute(query).scalar() or 0)
