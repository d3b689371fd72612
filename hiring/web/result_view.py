"""What the candidate result page shows, for the template: the engine's typed result and the
submitted scorecards' notes. Shared by the recruiter's and the interviewer's view of a
candidate."""

from __future__ import annotations

from typing import Any

from hiring.catalogue_cache import current_catalogue
from hiring.reports.charts import profile_chart
from hiring.services.results import CandidateResult, role_ranking


def result_context(result: CandidateResult, lang: str) -> dict[str, Any]:
    """The template's data. A withheld result (the viewer has not submitted their own
    scorecard) carries no rating, so nothing hidden can reach the template."""
    show_panel = not result.withheld
    summary = result.summary
    if summary is None or result.role is None:
        return {"data": None, "show_panel": show_panel}
    own = result.self_assessment
    notes: dict[str, list[dict[str, Any]]] = {}
    for entry in result.panel:
        for rating in entry.revision.ratings:
            notes.setdefault(rating.competency_key, []).append(
                {"rater": entry.rater, "score": rating.score, "note": rating.note}
            )
    profile = summary.profile
    return {
        "data": summary,
        "profile": profile,
        "by_key": {c.key: c for c in profile},
        # looked up per table cell: dictionaries, not a search through a list per cell
        "score_by": {c.key: {s.rater: s for s in c.scores} for c in profile},
        "requirement_texts": {r.id: r.text for r in result.role.profile.requirements},
        "duty_texts": {d.id: d.text for d in result.role.profile.duties},
        "others": summary.others,
        "notes": notes,
        "show_panel": show_panel,
        "chart": profile_chart(summary, profile, lang, f"radar-{result.candidate.id}"),
        "panel": result.panel,
        "pending": result.pending,
        "rubric_versions": result.rubric_versions,
        "not_comparable": result.not_comparable,
        "role": result.role,
        # the self-assessment, beside the panel (withheld results never get here)
        "self_submitted": own.assessment.submitted_at if own else None,
        "self_not_comparable": result.self_not_comparable,
        "self_left_out": result.self_left_out,
        "self_gaps": [g for g in summary.self_gap if g.self_score is not None],
        "self_by_key": {g.key: g for g in summary.self_gap},
        "self_profile": {v.competency: v for v in summary.self_profile},
        "self_quality": own.quality() if own else [],
        "self_texts": own.item_texts(lang) if own else {},
        "names": {c.key: c.name for c in summary.competencies},
        "readiness": summary.readiness,
        "ranking": role_ranking(result, current_catalogue()),
    }
