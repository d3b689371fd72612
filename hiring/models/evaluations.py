"""A candidate's evaluation, stored when its inputs change, so lists sort and filter in SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, func, literal_column
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from hiring.models.base import Base, UTCDateTime, in_range, utcnow


class StoredEvaluation(Base):
    """The figures of a candidate's result against the role profile of their interviews, as
    computed from the submitted scorecards by :mod:`hiring.services.evaluations`. Written when a
    scorecard is submitted, an interview scheduled or the candidate's facts edited, and by
    ``hiring results rebuild``; never by viewing a page. The independence rule is applied when
    the values are read, per viewer, exactly as for a result computed on the spot."""

    __tablename__ = "stored_evaluations"
    __table_args__ = (
        in_range("fit", 0, 1),
        in_range("coverage", 0, 1),
        in_range("score", 0, 1),
        in_range("kam_level", 0, 3),
        in_range("floors_not_met", 0),
        in_range("red_flags", 0),
        in_range("assessors", 0),
        in_range("pending", 0),
    )

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    opening_id: Mapped[int | None] = mapped_column(ForeignKey("openings.id", ondelete="SET NULL"))
    """The candidate's opening, kept here too so that a list of one opening sorted by a figure
    reads an index in order and stops after a page, whatever the opening's size."""
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("rubric_snapshots.id"))
    """The rubric the figures compare with (the newest among the candidate's interviews)."""
    role_key: Mapped[str | None] = mapped_column(String(64))
    fit: Mapped[float | None]
    coverage: Mapped[float | None]
    score: Mapped[float | None]
    """``sum(weight x attainment) / sum(weight of all)``: ranks without rewarding a few
    assessed competencies (see :class:`hiring.domain.evaluation.RoleRanking`)."""
    kam_level: Mapped[int | None]
    floors_not_met: Mapped[int] = mapped_column(default=0)
    floor_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    """The competencies below their floor (a question for the people deciding, no verdict)."""
    red_flags: Mapped[int] = mapped_column(default=0)
    """How many of the classic mistakes the panel saw (each counted once)."""
    assessors: Mapped[int] = mapped_column(default=0)
    """Submitted scorecards counted in the figures."""
    pending: Mapped[int] = mapped_column(default=0)
    """Scorecards assigned but not yet submitted."""
    panel_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """Competency key to the panel's value (null when not assessed), for side-by-side views."""
    computed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    """None: not computed yet (a row made by an upgrade; ``hiring results rebuild --missing``)."""


class PanelShare(Base):
    """A candidate's share of the panel statistics, as added to the buckets below
    (:class:`hiring.domain.panel_statistics.Contribution` with its ``opening`` and ``month``;
    ``{}`` when it adds nothing). Every candidate has a row from the moment it is stored;
    ``stats`` NULL: not computed yet, as an upgrade leaves it (``hiring results rebuild
    --missing``), found through a partial index at the cost of what is missing."""

    __tablename__ = "panel_shares"

    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=dict)


Index(
    "ix_panel_shares_missing",
    PanelShare.candidate_id,
    sqlite_where=PanelShare.stats.is_(None),
    postgresql_where=PanelShare.stats.is_(None),
)
"""The few shares still to compute: what the panel quality page counts on every view."""


class PanelBucket(Base):
    """Candidates whose scorecards add to the panel statistics, by opening and by the month of
    their latest submitted scorecard: the buckets the panel quality page sums."""

    __tablename__ = "panel_buckets"

    opening_key: Mapped[int] = mapped_column(primary_key=True)
    """The opening's id, 0 for candidates without one, -1 for all openings together (a key,
    not a reference: an opening's statistics outlive nothing and need no cascade)."""
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    """``YYYY-MM``, UTC; ``*`` for the sums of every month (kept beside the months')."""
    candidates: Mapped[int] = mapped_column(default=0)


class PanelItemBucket(Base):
    """The one-way ICC's sums (:class:`hiring.domain.agreement.ItemSums`) of a bucket's items
    of one competency."""

    __tablename__ = "panel_item_buckets"

    opening_key: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    competency: Mapped[str] = mapped_column(String(64), primary_key=True)
    items: Mapped[int] = mapped_column(default=0)
    ratings: Mapped[int] = mapped_column(default=0)
    size_squares: Mapped[float] = mapped_column(default=0.0)
    total: Mapped[float] = mapped_column(default=0.0)
    item_totals: Mapped[float] = mapped_column(default=0.0)
    squares: Mapped[float] = mapped_column(default=0.0)


class PanelPairBucket(Base):
    """One cell (first, second) of the coincidence matrix of a bucket's items of one
    competency (Krippendorff's alpha)."""

    __tablename__ = "panel_pair_buckets"

    opening_key: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    competency: Mapped[str] = mapped_column(String(64), primary_key=True)
    first: Mapped[float] = mapped_column(primary_key=True)
    second: Mapped[float] = mapped_column(primary_key=True)
    weight: Mapped[float] = mapped_column(default=0.0)


class PanelRaterBucket(Base):
    """An interviewer's calibration in a bucket: the candidates and items they shared with a
    colleague and the sum of their differences from the colleagues' mean."""

    __tablename__ = "panel_rater_buckets"

    opening_key: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    rater_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    candidates: Mapped[int] = mapped_column(default=0)
    items: Mapped[int] = mapped_column(default=0)
    difference_sum: Mapped[float] = mapped_column(default=0.0)


FIGURES = ("fit", "score", "coverage", "kam_level")
UNKNOWN: ColumnElement[float] = literal_column("-1")
"""Sorts below every figure (all are 0 or more): unknown and withheld figures come last. A
literal, not a parameter, so that the ORDER BY is the indexed expression itself."""


def sort_key(figure: str) -> ColumnElement[float]:
    """The indexed sort expression of a figure: its value, unknown as :data:`UNKNOWN`."""
    return func.coalesce(getattr(StoredEvaluation, figure), UNKNOWN)


Index("ix_stored_evaluations_pending", StoredEvaluation.pending)
"""The few candidates with a scorecard still to submit: where overdue scorecards are sought."""

for _figure in FIGURES:
    # Every candidate has a row (made with the candidate), so the lists join these indexes in
    # order: all candidates, or one opening's, by a figure, then by candidate number.
    Index(
        f"ix_stored_evaluations_{_figure}",
        sort_key(_figure).desc(),
        StoredEvaluation.candidate_id,
    )
    Index(
        f"ix_stored_evaluations_opening_{_figure}",
        StoredEvaluation.opening_id,
        sort_key(_figure).desc(),
        StoredEvaluation.candidate_id,
    )
