"""What the candidate result page shows, as plain data for the template, built from the
engine's result and the submitted scorecards. Shared by the recruiter's and the interviewer's
view of a candidate."""

from __future__ import annotations

from typing import Any

from hiring.reports.charts import profile_chart
from hiring.services.results import CandidateResult


def result_context(result: CandidateResult, lang: str) -> dict[str, Any]:
    """The template's data. A withheld result (the viewer has not submitted their own
    scorecard) carries no rating, so nothing hidden can reach the template."""
    show_panel = not result.withheld
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
        "notes": notes,
        "show_panel": show_panel,
        "chart": profile_chart(data, profile, lang, f"radar-{result.candidate.id}"),
        "panel": result.panel,
        "pending": result.pending,
        "rubric_versions": result.rubric_versions,
        "not_comparable": result.not_comparable,
        "role": result.role,
    }
