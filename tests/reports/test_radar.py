"""The radar SVG: well-formed, escaped, geometrically right, and honest about gaps.

Geometry is checked against the chart's own spokes (centre and rim) so the tests pin the value
mapping, not the layout constants; one test pins the documented layout of the default size.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from hiring.reports.radar import RadarSeries, radar_svg

SVG_NS = "http://www.w3.org/2000/svg"
NS = {"svg": SVG_NS}
NASTY = '<script>&"x"'
AXES4 = ("North", "East", "South", "West")


def render(axes=AXES4, series=(), **kwargs) -> str:
    kwargs.setdefault("title", "Profile")
    kwargs.setdefault("description", "Panel ratings against the role targets")
    return radar_svg(axes, series, **kwargs)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def series_group(root: ET.Element, key: str, prefix: str = "radar") -> ET.Element:
    group = root.find(f".//svg:g[@id='{prefix}-series-{key}']", NS)
    assert group is not None, f"no group for series {key}"
    return group


def point_list(attr: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (p.split(",") for p in attr.split())]


def markers(group: ET.Element) -> list[tuple[float, float]]:
    return [
        (float(c.get("cx")), float(c.get("cy")))
        for c in group.findall("svg:circle[@class='radar-point']", NS)
    ]


def geometry(root: ET.Element) -> tuple[float, float, float]:
    """Centre and outer radius read from the first spoke (12 o'clock, scale_max at its tip)."""
    spoke = root.findall(".//svg:line[@class='radar-spoke']", NS)[0]
    cx, cy = float(spoke.get("x1")), float(spoke.get("y1"))
    assert float(spoke.get("x2")) == cx
    return cx, cy, cy - float(spoke.get("y2"))


def close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    # Output is rounded to 2 decimals, so allow half a unit in the last place plus float noise.
    return math.isclose(a[0], b[0], abs_tol=0.0051) and math.isclose(a[1], b[1], abs_tol=0.0051)


# --- document structure and escaping ---------------------------------------------------------


def test_output_is_well_formed_svg_with_accessible_name():
    svg = render(series=[RadarSeries("panel", "Panel", (4, 3, 2, 5))])
    root = parse(svg)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "radar-title radar-desc"
    assert root.find("svg:title[@id='radar-title']", NS).text == "Profile"
    assert root.find("svg:desc[@id='radar-desc']", NS).text == (
        "Panel ratings against the role targets"
    )
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert width == 460
    assert height > 0


def test_id_prefix_namespaces_every_id():
    root = parse(render(series=[RadarSeries("self", "Self", (1, 2, 3, 4))], id_prefix="cand-7"))
    assert root.get("aria-labelledby") == "cand-7-title cand-7-desc"
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert ids == {"cand-7-title", "cand-7-desc", "cand-7-series-self"}


def test_every_text_is_escaped():
    svg = render(
        axes=(NASTY, "East", "South"),
        series=[RadarSeries("panel", NASTY, (1, 2, 3))],
        title=NASTY,
        description=NASTY,
    )
    assert "<script" not in svg
    assert svg.count("&lt;script&gt;&amp;&quot;x&quot;") == 4  # title, desc, axis, legend
    root = parse(svg)
    assert root.find("svg:title", NS).text == NASTY
    assert root.find("svg:desc", NS).text == NASTY
    axis = root.find(".//svg:text[@class='radar-axis-label']", NS)
    assert "".join(axis.itertext()) == NASTY
    legend = root.find(".//svg:g[@class='radar-legend']/svg:text", NS)
    assert legend.text == NASTY


def test_characters_illegal_in_xml_are_dropped_not_emitted():
    root = parse(render(title="a\x00b\x1fc", series=[]))
    assert root.find("svg:title", NS).text == "abc"


def test_uses_only_what_weasyprint_renders():
    svg = render(
        axes=("A", "B", "C", "D", "E"),
        series=[
            RadarSeries("target", "Target", (4, 4, 3, 4, 3)),
            RadarSeries("panel", "Panel", (3, None, 2, 4, 5)),
            RadarSeries("self", "Self", (5, 5, 4, 4, 4)),
        ],
    )
    root = parse(svg)
    allowed = {
        "svg",
        "title",
        "desc",
        "g",
        "polygon",
        "polyline",
        "line",
        "circle",
        "text",
        "tspan",
    }
    assert {e.tag.removeprefix(f"{{{SVG_NS}}}") for e in root.iter()} <= allowed
    for banned in ("style=", "<style", "var(", "href", "textLength", "dominant-baseline", "script"):
        assert banned not in svg


def test_same_input_gives_identical_output():
    def build() -> str:
        return render(
            axes=("Strateginen ajattelu", "Neuvottelu", "Suostuttelu", "Vakaus", "Luovuus"),
            series=[
                RadarSeries("target", "Tavoite", (4, 4, 3, 4, 3)),
                RadarSeries("panel", "Paneeli", (10 / 3, None, 2.25, 4.5, 1)),
            ],
        )

    assert build() == build()


def test_coordinates_have_at_most_two_decimals():
    root = parse(
        render(
            axes=("A", "B", "C", "D", "E", "F", "G"),
            series=[RadarSeries("panel", "P", (1 / 3, 2 / 3, 3.14159, 4.2, 5, 2.5, 1.1))],
        )
    )
    for element in root.iter():
        for name in ("x", "y", "cx", "cy", "x1", "y1", "x2", "y2", "points"):
            for number in (element.get(name) or "").replace(",", " ").split():
                assert len(number.partition(".")[2]) <= 2, (name, number)


# --- grid, axes and labels ---------------------------------------------------------------------


def test_grid_has_a_ring_per_scale_point_and_a_spoke_per_axis():
    root = parse(render(axes=("A", "B", "C", "D", "E"), scale_min=0, scale_max=4))
    rings = root.findall(".//svg:polygon[@class='radar-grid-ring']", NS)
    # scale_min is the centre (radius 0), so the rings are scale_min+1 .. scale_max.
    assert len(rings) == 4
    assert all(len(point_list(r.get("points"))) == 5 for r in rings)
    assert len(root.findall(".//svg:line[@class='radar-spoke']", NS)) == 5
    numbers = [t.text for t in root.findall(".//svg:g[@class='radar-scale']/svg:text", NS)]
    assert numbers == ["0", "1", "2", "3", "4"]


def test_scale_numbers_sit_along_the_first_spoke():
    root = parse(render())
    cx, cy, radius = geometry(root)
    numbers = root.findall(".//svg:g[@class='radar-scale']/svg:text", NS)
    assert all(n.get("text-anchor") == "end" and float(n.get("x")) < cx for n in numbers)
    ys = [float(n.get("y")) for n in numbers]
    assert ys == sorted(ys, reverse=True)  # 1 nearest the centre, 5 at the rim
    assert cy - radius < ys[-1] < cy - radius + 10


def test_default_layout_matches_the_documented_contract():
    cx, _cy, radius = geometry(parse(render()))
    assert cx == 230
    assert radius == pytest.approx(0.27 * 460, abs=0.01)


def test_first_axis_at_twelve_oclock_then_clockwise():
    root = parse(render())
    cx, cy, r = geometry(root)
    tips = [
        (float(s.get("x2")), float(s.get("y2")))
        for s in root.findall(".//svg:line[@class='radar-spoke']", NS)
    ]
    expected = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    assert all(close(t, e) for t, e in zip(tips, expected, strict=True))


def test_axis_label_anchor_follows_its_side():
    root = parse(render())
    labels = root.findall(".//svg:text[@class='radar-axis-label']", NS)
    assert [t.get("text-anchor") for t in labels] == ["middle", "start", "middle", "end"]
    cx, cy, r = geometry(root)
    north, east, south, west = ([float(s.get("y")) for s in t] for t in labels)
    west_x = float(labels[3][0].get("x"))
    assert north[0] < cy - r  # above the rim
    assert south[0] > cy + r  # below the rim
    assert west_x < cx - r  # left of the rim
    assert all(cy - 20 < y < cy + 20 for y in east + west)


def test_long_axis_labels_wrap_to_at_most_three_lines():
    axes = (
        "Neuvottelutaidot vaikeiden ja vaativien asiakkaiden kanssa",
        "Asiakkuudenhallintaosaaminen",
        "Lyhyt",
    )
    root = parse(render(axes=axes))
    labels = root.findall(".//svg:text[@class='radar-axis-label']", NS)
    lines = [[s.text for s in t.findall("svg:tspan", NS)] for t in labels]
    assert [len(t) for t in lines] == [3, 2, 1]
    assert all(len(line) <= 18 for t in lines for line in t)
    assert lines[0][:2] == ["Neuvottelutaidot", "vaikeiden ja"]
    assert lines[0][2].endswith("\u2026")  # the rest did not fit
    assert lines[1] == ["Asiakkuudenhallin-", "taosaaminen"]
    assert lines[2] == ["Lyhyt"]
    for t in labels:  # each line is positioned absolutely, one line-height apart
        ys = [float(s.get("y")) for s in t]
        assert ys == sorted(ys)
        assert len({s.get("x") for s in t}) == 1


# --- values ------------------------------------------------------------------------------------


def test_values_map_to_hand_computed_points():
    # Scale 1..5: 5 is the rim, 3 halfway, 2 a quarter, 1 the centre.
    root = parse(render(series=[RadarSeries("panel", "Panel", (5, 3, 1, 2))]))
    cx, cy, r = geometry(root)
    group = series_group(root, "panel")
    expected = [(cx, cy - r), (cx + r / 2, cy), (cx, cy), (cx - r / 4, cy)]
    polygon = group.find("svg:polygon", NS)
    assert all(
        close(p, e) for p, e in zip(point_list(polygon.get("points")), expected, strict=True)
    )
    assert all(close(m, e) for m, e in zip(markers(group), expected, strict=True))


def test_scale_bounds_are_respected_and_out_of_range_values_clamped():
    root = parse(
        render(series=[RadarSeries("panel", "Panel", (7, -2, 0, 3))], scale_min=0, scale_max=3)
    )
    cx, cy, r = geometry(root)
    got = markers(series_group(root, "panel"))
    expected = [(cx, cy - r), (cx, cy), (cx, cy), (cx - r, cy)]
    assert all(close(g, e) for g, e in zip(got, expected, strict=True))


def test_fully_assessed_series_is_one_closed_polygon():
    root = parse(render(series=[RadarSeries("target", "Target", (4, 4, 3, 3))]))
    group = series_group(root, "target")
    assert len(group.findall("svg:polygon", NS)) == 1
    assert group.findall("svg:polyline", NS) == []
    assert len(markers(group)) == 4


def test_gap_breaks_the_line_and_the_run_wraps_from_last_to_first():
    root = parse(render(series=[RadarSeries("panel", "Panel", (3, None, 4, 5))]))
    cx, cy, r = geometry(root)
    group = series_group(root, "panel")
    assert group.findall("svg:polygon", NS) == []
    lines = group.findall("svg:polyline", NS)
    assert len(lines) == 1
    # Axes 2 -> 3 -> 0: South (4), West (5), North (3); never through East.
    expected = [(cx, cy + 0.75 * r), (cx - r, cy), (cx, cy - 0.5 * r)]
    got = point_list(lines[0].get("points"))
    assert all(close(g, e) for g, e in zip(got, expected, strict=True))
    assert lines[0].get("fill") == "none"
    assert len(markers(group)) == 3


def test_separate_runs_become_separate_polylines():
    axes = ("A", "B", "C", "D", "E", "F")
    root = parse(render(axes=axes, series=[RadarSeries("self", "Self", (None, 3, 4, None, 5, 2))]))
    group = series_group(root, "self")
    lines = group.findall("svg:polyline", NS)
    assert [len(point_list(line.get("points"))) for line in lines] == [2, 2]
    assert len(markers(group)) == 4


def test_isolated_values_get_markers_but_no_line():
    root = parse(render(series=[RadarSeries("panel", "Panel", (3, None, 4, None))]))
    group = series_group(root, "panel")
    assert group.findall("svg:polyline", NS) == []
    assert group.findall("svg:polygon", NS) == []
    assert len(markers(group)) == 2


def test_unassessed_series_draws_nothing_but_stays_in_the_legend():
    root = parse(render(series=[RadarSeries("self", "Self", (None, None, None, None))]))
    group = series_group(root, "self")
    assert list(group) == []
    assert root.find(".//svg:g[@class='radar-legend']/svg:text", NS).text == "Self"


# --- telling series apart -----------------------------------------------------------------------


def all_three() -> ET.Element:
    return parse(
        render(
            series=[
                RadarSeries("target", "Target", (4, 4, 4, 4)),
                RadarSeries("panel", "Panel", (3, 4, 2, 5)),
                RadarSeries("self", "Self", (5, 5, 4, 5)),
            ]
        )
    )


def dashes(element: ET.Element) -> list[float]:
    return [float(d) for d in element.get("stroke-dasharray", "").split()]


def test_series_differ_by_line_pattern_fill_and_marker_not_colour_alone():
    root = all_three()
    target = series_group(root, "target").find("svg:polygon", NS)
    panel = series_group(root, "panel").find("svg:polygon", NS)
    own = series_group(root, "self").find("svg:polygon", NS)

    assert panel.get("stroke-dasharray") is None  # solid
    assert panel.get("fill") == panel.get("stroke") == "#1f5fa8"
    assert 0 < float(panel.get("fill-opacity")) <= 0.3  # light, translucent

    assert target.get("fill") == "none"
    assert own.get("fill") == "none"
    assert dashes(target)
    assert dashes(own)
    assert max(dashes(own)) < min(dashes(target))  # dotted vs dashed

    self_markers = series_group(root, "self").findall("svg:circle", NS)
    panel_markers = series_group(root, "panel").findall("svg:circle", NS)
    assert {m.get("fill") for m in self_markers} == {"#ffffff"}  # hollow
    assert {m.get("fill") for m in panel_markers} == {"#1f5fa8"}
    assert {target.get("stroke"), panel.get("stroke"), own.get("stroke")} == {
        "#5a6476",
        "#1f5fa8",
        "#c2571a",
    }


def test_legend_samples_use_each_series_style_in_order():
    root = all_three()
    legend = root.find(".//svg:g[@class='radar-legend']", NS)
    samples = legend.findall("svg:line", NS)
    labels = [t.text for t in legend.findall("svg:text", NS)]
    assert labels == ["Target", "Panel", "Self"]
    for sample, key in zip(samples, ("target", "panel", "self"), strict=True):
        shape = series_group(root, key).find("svg:polygon", NS)
        for attr in ("stroke", "stroke-width", "stroke-dasharray"):
            assert sample.get(attr) == shape.get(attr)
    _, cy, r = geometry(root)
    assert all(float(s.get("y1")) > cy + r for s in samples)  # under the chart


def test_other_keys_get_a_distinct_fallback_style():
    root = parse(
        render(
            series=[
                RadarSeries("panel", "Panel", (3, 3, 3, 3)),
                RadarSeries("peer_review", "Peers", (2, 2, 2, 2)),
            ]
        )
    )
    peer = series_group(root, "peer_review").find("svg:polygon", NS)
    assert peer.get("stroke") not in {"#1f5fa8", "#5a6476", "#c2571a"}
    assert dashes(peer)
    assert root.find(".//svg:g[@id='radar-series-peer_review']", NS).get("class") == (
        "radar-series radar-series-peer_review"
    )


# --- contract violations -------------------------------------------------------------------------


@pytest.mark.parametrize("axes", [(), ("A",), ("A", "B")])
def test_fewer_than_three_axes_is_refused(axes):
    with pytest.raises(ValueError, match="a radar chart needs at least 3 axes"):
        render(axes=axes)


def test_series_length_mismatch_names_the_series():
    with pytest.raises(ValueError, match="'self'"):
        render(series=[RadarSeries("self", "Self", (1, 2, 3))])


@pytest.mark.parametrize("key", ["", "Panel", "self-1", "a b", 'x"y', "panel\n"])
def test_series_key_is_restricted_to_lowercase_and_underscore(key):
    with pytest.raises(ValueError, match="series key"):
        RadarSeries(key, "Label", (1, 2, 3))


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_values_are_refused(value):
    with pytest.raises(ValueError, match="non-finite"):
        RadarSeries("panel", "Panel", (1, value, 3))


def test_values_are_stored_as_a_tuple():
    series = RadarSeries("panel", "Panel", [1, None, 3])
    assert series.values == (1, None, 3)
    assert hash(series) == hash(RadarSeries("panel", "Panel", (1, None, 3)))


def test_duplicate_series_keys_are_refused():
    twice = [RadarSeries("panel", "A", (1, 2, 3, 4)), RadarSeries("panel", "B", (1, 2, 3, 4))]
    with pytest.raises(ValueError, match="more than once"):
        render(series=twice)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scale_min": 5, "scale_max": 5}, "scale_max"),
        ({"scale_min": 5, "scale_max": 1}, "scale_max"),
        ({"size": 0}, "size"),
        ({"id_prefix": ""}, "id_prefix"),
        ({"id_prefix": 'r" onload="x'}, "id_prefix"),
        ({"id_prefix": "1radar"}, "id_prefix"),
    ],
)
def test_unusable_options_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        render(**kwargs)


def test_profile_chart_adds_self_assessment_line(app, mini):
    from hiring.domain.assessment import parse_assessment
    from hiring.domain.evaluation import evaluate
    from hiring.reports.charts import profile_chart

    panel = {
        "rater": "a",
        "kind": "interview",
        "scores": {"persuasion": 3, "listening": 4, "proposals": 2},
    }
    own = {"rater": "me", "kind": "self", "scores": {"persuasion": 5, "proposals": 3}}

    def chart(*ratings):
        assessment, role = parse_assessment({"role": "account", "ratings": list(ratings)}, mini)
        summary = evaluate(assessment, role).summary()
        return profile_chart(summary, summary.profile, "en", "r")

    with app.test_request_context():
        with_self, without = chart(panel, own), chart(panel)
    assert 'id="r-series-self"' in with_self
    assert "Self-assessment" in with_self
    assert 'id="r-series-self"' not in without
