"""Parts of pages that depend only on a rubric snapshot and a language, rendered once per
process and kept: the guidance on a scorecard (each competency's description, questions,
probes, evidence and anchors) is most of that page and the same for every interviewer, and
rendering it on every request cost more than everything else the page does.

Kept per snapshot hash, competency and language: a snapshot never changes, so nothing kept
can go stale. With templates reloading (development), nothing is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app, render_template
from markupsafe import Markup

from hiring.domain.catalogue import ResolvedRole

LIMIT = 4096
"""How many guides a process keeps at most (a rubric has a few dozen competencies per
language); past it the store starts afresh."""


@dataclass(frozen=True)
class CompetencyGuide:
    name: str
    guidance: Markup
    """The description and the interview prompts, as HTML."""
    anchors: dict[str, str]
    """The behavioural anchor of each scale point, keyed by the point as the form sends it."""


_guides: dict[tuple[str, str, str], CompetencyGuide] = {}


def competency_guides(
    sha256: str, role: ResolvedRole, keys: Sequence[str], lang: str
) -> dict[str, CompetencyGuide]:
    """The guide of each competency in ``keys`` of the role that snapshot ``sha256`` holds."""
    keep = not current_app.jinja_env.auto_reload
    guides: dict[str, CompetencyGuide] = {}
    for key in keys:
        guide = _guides.get((sha256, key, lang)) if keep else None
        if guide is None:
            guide = _render(role, key, lang)
            if keep:
                if len(_guides) >= LIMIT:
                    _guides.clear()
                _guides[sha256, key, lang] = guide
        guides[key] = guide
    return guides


def _render(role: ResolvedRole, key: str, lang: str) -> CompetencyGuide:
    entry = role.competency(key)
    assert entry is not None, key
    competency = entry.competency
    return CompetencyGuide(
        name=competency.name.get(lang),
        guidance=Markup(
            render_template("interviewer/_competency_guide.html", competency=competency, lang=lang)
        ),
        anchors={str(point): text.get(lang) for point, text in competency.anchors.items()},
    )
