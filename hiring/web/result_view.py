"""What the candidate result page shows, for the template: the engine's typed result and the
submitted scorecards' notes. Shared by the recruiter's and the interviewer's view of a
candidate."""

from __future__ import annotations

from typing import Any

from hiring.catalogue_cache import current_catalogue
from hiring.models import Opening
from hiring.reports.charts import profile_chart
from hiring.services.candidate_search import (
    SHORTLIST_CAP,
    SHORTLIST_DEFAULT,
    choose_for_shortlist,
)
from hiring.services.results import (
    CandidateResult,
    rating_notes,
    role_ranking,
    shortlist_results,
)
from hiring.web.common import chosen_ids, lang, user


def shortlist_column(result: CandidateResult, lang: str) -> dict[str, Any]:
    """One shortlist column's data: the summary, its competencies by key, the chart and the
    self-assessment beside the panel. A withheld result (the viewer has not submitted their own
    scorecard) carries no rating, so nothing hidden can reach the template."""
    summary = result.summary
    if summary is None or result.role is None:
        return {"data": None, "show_panel": not result.withheld}
    own = result.self_assessment
    return {
        "data": summary,
        "show_panel": not result.withheld,
        "by_key": {c.key: c for c in summary.profile},
        "chart": profile_chart(summary, summary.profile, lang, f"radar-{result.candidate.id}"),
        # the self-assessment, beside the panel (withheld results never get here)
        "self_submitted": own.assessment.submitted_at if own else None,
        "self_by_key": {g.key: g for g in summary.self_gap},
    }


def result_context(result: CandidateResult, lang: str) -> dict[str, Any]:
    """A candidate's page's data: a shortlist column's, and what only the page shows (the
    evidence notes of every rating, the comparison with every role, the self-assessment's
    working), which thirty shortlist columns would make for nothing."""
    context = shortlist_column(result, lang)
    summary, role, own = result.summary, result.role, result.self_assessment
    if summary is None or role is None:
        return context
    profile = summary.profile
    return {
        **context,
        "profile": profile,
        # looked up per table cell: dictionaries, not a search through a list per cell
        "score_by": {c.key: {s.rater: s for s in c.scores} for c in profile},
        "requirements_by_id": {r.id: r for r in role.profile.requirements},
        "role_competency_names": {c.key: c.competency.name for c in role.competencies},
        "duty_texts": {d.id: d.text for d in role.profile.duties},
        "others": summary.others,
        "notes": rating_notes(result),
        "panel": result.panel,
        "pending": result.pending,
        "rubric_versions": result.rubric_versions,
        "not_comparable": result.not_comparable,
        "role": role,
        "self_not_comparable": result.self_not_comparable,
        "self_left_out": result.self_left_out,
        "self_gaps": [g for g in summary.self_gap if g.self_score is not None],
        "self_profile": {v.competency: v for v in summary.self_profile},
        "self_quality": own.quality() if own else [],
        "self_texts": own.item_texts(lang) if own else {},
        "names": {c.key: c.name for c in summary.competencies},
        "readiness": summary.readiness,
        "ranking": role_ranking(result, current_catalogue()),
    }


def shortlist_context(opening: Opening, *, for_manager: bool = False) -> dict[str, Any]:
    """The shortlist page's data: the candidates of ``opening`` the request chose (``id``
    arguments), or the best by default, as the viewer may see them. ``for_manager``: the
    hiring manager's copy, without the recruiting team's documents and batches."""
    chosen = chosen_ids()
    choice = choose_for_shortlist(opening.id, chosen, user())
    results = shortlist_results(choice.ids, current_catalogue(), user())
    return {
        "opening": opening,
        "columns": [(r, shortlist_column(r, lang())) for r in results],
        "role": current_catalogue().roles.get(opening.role_key),
        "choice": choice,
        "chosen": bool(chosen),
        "cap": SHORTLIST_CAP,
        "default_size": SHORTLIST_DEFAULT,
        "for_manager": for_manager,
    }
