"""Charts built from the engine's plain result, shared by the web pages and the PDF documents."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from hiring.reports.radar import RadarSeries, radar_svg

MAX_AXES = 12
"""Beyond this many competencies a radar's labels collide; the chart then shows clusters."""


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
    series = [
        RadarSeries("target", _("Target profile"), tuple(targets)),
        RadarSeries("panel", _("Panel"), tuple(c["value"] for c in axes)),
    ]
    self_values = tuple((c.get("self") or {}).get("self") for c in axes)
    if any(value is not None for value in self_values):
        series.append(RadarSeries("self", _("Self-assessment"), self_values))
    return radar_svg(
        [c["name"][lang] for c in axes],
        series,
        scale_min=min(c["scale_min"] for c in profile),
        scale_max=max(c["scale_max"] for c in profile),
        size=560,
        title=_("The panel's profile against the target profile"),
        description=description,
        id_prefix=id_prefix,
    )
