"""Openings, candidates and the decisions people record about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.domain.records import CANDIDATE_RANGES, SOURCES
from hiring.domain.rubric import EDUCATION_LEVELS
from hiring.models.base import Base, UTCDateTime, in_range, one_of, utcnow
from hiring.models.people import Person
from hiring.models.users import User

OPENING_STATUSES = ("open", "closed")
DECISIONS = ("advance", "offer", "hire", "reject", "on_hold", "withdraw")
"""``withdraw``: the candidate withdrew (recorded, like every decision, with who and why)."""
PURPOSES = ("application", "assessment")
"""A candidacy for an opening, or an assessment of a representative outside any opening."""
CANDIDATE_STATUSES = ("active", "advanced", "offer", "hired", "rejected", "on_hold", "withdrawn")
STATUS_AFTER = {
    "advance": "advanced",
    "offer": "offer",
    "hire": "hired",
    "reject": "rejected",
    "on_hold": "on_hold",
    "withdraw": "withdrawn",
}


class Opening(Base):
    """A position being filled. Deleting one leaves its candidates without an opening
    (``ON DELETE SET NULL``) and removes its batch report jobs (``CASCADE``)."""

    __tablename__ = "openings"
    __table_args__ = (one_of("status", OPENING_STATUSES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    role_key: Mapped[str] = mapped_column(String(64))
    territory: Mapped[str] = mapped_column(String(120), default="")
    hiring_manager: Mapped[str] = mapped_column(String(120), default="")
    """The hiring manager's name as documents print it."""
    hiring_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True, deferred=True
    )
    """The hiring manager as a user: they see this opening and its candidates' results (within
    the independence rule where they sit on a panel). Loaded when asked for: only the policy
    reads it, for people who are not on the recruiting team."""
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="opening", passive_deletes=True
    )


class Candidate(Base):
    """A person considered for a role: an applicant's candidacy for an opening, or a
    representative's assessment outside any opening (``purpose``). Its details and facts are the
    ones given for it, kept as the record its evaluation used; the person
    (:class:`~hiring.models.people.Person`) links the candidacies of one human being over time.
    Deleting a candidate removes, in the same transaction, their interviews with the scorecards,
    revisions and ratings, and the decisions about them: the foreign keys to them are ``ON
    DELETE CASCADE``. The audit log keeps only their id (see
    :class:`~hiring.models.audit.AuditEntry`)."""

    __tablename__ = "candidates"
    __table_args__ = (
        one_of("education", EDUCATION_LEVELS),
        one_of("source", SOURCES),
        one_of("status", CANDIDATE_STATUSES),
        one_of("purpose", PURPOSES),
        *(in_range(column, low, high) for column, (low, high) in CANDIDATE_RANGES.items()),
        # one opening's candidates, newest first (the list's default order, and its export),
        # read in index order instead of sorted
        Index("ix_candidates_opening_created", "opening_id", "created_at", "id"),
        # the lists' count of candidacies (purpose != 'assessment') reads this narrow index,
        # not every row of the table
        Index("ix_candidates_purpose", "purpose"),
        # ... and of one opening's, from this one alone (measured at 50,000 on SQLite: through
        # the opening's index and every row, the count of an opening of 5,000 took 7 ms)
        Index("ix_candidates_opening_purpose", "opening_id", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int | None] = mapped_column(
        ForeignKey("openings.id", ondelete="SET NULL"), index=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"),
        index=True,
        deferred=True,
        deferred_group="person",
    )
    purpose: Mapped[str] = mapped_column(
        String(12), default="application", deferred=True, deferred_group="person"
    )
    """Both loaded when asked for, together: the recruiting pages, lists and results never
    read them; the people services and the policy (for managers) do."""
    own_manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), deferred=True, deferred_group="person"
    )
    """For an assessment, the person's manager when it began: their rating is the conflict of
    interest, wherever the person's team is later."""
    search_text: Mapped[str] = mapped_column(
        Text, default="", server_default="", deferred=True, deferred_group="search"
    )
    """Name, e-mail and notes folded for search (:mod:`hiring.domain.search_text`), kept by the
    services whenever they change; never loaded, only searched."""
    name: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    education: Mapped[str | None] = mapped_column(String(20))
    sales_experience_years: Mapped[float | None]
    kam_experience_years: Mapped[float | None]
    languages: Mapped[str] = mapped_column(String(120), default="")
    """Language codes separated by commas, e.g. ``fi,en``."""
    long_term_clients: Mapped[int | None]
    repeat_transactions: Mapped[int | None]
    sales_growth_pct: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(10), default="external")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    """Optimistic lock: an edit made on a stale copy is refused instead of overwriting."""

    opening: Mapped[Opening | None] = relationship(back_populates="candidates")
    person: Mapped[Person] = relationship()
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="candidate",
        order_by="Decision.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own API

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class Decision(Base):
    """A person's decision about a candidate, with their reason. The tool never decides."""

    __tablename__ = "decisions"
    __table_args__ = (one_of("decision", DECISIONS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="decisions")
    decided_by: Mapped[User] = relationship(lazy="joined")


class DebriefNote(Base):
    """What a panel agreed in its debrief, as a recruiter recorded it: a consensus note on one
    competency (``competency_key``) or the debrief's overall summary (``competency_key``
    NULL). Notes are never edited: a later note on the same competency (or a later summary)
    supersedes the earlier one, which stays readable with its author and time. Individual
    scores never change through the debrief; an interviewer who changes their mind amends
    their own scorecard."""

    __tablename__ = "debrief_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    competency_key: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    written_by: Mapped[User] = relationship(lazy="joined")
