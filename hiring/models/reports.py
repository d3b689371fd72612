"""Background batches of profiles (who took which document is in the audit log)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.config import LANGUAGES
from hiring.models.base import Base, UTCDateTime, in_range, one_of, utcnow
from hiring.models.users import User

DOWNLOAD_KINDS = ("profile", "shortlist", "job_description", "batch")
"""What :func:`hiring.services.audit.record_download` is told was handed out (an audit
entry's ``details.kind``)."""
JOB_STATUSES = ("queued", "running", "done", "failed")


class ReportJob(Base):
    """A batch of profiles rendered in the background into one zip file. It belongs to its
    opening and goes with it (``ON DELETE CASCADE``)."""

    __tablename__ = "report_jobs"
    __table_args__ = (
        one_of("lang", LANGUAGES),
        one_of("status", JOB_STATUSES),
        in_range("total", 0),
        in_range("done", 0),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    opening_id: Mapped[int] = mapped_column(ForeignKey("openings.id", ondelete="CASCADE"))
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
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    """When a profile of the batch last finished: a batch that stops moving (a worker that
    crashed, or none running) is failed visibly after ``BATCH_STALL_SECONDS``."""
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User] = relationship()


ITEM_STATUSES = ("queued", "done", "failed")


class ReportJobItem(Base):
    """One profile of a batch: a job of its own on the queue, so that every worker can take
    one; the last to finish puts the zip together. Goes with its batch."""

    __tablename__ = "report_job_items"
    __table_args__ = (one_of("status", ITEM_STATUSES),)

    job_id: Mapped[int] = mapped_column(
        ForeignKey("report_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    candidate_id: Mapped[int] = mapped_column(primary_key=True)
    """Not a foreign key: a candidate erased meanwhile is reported as a failure."""
    status: Mapped[str] = mapped_column(String(10), default="queued")
    entry: Mapped[str | None] = mapped_column(String(200))
    """The profile's file name in the zip, once rendered."""
    error: Mapped[str | None] = mapped_column(Text)
