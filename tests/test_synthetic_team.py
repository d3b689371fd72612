"""Synthetic representatives for the talent pool at size (``hiring demo --representatives``)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from hiring.demo import load_demo
from hiring.domain.readiness import VERDICTS
from hiring.extensions import db
from hiring.models import FieldPeriod, Person, User
from hiring.synthetic_team import TEAM_SIZE, load_synthetic_team


def test_teams_of_25_with_a_year_of_field_data(app) -> None:
    load_demo()
    db.session.commit()
    manager = db.session.execute(select(User).where(User.role == "manager")).scalar_one()
    before = db.session.execute(select(func.count(Person.id))).scalar_one()
    load_synthetic_team(60, seed=3)
    db.session.commit()
    people = list(
        db.session.execute(select(Person).where(Person.employee_id.like("S3-%"))).scalars()
    )
    assert len(people) == 60
    assert db.session.execute(select(func.count(Person.id))).scalar_one() == before + 60
    assert sorted(Counter(p.team for p in people).values()) == [10, TEAM_SIZE, TEAM_SIZE]
    assert sum(1 for p in people if p.manager_id == manager.id) == TEAM_SIZE
    assert {p.readiness for p in people} <= {*VERDICTS, None}
    periods = db.session.execute(
        select(func.count(FieldPeriod.id)).join(Person).where(Person.employee_id.like("S3-%"))
    ).scalar_one()
    assert periods == 240
    assert all(p.latest_period == "2025-Q4" and p.performance is not None for p in people)
    assessed = [p for p in people if p.readiness is not None]
    assert all(0 <= p.kam_score <= p.kam_fit <= 1 for p in assessed)


def test_the_command_adds_representatives_and_says_so(runner) -> None:
    result = runner.invoke(args=["demo", "--representatives", "30"])
    assert result.exit_code == 0, result.output
    assert "Added 30 representatives with a year of field data, in teams of 25." in result.output
    assert "manager      manager@demo.example" in result.output
