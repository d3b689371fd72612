"""Scorecards that do not get forgotten: which are overdue, and reminding their interviewers.

A scorecard is overdue when its interview was more than ``HIRING_SCORECARD_OVERDUE_DAYS`` ago
and it is not submitted. They are sought among the candidates whose stored evaluation counts a
pending scorecard (an index), so the search costs what is pending, not what was ever done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, render_template
from flask_babel import format_datetime
from sqlalchemy import Select, Table, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hiring.extensions import db
from hiring.i18n import gettext, in_language
from hiring.labels import KIND_LABELS
from hiring.models import (
    Candidate,
    Interview,
    Opening,
    Scorecard,
    ScorecardReminder,
    ScorecardRevision,
    StoredEvaluation,
    User,
)
from hiring.models.base import utcnow
from hiring.services.mail import SEND_ERRORS, send_mail
from hiring.services.policy import sees_every_candidate
from hiring.services.self_assessments import external_url

NAMED = 2000
"""Up to this many candidates with a pending scorecard are named to the overdue query."""
SHOWN = 50
"""How many overdue scorecards a page lists (the oldest first); the count says how many more."""
COUNT_CAP = 1000
"""Counted up to this many; beyond, the page says "1,000 or more"."""


SETTLED = ("rejected", "withdrawn")
"""Candidates whose scorecards nobody waits for any more."""


@dataclass(frozen=True)
class Overdue:
    scorecard_id: int
    interviewer_id: int
    interviewer: str
    candidate_id: int
    candidate: str
    opening: str | None
    kind: str
    scheduled_at: datetime
    days_since: int
    """Whole days since the interview."""


@dataclass(frozen=True)
class OverdueList:
    rows: list[Overdue]
    total: int
    """How many are overdue in all (at most :data:`COUNT_CAP`)."""


def overdue_cutoff(now: datetime | None = None) -> datetime:
    days = int(current_app.config["SCORECARD_OVERDUE_DAYS"])
    return (now or utcnow()) - timedelta(days=days)


def _overdue(cutoff: datetime) -> Select[Any]:
    """The overdue scorecards, among the candidates with a pending one. Those candidates are
    read first, through their index, and their interviews are found by candidate (an index as
    well): given the whole join, SQLite's planner started from all candidates (8 times as slow
    at 50,000), and PostgreSQL's read every interview."""
    pending = list(
        db.session.execute(
            db.select(StoredEvaluation.candidate_id)
            .where(StoredEvaluation.pending > 0)
            .limit(NAMED + 1)
        ).scalars()
    )
    submitted = (
        select(ScorecardRevision.id)
        .where(
            ScorecardRevision.scorecard_id == Scorecard.id, ScorecardRevision.status == "submitted"
        )
        .exists()
    )
    query = db.select(
        Scorecard.id,
        Scorecard.interviewer_id,
        User.name,
        Candidate.id,
        Candidate.name,
        Opening.title,
        Interview.kind,
        Interview.scheduled_at,
    )
    if len(pending) <= NAMED:
        query = query.select_from(Interview).where(Interview.candidate_id.in_(pending))
    else:  # very many: a longer list would cost more than it saves
        query = (
            query.select_from(StoredEvaluation)
            .join(Interview, Interview.candidate_id == StoredEvaluation.candidate_id)
            .where(StoredEvaluation.pending > 0)
        )
    return (
        query.join(Scorecard, Scorecard.interview_id == Interview.id)
        .join(User, User.id == Scorecard.interviewer_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .outerjoin(Opening, Opening.id == Candidate.opening_id)
        .where(Interview.scheduled_at < cutoff, ~submitted)
        .where(Candidate.status.not_in(SETTLED))
    )


def _rows(query: Select[Any], now: datetime) -> list[Overdue]:
    return [
        Overdue(
            scorecard_id=card,
            interviewer_id=interviewer_id,
            interviewer=interviewer,
            candidate_id=candidate_id,
            candidate=candidate,
            opening=opening,
            kind=kind,
            scheduled_at=when,
            days_since=max(0, (now - when).days),
        )
        for card, interviewer_id, interviewer, candidate_id, candidate, opening, kind, when in (
            db.session.execute(query.order_by(Interview.scheduled_at, Scorecard.id))
        )
    ]


def overdue_for(viewer: User, *, now: datetime | None = None, limit: int = SHOWN) -> OverdueList:
    """The overdue scorecards a page shows ``viewer``: every candidacy's for the recruiting
    team (a scorecard's state, never its content), else their own."""
    now = now or utcnow()
    query = _overdue(overdue_cutoff(now))
    if sees_every_candidate(viewer):
        query = query.where(Candidate.purpose == "application")
    else:
        query = query.where(Scorecard.interviewer_id == viewer.id)
    rows = _rows(query.limit(limit), now)
    if len(rows) < limit:  # all of them are here: counting again would find as many
        return OverdueList(rows, min(len(rows), COUNT_CAP))
    counted = query.with_only_columns(Scorecard.id).limit(COUNT_CAP).subquery()
    total = db.session.execute(select(func.count()).select_from(counted)).scalar_one()
    return OverdueList(rows, total)


@dataclass
class Reminded:
    overdue: int = 0
    sent: int = 0
    recently: int = 0
    """Reminded within the interval already: nothing sent."""
    failed: int = 0
    inactive: int = 0
    """Interviewers whose account is deactivated: a recruiter reassigns those."""


def remind(*, now: datetime | None = None, dry_run: bool = False) -> Reminded:
    """Remind the interviewer of each overdue scorecard by e-mail, in their language, unless
    they were reminded of it within ``HIRING_REMINDER_INTERVAL_HOURS``. Safe to run from cron
    and twice at once: each reminder is claimed in the database (one row per scorecard) and
    committed before the message goes, so a second run finds it claimed, and nothing is held
    while the mail server answers; a message that cannot go gives its claim back, and the next
    run tries again."""
    now = now or utcnow()
    interval = timedelta(hours=int(current_app.config["REMINDER_INTERVAL_HOURS"]))
    summary = Reminded()
    rows = _rows(_overdue(overdue_cutoff(now)), now)
    db.session.rollback()  # nothing held while mail is sent
    summary.overdue = len(rows)
    interviewers = {
        user.id: user
        for user in db.session.execute(
            db.select(User).where(User.id.in_({row.interviewer_id for row in rows}))
        ).scalars()
    }
    earlier = {
        reminder.scorecard_id: (reminder.sent_at, reminder.count)
        for reminder in db.session.execute(
            db.select(ScorecardReminder).where(
                ScorecardReminder.scorecard_id.in_([row.scorecard_id for row in rows])
            )
        ).scalars()
    }
    for row in rows:
        interviewer = interviewers.get(row.interviewer_id)
        if interviewer is None or not interviewer.active:
            summary.inactive += 1
            continue
        if dry_run:
            continue
        previous = earlier.get(row.scorecard_id)
        if not _claim(row.scorecard_id, now, now - interval):
            db.session.rollback()
            summary.recently += 1
            continue
        db.session.commit()
        try:
            _send(interviewer, row)
        except SEND_ERRORS:
            _give_back(row.scorecard_id, now, previous)
            summary.failed += 1
            continue
        summary.sent += 1
    return summary


def _give_back(
    scorecard_id: int, claimed_at: datetime, previous: tuple[datetime, int] | None
) -> None:
    """Undo this run's claim (and only this run's: a later claim is left alone)."""
    mine = (ScorecardReminder.scorecard_id == scorecard_id) & (
        ScorecardReminder.sent_at == claimed_at
    )
    if previous is None:
        db.session.execute(db.delete(ScorecardReminder).where(mine))
    else:
        sent_at, count = previous
        db.session.execute(
            db.update(ScorecardReminder).where(mine).values(sent_at=sent_at, count=count)
        )
    db.session.commit()


def _claim(scorecard_id: int, now: datetime, before: datetime) -> bool:
    """Record a reminder of this scorecard now, unless one was recorded after ``before``."""
    insert = pg_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    table = ScorecardReminder.__table__
    assert isinstance(table, Table)
    statement = (
        insert(table)
        .values(scorecard_id=scorecard_id, sent_at=now, count=1)
        .on_conflict_do_update(
            index_elements=[table.c.scorecard_id],
            set_={"sent_at": now, "count": table.c.count + 1},
            where=table.c.sent_at < before,
        )
        .returning(table.c.scorecard_id)
    )
    return db.session.execute(statement).first() is not None


def _send(interviewer: User, row: Overdue) -> None:
    language = interviewer.language or str(current_app.config["BABEL_DEFAULT_LOCALE"])
    with in_language(language):
        subject = gettext("Scorecard to submit: %(candidate)s", candidate=row.candidate)
        body = render_template(
            "mail/scorecard_reminder.txt",
            name=interviewer.name,
            candidate=row.candidate,
            opening=row.opening or "",
            kind=KIND_LABELS[row.kind],
            date=format_datetime(row.scheduled_at, "yyyy-MM-dd HH:mm"),
            days=row.days_since,
            link=external_url("interviewer.scorecard", scorecard_id=row.scorecard_id),
        )
    send_mail(interviewer.email, subject, body, to_name=interviewer.name)
