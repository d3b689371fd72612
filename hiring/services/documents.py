"""The documents people take away: candidate profiles, shortlists, job descriptions.

Each document is built in two steps: the data, as plain dicts and lists around the engine's
typed result (never an ORM object past this module), then a template under ``templates/reports/``
renders it to HTML and :mod:`hiring.reports.pdf` to PDF. The blind variant leaves out who the
candidate is: name, contact details, notes and source, and blanks the name where an
interviewer wrote it in free text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask import current_app, render_template
from flask_babel import format_datetime

from hiring.catalogue_cache import current_catalogue
from hiring.domain.catalogue import ResolvedRole
from hiring.domain.employees import FIELD_EVIDENCE, PROCESS_FIGURES
from hiring.domain.retention import retention_until
from hiring.domain.role_data import role_as_dict
from hiring.i18n import gettext as _
from hiring.i18n import in_language
from hiring.labels import (
    DECISION_LABELS,
    EDUCATION_LABELS,
    FIELD_LABELS,
    KIND_LABELS,
    RECOMMENDATION_LABELS,
)
from hiring.models import Candidate, Opening
from hiring.models.base import utcnow
from hiring.reports.charts import profile_chart
from hiring.reports.pdf import render_pdf
from hiring.reports.redaction import blind_code, name_redactor
from hiring.services.debriefs import latest_summary
from hiring.services.results import CandidateResult, role_ranking


def local_date(moment: datetime) -> str:
    """A stored UTC moment as a date in the organisation's time zone."""
    return format_datetime(moment, "yyyy-MM-dd")


def pseudonym(candidate_id: int) -> str:
    """The candidate's blind-review code, keyed with this installation's secret."""
    return blind_code(candidate_id, str(current_app.config["SECRET_KEY"]))


def profile_data(
    result: CandidateResult,
    *,
    lang: str,
    blind: bool,
    restricted: bool = False,
    generated_at: datetime | None = None,
) -> dict[str, Any]:
    """Everything a candidate profile shows, as plain data and the engine's typed result
    (``result``; ``profile`` is its competencies of the role). ``restricted`` is the
    interviewer's copy: without contact details, the recruiter's notes, the source and the
    decision, which the interviewer's own pages do not show either."""
    candidate = result.candidate
    summary = result.summary
    clean = (
        name_redactor(candidate.name, candidate.email or "") if blind else (lambda text: text or "")
    )
    generated_at = generated_at or utcnow()
    months = int(current_app.config["RETENTION_MONTHS"])
    quotes: dict[str, list[dict[str, Any]]] = {}
    panel = []
    for entry in result.panel:
        revision = entry.revision
        panel.append(
            {
                "rater": entry.rater,
                "interviewer": entry.interviewer.name,
                "entered_by": entry.entered_by,
                "kind": str(KIND_LABELS[entry.interview.kind]),
                "date": local_date(entry.interview.scheduled_at),
                "submitted": local_date(revision.submitted_at) if revision.submitted_at else "",
                "revision": revision.number,
                "recommendation": str(RECOMMENDATION_LABELS[revision.recommendation])
                if revision.recommendation
                else "",
                "takeaways": clean(revision.takeaways),
            }
        )
        for rating in revision.ratings:
            if rating.note.strip():
                quotes.setdefault(rating.competency_key, []).append(
                    {"rater": entry.rater, "score": rating.score, "note": clean(rating.note)}
                )
    counts = Counter(
        revision.recommendation
        for revision in (e.revision for e in result.panel)
        if revision.recommendation
    )
    latest = candidate.decisions[-1] if candidate.decisions else None
    if result.withheld:
        debrief = None
    elif result.debrief_loaded:
        debrief = result.debrief_summary
    else:
        debrief = latest_summary(candidate.id)
    opening = candidate.opening
    profile = summary.profile if summary else ()
    return {
        "lang": lang,
        "blind": blind,
        "withheld": result.withheld,
        "generated": local_date(generated_at),
        "retention_until": retention_until(
            [candidate.created_at, *(d.created_at for d in candidate.decisions)], months
        ).isoformat(),
        "candidate": {
            "label": _("Candidate %(code)s", code=pseudonym(candidate.id))
            if blind
            else candidate.name,
            "email": None if blind or restricted else candidate.email,
            "phone": None if blind or restricted else candidate.phone,
            "notes": None if blind or restricted else candidate.notes,
            "source": None if blind or restricted else candidate.source,
            "education": str(EDUCATION_LABELS[candidate.education or ""]),
            "sales_experience_years": candidate.sales_experience_years,
            "kam_experience_years": candidate.kam_experience_years,
            "languages": candidate.language_list,
            "long_term_clients": candidate.long_term_clients,
            "repeat_transactions": candidate.repeat_transactions,
            "sales_growth_pct": candidate.sales_growth_pct,
        },
        "opening": None
        if opening is None
        else {
            "title": opening.title,
            "territory": opening.territory,
            "hiring_manager": opening.hiring_manager,
        },
        "result": summary,
        "profile": profile,
        "by_key": {c.key: c for c in profile},
        "role": role_as_dict(result.role) if result.role else None,
        "panel": panel,
        "pending": len(result.pending),
        "quotes": quotes,
        "recommendations": [
            {"label": str(RECOMMENDATION_LABELS[key]), "count": counts.get(key, 0)}
            for key in RECOMMENDATION_LABELS
        ],
        "restricted": restricted,
        "decision": None
        if latest is None or restricted
        else {
            "decision": str(DECISION_LABELS[latest.decision]),
            "reason": clean(latest.reason),
            "by": latest.decided_by.name,
            "at": local_date(latest.created_at),
        },
        "debrief": None
        if debrief is None
        else {
            "summary": clean(debrief.text),
            "by": debrief.written_by.name,
            "at": local_date(debrief.written_at),
        },
        "chart": profile_chart(summary, profile, lang, f"radar-{candidate.id}")
        if summary
        else None,
        "rubric_versions": result.rubric_versions,
        "not_comparable": [f"{rater}: {key}" for rater, key in result.not_comparable],
        "names": {c.key: c.name for c in summary.competencies} if summary else {},
        "ranking": role_ranking(result, current_catalogue()) if summary else [],
        "field": field_data(candidate, blind=blind),
    }


