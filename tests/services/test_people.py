"""People over time and a manager's team: linking candidacies, importing and exporting a team."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.domain.team_csv import TEAM_COLUMNS, read_team_csv
from hiring.extensions import db
from hiring.models import Candidate, FieldPeriod, Person
from hiring.reports.csv_export import csv_chunks
from hiring.services.people import ImportRefused, export_team, import_team
from hiring.services.recruiting import update_candidate
from tests.domain.test_team_csv import HEADER, line
from tests.factories import make_candidate, make_opening, make_user


def team(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def people() -> list[Person]:
    return list(db.session.execute(select(Person).order_by(Person.id)).scalars())


def count(model: type) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def manager(app):
    return make_user("manager")


def test_an_import_adds_people_with_their_periods(manager):
    text = team(line(), line(period="2026-Q2", sales_vs_plan_pct="119"), line(employee_id="E2"))
    outcome = import_team(read_team_csv(text), manager)
    db.session.commit()
    assert (outcome.people_added, outcome.people_updated) == (2, 0)
    assert (outcome.periods_added, outcome.periods_updated, outcome.rows_skipped) == (3, 0, 0)
    marina, _second = people()
    assert (marina.employee_id, marina.name, marina.team, marina.manager_id) == (
        "E1", "Marina Petrova", "South", manager.id,
    )  # fmt: skip
    assert [p.period for p in marina.periods] == ["2026-Q2", "2026-Q3"]
    # the newest period is the one the talent pool reads, whatever the order in the file
    assert (marina.latest_period, marina.performance) == ("2026-Q3", 131.0)
    assert marina.language_list == ["fi", "en", "ru"]


def test_an_existing_employee_is_updated_and_never_duplicated(manager):
    import_team(read_team_csv(team(line())), manager)
    db.session.commit()
    renamed = "Marina Petrova-Laine"
    text = team(line(name=renamed, sales_vs_plan_pct="140"),
                line(name=renamed, period="2026-Q4", sales_vs_plan_pct="150"))  # fmt: skip
    outcome = import_team(read_team_csv(text), manager)
    db.session.commit()
    assert (outcome.people_added, outcome.people_updated) == (0, 1)
    assert (outcome.periods_added, outcome.periods_updated) == (1, 1)
    (marina,) = people()
    assert marina.name == "Marina Petrova-Laine"
    assert [(p.period, p.sales_vs_plan_pct) for p in marina.periods] == [
        ("2026-Q3", 140.0), ("2026-Q4", 150.0),
    ]  # fmt: skip
    assert (marina.latest_period, marina.performance) == ("2026-Q4", 150.0)
    assert count(FieldPeriod) == 2


def test_a_file_with_a_problem_imports_nothing(manager):
    text = team(line(), line(employee_id="E2", key_accounts="many"))
    with pytest.raises(ImportRefused) as refused:
        import_team(read_team_csv(text), manager)
    db.session.rollback()
    assert [p.message for p in refused.value.problems] == [
        "row 3: key_accounts: enter a whole number"
    ]
    assert (count(Person), count(FieldPeriod)) == (0, 0)


def test_valid_only_imports_the_rows_without_problems(manager):
    text = team(line(), line(employee_id="E2", key_accounts="many"), line(employee_id="E3"))
    outcome = import_team(read_team_csv(text), manager, valid_only=True)
    db.session.commit()
    assert (outcome.people_added, outcome.rows_skipped) == (2, 1)
    assert [p.message for p in outcome.problems] == ["row 3: key_accounts: enter a whole number"]
    assert [p.employee_id for p in people()] == ["E1", "E3"]


def test_a_file_without_a_header_imports_nothing_even_with_valid_only(manager):
    with pytest.raises(ImportRefused):
        import_team(read_team_csv("employee_id\nE1\n"), manager, valid_only=True)


def test_another_managers_representative_is_not_taken_over(manager):
    other = make_user("manager")
    import_team(read_team_csv(team(line())), other)
    db.session.commit()
    with pytest.raises(ImportRefused) as refused:
        import_team(read_team_csv(team(line(), line(employee_id="E2"))), manager)
    db.session.rollback()
    assert [p.message for p in refused.value.problems] == [
        "row 2: employee_id: belongs to another manager's team"
    ]
    # an administrator's import (the command line's) moves them
    import_team(read_team_csv(team(line())), manager, may_transfer=True)
    db.session.commit()
    assert people()[0].manager_id == manager.id


def test_an_applicant_who_was_hired_is_linked_by_an_administrators_import(manager):
    opening = make_opening(make_user("recruiter"))
    applicant = make_candidate(opening, name="Marina Petrova", email="Marina@Example.com")
    outcome = import_team(read_team_csv(team(line())), manager, may_transfer=True)
    db.session.commit()
    (person,) = people()
    assert applicant.person_id == person.id
    assert person.employee_id == "E1"
    assert (outcome.people_added, outcome.people_updated) == (0, 1)


def test_a_managers_import_never_takes_over_an_applicants_record(manager):
    """A manager would learn that the address had applied somewhere, and the applicant's
    record would join their team."""
    opening = make_opening(make_user("recruiter"))
    applicant = make_candidate(opening, name="Pekka Private", email="marina@example.com")
    outcome = import_team(read_team_csv(team(line())), manager)
    db.session.commit()
    assert (outcome.people_added, outcome.people_updated) == (1, 0)
    before = db.session.get(Person, applicant.person_id)
    assert (before.name, before.employee_id, before.manager_id) == ("Pekka Private", None, None)


def test_an_employees_application_stays_apart_from_their_employee_record(manager):
    import_team(read_team_csv(team(line())), manager)
    db.session.commit()
    opening = make_opening(make_user("recruiter"))
    application = make_candidate(opening, name="Marina P.", email="marina@example.com")
    employee = people()[0]
    assert application.person_id != employee.id
    update_candidate(application, {"name": "Marina Private"}, application.version)
    db.session.commit()
    assert db.session.get(Person, employee.id).name == "Marina Petrova"


def test_a_blank_cell_leaves_the_stored_value(manager):
    import_team(read_team_csv(team(line())), manager)
    db.session.commit()
    blank = dict.fromkeys(["email", "team", "territory", "role", "years_in_role",
                           "sales_experience_years", "education", "languages"], "")  # fmt: skip
    import_team(read_team_csv(team(line(period="2026-Q4", **blank))), manager)
    db.session.commit()
    (marina,) = people()
    assert (marina.team, marina.territory, marina.current_role, marina.education) == (
        "South", "Tampere", "medical representative", "higher",
    )  # fmt: skip
    assert (marina.years_in_role, marina.sales_experience_years) == (6.0, 9.0)
    assert (marina.languages, marina.email) == ("fi,en,ru", "marina@example.com")
    assert [p.period for p in marina.periods] == ["2026-Q3", "2026-Q4"]


def test_a_new_candidacy_with_a_known_address_is_the_same_person(app):
    recruiter = make_user("recruiter")
    first = make_candidate(make_opening(recruiter), email="maija@example.com")
    again = make_candidate(make_opening(recruiter, title="KAM Turku"), email="MAIJA@example.com")
    stranger = make_candidate(make_opening(recruiter), name="Maija Meikäläinen")
    assert first.person_id == again.person_id != stranger.person_id
    assert count(Person) == 2


def test_correcting_a_candidacys_name_renames_the_person(app):
    candidate = make_candidate(make_opening(make_user("recruiter")), email="maija@example.com")
    update_candidate(candidate, {"name": "Maija Virtanen"}, candidate.version)
    db.session.commit()
    assert db.session.get(Person, candidate.person_id).name == "Maija Virtanen"


def test_the_export_reads_back_as_the_same_team(manager):
    text = team(
        line(),
        line(period="2026-Q2", sales_growth_pct=""),
        line(employee_id="E2"),
        line(employee_id="E0", period="", **dict.fromkeys(TEAM_COLUMNS[11:], "")),
    )
    import_team(read_team_csv(text), manager)
    import_team(read_team_csv(team(line(employee_id="X9"))), make_user("manager"))
    db.session.commit()
    rows = list(export_team(manager))
    assert rows[0] == list(TEAM_COLUMNS)
    assert [(r[0], r[10]) for r in rows[1:]] == [
        ("E0", None), ("E1", "2026-Q2"), ("E1", "2026-Q3"), ("E2", "2026-Q3"),
    ]  # fmt: skip
    assert rows[2][12] is None  # unknown stays unknown
    assert rows[3][6:8] == [6.0, 9.0]
    exported = b"".join(csv_chunks([str(c) for c in rows[0]], rows[1:])).decode("utf-8-sig")
    again = read_team_csv(exported)
    assert again.all_problems == []

    def contents(team):
        rows = [(r.employee, r.field) for r in team.rows]
        return sorted(rows, key=lambda pair: (pair[0].employee_id, pair[1] and pair[1].period))

    assert contents(again) == contents(read_team_csv(text))  # the same team, value for value
    assert len(list(export_team(None))) == 6


def test_erasing_a_person_takes_their_candidacies_and_field_data(manager):
    candidate = make_candidate(make_opening(make_user("recruiter")), email="maija@example.com")
    import_team(read_team_csv(team(line(email="maija@example.com"))), manager, may_transfer=True)
    db.session.delete(db.session.get(Person, candidate.person_id))
    db.session.commit()
    assert (count(Person), count(FieldPeriod), count(Candidate)) == (0, 0, 0)


def test_the_recruiter_sees_the_same_persons_other_candidacies(client, auth, manager):
    recruiter = make_user("recruiter", email="rekry@example.test")
    first = make_candidate(make_opening(recruiter, title="KAM Turku 2025"), email="m@example.com")
    again = make_candidate(make_opening(recruiter, title="KAM Oulu 2026"), email="m@example.com")
    stranger = make_candidate(make_opening(recruiter, title="KAM Pori"), email="x@example.com")
    auth.login("rekry@example.test")
    page = client.get(f"/candidates/{again.id}").get_data(as_text=True)
    assert "The same person&#39;s other candidacies" in page or (
        "The same person's other candidacies" in page
    )
    assert f'href="/candidates/{first.id}">KAM Turku 2025</a>' in page
    assert "KAM Pori" not in page
    assert "other candidacies" not in client.get(f"/candidates/{stranger.id}").get_data(
        as_text=True
    )
