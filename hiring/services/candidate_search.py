"""The recruiter's candidate list and its CSV export: one filter, one order, one set of rows,
shared by the web page, the CSV download and (later) the API.

Everything happens in SQL on the stored evaluations (:mod:`hiring.services.evaluations`): the
list reads one page, however many candidates there are, and the export streams its rows. The
independence rule is applied per row (:func:`policy.withheld_candidates`), and a withheld
figure sorts as unknown, so the order cannot reveal it either.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, case, false
from sqlalchemy.orm import defer, selectinload

from hiring.domain.records import whole_number
from hiring.domain.search_text import fold
from hiring.extensions import db
from hiring.i18n import gettext as _
from hiring.labels import STATUS_LABELS
from hiring.models import CANDIDATE_STATUSES, Candidate, StoredEvaluation, User
from hiring.models.evaluations import UNKNOWN, sort_key
from hiring.services.policy import SelectT, visible_candidates, withheld_candidates

SORTS = ("score", "newest", "fit", "coverage", "level", "name", "status")
DEFAULT_SORT = "score"
"""The share of the whole profile attained: a candidate with one assessed competency and fit
1.0 does not rank above one fully assessed at 0.985 (fit and coverage stay shown)."""
SORT_FIGURES = {"fit": "fit", "score": "score", "coverage": "coverage", "level": "kam_level"}
"""The orders by a stored figure, to the figure's column."""
PAGE_SIZES = (25, 50, 100)
EXPORT_BATCH = 500
"""Rows fetched per round trip when the CSV export streams."""


@dataclass(frozen=True)
class CandidateFilter:
    """What the list shows: a search text (name, email, notes), an opening, a status, an
    order, and which page of how many rows. Built from request arguments; anything unknown
    falls back to the default."""

    q: str = ""
    opening: int | None = None
    status: str = ""
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = PAGE_SIZES[0]

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> CandidateFilter:
        def number(name: str) -> int | None:
            text = str(args.get(name) or "")
            return whole_number(text)

        status = str(args.get("status") or "")
        sort = str(args.get("sort") or DEFAULT_SORT)
        per_page = number("per_page")
        return cls(
            q=str(args.get("q") or "").strip()[:200],
            opening=number("opening"),
            status=status if status in CANDIDATE_STATUSES else "",
            sort=sort if sort in SORTS else DEFAULT_SORT,
            page=max(1, number("page") or 1),
            per_page=per_page if per_page in PAGE_SIZES else PAGE_SIZES[0],
        )

    def as_args(self, **changes: Any) -> dict[str, Any]:
        """The filter as query arguments (for links that keep it), without the defaults."""
        chosen = replace(self, **changes)
        values = {
            "q": chosen.q,
            "opening": chosen.opening,
            "status": chosen.status,
            "sort": chosen.sort if chosen.sort != DEFAULT_SORT else None,
            "page": chosen.page if chosen.page != 1 else None,
            "per_page": chosen.per_page if chosen.per_page != PAGE_SIZES[0] else None,
        }
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class CandidateRow:
    """One candidate of the list with their stored figures, or none where the viewer may not
    see them yet (``withheld``) or none are stored."""

    candidate: Candidate
    evaluation: StoredEvaluation | None
    withheld: bool

    @property
    def computed(self) -> bool:
        """False for a row an upgrade made, whose figures ``hiring results rebuild`` computes."""
        return self.evaluation is not None and self.evaluation.computed_at is not None

    @property
    def figures(self) -> StoredEvaluation | None:
        return None if self.withheld else self.evaluation

    @property
    def fit(self) -> float | None:
        return self.figures.fit if self.figures else None

    @property
    def coverage(self) -> float | None:
        return self.figures.coverage if self.figures else None

    @property
    def score(self) -> float | None:
        return self.figures.score if self.figures else None

    @property
    def kam_level(self) -> int | None:
        return self.figures.kam_level if self.figures else None

    @property
    def floor_keys(self) -> list[str]:
        return list(self.figures.floor_keys) if self.figures else []

    @property
    def assessors(self) -> int:
        return self.evaluation.assessors if self.evaluation else 0

    @property
    def pending(self) -> int:
        return self.evaluation.pending if self.evaluation else 0


