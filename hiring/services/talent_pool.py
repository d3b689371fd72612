"""The talent pool: a manager's representatives (every team's, for an administrator) ranked,
filtered and paged in SQL on the figures stored with each person
(:func:`hiring.services.evaluations.refresh_standings`); nobody is evaluated while a page is
viewed, and no page reads more rows as the pool grows. The 9-box's cells are filters of it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from flask import current_app
from sqlalchemy import Select, case
from sqlalchemy.sql.elements import ColumnElement

from hiring.domain.nine_box import Box, Thresholds, box_of_key
from hiring.domain.readiness import KNOWN_COVERAGE, VERDICTS
from hiring.domain.records import whole_number
from hiring.extensions import db
from hiring.i18n import gettext as _
from hiring.labels import READINESS_LABELS
from hiring.models import Person, User
from hiring.models.people import UNRANKED, standing_key
from hiring.services.policy import sees_every_team, visible_people, withheld_people

POOL_SORTS = ("kam_score", "kam_fit", "performance", "name")
PAGE_SIZES = (25, 50, 100)
RECOMMENDING = ("ready_now", "ready_with_development")
"""The verdicts that recommend moving someone into the role: shown as such only with an
independent rater besides the person's own manager."""
AWAITING = "awaiting_independent"
NOT_ASSESSED = "not_assessed"
READINESS_FILTERS = (*VERDICTS, AWAITING, NOT_ASSESSED)
EXPORT_BATCH = 500


@dataclass(frozen=True)
class PoolFilter:
    """What the talent pool shows; anything unknown in the request falls back to the default."""

    team: str = ""
    territory: str = ""
    readiness: str = ""
    level: int | None = None
    box: str = ""
    """A 9-box cell, ``"high-medium"`` (performance band, then fit band)."""
    sort: str = "kam_score"
    page: int = 1
    per_page: int = PAGE_SIZES[0]

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> PoolFilter:
        def number(name: str) -> int | None:
            text = str(args.get(name) or "")
            return whole_number(text)

        readiness = str(args.get("readiness") or "")
        sort = str(args.get("sort") or "")
        level = number("level")
        per_page = number("per_page")
        return cls(
            team=str(args.get("team") or "").strip()[:120],
            territory=str(args.get("territory") or "").strip()[:120],
            readiness=readiness if readiness in READINESS_FILTERS else "",
            level=level if level is not None and level <= 3 else None,
            box=box if box_of_key(box := str(args.get("box") or "")) else "",
            sort=sort if sort in POOL_SORTS else "kam_score",
            page=max(1, number("page") or 1),
            per_page=per_page if per_page in PAGE_SIZES else PAGE_SIZES[0],
        )

    def as_args(self, **changes: Any) -> dict[str, Any]:
        chosen = replace(self, **changes)
        values = {
            "team": chosen.team,
            "territory": chosen.territory,
            "readiness": chosen.readiness,
            "level": chosen.level,
            "box": chosen.box,
            "sort": chosen.sort if chosen.sort != "kam_score" else None,
            "page": chosen.page if chosen.page != 1 else None,
            "per_page": chosen.per_page if chosen.per_page != PAGE_SIZES[0] else None,
        }
        return {key: value for key, value in values.items() if value is not None and value != ""}


@dataclass(frozen=True)
class PoolPage:
    people: list[Person]
    total: int
    page: int
    per_page: int
    hidden: frozenset[int] = frozenset()
    """People whose figures the viewer may not see yet (their own scorecard first)."""
    cap: int = 1_000
    """How far the count went (:data:`COUNT_CAP`)."""

    @property
    def more_than_counted(self) -> bool:
        """More people match than were counted (:data:`COUNT_CAP`)."""
        return self.total > self.cap

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return len(self.people) == self.per_page and (
            self.more_than_counted or self.page < self.pages
        )

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.people else 0

    @property
    def last(self) -> int:
        return self.first + len(self.people) - 1 if self.people else 0


def recommends(person: Person) -> bool:
    """The stored verdict recommends a move, and it rests on more than the manager's word."""
    return person.readiness in RECOMMENDING and person.independent_raters > 0


def readiness_shown(person: Person) -> str:
    """The verdict as the pool shows it: a recommending verdict without an independent rater
    is "awaiting an independent rater" (a conflict of interest is not a recommendation)."""
    if person.readiness is None:
        return NOT_ASSESSED
    if person.readiness in RECOMMENDING and not person.independent_raters:
        return AWAITING
    return person.readiness


