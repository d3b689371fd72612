"""Reading a sales team from a spreadsheet: every problem named by row and column."""

from __future__ import annotations

import pytest

from hiring.domain.employees import period_end
from hiring.domain.team_csv import TEAM_COLUMNS, decode, read_team_csv, team_template

HEADER = ",".join(TEAM_COLUMNS)
GOOD = {
    "employee_id": "E1", "name": "Marina Petrova", "email": "marina@example.com",
    "team": "South", "territory": "Tampere", "role": "medical representative",
    "years_in_role": "6", "sales_experience_years": "9", "education": "higher",
    "languages": "fi en ru", "period": "2026-Q3", "sales_vs_plan_pct": "131",
    "sales_growth_pct": "18.5", "key_accounts": "9", "vip_kol_known": "27",
    "vip_kol_total": "30", "tenders_won": "3", "report_compliance_pct": "38",
    "visit_compliance_pct": "52", "long_term_clients": "41", "repeat_transactions": "260",
}  # fmt: skip


def line(delimiter: str = ",", **changes: str) -> str:
    values = GOOD | changes
    return delimiter.join(values[name] for name in TEAM_COLUMNS)


def messages(text: str) -> list[str]:
    return [p.message for p in read_team_csv(text).all_problems]


def test_the_template_reads_back_without_problems():
    team = read_team_csv(team_template())
    assert team.all_problems == []
    (row,) = team.rows
    assert (row.row, row.employee.employee_id, row.field.period) == (2, "E1001", "2026-Q3")
    assert team_template().splitlines()[0] == HEADER


def test_a_good_row_becomes_an_employee_and_a_period():
    (row,) = read_team_csv(f"{HEADER}\n{line()}\n").rows
    assert row.employee.languages == ("fi", "en", "ru")
    assert row.employee.years_in_role == 6.0
    assert row.field.sales_growth_pct == 18.5
    assert row.field.vip_kol_share == 0.9
    assert row.field.ends == (2026, 9)


@pytest.mark.parametrize(
    ("text", "bom"),
    [("plain", ""), ("with a byte-order mark", "\ufeff")],
)
def test_utf8_with_or_without_bom(text, bom):
    data = (bom + f"{HEADER}\n{line(name='Äijä Öljynen')}\n").encode()
    (row,) = read_team_csv(decode(data)).rows
    assert row.employee.name == "Äijä Öljynen"


def test_a_file_that_is_not_utf8_is_refused_before_reading():
    assert decode("Äijä".encode("latin-1")) is None


def test_semicolons_take_a_decimal_comma():
    header = HEADER.replace(",", ";")
    text = f"{header}\n{line(';', sales_growth_pct='18,5', years_in_role='2,5', languages='fi')}\n"
    (row,) = read_team_csv(text).rows
    assert (row.field.sales_growth_pct, row.employee.years_in_role) == (18.5, 2.5)


def test_commas_take_no_decimal_comma():
    text = f"{HEADER}\n{line(sales_growth_pct=chr(34) + '18,5' + chr(34))}\n"
    assert messages(text) == ["row 2: sales_growth_pct: enter a number"]


def test_columns_in_any_order_and_case():
    names = list(reversed(TEAM_COLUMNS))
    header = ",".join(name.upper() for name in names)
    values = ",".join(GOOD[name] for name in names)
    (row,) = read_team_csv(f" {header}\n{values}\n").rows
    assert row.valid
    assert row.employee.employee_id == "E1"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"employee_id": ""}, "row 2: employee_id: required"),
        ({"name": " "}, "row 2: name: required"),
        ({"name": "x" * 201}, "row 2: name: at most 200 characters"),
        ({"email": "marina"}, "row 2: email: not an email address"),
        ({"education": "phd"}, "row 2: education: one of none, secondary, vocational, higher, "
         "postgraduate"),
        ({"languages": "finnish"}, "row 2: languages: two- or three-letter codes separated by "
         "commas, e.g. fi, en"),
        ({"years_in_role": "71"}, "row 2: years_in_role: enter a number from 0 to 70"),
        ({"years_in_role": "six"}, "row 2: years_in_role: enter a number"),
        ({"period": "Q3/2026"}, "row 2: period: a year, half, quarter or month: 2026, 2026-H1, "
         "2026-Q3 or 2026-07"),
        ({"period": "2026-13"}, "row 2: period: a year, half, quarter or month: 2026, 2026-H1, "
         "2026-Q3 or 2026-07"),
        ({"period": ""}, "row 2: period: needed when the row has field data"),
        ({"sales_vs_plan_pct": "-1"}, "row 2: sales_vs_plan_pct: enter a number from 0 to 1000"),
        ({"report_compliance_pct": "101"},
         "row 2: report_compliance_pct: enter a number from 0 to 100"),
        ({"key_accounts": "2.5"}, "row 2: key_accounts: enter a whole number"),
        ({"vip_kol_total": "20"}, "row 2: vip_kol_total: less than vip_kol_known (27)"),
    ],
)  # fmt: skip
def test_each_kind_of_bad_value_is_named_by_row_and_column(changes, expected):
    assert messages(f"{HEADER}\n{line(**changes)}\n") == [expected]