@dataclass(frozen=True)
class Page:
    rows: list[CandidateRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        """The 1-based position of the page's first row (0 when empty)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def _filtered(
    query: SelectT, wanted: CandidateFilter, opening: Any = Candidate.opening_id
) -> SelectT:
    """``opening``: the column the opening filter uses (the stored copy, when the order is by
    a figure and its index begins with it)."""
    if wanted.q and fold(wanted.q):
        # the stored text is folded as the query is: case, accents and hyphens alike on
        # SQLite and PostgreSQL (see hiring.domain.search_text); LIKE's own wildcards in
        # what was typed are searched for as themselves
        typed = fold(wanted.q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Candidate.search_text.like(f"%{typed}%", escape="\\"))
    if wanted.opening:
        query = query.where(opening == wanted.opening)
    if wanted.status:
        query = query.where(Candidate.status == wanted.status)
    return query


def _query(wanted: CandidateFilter, viewer: User) -> Select[Any]:
    """The filtered rows in the wanted order. Sorting by a figure reads the figure's index in
    order (of all candidates, or after the opening) and stops after a page; the candidates
    whose figures are withheld from the viewer (a handful, fetched first) sort as unknown,
    so the order cannot reveal them either. Ties go by candidate number."""
    hidden = list(db.session.execute(withheld_candidates(viewer)).scalars())
    withheld = Candidate.id.in_(hidden) if hidden else false()
    query = visible_candidates(
        viewer,
        db.select(Candidate, StoredEvaluation, withheld.label("withheld")).join(
            StoredEvaluation, StoredEvaluation.candidate_id == Candidate.id
        ),
    )
    figure = SORT_FIGURES.get(wanted.sort)
    # by a figure, one opening is read through the figure index that begins with its stored
    # copy; otherwise through the candidate's own (newest first begins with it)
    opening = StoredEvaluation.opening_id if figure else Candidate.opening_id
    # the per-competency values are for documents, not lists: never loaded with a row
    query = _filtered(query, wanted, opening).options(
        defer(StoredEvaluation.panel_values, raiseload=True)
    )
    order: list[Any]
    if figure is not None:
        key = sort_key(figure)
        if hidden:
            key = case((withheld, UNKNOWN), else_=key)
        order = [key.desc(), StoredEvaluation.candidate_id]
    elif wanted.sort == "name":
        order = [db.func.lower(Candidate.name), Candidate.id]
    elif wanted.sort == "status":
        order = [Candidate.status, db.func.lower(Candidate.name), Candidate.id]
    else:
        order = [Candidate.created_at.desc(), Candidate.id.desc()]
    return query.order_by(*order)


def _count_query(wanted: CandidateFilter, viewer: User) -> Select[Any]:
    query = _filtered(visible_candidates(viewer, db.select(Candidate.id)), wanted)
    return db.select(db.func.count()).select_from(query.subquery())


def _count(wanted: CandidateFilter, viewer: User) -> int:
    return int(db.session.execute(_count_query(wanted, viewer)).scalar_one())


def candidate_page(wanted: CandidateFilter, viewer: User) -> Page:
    """One page of the candidates the filter selects and ``viewer`` may see, in the chosen
    order, with a count of them all: a fixed number of queries of a fixed size."""
    total = _count(wanted, viewer)
    pages = max(1, math.ceil(total / wanted.per_page))
    page = min(wanted.page, pages)
    query = (
        _query(wanted, viewer)
        .options(selectinload(Candidate.opening))
        .limit(wanted.per_page)
        .offset((page - 1) * wanted.per_page)
    )
    rows = [
        CandidateRow(candidate, evaluation, bool(withheld))
        for candidate, evaluation, withheld in db.session.execute(query)
    ]
    return Page(rows, total, page, wanted.per_page)


SHORTLIST_CAP = 30
"""At most this many candidates side by side (a page that stays readable and fast)."""
SHORTLIST_DEFAULT = 10
"""Without a choice, the shortlist shows this many: the best by stored score."""


@dataclass(frozen=True)
class ShortlistChoice:
    ids: list[int]
    cut: int
    """How many chosen candidates were left out by the cap."""


def choose_for_shortlist(opening_id: int, chosen: Sequence[int], viewer: User) -> ShortlistChoice:
    """Which candidates of the opening to compare: the ``chosen`` ones (those of this opening
    that ``viewer`` may see, at most ``SHORTLIST_CAP``), or without a choice the best
    ``SHORTLIST_DEFAULT`` who are neither rejected nor withdrawn, by stored score, a withheld
    score counting as unknown (so the choice cannot reveal it either)."""
    wanted = CandidateFilter(opening=opening_id, sort="score")
    query = _query(wanted, viewer).with_only_columns(Candidate.id)
    if chosen:
        query = query.where(Candidate.id.in_(list(dict.fromkeys(chosen))))
        found = list(db.session.execute(query).scalars())
        return ShortlistChoice(found[:SHORTLIST_CAP], max(0, len(found) - SHORTLIST_CAP))
    query = query.where(Candidate.status.not_in(("rejected", "withdrawn"))).limit(SHORTLIST_DEFAULT)
    return ShortlistChoice(list(db.session.execute(query).scalars()), 0)


def export_rows(wanted: CandidateFilter, viewer: User) -> Iterator[list[object]]:
    """Every row the filter selects (all pages), fetched ``EXPORT_BATCH`` at a time and
    forgotten once written, so an export of any size runs in constant memory."""
    query = _query(wanted, viewer).options(selectinload(Candidate.opening))
    result = db.session.execute(query.execution_options(yield_per=EXPORT_BATCH))
    while partition := result.fetchmany(EXPORT_BATCH):
        for candidate, evaluation, withheld in partition:
            yield csv_row(CandidateRow(candidate, evaluation, bool(withheld)))
            for done in (candidate, evaluation):
                if done is not None:
                    db.session.expunge(done)
        # Let the batch go before the next is fetched (``Result.partitions()`` would hold it
        # while fetching the next, two batches in memory at the peak).
        del partition, candidate, evaluation


def csv_header() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Opening"),
        _("Status"),
        _("Source"),
        _("Share of the profile attained"),
        _("Fit"),
        _("Coverage"),
        _("KAM level"),
        _("Floors not met"),
        _("Years of sales experience"),
        _("Years of KAM experience"),
        _("Languages"),
    ]


def csv_row(row: CandidateRow) -> list[object]:
    """One candidate as a CSV row; withheld or unknown figures are empty cells."""
    c = row.candidate
    return [
        c.name,
        c.email,
        c.phone,
        c.opening.title if c.opening else "",
        str(STATUS_LABELS[c.status]),
        c.source,
        None if row.score is None else round(row.score, 4),
        None if row.fit is None else round(row.fit, 4),
        None if row.coverage is None else round(row.coverage, 4),
        row.kam_level,
        ", ".join(row.floor_keys),
        c.sales_experience_years,
        c.kam_experience_years,
        c.languages,
    ]
