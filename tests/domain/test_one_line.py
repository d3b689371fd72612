"""Text about a file a person edited, kept on one line."""

from __future__ import annotations

import pytest

from hiring.domain.one_line import one_line


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("competencies[3].anchors.5", "competencies[3].anchors.5"),
        ("Äijä 🙂 'quoted' \\ back", "Äijä 🙂 'quoted' \\ back"),
        ("a\rb", "a\\rb"),
        ("a\r\nb", "a\\r\\nb"),
        ("tab\there", "tab\\there"),
        ("nel\x85ls\u2028ps\u2029", "nel\\x85ls\\u2028ps\\u2029"),
        ("nul\x00del\x7f", "nul\\x00del\\x7f"),
    ],
)
def test_one_line_escapes_control_characters_and_line_breaks(text, shown):
    assert one_line(text) == shown
    assert len(one_line(text).splitlines()) == 1
