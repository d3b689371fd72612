"""A competency radar chart as a self-contained inline SVG string.

The same markup goes into the browser page and into the WeasyPrint PDF, so it keeps to what
WeasyPrint's SVG renderer draws faithfully: ``polygon``, ``polyline``, ``line``, ``circle``,
``text``/``tspan`` and ``g``, styled with presentation attributes only. No CSS, no scripts, no
external references, no ``foreignObject``, filters, masks, ``textLength`` or
``dominant-baseline``; text is placed vertically by arithmetic instead. No ``<title>`` is nested in
a ``<text>`` either, because WeasyPrint would print it as part of the text.

The caller gets a ``str`` and marks it safe itself: every piece of text that reaches the markup is
XML-escaped here, so a label such as ``<script>`` stays text.

Layout (``size`` is the width in px; everything scales with it, so one chart is a scaled copy of
another): the outer ring has radius ``R = 0.27 * size``, centred horizontally, with room above and
below for two-line axis labels; the legend sits under the chart, one row per series. Coordinates
are rounded to 2 decimals so the same input always gives the same string (snapshot-friendly and
cache-friendly).
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

_KEY = re.compile(r"[a-z_]+")
_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Characters XML 1.0 forbids even when escaped; dropping them keeps the output well-formed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_FONT_FAMILY = "Helvetica, Arial, sans-serif"
_TEXT_COLOUR = "#1f2933"
_MUTED_COLOUR = "#5a6476"
_GRID_COLOUR = "#d3d8df"
_OUTER_GRID_COLOUR = "#9aa3af"

_WRAP_WIDTH = 18
_MAX_LINES = 3
# Below this |sin(angle)| a label is treated as sitting on the vertical axis and centred.
_CENTRED_SIN = 0.15


@dataclass(frozen=True)
class RadarSeries:
    """One profile drawn on the radar, e.g. the panel's ratings or the role's targets.

    ``key`` becomes part of element ids and class names, so it is restricted to ``[a-z_]+``; the
    keys ``panel``, ``target`` and ``self`` get their dedicated styles, any other key a fallback
    style. ``label`` is legend text, already translated. ``values`` holds one value per axis, in
    axis order, with ``None`` for an axis that was not assessed; any sequence is accepted and
    stored as a tuple so the series stays hashable.
    """

    key: str
    label: str
    values: tuple[float | None, ...]

    def __post_init__(self) -> None:
        if not _KEY.fullmatch(self.key):
            raise ValueError(f"series key {self.key!r} must be non-empty and use only a-z and _")
        values = tuple(self.values)
        for value in values:
            if value is not None and not math.isfinite(value):
                raise ValueError(f"series {self.key!r} has a non-finite value {value!r}")
        object.__setattr__(self, "values", values)


@dataclass(frozen=True)
class _Style:
    colour: str
    width: float
    dasharray: str | None  # None = solid
    fill_opacity: float | None  # None = no fill
    hollow_markers: bool


# Line pattern and marker fill tell the series apart in greyscale print and for colour-blind
# readers; the colours (blue / slate grey / orange) are only a second cue.
_STYLES = {
    "panel": _Style("#1f5fa8", 2.5, None, 0.18, hollow_markers=False),
    "target": _Style("#5a6476", 2.0, "7 4", None, hollow_markers=False),
    "self": _Style("#c2571a", 2.0, "2 3", None, hollow_markers=True),
}
# For keys without a dedicated style, in order of appearance; repeats after the last one.
_FALLBACK_STYLES = (
    _Style("#228833", 2.0, "8 3 2 3", None, hollow_markers=False),
    _Style("#aa3377", 2.0, "12 4", None, hollow_markers=True),
)


@dataclass(frozen=True)
class _Layout:
    height: float
    cx: float
    cy: float
    radius: float
    font: float
    line_height: float
    label_gap: float
    marker: float
    legend_top: float
    legend_row: float


def _layout(size: int, series_count: int) -> _Layout:
    font = size / 40
    line_height = font * 1.2
    label_gap = font * 0.8
    radius = size * 0.27
    # Room above the outer ring for a two-line label, plus a small margin.
    vertical_room = label_gap + _MAX_LINES * line_height + font * 0.5
    cy = vertical_room + radius
    legend_top = 2 * cy
    legend_row = font * 1.7
    height = legend_top + series_count * legend_row + font
    return _Layout(
        height=height,
        cx=size / 2,
        cy=cy,
        radius=radius,
        font=font,
        line_height=line_height,
        label_gap=label_gap,
        marker=size / 130,
        legend_top=legend_top,
        legend_row=legend_row,
    )


def _num(x: float) -> str:
    """A coordinate with at most 2 decimals and no trailing zeros (``-0`` normalised to ``0``)."""
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _esc(text: str) -> str:
    """Text safe both as element content and inside a double-quoted attribute.

    ``str()`` first, so a lazily translated string from the caller works like a plain one.
    """
    return html.escape(_XML_ILLEGAL.sub("", str(text)), quote=True)


def _attrs(**attributes: str | float | None) -> str:
    """Attributes in the given order, escaped; ``None`` omits one.

    Python names map to XML names: a trailing ``_`` (for ``class_``, ``id_``) is dropped and ``_``
    becomes ``-``. Floats go through ``_num`` so every coordinate is rounded the same way.
    """
    parts = []
    for name, value in attributes.items():
        if value is None:
            continue
        xml_name = name.rstrip("_").replace("_", "-")
        shown = _num(value) if isinstance(value, float) else str(value)
        parts.append(f'{xml_name}="{_esc(shown)}"')
    return " ".join(parts)


def _angle(index: int, count: int) -> float:
    """Radians clockwise from 12 o'clock."""
    return 2 * math.pi * index / count


