"""Synthetic representatives for trying the talent pool at size and for its benchmark
(``hiring demo --representatives N [--seed S]``).

Each person gets four quarters of field data and the standing a KAM assessment would have
stored with them (KAM score, fit, coverage, level, readiness, independent raters), drawn around
a per-person true level; they make teams of 25, the first of which is the demo manager's and
the others nobody's in particular (an administrator sees every team). Rows go in with bulk
inserts, a thousand people per round.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from sqlalchemy import insert

from hiring.domain.readiness import KNOWN_COVERAGE, READY_FIT
from hiring.extensions import db
from hiring.models import FieldPeriod, Person, User
from hiring.models.base import utcnow
from hiring.synthetic import FIRST, LAST, _insert_returning, _table

BATCH = 1_000
STANDING = ("kam_fit", "kam_score", "kam_coverage", "kam_level", "readiness", "assessed_at")
TEAM_SIZE = 25
"""A sales manager's span: teams of 25, so 50,000 people make 2,000 teams."""
PERIODS = (("2025-Q1", 3), ("2025-Q2", 6), ("2025-Q3", 9), ("2025-Q4", 12))


def _standing(rng: random.Random, truth: float) -> dict[str, Any]:
    """The figures an assessment would have stored, or none (about a third not assessed)."""
    if rng.random() < 0.35:
        return {"independent_raters": 0, **dict.fromkeys(STANDING)}
    coverage = rng.uniform(0.4, 1.0)
    fit = max(0.0, min(1.0, truth + rng.uniform(-0.08, 0.08)))
    if coverage < KNOWN_COVERAGE:
        readiness = "not_yet_known"
    elif fit >= READY_FIT and rng.random() < 0.6:
        readiness = "ready_now"
    elif fit >= 0.6:
        readiness = "ready_with_development"
    else:
        readiness = "not_a_fit"
    return {
        "kam_fit": fit,
        "kam_score": fit * coverage,
        "kam_coverage": coverage,
        "kam_level": rng.choice((0, 1, 1, 2, 2, 3)),
        "readiness": readiness,
        "independent_raters": rng.choice((0, 1, 1, 2)),
        "assessed_at": utcnow(),
    }


def _people(
    rng: random.Random, numbers: range, seed: int, manager_id: int | None
) -> Iterator[tuple[dict[str, Any], float]]:
    for n in numbers:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        truth = rng.uniform(0.35, 1.0)
        team = f"Team {seed}-{n // TEAM_SIZE + 1:05d}"
        yield (
            {
                "name": f"{first} {last}",
                "email": f"{first.lower()}.{seed}.{n}@reps.example".translate(
                    str.maketrans("äö", "ao")
                ),
                "employee_id": f"S{seed}-{n:07d}",
                "team": team,
                "territory": f"Territory {n % 97}",
                "current_role": "medical representative",
                "manager_id": manager_id if n < TEAM_SIZE else None,
                "years_in_role": round(rng.uniform(0, 12), 1),
                "sales_experience_years": round(rng.uniform(1, 20), 1),
                "education": rng.choice(("secondary", "vocational", "higher", "higher")),
                "languages": rng.choice(("fi", "fi,en", "fi,en,sv")),
                "created_at": utcnow(),
                "updated_at": utcnow(),
                "version": 1,
                **_standing(rng, truth),
            },
            truth,
        )


def load_synthetic_team(count: int, *, seed: int = 1) -> int:
    """Add ``count`` synthetic representatives with a year of field data. Flushes only, except
    on PostgreSQL, where it commits to refresh the planner's statistics."""
    rng = random.Random(seed)
    manager = db.session.execute(
        db.select(User.id).where(User.role == "manager").order_by(User.id)
    ).scalar()
    periods_table = _table(FieldPeriod)
    for start in range(0, count, BATCH):
        batch = list(_people(rng, range(start, min(count, start + BATCH)), seed, manager))
        ids = _insert_returning(Person, [row for row, _truth in batch])
        periods = []
        latest: list[dict[str, Any]] = []
        for person_id, (_row, truth) in zip(ids, batch, strict=True):
            plan = 70 + truth * 60
            for period, month in PERIODS:
                periods.append(
                    {
                        "person_id": person_id,
                        "period": period,
                        "ends_year": 2025,
                        "ends_month": month,
                        "sales_vs_plan_pct": round(plan + rng.uniform(-8, 8), 1),
                        "sales_growth_pct": round(rng.uniform(-10, 25), 1),
                        "key_accounts": rng.randint(1, 12),
                        "vip_kol_known": rng.randint(0, 20),
                        "vip_kol_total": 20,
                        "tenders_won": rng.randint(0, 4),
                        "report_compliance_pct": round(rng.uniform(30, 100)),
                        "visit_compliance_pct": round(rng.uniform(30, 100)),
                        "long_term_clients": rng.randint(0, 40),
                        "repeat_transactions": rng.randint(0, 300),
                        "updated_at": utcnow(),
                    }
                )
            latest.append(
                {
                    "person": person_id,
                    "period": "2025-Q4",
                    "plan": periods[-1]["sales_vs_plan_pct"],
                }
            )
        db.session.execute(insert(periods_table), periods)
        people = _table(Person)
        db.session.execute(
            db.update(people)
            .where(people.c.id == db.bindparam("person"))
            .values(latest_period=db.bindparam("period"), performance=db.bindparam("plan")),
            latest,
        )
    db.session.flush()
    if db.engine.dialect.name == "postgresql":
        # as after the synthetic candidates: a bulk load leaves PostgreSQL's statistics stale
        # until autovacuum comes round, and its plans with them; settle them now
        db.session.commit()
        with db.engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.exec_driver_sql("VACUUM ANALYZE people")
            autocommit.exec_driver_sql("VACUUM ANALYZE field_periods")
    return count
