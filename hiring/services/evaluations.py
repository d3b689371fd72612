"""Stored evaluations: each candidate's figures, computed when their inputs change.

The services that change an input (a scorecard submitted, an interview scheduled, the
candidate's facts edited) call :func:`refresh_evaluations` before they flush; ``hiring results
rebuild`` recomputes them after a rubric change or an upgrade. Viewing a page never computes
one. Lists read the stored figures, sort, filter and page on them in SQL, and apply the
independence rule per viewer (:func:`hiring.services.policy.withheld_candidates`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import func, or_
from sqlalchemy.sql.elements import ColumnElement

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import Candidate, Person, StoredEvaluation
from hiring.models.base import utcnow
from hiring.services.panel_quality import (
    panel_statistics_missing,
    refresh_panel_statistics,
    reset_panel_statistics,
)
from hiring.services.results import CandidateResult, build_result, load_interviews

Standing = tuple[str | None, frozenset[int]]
"""A candidate's readiness verdict and the users whose submitted scorecards count."""
KAM_ROLE = "kam"
"""The role profile the talent pool ranks representatives for."""
REBUILD_BATCH = 500
"""Candidates recomputed per round by :func:`rebuild_evaluations` (bounded memory)."""


def _figures(result: CandidateResult) -> dict[str, object]:
    summary = result.summary
    empty: dict[str, object] = {
        "opening_id": result.candidate.opening_id,
        "snapshot_id": result.snapshot_id,
        "role_key": result.role.key if result.role else None,
        "fit": None,
        "coverage": None,
        "score": None,
        "kam_level": None,
        "floors_not_met": 0,
        "floor_keys": [],
        "red_flags": 0,
        "assessors": 0,
        "pending": len(result.pending),
        "panel_values": {},
    }
    if summary is None or result.evaluation is None:
        return empty
    return {
        **empty,
        "role_key": summary.role.key,
        "fit": summary.fit,
        "coverage": summary.coverage,
        "score": result.evaluation.fit.score,
        "kam_level": summary.kam_level.level if summary.kam_level else None,
        "floors_not_met": len(summary.floors_not_met),
        "floor_keys": [f.key for f in summary.floors_not_met],
        "red_flags": len(summary.red_flags),
        "assessors": len(summary.assessors),
        "panel_values": {c.key: c.value for c in summary.competencies if c.in_profile},
    }


_deferred: ContextVar[set[int] | None] = ContextVar("deferred_refreshes", default=None)


@contextmanager
def refreshes_deferred() -> Iterator[None]:
    """Collect the candidates whose evaluations the services refresh inside, and refresh them
    once, together, on leaving (not when an error leaves): for loading many scorecards at once
    (the demo), where each refresh would recompute the same candidate after every scorecard.
    Every refresh computes from the stored inputs alone, so one at the end stores what the
    many would have. Inside another deferral, the candidates go on to it (also on an error,
    which the outer code may catch and carry on from)."""
    outer = _deferred.get()
    pending: set[int] = set()
    token = _deferred.set(pending)
    try:
        yield
    except BaseException:
        if outer is not None:  # an outer deferral that carries on still owes these
            outer.update(pending)
        raise
    finally:
        _deferred.reset(token)
    refresh_evaluations(pending)


def refresh_evaluations(candidate_ids: Iterable[int]) -> None:
    """Recompute and store the evaluations of these candidates, from their submitted
    scorecards and the rubric snapshots of their interviews, in a fixed number of queries.

    The candidates' rows are locked first (PostgreSQL; on SQLite the flush before holds the
    database's write lock), in id order, and they and their interviews are read afresh after
    that, even where this session read them before: two requests refreshing one candidate at
    once (two interviewers submitting, or one submitting while a recruiter edits the facts)
    run one after the other, and the second reads what the first stored, so neither stores
    figures without the other's change. The lock is ``FOR NO KEY UPDATE``: rows that refer to
    the candidate can still be written meanwhile."""
    collecting = _deferred.get()
    if collecting is not None:
        collecting.update(candidate_ids)
        return
    ids = sorted(set(candidate_ids))
    if not ids:
        return
    db.session.flush()
    candidates = list(
        db.session.execute(
            db.select(Candidate)
            .where(Candidate.id.in_(ids))
            .order_by(Candidate.id)
            .with_for_update(key_share=True)
            .execution_options(populate_existing=True)
        ).scalars()
    )
    stored = {
        e.candidate_id: e
        for e in db.session.execute(
            db.select(StoredEvaluation).where(StoredEvaluation.candidate_id.in_(ids))
        ).scalars()
    }
    interviews = load_interviews(ids, fresh=True)
    catalogue = current_catalogue()
    facts: dict[int, Standing] = {}
    for candidate in candidates:
        result = build_result(candidate, interviews[candidate.id], catalogue)
        figures = _figures(result)
        row = stored.get(candidate.id)
        if row is None:
            row = StoredEvaluation(candidate_id=candidate.id)
            db.session.add(row)
        for name, value in figures.items():
            setattr(row, name, value)
        row.computed_at = utcnow()
        summary = result.summary
        raters = frozenset(e.interviewer.id for e in result.panel)
        facts[candidate.id] = (summary.readiness.verdict if summary else None, raters)
    db.session.flush()
    refresh_panel_statistics(candidates, interviews)
    refresh_standings(ids, facts)