def _polar(layout: _Layout, angle: float, r: float) -> tuple[float, float]:
    return layout.cx + r * math.sin(angle), layout.cy - r * math.cos(angle)


def _radius(layout: _Layout, value: float, scale_min: int, scale_max: int) -> float:
    r = layout.radius * (value - scale_min) / (scale_max - scale_min)
    return min(max(r, 0.0), layout.radius)


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)


def _wrap(label: str) -> list[str]:
    """At most three lines of about 18 characters; an overlong remainder ends in an ellipsis.

    Finnish compounds often exceed a line on their own, so a word longer than a line is split
    with a hyphen rather than mid-word without one.
    """
    words: list[str] = []
    for word in str(label).split():
        pieces: list[str] = []
        # Existing hyphens are break points already; only hyphen-free stretches get one added.
        for part in re.findall(r"[^-]*-|[^-]+", word):
            while len(part) > _WRAP_WIDTH:
                pieces.append(part[: _WRAP_WIDTH - 1] + "-")
                part = part[_WRAP_WIDTH - 1 :]
            pieces.append(part)
        words.append("".join(pieces))
    lines = textwrap.wrap(" ".join(words), width=_WRAP_WIDTH) or [""]
    if len(lines) <= _MAX_LINES:
        return lines
    rest = " ".join(lines[_MAX_LINES - 1 :])
    if len(rest) > _WRAP_WIDTH:
        rest = rest[: _WRAP_WIDTH - 1].rstrip() + "\u2026"
    return [*lines[: _MAX_LINES - 1], rest]


def _text(x: float, y: float, content: str, *, size: float, anchor: str, fill: str) -> str:
    return (
        f"<text {_attrs(x=x, y=y, font_family=_FONT_FAMILY, font_size=size)} "
        f"{_attrs(text_anchor=anchor, fill=fill)}>{_esc(content)}</text>"
    )


def _grid(layout: _Layout, count: int, scale_min: int, scale_max: int) -> list[str]:
    out = ['<g class="radar-grid">']
    # The scale_min ring has radius 0 (the centre), so there is nothing to draw for it.
    for point in range(scale_min + 1, scale_max + 1):
        r = _radius(layout, point, scale_min, scale_max)
        ring = [_polar(layout, _angle(i, count), r) for i in range(count)]
        colour = _OUTER_GRID_COLOUR if point == scale_max else _GRID_COLOUR
        out.append(
            f"<polygon {_attrs(class_='radar-grid-ring', points=_points(ring))} "
            f"{_attrs(fill='none', stroke=colour, stroke_width=1.0)}/>"
        )
    for i in range(count):
        x2, y2 = _polar(layout, _angle(i, count), layout.radius)
        out.append(
            f"<line {_attrs(class_='radar-spoke', x1=layout.cx, y1=layout.cy, x2=x2, y2=y2)} "
            f"{_attrs(stroke=_GRID_COLOUR, stroke_width=1.0)}/>"
        )
    out.append("</g>")
    return out


