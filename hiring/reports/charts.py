"""Charts built from the engine's typed result, shared by the web pages and the PDF documents."""

from __future__ import annotations

from collections.abc import Sequence

from hiring.domain.summary import ClusterResult, CompetencyResult, EvaluationSummary
from hiring.i18n import gettext as _
from hiring.reports.radar import RadarSeries, radar_svg

MAX_AXES = 12
"""Beyond this many competencies a radar's labels collide; the chart then shows clusters."""


def profile_chart(
    summary: EvaluationSummary,
    profile: Sequence[CompetencyResult],
    lang: str,
    id_prefix: str,
) -> str | None:
    """The panel against the target as a radar: one axis per assessed competency, or per
    cluster (the engine's weighted cluster summary) when more than MAX_AXES were assessed.
    The candidate's self-assessment is a third series on competency axes only."""
    assessed = [c for c in profile if c.value is not None]
    axes: Sequence[CompetencyResult | ClusterResult]
    if len(assessed) > MAX_AXES:
        axes = [c for c in summary.clusters if c.value is not None]
        targets = [c.target for c in axes]
        self_values: tuple[float | None, ...] = ()
        description = _(
            "One axis per competency cluster: the weighted mean of its assessed competencies. "
            "The table gives every competency."
        )
    else:
        axes = assessed
        targets = [float(c.target) if c.target is not None else None for c in assessed]
        self_values = tuple(c.self_rating.self_score if c.self_rating else None for c in assessed)
        description = _(
            "One axis per assessed competency of the role. The table gives the same numbers."
        )
    if len(axes) < 3:
        return None
    series = [
        RadarSeries("target", _("Target profile"), tuple(targets)),
        RadarSeries("panel", _("Panel"), tuple(c.value for c in axes)),
    ]
    if any(value is not None for value in self_values):
        series.append(RadarSeries("self", _("Self-assessment"), self_values))
    return radar_svg(
        [c.name.get(lang) for c in axes],
        series,
        scale_min=min(c.scale_min for c in profile),
        scale_max=max(c.scale_max for c in profile),
        size=560,
        title=_("The panel's profile against the target profile"),
        description=description,
        id_prefix=id_prefix,
    )
