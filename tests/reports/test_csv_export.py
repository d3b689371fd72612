"""CSV export: Excel-friendly encoding and dialect, and no formula injection."""

from __future__ import annotations

import codecs
import csv
import io
from decimal import Decimal

import pytest

from hiring.reports.csv_export import csv_bytes, safe_cell


def read_back(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


# --- safe_cell ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (0, "0"),
        (42, "42"),
        (2.5, "2.5"),
        (3.0, "3"),
        (0.8333333, "0.8333"),
        (0.66666, "0.6667"),
        (1e-7, "0"),
        (-1e-7, "0"),
        (1234567.125, "1234567.125"),
        ("", ""),
        ("Matti Meikäläinen", "Matti Meikäläinen"),
        ("a=b", "a=b"),
        ("mid-range", "mid-range"),
    ],
)
def test_safe_cell_formats(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("value", [-1, -2.5, -0.25, -1000])
def test_negative_numbers_are_not_prefixed(value):
    assert safe_cell(value) == str(value)
    assert not safe_cell(value, decimal_comma=True).startswith("'")


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1:A2)",
        "\tcmd",
        "\rcmd",
        '=HYPERLINK("http://x","y")',
        "=cmd|' /C calc'!A0",
        "  =1+1",
        " +1",
        "\n-1",
        " \t@x",
    ],
)
def test_formula_starts_are_prefixed_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(Decimal("-1.5"), id="decimal"),
        pytest.param(float("-inf"), id="minus-inf"),
    ],
)
def test_other_objects_are_stringified_then_checked(value):
    assert safe_cell(value) == "'" + str(value)


def test_non_finite_floats_are_text():
    assert safe_cell(float("nan")) == "nan"
    assert safe_cell(float("inf")) == "inf"


def test_decimal_comma_only_changes_floats():
    assert safe_cell(2.5, decimal_comma=True) == "2,5"
    assert safe_cell(-0.125, decimal_comma=True) == "-0,125"
    assert safe_cell(3.0, decimal_comma=True) == "3"
    assert safe_cell(1000, decimal_comma=True) == "1000"
    assert safe_cell("2.5", decimal_comma=True) == "2.5"


# --- csv_bytes ---------------------------------------------------------------------------------


def test_bom_present_by_default_and_absent_on_request():
    with_bom = csv_bytes(["a"], [[1]])
    without = csv_bytes(["a"], [[1]], bom=False)
    assert with_bom.startswith(codecs.BOM_UTF8)
    assert without == b"a\r\n1\r\n"
    assert with_bom == codecs.BOM_UTF8 + without


def test_rows_end_with_crlf():
    data = csv_bytes(["name", "score"], [["A", 1], ["B", 2]], bom=False)
    assert data == b"name,score\r\nA,1\r\nB,2\r\n"


def test_rows_may_be_any_iterable():
    data = csv_bytes(["n"], (row for row in [[1], [2]]), bom=False)
    assert data == b"n\r\n1\r\n2\r\n"


def test_semicolon_dialect_uses_decimal_comma():
    data = csv_bytes(["name", "score"], [["A", 3.25], ["B", -0.5]], delimiter=";", bom=False)
    assert data == b"name;score\r\nA;3,25\r\nB;-0,5\r\n"


def test_comma_dialect_keeps_decimal_point():
    data = csv_bytes(["name", "score"], [["A", 3.25]], delimiter=",", bom=False)
    assert data == b"name,score\r\nA,3.25\r\n"


@pytest.mark.parametrize("delimiter", ["\t", "|", ",,", "", " "])
def test_other_delimiters_are_refused(delimiter):
    with pytest.raises(ValueError, match="delimiter"):
        csv_bytes(["a"], [], delimiter=delimiter)


def test_finnish_text_round_trips():
    rows = [["Äijälä, Sörnäinen", "Yö ja päivä", 4.5]]
    data = csv_bytes(["Nimi", "Huomio", "Pisteet"], rows)
    assert read_back(data) == [
        ["Nimi", "Huomio", "Pisteet"],
        ["Äijälä, Sörnäinen", "Yö ja päivä", "4.5"],
    ]
    assert "Äijälä".encode() in data


def test_cells_with_delimiter_quote_or_newline_are_quoted():
    rows = [["a;b\nc", 'say "hi"', "plain", "x,y"]]
    data = csv_bytes(["h1", "h2", "h3", "h4"], rows, delimiter=";", bom=False)
    assert data == b'h1;h2;h3;h4\r\n"a;b\nc";"say ""hi""";plain;x,y\r\n'
    assert read_back(data, ";")[1] == ["a;b\nc", 'say "hi"', "plain", "x,y"]


def test_injection_is_neutralised_in_header_and_rows():
    data = csv_bytes(["=HEADER()", "score"], [["@evil", -3], [" -cmd", None]], bom=False)
    assert read_back(data) == [["'=HEADER()", "score"], ["'@evil", "-3"], ["' -cmd", ""]]