def _scale_numbers(layout: _Layout, scale_min: int, scale_max: int) -> list[str]:
    """The scale points written just left of the first (12 o'clock) spoke."""
    size = layout.font * 0.85
    out = ['<g class="radar-scale">']
    for point in range(scale_min, scale_max + 1):
        y = layout.cy - _radius(layout, point, scale_min, scale_max) + size * 0.35
        out.append(
            _text(
                layout.cx - size * 0.5, y, str(point), size=size, anchor="end", fill=_MUTED_COLOUR
            )
        )
    out.append("</g>")
    return out


def _anchor(sin: float) -> str:
    """Labels right of the vertical axis grow rightwards, left ones leftwards, top/bottom ones
    centred, so no label runs back over the chart."""
    if abs(sin) < _CENTRED_SIN:
        return "middle"
    return "start" if sin > 0 else "end"


def _axis_labels(layout: _Layout, axes: Sequence[str]) -> list[str]:
    out = ['<g class="radar-axes">']
    for i, axis in enumerate(axes):
        angle = _angle(i, len(axes))
        sin, cos = math.sin(angle), math.cos(angle)
        x, y = _polar(layout, angle, layout.radius + layout.label_gap)
        anchor = _anchor(sin)
        lines = _wrap(axis)
        spread = (len(lines) - 1) * layout.line_height
        # Vertical placement without dominant-baseline: t = -1 at the top (block sits above the
        # anchor point), 0 at the sides (block centred on it), +1 at the bottom (block below it).
        t = -cos
        first = y + 0.35 * layout.font - spread / 2 + t * (spread / 2 + 0.6 * layout.font)
        head = (
            f"<text {_attrs(class_='radar-axis-label', font_family=_FONT_FAMILY)} "
            f"{_attrs(font_size=layout.font, text_anchor=anchor, fill=_TEXT_COLOUR)}>"
        )
        spans = "".join(
            f"<tspan {_attrs(x=x, y=first + n * layout.line_height)}>{_esc(line)}</tspan>"
            for n, line in enumerate(lines)
        )
        out.append(f"{head}{spans}</text>")
    out.append("</g>")
    return out


def _stroke_attrs(style: _Style) -> str:
    return _attrs(
        stroke=style.colour,
        stroke_width=style.width,
        stroke_dasharray=style.dasharray,
        stroke_linejoin="round",
    )


def _marker(style: _Style, x: float, y: float, r: float, css_class: str = "radar-point") -> str:
    fill = "#ffffff" if style.hollow_markers else style.colour
    return (
        f"<circle {_attrs(class_=css_class, cx=x, cy=y, r=r)} "
        f"{_attrs(fill=fill, stroke=style.colour, stroke_width=1.5)}/>"
    )


def _runs(values: Sequence[float | None]) -> list[list[int]]:
    """Maximal circular runs of consecutive assessed axes, for a series with at least one gap.

    Starting just after a gap means a run crossing from the last axis to the first is kept whole.
    """
    count = len(values)
    start = next(i for i, v in enumerate(values) if v is None) + 1
    runs: list[list[int]] = []
    current: list[int] = []
    for step in range(count):
        i = (start + step) % count
        if values[i] is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(i)
    if current:
        runs.append(current)
    return runs


def _series(
    layout: _Layout,
    series: RadarSeries,
    style: _Style,
    id_prefix: str,
    scale_min: int,
    scale_max: int,
) -> list[str]:
    count = len(series.values)
    points: dict[int, tuple[float, float]] = {
        i: _polar(layout, _angle(i, count), _radius(layout, v, scale_min, scale_max))
        for i, v in enumerate(series.values)
        if v is not None
    }
    group = _attrs(
        id_=f"{id_prefix}-series-{series.key}", class_=f"radar-series radar-series-{series.key}"
    )
    out = [f"<g {group}>"]
    if len(points) == count:
        fill = style.colour if style.fill_opacity is not None else "none"
        out.append(
            f"<polygon {_attrs(class_='radar-area', points=_points(list(points.values())))} "
            f"{_attrs(fill=fill, fill_opacity=style.fill_opacity)} {_stroke_attrs(style)}/>"
        )
    else:
        # A fill over a partial outline would claim an area that was never measured: lines only.
        for run in _runs(series.values):
            if len(run) < 2:
                continue
            line = _points([points[i] for i in run])
            out.append(
                f"<polyline {_attrs(class_='radar-line', points=line, fill='none')} "
                f"{_stroke_attrs(style)}/>"
            )
    out.extend(_marker(style, x, y, layout.marker) for x, y in points.values())
    out.append("</g>")
    return out


