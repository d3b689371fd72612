"""The recruiter's candidate list and its CSV export: one filter, one order, one set of rows,
shared by the web page, the CSV download and (later) the API."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from hiring.domain.catalogue import Catalogue
from hiring.extensions import db
from hiring.labels import STATUS_LABELS
from hiring.models import CANDIDATE_STATUSES, Candidate, User
from hiring.services.policy import visible_candidates
from hiring.services.results import CandidateResult, by_fit, results_for

SORTS = ("name", "fit", "newest", "status")


@dataclass(frozen=True)
class CandidateFilter:
    """What the list shows: a search text (name, email, notes), an opening, a status, an
    order. Built from request arguments; anything unknown falls back to the default."""

    q: str = ""
    opening: int | None = None
    status: str = ""
    sort: str = "newest"

    @classmethod
    def from_args(cls, args: Mapping[str, Any]) -> CandidateFilter:
        opening = str(args.get("opening") or "")
        status = str(args.get("status") or "")
        sort = str(args.get("sort") or "newest")
        return cls(
            q=str(args.get("q") or "").strip(),
            opening=int(opening) if opening.isdigit() else None,
            status=status if status in CANDIDATE_STATUSES else "",
            sort=sort if sort in SORTS else "newest",
        )

    def as_args(self) -> dict[str, Any]:
        return {"q": self.q, "opening": self.opening, "status": self.status, "sort": self.sort}


def search_candidates(
    wanted: CandidateFilter, viewer: User, catalogue: Catalogue
) -> list[CandidateResult]:
    """The candidates the filter selects and ``viewer`` may see, with their results (withheld
    where the independence rule says so), in the chosen order."""
    query = visible_candidates(viewer, db.select(Candidate)).options(
        selectinload(Candidate.opening)
    )
    if wanted.q:
        pattern = f"%{wanted.q.lower()}%"
        query = query.where(
            or_(
                db.func.lower(Candidate.name).like(pattern),
                db.func.lower(Candidate.email).like(pattern),
                db.func.lower(Candidate.notes).like(pattern),
            )
        )
    if wanted.opening:
        query = query.where(Candidate.opening_id == wanted.opening)
    if wanted.status:
        query = query.where(Candidate.status == wanted.status)
    query = query.order_by(Candidate.created_at.desc(), Candidate.id.desc())
    results = results_for(list(db.session.execute(query).scalars()), catalogue, viewer)
    if wanted.sort == "name":
        return sorted(results, key=lambda r: r.candidate.name.lower())
    if wanted.sort == "status":
        return sorted(results, key=lambda r: (r.candidate.status, r.candidate.name.lower()))
    if wanted.sort == "fit":
        return by_fit(results)
    return results


def csv_header() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Opening"),
        _("Status"),
        _("Source"),
        _("Fit"),
        _("Coverage"),
        _("KAM level"),
        _("Floors not met"),
        _("Years of sales experience"),
        _("Years of KAM experience"),
        _("Languages"),
    ]


def csv_row(result: CandidateResult) -> list[object]:
    """One candidate as a CSV row; a withheld result gives empty result cells."""
    c, summary = result.candidate, result.summary
    level = summary.kam_level.level if summary and summary.kam_level else None
    return [
        c.name,
        c.email,
        c.phone,
        c.opening.title if c.opening else "",
        str(STATUS_LABELS[c.status]),
        c.source,
        None if result.fit is None else round(result.fit, 4),
        round(summary.coverage, 4) if summary else None,
        level,
        ", ".join(f.key for f in summary.floors_not_met) if summary else "",
        c.sales_experience_years,
        c.kam_experience_years,
        c.languages,
    ]
