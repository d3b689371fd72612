"""Who downloaded which document, and background batches of profiles."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.models.base import Base, UTCDateTime, utcnow
from hiring.models.users import User


class ReportDownload(Base):
    """Every document handed out: who, when, about whom, which variant."""

    __tablename__ = "report_downloads"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(254))
    """The user's email, or ``cli:<account>`` for the command line."""
    kind: Mapped[str] = mapped_column(String(20))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"), index=True)
    opening_id: Mapped[int | None] = mapped_column(ForeignKey("openings.id"))
    role_key: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(5))
    blind: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReportJob(Base):
    """A batch of profiles rendered in the background into one zip file."""

    __tablename__ = "report_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id"))
    lang: Mapped[str] = mapped_column(String(5))
    blind: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(10), default="queued")
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    failures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    """``{"candidate_id": ..., "error": ...}`` for each profile that could not be rendered."""
    path: Mapped[str | None] = mapped_column(String(500))
    candidate_ids: Mapped[list[int] | None] = mapped_column(JSON)
    """The candidates whose profiles are in the zip, recorded when it is made."""
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User] = relationship()