def test_every_problem_of_every_row_is_reported():
    text = f"{HEADER}\n{line(email='x', key_accounts='a')}\n{line(employee_id='E2')}\n"
    text += f"{line(employee_id='E3', period='', sales_vs_plan_pct='')}\n"
    team = read_team_csv(text)
    assert [p.message for p in team.all_problems] == [
        "row 2: email: not an email address",
        "row 2: key_accounts: enter a whole number",
        "row 4: period: needed when the row has field data",
    ]
    assert [r.row for r in team.valid_rows] == [3]


def test_a_row_without_field_data_is_a_person_only():
    empty = dict.fromkeys(["period", *TEAM_COLUMNS[11:]], "")
    (row,) = read_team_csv(f"{HEADER}\n{line(**empty)}\n").rows
    assert row.valid
    assert row.field is None


def test_one_employee_over_several_periods():
    text = f"{HEADER}\n{line()}\n{line(period='2026-Q2', sales_vs_plan_pct='120')}\n"
    team = read_team_csv(text)
    assert team.all_problems == []
    assert [r.field.period for r in team.rows] == ["2026-Q3", "2026-Q2"]


def test_the_same_period_twice_is_a_duplicate():
    text = f"{HEADER}\n{line()}\n\n{line(period='2026-q3')}\n"
    assert messages(text) == ["row 4: period: this employee's period 2026-Q3 is already on row 2"]


def test_rows_of_one_employee_must_agree_on_who_they_are():
    text = f"{HEADER}\n{line()}\n{line(period='2026-Q2', team='North', name='M. Petrova')}\n"
    assert messages(text) == [
        "row 3: name: differs from row 2 for the same employee_id",
        "row 3: team: differs from row 2 for the same employee_id",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["row 1: no header row; expected " + ", ".join(TEAM_COLUMNS)]),
        (f"{HEADER}\n", ["row 2: no rows below the header"]),
        (f"{HEADER},bonus\n{line()},1\n",
         ["row 1: bonus: unexpected column; expected " + ", ".join(TEAM_COLUMNS)]),
        (f'{HEADER},"bo\rnus"\n{line()},1\n',  # a line break in a name stays on the line
         ["row 1: bo\\rnus: unexpected column; expected " + ", ".join(TEAM_COLUMNS)]),
        (f"{HEADER},name\n", ["row 1: name: appears more than once"]),
        (HEADER.replace(",tenders_won", "") + "\n", ["row 1: tenders_won: missing column"]),
        (f"{HEADER}\n{line()},extra\n", ["row 2: expected 21 fields, got 22"]),
        (f'{HEADER}\n"E1,{line()[3:]}\n', ["row 2: malformed CSV (unexpected end of data)"]),
    ],
)  # fmt: skip
def test_problems_with_the_file_itself(text, expected):
    assert messages(text) == expected


@pytest.mark.parametrize(
    ("period", "ends"),
    [("2026", (2026, 12)), ("2026-H1", (2026, 6)), ("2026-Q1", (2026, 3)), ("2026-07", (2026, 7))],
)
def test_periods_of_different_lengths_are_ordered_by_their_end(period, ends):
    assert period_end(period) == ends


@pytest.mark.parametrize("period", ["٢٠٢٦", "２０２６", "2026-٠٧"])
def test_a_period_in_other_scripts_digits_is_refused(period):
    """Found by the property tests: \\d took Arabic-Indic and full-width digits, so the same
    year could be imported twice as two periods."""
    from hiring.domain.employees import period_end

    with pytest.raises(ValueError, match="a year, half, quarter or month"):
        period_end(period)