def hidden_people(viewer: User) -> frozenset[int]:
    """The people whose figures are withheld from ``viewer`` (a handful at most)."""
    return frozenset(db.session.execute(withheld_people(viewer)).scalars())


def _by_figures(wanted: PoolFilter) -> bool:
    return bool(wanted.readiness or wanted.level is not None or wanted.box)


def _filtered(
    query: Select[Any], wanted: PoolFilter, hidden: frozenset[int] = frozenset()
) -> Select[Any]:
    """The filter in SQL. A filter on a figure never matches a person whose figures are
    withheld from the viewer (which would reveal them)."""
    if hidden and _by_figures(wanted):
        query = query.where(Person.id.not_in(hidden))
    if wanted.team:
        query = query.where(Person.team == wanted.team)
    if wanted.territory:
        query = query.where(Person.territory == wanted.territory)
    if wanted.level is not None:
        query = query.where(Person.kam_level == wanted.level)
    if wanted.readiness == NOT_ASSESSED:
        query = query.where(Person.readiness.is_(None))
    elif wanted.readiness == AWAITING:
        query = query.where(Person.readiness.in_(RECOMMENDING), Person.independent_raters == 0)
    elif wanted.readiness in RECOMMENDING:
        query = query.where(Person.readiness == wanted.readiness, Person.independent_raters > 0)
    elif wanted.readiness:
        query = query.where(Person.readiness == wanted.readiness)
    box = box_of_key(wanted.box)
    if box is not None:
        query = query.where(*in_box(box, nine_box_thresholds()))
    return query


def _ordered(
    query: Select[Any], wanted: PoolFilter, hidden: frozenset[int] = frozenset()
) -> Select[Any]:
    """By the chosen figure, best first (a withheld figure sorts as unknown, so the order
    cannot reveal it), or by name; ties by person number."""
    if wanted.sort == "name":
        return query.order_by(db.func.lower(Person.name), Person.id)
    key = standing_key(wanted.sort)
    if hidden and wanted.sort != "performance":  # field results are not the panel's
        key = case((Person.id.in_(hidden), UNRANKED), else_=key)
    return query.order_by(key.desc(), Person.id)


COUNT_CAP = 1_000
"""The pool counts its people up to this many; beyond, it says "more than" (counting every
row of a pool of 50,000 would be the slowest part of its page)."""
CHOICES_CAP = 100
"""Teams or territories offered as a list; beyond, the filter is a text field."""


def pool_page(wanted: PoolFilter, viewer: User) -> PoolPage:
    """One page of the representatives ``viewer`` may see, best first by the chosen figure (a
    person not yet assessed last), with a count of them up to :data:`COUNT_CAP`: queries that
    read an index in order and stop, whatever the size of the pool."""
    hidden = hidden_people(viewer)
    matching = _filtered(visible_people(viewer, db.select(Person.id)), wanted, hidden)
    capped = db.select(db.func.count()).select_from(matching.limit(COUNT_CAP + 1).subquery())
    total = int(db.session.execute(capped).scalar_one())
    pages = max(1, math.ceil(total / wanted.per_page))
    page = min(wanted.page, pages) if total <= COUNT_CAP else wanted.page
    query = _filtered(visible_people(viewer, db.select(Person)), wanted, hidden)
    query = _ordered(query, wanted, hidden)
    query = query.limit(wanted.per_page).offset((page - 1) * wanted.per_page)
    people = list(db.session.execute(query).scalars())
    shown_hidden = hidden & {p.id for p in people}
    return PoolPage(people, total, page, wanted.per_page, shown_hidden, COUNT_CAP)


_DISTINCT = """
WITH RECURSIVE found(value, n) AS (
  SELECT (SELECT min({column}) FROM people WHERE {column} > ''), 1
  UNION ALL
  SELECT (SELECT min({column}) FROM people WHERE {column} > found.value), n + 1
  FROM found WHERE found.value IS NOT NULL AND n <= :cap
)
SELECT value FROM found WHERE value IS NOT NULL
"""
"""Distinct values through the column's index, one seek per value (a loose index scan), in one
statement: reading every row for a DISTINCT would grow with the number of people."""


