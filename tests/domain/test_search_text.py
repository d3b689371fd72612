"""Folding for search: the same for what is stored and what is typed."""

from __future__ import annotations

import pytest

from hiring.domain.search_text import fold, search_text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("öörni", "Öörni"),
        ("ÖÖRNI", "Öörni"),
        ("oorni", "Öörni"),
        ("åkerlund", "Åkerlund"),
        ("akerlund", "Åkerlund"),
        ("anna liisa", "Anna-Liisa Mäkelä"),
        ("anna-liisa", "Anna–Liisa Mäkelä"),
        ("liisa makela", "Anna-Liisa Mäkelä"),
        ("strasse", "Straße"),
        ("hervé", "Hervé Lindström"),
        ("lindstrom", "Hervé Lindström"),
    ],
)
def test_what_is_typed_finds_what_is_stored(typed, stored):
    assert fold(typed) in fold(stored)


def test_fields_are_separate_lines_so_a_match_never_spans_two():
    text = search_text("Maija Öörni", "maija@example.com", "Met at the\tKOL  dinner")
    assert text == "maija oorni\nmaija@example.com\nmet at the kol dinner"
    assert fold("oorni maija") not in text
