"""Interviews, the interviewers' scorecards (revised, never overwritten) and their ratings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.models.base import Base, UTCDateTime, in_range, one_of, utcnow
from hiring.models.recruiting import Candidate
from hiring.models.users import User

INTERVIEW_KINDS = ("competency_interview", "role_play", "case", "manager_assessment")
"""``manager_assessment``: a manager rating a representative from their own observation."""
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
REVISION_STATUSES = ("draft", "submitted")


class RubricSnapshot(Base):
    """The role profile and library exactly as they were when an interview was scheduled.
    Stored once per content hash; results are computed from it, never from today's YAML.
    A snapshot an interview refers to cannot be deleted (``ON DELETE RESTRICT``)."""

    __tablename__ = "rubric_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    role_key: Mapped[str] = mapped_column(String(64))
    role_version: Mapped[str] = mapped_column(String(40))
    library_key: Mapped[str] = mapped_column(String(64))
    library_version: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    """Loaded only when a process first meets this snapshot (the role built from it is kept
    per content hash): parsing it on every page that shows an interview cost ~1.5 ms."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Interview(Base):
    """An interview of a candidate; it goes with the candidate (``ON DELETE CASCADE``) and
    takes its scorecards with it."""

    __tablename__ = "interviews"
    __table_args__ = (one_of("kind", INTERVIEW_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(30))
    competencies: Mapped[list[str] | None] = mapped_column(JSON)
    """The subset of the role's competencies this interview covers; None means all of them."""
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("rubric_snapshots.id", ondelete="RESTRICT"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidate: Mapped[Candidate] = relationship()
    snapshot: Mapped[RubricSnapshot] = relationship()
    scorecards: Mapped[list[Scorecard]] = relationship(
        back_populates="interview",
        order_by="Scorecard.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    events: Mapped[list[InterviewEvent]] = relationship(
        back_populates="interview",
        order_by="InterviewEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


INTERVIEW_EVENTS = ("rescheduled", "kind_changed", "interviewer_added", "interviewer_removed",
                    "cancelled")  # fmt: skip


class InterviewEvent(Base):
    """One change to an interview after it was scheduled, kept as its history: who, when,
    what (``detail``: the old and new time or kind, or the interviewer) and why. A
    ``cancelled`` event is what marks an interview cancelled."""

    __tablename__ = "interview_events"
    __table_args__ = (one_of("kind", INTERVIEW_EVENTS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(Text, default="")
    by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    interview: Mapped[Interview] = relationship(back_populates="events")
    by: Mapped[User] = relationship()


class Scorecard(Base):
    """One interviewer's assignment to one interview; its content lives in revisions."""

    __tablename__ = "scorecards"
    __table_args__ = (UniqueConstraint("interview_id", "interviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    interviewer_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    interview: Mapped[Interview] = relationship(back_populates="scorecards")
    interviewer: Mapped[User] = relationship()
    revisions: Mapped[list[ScorecardRevision]] = relationship(
        back_populates="scorecard",
        order_by="ScorecardRevision.number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def latest(self) -> ScorecardRevision | None:
        return self.revisions[-1] if self.revisions else None

    @property
    def submitted(self) -> ScorecardRevision | None:
        """The latest submitted revision: the one that counts."""
        return next((r for r in reversed(self.revisions) if r.status == "submitted"), None)


class ScorecardRevision(Base):
    """A version of a scorecard. A submitted revision is never changed again; an amendment is
    a new revision with a reason, so the history is kept."""

    __tablename__ = "scorecard_revisions"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "number"),
        one_of("status", REVISION_STATUSES),
        one_of("recommendation", RECOMMENDATIONS),
        in_range("number", 1),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default="draft")
    recommendation: Mapped[str | None] = mapped_column(String(10))
    takeaways: Mapped[str] = mapped_column(Text, default="")
    red_flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    amendment_reason: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    """Optimistic lock: a save made on a copy that someone else changed (or submitted)
    meanwhile is refused, so a submitted revision can never be overwritten."""

    scorecard: Mapped[Scorecard] = relationship(back_populates="revisions")
    author: Mapped[User] = relationship()
    ratings: Mapped[list[Rating]] = relationship(
        back_populates="revision",
        order_by="Rating.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own API


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("revision_id", "competency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("scorecard_revisions.id", ondelete="CASCADE"), index=True
    )
    competency_key: Mapped[str] = mapped_column(String(64))
    score: Mapped[int | None]
    """None means "not assessed", which is not a low score. Its range is the rubric's scale
    (kept in the interview's snapshot), so the service checks it, not the database."""
    note: Mapped[str] = mapped_column(Text, default="")

    revision: Mapped[ScorecardRevision] = relationship(back_populates="ratings")


class ScorecardReminder(Base):
    """When the interviewer of an overdue scorecard was last reminded (``hiring remind``), and
    how many times: a reminder goes at most once per ``HIRING_REMINDER_INTERVAL_HOURS``."""

    __tablename__ = "scorecard_reminders"
    __table_args__ = (in_range("count", 1),)

    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), primary_key=True
    )
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(default=1)
