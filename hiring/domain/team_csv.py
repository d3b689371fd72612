"""A sales team from a spreadsheet: one row per representative and period.

The file has exactly :data:`TEAM_COLUMNS` (in any order, names matched ignoring case and
surrounding spaces). It may be separated by ``,`` or ``;`` (whichever the header uses), be UTF-8
with or without a byte-order mark, and use a decimal comma when separated by ``;``. Rows are
numbered as a spreadsheet numbers them: the header is row 1.

Every problem is a :class:`RowProblem` naming its row and column, with a ``kind`` and values that
the application turns into a message in the reader's language; :attr:`RowProblem.message` is the
English one the command line prints (``row 4: sales_vs_plan_pct: enter a number from 0 to
1000``). Reading never stops at the first problem: each row is checked and marked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from hiring.domain.employees import (
    EMPLOYEE_RANGES,
    FIELD_RANGES,
    EmployeeRecord,
    FieldRecord,
)
from hiring.domain.one_line import one_line
from hiring.domain.rubric import EDUCATION_LEVELS

EMPLOYEE_COLUMNS: tuple[str, ...] = (
    "employee_id", "name", "email", "team", "territory", "role", "years_in_role",
    "sales_experience_years", "education", "languages",
)  # fmt: skip
FIELD_COLUMNS: tuple[str, ...] = ("period", *FIELD_RANGES)
TEAM_COLUMNS: tuple[str, ...] = (*EMPLOYEE_COLUMNS, *FIELD_COLUMNS)
"""The columns of the team file, in the order the template and the export write them."""

NUMERIC = frozenset({*EMPLOYEE_RANGES, *FIELD_RANGES})
RANGES = {**EMPLOYEE_RANGES, **FIELD_RANGES}

MESSAGES: dict[str, str] = {
    "required": "required",
    "too_long": "at most {max} characters",
    "number": "enter a number",
    "integer": "enter a whole number",
    "range": "enter a number from {low} to {high}",
    "email": "not an email address",
    "education": "one of {choices}",
    "languages": "two- or three-letter codes separated by commas, e.g. fi, en",
    "period": "a year, half, quarter or month: 2026, 2026-H1, 2026-Q3 or 2026-07",
    "total_below_known": "less than vip_kol_known ({known})",
    "period_needed": "needed when the row has field data",
    "duplicate_period": "this employee's period {period} is already on row {first}",
    "differs": "differs from row {first} for the same employee_id",
    "field_count": "expected {expected} fields, got {got}",
    "malformed": "malformed CSV ({detail})",
    "no_header": "no header row; expected {columns}",
    "unknown_column": "unexpected column; expected {columns}",
    "repeated_column": "appears more than once",
    "missing_column": "missing column",
    "no_rows": "no rows below the header",
    "other_team": "belongs to another manager's team",
    "not_utf8": "not UTF-8 text; save the file as CSV UTF-8",
}
"""The English message of each problem kind (the command line's; the web app translates)."""


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    """The column it is about; empty for a problem with the whole row or file."""
    kind: str
    values: tuple[tuple[str, Any], ...] = ()

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.values)

    @property
    def message(self) -> str:
        """One line, even about a column whose name in the file holds a line break."""
        where = f"row {self.row}: " + (f"{self.column}: " if self.column else "")
        return one_line(where + MESSAGES[self.kind].format(**self.params))


