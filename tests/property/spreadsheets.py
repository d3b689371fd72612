"""Generated spreadsheet exports: a team file (:mod:`hiring.domain.team_csv`) and a panel's
long-format scores (:mod:`hiring.domain.reliability_csv`), mostly well-formed enough to reach
the row checks, with every kind of damage now and then: columns missing, repeated, unknown or
renamed, a cell of anything, stray quotes, another separator, a byte-order mark, bytes that are
not UTF-8."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from hypothesis import strategies as st

from hiring.domain.employees import EMPLOYEE_RANGES, FIELD_RANGES
from hiring.domain.reliability_csv import CSV_COLUMNS
from hiring.domain.rubric import EDUCATION_LEVELS
from hiring.domain.team_csv import TEAM_COLUMNS
from tests.property.strategies import any_text, number_within, short_text, text_within

PERIODS = st.from_regex(r"\A[0-9]{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|q[1-4]))?\Z")


def _cell(column: str) -> st.SearchStrategy[str]:
    ranges = {**EMPLOYEE_RANGES, **FIELD_RANGES}
    if column in ranges:
        low, high = ranges[column]
        whole = column not in EMPLOYEE_RANGES and not column.endswith("_pct")
        return st.one_of(number_within(int(low), int(high), whole), st.just(""))
    return {
        "employee_id": st.sampled_from(["E1", "E2", "E3", "X1", " e1 "]),
        "name": text_within(200, min_size=1),
        "email": st.one_of(st.emails(), st.just("")),
        "education": st.sampled_from(["", *EDUCATION_LEVELS]),
        "languages": st.from_regex(r"\A([a-z]{2,3}([, ] ?[a-z]{2,3}){0,5})?\Z"),
        "period": st.one_of(PERIODS, st.just("")),
    }.get(column, text_within(120))


TEAM_CELLS = {column: _cell(column) for column in TEAM_COLUMNS}
WILD_TEAM_CELLS = {column: st.one_of(cells, any_text()) for column, cells in TEAM_CELLS.items()}


@st.composite
def _header(draw: st.DrawFn, columns: Sequence[str]) -> list[str]:
    header = list(draw(st.permutations(columns)))
    damage = draw(st.sampled_from(["none"] * 12 + ["drop", "repeat", "unknown", "case"]))
    if damage == "drop":
        del header[draw(st.integers(0, len(header) - 1))]
    elif damage == "repeat":
        header.append(draw(st.sampled_from(header)))
    elif damage == "unknown":
        header.insert(draw(st.integers(0, len(header))), draw(short_text(12)))
    elif damage == "case":
        header = [f" {name.upper()} " for name in header]
    return header


def _write(draw: st.DrawFn, header: list[str], rows: list[list[str]], delimiter: str) -> str:
    """The rows as a spreadsheet writes them (quoted as needed), or joined by hand (so a cell
    with the separator, a quote or a line break damages the row)."""
    by_hand = draw(st.sampled_from([False] * 7 + [True]))
    newline = draw(st.sampled_from(["\r\n", "\n", "\r\n", "\n", "\r\n", "\r"]))
    if by_hand:
        return newline.join(delimiter.join(row) for row in [header, *rows]) + newline
    out = io.StringIO()
    quote_all = draw(st.booleans())
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def _damaged(draw: st.DrawFn, text: str) -> bytes:
    """The text as the file's bytes: usually UTF-8 (with a byte-order mark now and then),
    sometimes cut short, with a stray quote, or with bytes that are not UTF-8."""
    if draw(st.booleans()) and draw(st.booleans()):
        text = "\ufeff" + text
    data = text.encode("utf-8")
    damage = draw(st.sampled_from(["none"] * 8 + ["cut", "quote", "bytes", "latin-1"]))
    at = draw(st.integers(0, len(data)))
    if damage == "cut":
        data = data[:at]
    elif damage == "quote":
        data = data[:at] + b'"' + data[at:]
    elif damage == "bytes":
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    elif damage == "latin-1":
        data = text.encode("latin-1", errors="replace")
    return data


TEAM_ROWS = [
    {"employee_id": "E1", "name": "Marina Petrova", "email": "marina@example.com", "team": "South",
     "territory": "Tampere", "role": "medical representative", "years_in_role": "6",
     "sales_experience_years": "9", "education": "higher", "languages": "fi en ru",
     "period": "2026-Q3", "sales_vs_plan_pct": "131", "sales_growth_pct": "18.5",
     "key_accounts": "9", "vip_kol_known": "27", "vip_kol_total": "30", "tenders_won": "3",
     "report_compliance_pct": "38", "visit_compliance_pct": "52", "long_term_clients": "41",
     "repeat_transactions": "260"},
    {"employee_id": "E2", "name": "Äijä Öljynen", "email": "", "team": "", "territory": "",
     "role": "", "years_in_role": "", "sales_experience_years": "", "education": "",
     "languages": "", "period": "", "sales_vs_plan_pct": "", "sales_growth_pct": "",
     "key_accounts": "", "vip_kol_known": "", "vip_kol_total": "", "tenders_won": "",
     "report_compliance_pct": "", "visit_compliance_pct": "", "long_term_clients": "",
     "repeat_transactions": ""},
    {"employee_id": "X1", "name": "李 小龙", "email": "li@example.fi", "team": "Itä",
     "territory": "Kuopio", "role": "KAM", "years_in_role": "0", "sales_experience_years": "70",
     "education": "postgraduate", "languages": "fi,sv", "period": "2026", "sales_vs_plan_pct": "0",
     "sales_growth_pct": "-100", "key_accounts": "10000", "vip_kol_known": "0",
     "vip_kol_total": "0", "tenders_won": "0", "report_compliance_pct": "100",
     "visit_compliance_pct": "0", "long_term_clients": "100000",
     "repeat_transactions": "10000000"},
    {"employee_id": "E1", "name": "Marina Petrova", "email": "marina@example.com", "team": "South",
     "territory": "Tampere", "role": "medical representative", "years_in_role": "6",
     "sales_experience_years": "9", "education": "higher", "languages": "fi en ru",
     "period": "2026-07", "sales_vs_plan_pct": "99.5", "sales_growth_pct": "", "key_accounts": "8",
     "vip_kol_known": "", "vip_kol_total": "31", "tenders_won": "", "report_compliance_pct": "",
     "visit_compliance_pct": "", "long_term_clients": "", "repeat_transactions": ""},
]  # fmt: skip
"""Rows without problems (the first and last are one person in two periods); the generated
files are these with damage."""


@st.composite
def team_files(draw: st.DrawFn, max_rows: int = 5, damage: bool = True) -> bytes:
    """A team file's bytes: rows without problems, with one cell or a few changed to another
    value of the column or (with ``damage``) to anything at all; with ``damage``, the header,
    the separator, the quoting and the bytes are damaged now and then too."""
    if not damage:
        header = list(draw(st.permutations(TEAM_COLUMNS)))
        delimiter = draw(st.sampled_from([",", ";"]))
    else:
        header = draw(_header(TEAM_COLUMNS))
        delimiter = draw(DELIMITERS)
    cells = WILD_TEAM_CELLS if damage else TEAM_CELLS
    rows = []
    for _row in range(draw(st.integers(1 - damage, max_rows))):
        values = dict(draw(st.sampled_from(TEAM_ROWS)))
        for _change in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
            column = draw(st.sampled_from(TEAM_COLUMNS))
            values[column] = draw(cells[column])
        row = [values.get(name.strip().lower(), "") for name in header]
        if delimiter == ";" and draw(st.booleans()):
            row = [cell.replace(".", ",") for cell in row]  # decimal commas
        if damage and draw(st.sampled_from([False] * 9 + [True])):
            row = row[: draw(st.integers(0, len(row)))]  # too few fields
        rows.append(row)
    if not damage:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
        return out.getvalue().encode()
    return draw(_damaged(_write(draw, header, rows, delimiter)))


DELIMITERS = st.sampled_from([",", ",", ",", ";", ";", ";", "\t"])
"""Commas and semicolons (both read); now and then a tab (which is not)."""
SCORES = st.one_of(
    st.integers(1, 5).map(str),
    st.sampled_from(["", "3,5", "4.5", "0", "-1", "1e308", "-1e308", "1e-320", "nan", "+2"]),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
HUGE_SCORES = st.one_of(
    st.floats(min_value=1e150, allow_infinity=False),
    st.floats(max_value=-1e150, allow_infinity=False),
).map(repr)
"""Scores past anything a rating scale has: the sums of their squares overflow."""
WHO = st.tuples(
    st.sampled_from(["c1", "c2", "c3", "c4", "c5", " c1 "]),
    st.sampled_from(["A", "B", "C", "D", "a"]),
    st.sampled_from(["persuasion", "listening", "x"]),
)


@st.composite
def panel_files(draw: st.DrawFn, max_rows: int = 30) -> bytes:
    """A panel's long-format scores as a file's bytes: mostly one score per candidate, rater
    and competency, now and then a row of anything."""
    header = draw(_header(CSV_COLUMNS))
    delimiter = draw(DELIMITERS)
    scores = draw(st.sampled_from([SCORES] * 5 + [HUGE_SCORES]))
    rows = []
    for who in draw(st.lists(WHO, unique=True, max_size=max_rows)):
        values = dict(zip(("candidate", "rater", "competency"), who, strict=True))
        values["score"] = draw(scores)
        if draw(st.sampled_from([False] * 19 + [True])):
            values[draw(st.sampled_from(CSV_COLUMNS))] = draw(any_text())
        row = [values.get(name.strip().lower(), "") for name in header]
        if delimiter == ";" and draw(st.booleans()):
            row = [cell.replace(".", ",") for cell in row]
        rows.append(row)
    return draw(_damaged(_write(draw, header, rows, delimiter)))
