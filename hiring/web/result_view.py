"""What the candidate result page shows, as plain data for the template, built from the
engine's result and the submitted scorecards. Shared by the recruiter's and the interviewer's
view of a candidate."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from hiring.reports.radar import RadarSeries, radar_svg
from hiring.services.results import CandidateResult


def result_context(result: CandidateResult, lang: str, show_panel: bool) -> dict[str, Any]:
    data = result.data()
    if data is None or result.role is None:
        return {"data": None, "show_panel": show_panel}
    notes: dict[str, list[dict[str, Any]]] = {}
    for entry in result.panel:
        for rating in entry.revision.ratings:
            notes.setdefault(rating.competency_key, []).append(
                {"rater": entry.rater, "score": rating.score, "note": rating.note}
            )
    profile = [c for c in data["competencies"] if c["in_profile"]]
    chart = None
    if len(profile) >= 3 and any(c["value"] is not None for c in profile):
        chart = radar_svg(
            [c["name"][lang] for c in profile],
            [
                RadarSeries(
                    "target", _("Target profile"), tuple(float(c["target"]) for c in profile)
                ),
                RadarSeries("panel", _("Panel"), tuple(c["value"] for c in profile)),
            ],
            scale_min=min(c["scale_min"] for c in profile),
            scale_max=max(c["scale_max"] for c in profile),
            title=_("The panel's profile against the target profile"),
            description=_(
                "One axis per competency of the role. The table below gives the same numbers."
            ),
            id_prefix=f"radar-{result.candidate.id}",
        )
    return {
        "data": data,
        "profile": profile,
        "others": [c for c in data["competencies"] if not c["in_profile"]],
        "notes": notes if show_panel else {},
        "show_panel": show_panel,
        "chart": chart,
        "panel": result.panel if show_panel else [],
        "pending": result.pending,
        "rubric_versions": result.rubric_versions,
        "role": result.role,
    }