def _legend(layout: _Layout, entries: Sequence[tuple[RadarSeries, _Style]]) -> list[str]:
    out = ['<g class="radar-legend">']
    sample = layout.font * 2.6
    x0 = layout.cx - layout.radius
    for n, (series, style) in enumerate(entries):
        y = layout.legend_top + (n + 0.5) * layout.legend_row
        out.append(f"<line {_attrs(x1=x0, y1=y, x2=x0 + sample, y2=y)} {_stroke_attrs(style)}/>")
        out.append(_marker(style, x0 + sample / 2, y, layout.marker, "radar-legend-point"))
        out.append(
            _text(
                x0 + sample + layout.font * 0.7,
                y + 0.35 * layout.font,
                series.label,
                size=layout.font,
                anchor="start",
                fill=_TEXT_COLOUR,
            )
        )
    out.append("</g>")
    return out


def _styles(series: Sequence[RadarSeries]) -> list[_Style]:
    fallback = 0
    styles = []
    for s in series:
        style = _STYLES.get(s.key)
        if style is None:
            style = _FALLBACK_STYLES[fallback % len(_FALLBACK_STYLES)]
            fallback += 1
        styles.append(style)
    return styles


def radar_svg(
    axes: Sequence[str],
    series: Sequence[RadarSeries],
    *,
    scale_min: int = 1,
    scale_max: int = 5,
    size: int = 460,
    title: str,
    description: str,
    id_prefix: str = "radar",
) -> str:
    """Draw ``series`` over ``axes`` and return the ``<svg>`` element as a string.

    Axes run clockwise from 12 o'clock in the given order. A value ``v`` sits at radius
    ``R * (v - scale_min) / (scale_max - scale_min)``, clamped to the chart, so ``scale_min`` is
    the centre and an out-of-scale value stays on the rim rather than escaping the drawing.

    A fully assessed series is one closed polygon; a series with gaps is drawn as polylines over
    runs of neighbouring assessed axes only (wrapping from the last axis to the first), so no line
    ever suggests a value on an axis that was not assessed. Markers appear on assessed axes only.
    Series are drawn and listed in the legend in the given order.

    ``title`` and ``description`` become ``<title>``/``<desc>`` referenced by ``aria-labelledby``;
    ``id_prefix`` keeps ids unique when several charts share a page and must match
    ``[A-Za-z][A-Za-z0-9_-]*``.

    Raises ``ValueError`` for fewer than 3 axes (two axes make a line, not an area), a series whose
    value count differs from the axis count, duplicate series keys (their ids would clash), an
    empty or inverted scale, a non-positive ``size`` or an unusable ``id_prefix``.
    """
    if len(axes) < 3:
        raise ValueError("a radar chart needs at least 3 axes")
    if scale_max <= scale_min:
        raise ValueError(f"scale_max ({scale_max}) must be greater than scale_min ({scale_min})")
    if size <= 0:
        raise ValueError(f"size must be positive, not {size}")
    if not _ID_PREFIX.fullmatch(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} must match [A-Za-z][A-Za-z0-9_-]*")
    seen: set[str] = set()
    for s in series:
        if len(s.values) != len(axes):
            raise ValueError(f"series {s.key!r} has {len(s.values)} values for {len(axes)} axes")
        if s.key in seen:
            raise ValueError(f"series key {s.key!r} appears more than once")
        seen.add(s.key)

    layout = _layout(size, len(series))
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    root = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {size} {_num(layout.height)}",
        width=str(size),
        height=_num(layout.height),
        role="img",
        aria_labelledby=f"{title_id} {desc_id}",
    )
    styles = _styles(series)
    parts = [
        f"<svg {root}>",
        f"<title {_attrs(id_=title_id)}>{_esc(title)}</title>",
        f"<desc {_attrs(id_=desc_id)}>{_esc(description)}</desc>",
        *_grid(layout, len(axes), scale_min, scale_max),
        *_scale_numbers(layout, scale_min, scale_max),
        *_axis_labels(layout, axes),
    ]
    for s, style in zip(series, styles, strict=True):
        parts.extend(_series(layout, s, style, id_prefix, scale_min, scale_max))
    parts.extend(_legend(layout, list(zip(series, styles, strict=True))))
    parts.append("</svg>")
    return "\n".join(parts)