@dataclass(frozen=True)
class TeamRow:
    row: int
    cells: dict[str, str]
    """The row as written, by column (for the preview)."""
    employee: EmployeeRecord | None
    field: FieldRecord | None
    """None when the row has no period and no field data (a person only)."""
    problems: tuple[RowProblem, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class TeamFile:
    rows: tuple[TeamRow, ...] = ()
    problems: tuple[RowProblem, ...] = ()
    """Problems with the file itself (header, encoding); then no row is read."""

    @property
    def all_problems(self) -> list[RowProblem]:
        return [*self.problems, *(p for r in self.rows for p in r.problems)]

    @property
    def valid_rows(self) -> list[TeamRow]:
        return [r for r in self.rows if r.valid]


def _problem(row: int, column: str, kind: str, **values: Any) -> RowProblem:
    return RowProblem(row, column, kind, tuple(values.items()))


def _from_pydantic(row: int, error: Any, values: dict[str, str]) -> RowProblem:
    column = str(error["loc"][0]) if error["loc"] else ""
    kind, context = error["type"], error.get("ctx") or {}
    if kind in ("missing", "string_too_short"):
        return _problem(row, column, "required")
    if kind == "string_too_long":
        return _problem(row, column, "too_long", max=context.get("max_length", 0))
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = RANGES[column]
        return _problem(row, column, "range", low=f"{low:g}", high=f"{high:g}")
    if kind.startswith("int_"):
        return _problem(row, column, "integer")
    if kind.startswith("float_"):
        return _problem(row, column, "number")
    if column == "education":
        return _problem(row, column, "education", choices=", ".join(EDUCATION_LEVELS))
    if column == "vip_kol_total":
        return _problem(row, column, "total_below_known", known=values["vip_kol_known"])
    if column in ("email", "languages", "period"):
        return _problem(row, column, column)
    return _problem(row, column, "number")


def _delimiter(header_line: str) -> str:
    """``;`` when the header has more semicolons than commas, else ``,`` (decided from the
    header alone: the data's decimal commas would mislead a sniffer)."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _rows(reader: Any) -> Iterator[tuple[int, list[str]] | RowProblem]:
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _problem(reader.line_num, "", "malformed", detail=str(exc))
            return
        yield reader.line_num, cells


def decode(data: bytes) -> str | None:
    """The file's text (UTF-8, with or without a byte-order mark), or None if it is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _check_row(number: int, cells: dict[str, str], delimiter: str) -> TeamRow:
    values = dict(cells)
    if delimiter == ";":
        for name in NUMERIC:
            values[name] = values[name].replace(",", ".")
    problems: list[RowProblem] = []
    employee = field_record = None
    try:
        employee = EmployeeRecord.model_validate({n: values[n] for n in EMPLOYEE_COLUMNS})
    except ValidationError as exc:
        problems += [_from_pydantic(number, e, values) for e in exc.errors()]
    has_field_data = any(values[n].strip() for n in FIELD_RANGES)
    if values["period"].strip() or has_field_data:
        if not values["period"].strip():
            problems.append(_problem(number, "period", "period_needed"))
        else:
            try:
                field_record = FieldRecord.model_validate({n: values[n] for n in FIELD_COLUMNS})
            except ValidationError as exc:
                problems += [_from_pydantic(number, e, values) for e in exc.errors()]
    return TeamRow(number, cells, employee, field_record, tuple(problems))


def _cross_check(rows: list[TeamRow]) -> list[TeamRow]:
    """Rows of one employee must agree on who they are, and name each period once."""
    first_of: dict[str, TeamRow] = {}
    period_row: dict[tuple[str, str], int] = {}
    checked = []
    for row in rows:
        extra: list[RowProblem] = []
        if row.employee is not None:
            key = row.employee.employee_id
            first = first_of.setdefault(key, row)
            if first is not row and first.employee is not None:
                extra += [
                    _problem(row.row, name, "differs", first=first.row)
                    for name in EMPLOYEE_COLUMNS
                    if getattr(row.employee, name) != getattr(first.employee, name)
                ]
            if row.field is not None:
                seen = period_row.setdefault((key, row.field.period), row.row)
                if seen != row.row:
                    extra.append(
                        _problem(
                            row.row,
                            "period",
                            "duplicate_period",
                            period=row.field.period,
                            first=seen,
                        )
                    )
        if extra:
            row = TeamRow(row.row, row.cells, row.employee, row.field, (*row.problems, *extra))
        checked.append(row)
    return checked


def read_team_csv(text: str) -> TeamFile:
    """Every row of a team file, each checked; see the module's docstring for the format."""
    text = text.removeprefix("\ufeff")
    header_line = next((line for line in text.splitlines() if line.strip(" \t;,\"'")), "")
    delimiter = _delimiter(header_line)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_row = 1
    lines = _rows(reader)
    for item in lines:
        if isinstance(item, RowProblem):
            return TeamFile(problems=(item,))
        header_row, cells = item
        if any(cell.strip() for cell in cells):
            header = [cell.strip().lower() for cell in cells]
            break
    if header is None:
        return TeamFile(problems=(_problem(1, "", "no_header", columns=", ".join(TEAM_COLUMNS)),))
    file_problems = [
        _problem(header_row, name or "?", "unknown_column", columns=", ".join(TEAM_COLUMNS))
        for name in header
        if name not in TEAM_COLUMNS
    ]
    file_problems += [
        _problem(header_row, name, "repeated_column")
        for name in dict.fromkeys(header)
        if name in TEAM_COLUMNS and header.count(name) > 1
    ]
    file_problems += [
        _problem(header_row, name, "missing_column") for name in TEAM_COLUMNS if name not in header
    ]
    if file_problems:
        return TeamFile(problems=tuple(file_problems))

    rows: list[TeamRow] = []
    for item in lines:
        if isinstance(item, RowProblem):
            return TeamFile(rows=tuple(_cross_check(rows)), problems=(item,))
        number, cells = item
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            written = dict(zip(header, cells, strict=False))
            problem = _problem(number, "", "field_count", expected=len(header), got=len(cells))
            rows.append(TeamRow(number, written, None, None, (problem,)))
            continue
        rows.append(_check_row(number, dict(zip(header, cells, strict=True)), delimiter))
    if not rows:
        return TeamFile(problems=(_problem(header_row + 1, "", "no_rows"),))
    return TeamFile(rows=tuple(_cross_check(rows)))


def team_template() -> str:
    """The header of an empty team file, and one example row."""
    example = {
        "employee_id": "E1001", "name": "Marja Esimerkki", "email": "marja@example.com",
        "team": "Helsinki", "territory": "Uusimaa", "role": "medical representative",
        "years_in_role": "4", "sales_experience_years": "7", "education": "higher",
        "languages": "fi,en,sv", "period": "2026-Q3", "sales_vs_plan_pct": "112",
        "sales_growth_pct": "9.5", "key_accounts": "6", "vip_kol_known": "14",
        "vip_kol_total": "20", "tenders_won": "2", "report_compliance_pct": "64",
        "visit_compliance_pct": "71", "long_term_clients": "18", "repeat_transactions": "140",
    }  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(TEAM_COLUMNS)
    writer.writerow([example[name] for name in TEAM_COLUMNS])
    return out.getvalue()