def field_data(candidate: Candidate, *, blind: bool) -> dict[str, Any] | None:
    """A representative's newest field results, for the profile of their KAM assessment:
    the figures that are evidence for competencies, then routine-process compliance, which is
    shown and not counted (None for a candidacy, or a representative without field data)."""
    if candidate.purpose != "assessment":
        return None
    person = candidate.person
    if not person.periods:
        return None
    newest = max(person.periods, key=lambda p: (p.ends_year, p.ends_month, p.period))
    evidence = list(dict.fromkeys(f for fields in FIELD_EVIDENCE.values() for f in fields))

    def rows(names: Sequence[str]) -> list[dict[str, Any]]:
        return [{"label": str(FIELD_LABELS[n]), "value": getattr(newest, n)} for n in names]

    return {
        "period": newest.period,
        "role": person.current_role,
        "territory": None if blind else person.territory,
        "evidence": rows(evidence),
        "process": rows(PROCESS_FIGURES),
    }


def page_counter_css() -> str:
    """The footer's "page X of Y" as a CSS ``content`` value, in the current language."""
    text = _("page %(x)s of %(y)s", x="\x00", y="\x01")
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return quoted.replace("\x00", '" counter(page) "').replace("\x01", '" counter(pages) "')


def _render(template: str, lang: str, **context: Any) -> str:
    with in_language(lang):
        return render_template(template, lang=lang, page_counter_css=page_counter_css(), **context)


def profile_html(
    result: CandidateResult, *, lang: str, blind: bool, restricted: bool = False
) -> str:
    with in_language(lang):
        doc = profile_data(result, lang=lang, blind=blind, restricted=restricted)
    return _render("reports/profile.html", lang, doc=doc)


def profile_pdf(
    result: CandidateResult, *, lang: str, blind: bool, restricted: bool = False
) -> bytes:
    return render_pdf(profile_html(result, lang=lang, blind=blind, restricted=restricted))


def shortlist_html(opening: Opening, results: list[CandidateResult], *, lang: str) -> str:
    with in_language(lang):
        docs = [profile_data(r, lang=lang, blind=False) for r in results]
    return _render("reports/shortlist.html", lang, opening=opening_data(opening), docs=docs)


def opening_data(opening: Opening) -> dict[str, Any]:
    return {
        "id": opening.id,
        "title": opening.title,
        "territory": opening.territory,
        "hiring_manager": opening.hiring_manager,
        "role_key": opening.role_key,
    }


def job_description_html(role: ResolvedRole, *, lang: str) -> str:
    return _render(
        "reports/job_description.html",
        lang,
        role=role_as_dict(role),
        generated=local_date(utcnow()),
    )