def _distinct(column: str, viewer: User) -> list[str]:
    """At most ``CHOICES_CAP + 1`` values: every team's through the index for an
    administrator; a manager's from their own people (as many as their teams hold)."""
    assert column in ("team", "territory")
    if sees_every_team(viewer):
        statement = db.text(_DISTINCT.format(column=column))
        return list(db.session.execute(statement, {"cap": CHOICES_CAP}).scalars())
    field = getattr(Person, column)
    query = visible_people(viewer, db.select(field).distinct()).where(field != "")
    return list(db.session.execute(query.order_by(field).limit(CHOICES_CAP + 1)).scalars())


def _offered(values: list[str]) -> list[str] | None:
    """The values to offer as a list, or None when there are too many (a typed filter)."""
    return values if len(values) <= CHOICES_CAP else None


def team_choice(viewer: User, asked: str) -> tuple[str | None, list[str] | None]:
    """The team a 9-box or a development plan is of, and the teams to offer: the one asked
    for; for an administrator (who sees every team) the first team when none is asked for, so
    the page stays one team's size; for a manager, all their people (None)."""
    teams = _distinct("team", viewer)
    if asked:
        return asked[:120], _offered(teams)
    if sees_every_team(viewer):
        return (teams[0] if teams else None), _offered(teams)
    return None, _offered(teams)


def pool_choices(viewer: User) -> tuple[list[str] | None, list[str] | None]:
    """The teams and territories of the people ``viewer`` may see, for the filters; None where
    there are more than :data:`CHOICES_CAP` (the filter is then typed)."""
    return _offered(_distinct("team", viewer)), _offered(_distinct("territory", viewer))


def _percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}"


def pool_csv_header() -> list[str]:
    return [
        _("Employee id"), _("Name"), _("Team"), _("Territory"), _("Current role"),
        _("KAM score (%)"), _("KAM fit (%)"), _("Coverage (%)"), _("KAM level"),
        _("Readiness"), _("Independent raters"), _("Latest period"),
        _("Sales against plan (%)"),
    ]  # fmt: skip


def pool_csv_rows(wanted: PoolFilter, viewer: User) -> Iterator[list[object]]:
    """Every person the filter selects (all pages), in its order, ``EXPORT_BATCH`` at a time."""
    hidden = hidden_people(viewer)
    query = _filtered(visible_people(viewer, db.select(Person)), wanted, hidden)
    query = _ordered(query, wanted, hidden)
    result = db.session.execute(query.execution_options(yield_per=EXPORT_BATCH))
    while partition := result.fetchmany(EXPORT_BATCH):
        for (person,) in partition:
            figures = [
                _percent(person.kam_score), _percent(person.kam_fit),
                _percent(person.kam_coverage),
                "" if person.kam_level is None else person.kam_level,
                str(READINESS_LABELS[readiness_shown(person)]), person.independent_raters,
            ]  # fmt: skip
            if person.id in hidden:
                figures = ["", "", "", "", _("hidden until your own scorecard is submitted"), ""]
            yield [
                person.employee_id, person.name, person.team, person.territory,
                person.current_role, *figures, person.latest_period or "",
                "" if person.performance is None else f"{person.performance:g}",
            ]  # fmt: skip
            db.session.expunge(person)
        del partition


# --- the 9-box's cells, as filters of the pool ---------------------------------------------


def nine_box_thresholds() -> Thresholds:
    """The configured thresholds (``HIRING_NINE_BOX_*``), checked when the app started."""
    thresholds: Thresholds = current_app.extensions["hiring.nine_box"]
    return thresholds


def placed() -> list[ColumnElement[bool]]:
    """Who the 9-box can place: field results known, and enough of the KAM profile assessed
    for a fit to mean something (the readiness rule's threshold)."""
    return [
        Person.performance.is_not(None),
        Person.kam_fit.is_not(None),
        Person.kam_coverage >= KNOWN_COVERAGE,
    ]


def _within_band(column: Any, band: int, limits: tuple[float, float]) -> list[ColumnElement[bool]]:
    low, high = limits
    if band == 0:
        return [column < low]
    if band == 1:
        return [column >= low, column < high]
    return [column >= high]


def in_box(box: Box, thresholds: Thresholds) -> list[ColumnElement[bool]]:
    return [
        *placed(),
        *_within_band(Person.performance, box.performance, thresholds.performance),
        *_within_band(Person.kam_fit, box.fit, thresholds.fit),
    ]
