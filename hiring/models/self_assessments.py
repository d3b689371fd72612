"""Candidates' self-assessments: a private link per questionnaire, and the answers given."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.models.base import Base, UTCDateTime, in_range, one_of, utcnow
from hiring.models.interviews import RubricSnapshot
from hiring.models.recruiting import Candidate
from hiring.models.users import User

SELF_LANGUAGES = ("en", "fi")


class SelfAssessment(Base):
    """One private link to one questionnaire. Only a SHA-256 of the token is stored, so the
    database cannot give a link away; the questionnaire is built from the snapshot of the role
    taken when the link was issued. Goes with the candidate (``ON DELETE CASCADE``)."""

    __tablename__ = "self_assessments"
    __table_args__ = (one_of("lang", SELF_LANGUAGES), in_range("last_page", 0))

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    snapshot_id: Mapped[int] = mapped_column(ForeignKey("rubric_snapshots.id", ondelete="RESTRICT"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    lang: Mapped[str] = mapped_column(String(2))
    """The language the link opens in (the person can switch on the page)."""
    seed: Mapped[int] = mapped_column()
    """Shuffles the order of items within each page, the same way every time the link opens."""
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    issuer: Mapped[str] = mapped_column(String(200))
    """Who issued the link, as they were named then (a user's name, or ``cli:<account>``):
    kept when the account is gone."""
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_page: Mapped[int] = mapped_column(default=0)
    """The furthest page the person has saved: where the link resumes."""

    candidate: Mapped[Candidate] = relationship()
    snapshot: Mapped[RubricSnapshot] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])
    answers: Mapped[list[SelfAnswer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )


class SelfAnswer(Base):
    """One answer, one row: two tabs saving different pages cannot overwrite each other, and
    saving the same item again replaces it. ``value`` is an agreement (a whole number) or
    ``{"most": option, "least": option}``."""

    __tablename__ = "self_assessment_answers"

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("self_assessments.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    assessment: Mapped[SelfAssessment] = relationship(back_populates="answers")
