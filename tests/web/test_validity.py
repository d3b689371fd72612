"""The quality-of-hire pages: figures for administrators and managers, the per-interviewer
table for administrators, one's own figure for everyone, the people behind the figures as far
as each may see; a hire made an employee and a leaving day recorded from the pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hiring.extensions import db
from hiring.models import AuditEntry, EmploymentEnd, Person
from hiring.models.base import utcnow
from hiring.services.recruiting import record_decision
from tests.factories import PASSWORD, make_candidate
from tests.services.test_validity import World, _constructed


@pytest.fixture
def world(app) -> World:
    return World()


def _login(client, user) -> None:
    client.post("/logout")
    client.post("/login", data={"email": user.email, "password": PASSWORD})


def test_the_figures_and_who_sees_what(client, world):
    _constructed(world, 12)
    _login(client, world.admin)
    html = client.get("/validity").get_data(as_text=True)
    assert "12 hires with a stored result" in html
    assert "Persuasion" in html
    assert "Per interviewer" in html
    assert "Aino Arvioija" in html
    people = client.get("/validity/people").get_data(as_text=True)
    assert "12 people" in people
    _login(client, world.manager)
    html = client.get("/validity").get_data(as_text=True)
    assert "Persuasion" in html
    assert "Per interviewer" not in html  # an interviewer's figure is theirs and the admins'
    assert "Aino Arvioija" not in html
    assert client.get(f"/validity/people?interviewer={world.first.id}").status_code == 404
    _login(client, world.other_manager)
    people = client.get("/validity/people").get_data(as_text=True)
    assert "0 people" in people  # the hires are in the other manager's team
    _login(client, world.recruiter)
    assert client.get("/validity").status_code == 403
    assert client.get("/validity/people").status_code == 403


def test_ones_own_figure_and_nobody_elses(client, world):
    _constructed(world, 12)
    _login(client, world.first)
    html = client.get("/my/validity").get_data(as_text=True)
    assert "Aino Arvioija" in html
    assert "Bertta Arvioija" not in html
    assert "too few hires to say" not in html
    _login(client, world.recruiter)  # scored nobody
    html = client.get("/my/validity").get_data(as_text=True)
    assert "too few hires to say (0 of at least 10)" in html


def test_too_few_hires_say_so(client, world):
    _constructed(world, 4)
    _login(client, world.admin)
    html = client.get("/validity").get_data(as_text=True)
    assert "too few hires to say (4 of at least 10)" in html


def test_a_bad_choice_gets_a_message(client, world):
    _login(client, world.admin)
    for query in ("outcome=happiness", "months=7", "months=twelve"):
        response = client.get(f"/validity?{query}")
        assert response.status_code == 400
        assert "Choose an outcome and a window" in response.get_data(as_text=True)
    assert client.get("/validity/people?page=0").status_code == 400


def _hired(world: World):
    candidate = make_candidate(world.opening, name="Uusi Palkattu", email="uusi@example.com")
    record_decision(candidate, "hire", "Hired.", world.recruiter)
    db.session.commit()
    return candidate


def test_an_administrator_makes_a_hire_an_employee(client, world):
    candidate = _hired(world)
    _login(client, world.admin)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Make an employee" in page
    data = {"employee_id": "K9001", "manager_id": world.manager.id, "team": "KAM",
            "territory": "Espoo", "role": "key account manager"}  # fmt: skip
    response = client.post(f"/candidates/{candidate.id}/employee", data=data)
    assert response.status_code == 302
    person = db.session.get(Person, candidate.person_id)
    assert (person.employee_id, person.manager_id, person.team) == (
        "K9001", world.manager.id, "KAM",
    )  # fmt: skip
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "employee_linked"))
    assert entry.one().subject_id == person.id
    # the same id for another hire is refused, with what was typed kept
    other = make_candidate(world.opening, name="Toinen Palkattu", email="toinen@example.com")
    record_decision(other, "hire", "Hired.", world.recruiter)
    db.session.commit()
    response = client.post(f"/candidates/{other.id}/employee", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Employee id K9001 is someone else&#39;s." in html
    assert 'value="Espoo"' in html
    assert db.session.get(Person, other.person_id).employee_id is None
    # no manager chosen from the list: refused by the form
    response = client.post(f"/candidates/{other.id}/employee", data={**data, "manager_id": 0})
    assert response.status_code == 422
    _login(client, world.recruiter)
    assert client.post(f"/candidates/{other.id}/employee", data=data).status_code == 403


def test_a_manager_records_and_clears_a_leaving_day(client, world):
    world.hire(3, 3, [100.0])
    person = db.session.scalars(select(Person).where(Person.employee_id.is_not(None))).one()
    _login(client, world.manager)
    url = f"/team/people/{person.id}/leaving"
    client.post(url, data={"left_on": "2025-09-30", "save": "1"})
    assert db.session.get(EmploymentEnd, person.id).left_on == date(2025, 9, 30)
    assert "Left on 2025-09-30." in client.get(f"/team/people/{person.id}").get_data(as_text=True)
    future = (utcnow().date() + timedelta(days=2)).isoformat()
    response = client.post(url, data={"left_on": future, "save": "1"}, follow_redirects=True)
    assert "Give a day from 1950 to today." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(EmploymentEnd, person.id).left_on == date(2025, 9, 30)
    response = client.post(url, data={"left_on": "", "save": "1"}, follow_redirects=True)
    assert "Give the day they left." in response.get_data(as_text=True)
    client.post(url, data={"clear": "1"})
    db.session.expire_all()
    assert db.session.get(EmploymentEnd, person.id) is None
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.action == "employment_ended")
    ).all()
    assert len(actions) == 2
    _login(client, world.other_manager)
    assert client.post(url, data={"clear": "1"}).status_code == 404


def test_each_figure_links_to_its_people(client, world):
    _constructed(world, 12)
    _login(client, world.admin)
    html = client.get("/validity").get_data(as_text=True)
    assert (
        "/validity/people?outcome=sales_vs_plan_pct&amp;months=12&amp;predictor=persuasion" in html
    )
    people = client.get("/validity/people?predictor=persuasion").get_data(as_text=True)
    assert "share of the scale" in people
    assert client.get("/validity/people?predictor=juggling").status_code == 400


def test_a_leaving_day_before_the_hire_is_refused_and_a_correction_is_dated(client, world):
    from hiring.services.privacy import person_export

    world.hire(3, 3, [100.0], hired_on=date(2025, 3, 10))
    person = db.session.scalars(select(Person).where(Person.employee_id.is_not(None))).one()
    _login(client, world.manager)
    url = f"/team/people/{person.id}/leaving"
    response = client.post(url, data={"left_on": "2025-01-31", "save": "1"}, follow_redirects=True)
    assert "They were hired on 2025-03-10: give a later day." in response.get_data(as_text=True)
    assert db.session.get(EmploymentEnd, person.id) is None
    client.post(url, data={"left_on": "2025-09-30", "save": "1"})
    first = db.session.get(EmploymentEnd, person.id).recorded_at
    _login(client, world.admin)
    client.post(url, data={"left_on": "2025-10-31", "save": "1"})
    db.session.expire_all()
    corrected = db.session.get(EmploymentEnd, person.id)
    assert (corrected.left_on, corrected.recorded_by_id) == (date(2025, 10, 31), world.admin.id)
    assert corrected.recorded_at >= first
    assert person_export(person.id)["employment_end"]["left_on"] == "2025-10-31"
