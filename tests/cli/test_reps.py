"""``hiring reps``: a manager's team from and to a CSV file."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from hiring.domain.team_csv import TEAM_COLUMNS, read_team_csv, team_template
from hiring.extensions import db
from hiring.models import Person
from tests.domain.test_team_csv import HEADER, line
from tests.factories import make_user


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "team.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_adds_the_team_and_says_what_it_did(runner, tmp_path):
    manager = make_user("manager")
    path = write(tmp_path, f"\ufeff{HEADER}\n{line()}\n{line(employee_id='E2')}\n")
    result = runner.invoke(args=["reps", "import", str(path), "--manager", manager.email])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "2 added, 0 updated, 2 periods added, 0 periods updated, 0 rows skipped"
    )
    ids = db.session.execute(select(Person.employee_id, Person.manager_id)).all()
    assert sorted(ids) == [("E1", manager.id), ("E2", manager.id)]


def test_import_with_a_problem_prints_every_one_and_imports_nothing(runner, tmp_path):
    manager = make_user("manager")
    text = f"{HEADER}\n{line(email='x')}\n{line(employee_id='E2', vip_kol_total='1')}\n"
    path = write(tmp_path, text)
    result = runner.invoke(args=["reps", "import", str(path), "--manager", manager.email])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: row 2: email: not an email address",
        f"{path}: row 3: vip_kol_total: less than vip_kol_known (27)",
        "error: 2 problem(s); nothing was imported",
    ]
    assert db.session.execute(select(Person)).first() is None


def test_import_valid_only_skips_the_bad_rows(runner, tmp_path):
    manager = make_user("manager")
    path = write(tmp_path, f"{HEADER}\n{line(email='x')}\n{line(employee_id='E2')}\n")
    args = ["reps", "import", str(path), "--manager", manager.email, "--valid-only"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{path}: row 2: email: not an email address (skipped)",
        "1 added, 0 updated, 1 periods added, 0 periods updated, 1 rows skipped",
    ]


def test_import_refuses_a_file_that_is_not_utf8(runner, tmp_path):
    manager = make_user("manager")
    path = write(tmp_path, f"{HEADER}\n{line(name='Äijä')}\n", encoding="latin-1")
    result = runner.invoke(args=["reps", "import", str(path), "--manager", manager.email])
    assert result.exit_code == 1
    assert result.output == f"error: {path}: not UTF-8 text; save the file as CSV UTF-8\n"


def test_import_needs_a_manager_who_can_lead_a_team(runner, tmp_path):
    path = write(tmp_path, team_template())
    interviewer = make_user("interviewer")
    result = runner.invoke(args=["reps", "import", str(path), "--manager", interviewer.email])
    assert result.exit_code == 2
    assert result.output == (
        f"error: {interviewer.email} is a interviewer; a team's manager is a manager or an admin\n"
    )
    result = runner.invoke(args=["reps", "import", str(path), "--manager", "nobody@x.test"])
    assert result.output == "error: no active user nobody@x.test\n"


def test_export_writes_the_import_format(runner, tmp_path):
    manager = make_user("manager")
    path = write(tmp_path, f"{HEADER}\n{line()}\n")
    runner.invoke(args=["reps", "import", str(path), "--manager", manager.email])
    result = runner.invoke(args=["reps", "export", "--manager", manager.email])
    assert result.output.startswith("\ufeff")  # spreadsheets read it as UTF-8
    rows = list(csv.reader(io.StringIO(result.output.removeprefix("\ufeff"))))
    assert rows[0] == list(TEAM_COLUMNS)
    assert rows[1][:3] == ["E1", "Marina Petrova", "marina@example.com"]
    out = tmp_path / "out.csv"
    runner.invoke(args=["reps", "export", "--output", str(out)])
    assert out.read_bytes().decode().splitlines() == result.output.splitlines()
    assert out.read_bytes().endswith(b"260\r\n")  # spreadsheet line ends, as the template
    assert read_team_csv(out.read_bytes().decode("utf-8-sig")).all_problems == []


def test_template_prints_the_header_and_an_example(runner):
    result = runner.invoke(args=["reps", "template"])
    assert result.output.splitlines() == team_template().splitlines()