def refresh_standings(candidate_ids: Sequence[int], facts: dict[int, Standing]) -> None:
    """Copy the figures of representatives' newest KAM assessments among ``candidate_ids`` to
    the people they assess, where the talent pool sorts and filters on them. ``facts`` holds
    each candidate's verdict and submitted raters, as computed with the figures.

    The newest assessment *with a submitted scorecard* counts: starting a new one keeps the
    last result standing until someone submits on the new one. Raters other than the manager
    the person had when the assessment began are independent (the conflict of interest stays
    with that manager wherever the person's team is later)."""
    people = db.select(Candidate.person_id).where(
        Candidate.id.in_(candidate_ids), Candidate.purpose == "assessment"
    )
    newest = (
        db.select(Candidate.person_id, func.max(Candidate.id).label("newest"))
        .join(StoredEvaluation, StoredEvaluation.candidate_id == Candidate.id)
        .where(
            Candidate.purpose == "assessment",
            Candidate.person_id.in_(people),
            StoredEvaluation.assessors > 0,
        )
        .group_by(Candidate.person_id)
        .subquery()
    )
    rows = db.session.execute(
        db.select(Person, StoredEvaluation, Candidate.own_manager_id)
        .join(newest, newest.c.person_id == Person.id)
        .join(StoredEvaluation, StoredEvaluation.candidate_id == newest.c.newest)
        .join(Candidate, Candidate.id == newest.c.newest)
        .where(newest.c.newest.in_(candidate_ids))
    ).all()
    for person, stored, own_manager in rows:
        kam = stored.role_key == KAM_ROLE
        verdict, raters = facts.get(stored.candidate_id, (None, frozenset()))
        person.kam_fit = stored.fit if kam else None
        person.kam_score = stored.score if kam else None
        person.kam_coverage = stored.coverage if kam else None
        person.kam_level = stored.kam_level if kam else None
        person.readiness = verdict if kam else None
        person.independent_raters = len(raters - {own_manager}) if kam else 0
        person.assessed_at = stored.computed_at if kam else None
    db.session.flush()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """One rebuild round makes a few hundred thousand short-lived ORM objects; with the cyclic
    garbage collector on, it walks the growing heap again and again (about 40 % of a round's
    time, measured). Pause it for the round; what the round left behind is collected when
    it is on again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rebuild_evaluations(
    *, opening_id: int | None = None, missing_only: bool = False, commit: bool = True
) -> int:
    """Recompute every candidate's evaluation (of one opening, or only those without one),
    ``REBUILD_BATCH`` at a time, committing each round when ``commit``. Returns how many. A
    rebuild of everything also rebuilds the panel statistics from nothing."""
    if opening_id is None and not missing_only:
        reset_panel_statistics()
    query = db.select(Candidate.id).order_by(Candidate.id)
    if opening_id is not None:
        query = query.where(Candidate.opening_id == opening_id)
    if missing_only:
        query = query.where(_missing())
    ids: Sequence[int] = list(db.session.execute(query).scalars())
    for start in range(0, len(ids), REBUILD_BATCH):
        with _collector_paused():
            refresh_evaluations(ids[start : start + REBUILD_BATCH])
            if commit:
                db.session.commit()
                db.session.expunge_all()
    return len(ids)


def _missing() -> ColumnElement[bool]:
    """A candidate whose figures were never computed: no row (made outside the services), the
    empty row an upgrade made, or submitted scorecards without their share of the panel
    statistics (an upgrade from before 0013)."""
    computed = db.select(StoredEvaluation.candidate_id).where(
        StoredEvaluation.candidate_id == Candidate.id, StoredEvaluation.computed_at.is_not(None)
    )
    return or_(~computed.exists(), panel_statistics_missing())


def stale_count() -> int:
    """Candidates without computed figures (e.g. right after an upgrade)."""
    return int(
        db.session.execute(db.select(db.func.count(Candidate.id)).where(_missing())).scalar_one()
    )
