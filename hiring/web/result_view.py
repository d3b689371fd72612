"""What the candidate result page shows, as plain data for the template, built from the
engine's result and the submitted scorecards. Shared by the recruiter's and the interviewer's
view of a candidate."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from hiring.reports.radar import RadarSeries, radar_svg
from hiring.services.results import CandidateResult

MAX_AXES = 12
"""Beyond this many competencies a radar's labels collide; the chart then shows clusters."""


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
    return {
        "data": data,
        "profile": profile,
        "others": [c for c in data["competencies"] if not c["in_profile"]],
        "notes": notes if show_panel else {},
        "show_panel": show_panel,
        "chart": profile_chart(data, profile, lang, f"radar-{result.candidate.id}"),
        "panel": result.panel if show_panel else [],
        "pending": result.pending,
        "rubric_versions": result.rubric_versions,
        "role": result.role,
    }


def profile_chart(
    data: dict[str, Any], profile: list[dict[str, Any]], lang: str, id_prefix: str
) -> str | None:
    """The panel against the target as a radar: one axis per assessed competency, or per
    cluster (the engine's weighted cluster summary) when more than MAX_AXES were assessed."""
    assessed = [c for c in profile if c["value"] is not None]
    if len(assessed) > MAX_AXES:
        axes = [c for c in data["clusters"] if c["value"] is not None]
        targets = [c["target"] for c in axes]
        description = _(
            "One axis per competency cluster: the weighted mean of its assessed competencies. "
            "The table gives every competency."
        )
    else:
        axes = assessed
        targets = [float(c["target"]) for c in axes]
        description = _(
            "One axis per assessed competency of the role. The table gives the same numbers."
        )
    if len(axes) < 3:
        return None
    return radar_svg(
        [c["name"][lang] for c in axes],
        [
            RadarSeries("target", _("Target profile"), tuple(targets)),
            RadarSeries("panel", _("Panel"), tuple(c["value"] for c in axes)),
        ],
        scale_min=min(c["scale_min"] for c in profile),
        scale_max=max(c["scale_max"] for c in profile),
        size=560,
        title=_("The panel's profile against the target profile"),
        description=description,
        id_prefix=id_prefix,
    )
