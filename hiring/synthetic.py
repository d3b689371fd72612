"""A large synthetic data set for benchmarks and for trying the product at size
(``hiring demo --candidates N [--seed S]``).

Every candidate gets one competency interview, scored and submitted by three panel members
who rate every competency of the role profile, around a per-candidate true level; about one in
five gets a decision. Rows go in with bulk inserts in batches (no per-row ORM work), and the
stored evaluations are then computed by the same code as always
(:func:`hiring.services.evaluations.rebuild_evaluations`), so the figures on every page are the
ones the product would have stored one scorecard at a time. The same ``count`` and ``seed``
give the same people and scores.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, insert

from hiring.demo import DEMO_DATE, PANEL_POOL, USERS, load_demo
from hiring.demo_scores import recommendation_for
from hiring.domain.catalogue import Catalogue, ResolvedRole
from hiring.domain.records import CandidateRecord
from hiring.extensions import db
from hiring.models import (
    STATUS_AFTER,
    Candidate,
    Decision,
    Interview,
    Person,
    Rating,
    Scorecard,
    ScorecardRevision,
    User,
)
from hiring.services.evaluations import rebuild_evaluations
from hiring.services.interviews import snapshot_for
from hiring.services.recruiting import create_opening

PER_OPENING = 5_000
"""Candidates per synthetic opening: 500 candidates make one opening, 50,000 make ten."""
BATCH = 1_000
"""Candidates inserted per round (with their interviews, scorecards and ratings)."""
FIRST = (
    "Aino", "Anna", "Antti", "Eero", "Eeva", "Elina", "Emilia", "Hanna", "Heikki", "Ilkka",
    "Jari", "Johanna", "Juha", "Jukka", "Kaisa", "Katja", "Laura", "Leena", "Marja", "Markku",
    "Matti", "Mika", "Minna", "Niina", "Olli", "Outi", "Pekka", "Petri", "Riikka", "Sanna",
    "Satu", "Seppo", "Tiina", "Timo", "Tuomas", "Ulla", "Veera", "Ville",
)  # fmt: skip
LAST = (
    "Heikkinen", "Hämäläinen", "Järvinen", "Kallio", "Koskinen", "Korhonen", "Laaksonen",
    "Laine", "Lehtonen", "Lindqvist", "Mäkinen", "Nieminen", "Rantanen", "Saarinen",
    "Salminen", "Tuominen", "Virtanen", "Heinonen", "Lehtinen", "Niemi", "Mattila", "Salo",
)  # fmt: skip
EDUCATION = ("secondary", "vocational", "higher", "higher", "higher", "postgraduate")
LANGUAGES = ("fi", "fi,en", "fi,en", "fi,en,sv", "fi,sv,en", "fi,en,de", "fi,en,ru")
DECISION_REASONS = {
    "advance": "The panel's evidence supports the next round.",
    "reject": "Below the floors on the core of the role.",
    "on_hold": "Waiting for the second role play.",
}


@dataclass(frozen=True)
class SyntheticSummary:
    openings: int
    candidates: int
    scorecards: int
    ratings: int
    decisions: int


def _panel(rng: random.Random) -> list[str]:
    return sorted(rng.sample(PANEL_POOL, 3))


def _person(rng: random.Random, number: int, opening_id: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    sales = round(rng.uniform(0, 15), 1)
    known = rng.random() < 0.7
    record = CandidateRecord.model_validate(
        {
            "opening_id": opening_id,
            "name": f"{first} {last}",
            "email": f"{first.lower()}.{number}@example.com".translate(str.maketrans("äö", "ao")),
            "education": rng.choice(EDUCATION),
            "sales_experience_years": sales,
            "kam_experience_years": round(rng.uniform(0, min(sales, 8)), 1),
            "languages": rng.choice(LANGUAGES),
            "long_term_clients": rng.randint(0, 15) if known else None,
            "repeat_transactions": rng.randint(0, 60) if known else None,
            "sales_growth_pct": round(rng.uniform(-5, 25), 1) if known else None,
            "source": "internal" if rng.random() < 0.2 else "external",
        }
    )
    return record.row()


def _decision(rng: random.Random, truth: float) -> str | None:
    """About one candidate in five has a decision, which follows their true level."""
    if rng.random() >= 0.2:
        return None
    return "advance" if truth >= 3.6 else "reject" if truth < 2.6 else "on_hold"


def _batches(count: int) -> Iterator[range]:
    for start in range(0, count, BATCH):
        yield range(start, min(count, start + BATCH))


def _table(model: Any) -> Table:
    """The model's table: Core inserts skip the ORM's per-row bookkeeping."""
    table: Table = model.__table__
    return table


def _insert_returning(model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the rows in one executemany and return their ids in the rows' order."""
    if not rows:
        return []
    table = _table(model)
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def load_synthetic(
    count: int,
    *,
    seed: int = 1,
    catalogue: Catalogue | None = None,
    progress: Callable[[int], None] | None = None,
) -> SyntheticSummary:
    """Add ``count`` synthetic candidates, scored and stored, to the database; the demo users
    and openings are loaded first when the database is empty. Commits each batch."""
    if catalogue is None:
        from hiring.catalogue_cache import current_catalogue

        catalogue = current_catalogue()
    emails = {label: email for label, email, _ in USERS}
    users = {
        u.email: u
        for u in db.session.execute(
            db.select(User).where(User.email.in_(list(emails.values())))
        ).scalars()
    }
    if not users and db.session.execute(db.select(User.id).limit(1)).first() is None:
        load_demo(catalogue)
        db.session.flush()
        return load_synthetic(count, seed=seed, catalogue=catalogue, progress=progress)
    missing = [email for email in emails.values() if email not in users]
    if missing:
        raise ValueError(f"the demo users are needed; missing: {', '.join(missing)}")
    ids = {label: users[email].id for label, email in emails.items()}
    role = catalogue.role("kam")
    snapshot_id = snapshot_for(role).id
    recruiter = users[emails["recruiter"]]
    openings = [
        create_opening(
            {
                "title": f"Key Account Manager, synthetic pool {seed}-{number + 1}",
                "role_key": role.key,
                "territory": "Uusimaa",
                "hiring_manager": "Petri Laaksonen",
            },
            recruiter,
        ).id
        for number in range(max(1, math.ceil(count / PER_OPENING)))
    ]
    db.session.commit()
    rng = random.Random(seed)
    totals = {"scorecards": 0, "ratings": 0, "decisions": 0}
    for rows in _batches(count):
        _insert_batch(rng, role, rows, openings, snapshot_id, ids, totals, seed)
        db.session.commit()
        if progress is not None:
            progress(rows.stop)
    rebuild_evaluations(missing_only=True)
    if db.engine.dialect.name == "postgresql":
        # PostgreSQL plans from table statistics, which a bulk load leaves stale until
        # autovacuum comes round (measured: a candidate's page took twice as long), and counts
        # rows from the heap until a vacuum has marked the pages all-visible. Settle both now,
        # rather than in the middle of whatever runs next.
        db.session.commit()
        with db.engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.exec_driver_sql("VACUUM ANALYZE")
    return SyntheticSummary(
        len(openings), count, totals["scorecards"], totals["ratings"], totals["decisions"]
    )


def _insert_batch(
    rng: random.Random,
    role: ResolvedRole,
    numbers: range,
    openings: list[int],
    snapshot_id: int,
    ids: dict[str, int],
    totals: dict[str, int],
    seed: int,
) -> None:
    people = [_person(rng, seed * 10_000_000 + n, openings[n % len(openings)]) for n in numbers]
    created = [DEMO_DATE - timedelta(days=rng.uniform(0, 3 * 365)) for _ in numbers]
    truths = [rng.uniform(1.8, 4.6) for _ in numbers]
    decided = [_decision(rng, truth) for truth in truths]
    for person, when, decision in zip(people, created, decided, strict=True):
        status = STATUS_AFTER[decision] if decision else "active"
        person.update(status=status, created_at=when, updated_at=when, version=1)
    identities = [
        {
            "name": p["name"],
            "email": p["email"],
            "education": p["education"],
            "sales_experience_years": p["sales_experience_years"],
            "languages": p["languages"],
            "independent_raters": 0,
            "created_at": p["created_at"],
            "updated_at": p["created_at"],
            "version": 1,
        }
        for p in people
    ]
    person_ids = _insert_returning(Person, identities)
    for person, person_id in zip(people, person_ids, strict=True):
        person["person_id"] = person_id
    candidate_ids = _insert_returning(Candidate, people)
    interviews = [
        {
            "candidate_id": cid,
            "scheduled_at": when + timedelta(days=7),
            "kind": "competency_interview",
            "competencies": None,
            "snapshot_id": snapshot_id,
            "created_by_id": ids["recruiter"],
            "created_at": when,
        }
        for cid, when in zip(candidate_ids, created, strict=True)
    ]
    interview_ids = _insert_returning(Interview, interviews)
    panels = [_panel(rng) for _ in interview_ids]
    scorecards = [
        {"interview_id": iid, "interviewer_id": ids[label], "created_at": interview["created_at"]}
        for iid, interview, panel in zip(interview_ids, interviews, panels, strict=True)
        for label in panel
    ]
    scorecard_ids = _insert_returning(Scorecard, scorecards)
    revisions: list[dict[str, Any]] = []
    scores: list[dict[str, int]] = []
    for index, (sid, card) in enumerate(zip(scorecard_ids, scorecards, strict=True)):
        truth = truths[index // 3]
        marks = {
            c.key: max(c.scale.min, min(c.scale.max, round(truth + rng.uniform(-0.9, 0.9))))
            for c in role.competencies
        }
        submitted = created[index // 3] + timedelta(days=7, hours=2)
        revisions.append(
            {
                "scorecard_id": sid,
                "number": 1,
                "status": "submitted",
                "recommendation": recommendation_for(sum(marks.values()) / len(marks)),
                "takeaways": "",
                "red_flags": ["late"] if rng.random() < 0.03 else [],
                "author_id": card["interviewer_id"],
                "created_at": submitted,
                "updated_at": submitted,
                "submitted_at": submitted,
                "version": 1,
            }
        )
        scores.append(marks)
    revision_ids = _insert_returning(ScorecardRevision, revisions)
    ratings = [
        {"revision_id": rid, "competency_key": key, "score": score, "note": ""}
        for rid, marks in zip(revision_ids, scores, strict=True)
        for key, score in marks.items()
    ]
    db.session.execute(insert(_table(Rating)), ratings)
    decisions = [
        {
            "candidate_id": cid,
            "decision": decision,
            "reason": DECISION_REASONS[decision],
            "decided_by_id": ids["recruiter"],
            "created_at": when + timedelta(days=10),
        }
        for cid, decision, when in zip(candidate_ids, decided, created, strict=True)
        if decision
    ]
    if decisions:
        db.session.execute(insert(_table(Decision)), decisions)
    totals["scorecards"] += len(scorecard_ids)
    totals["ratings"] += len(ratings)
    totals["decisions"] += len(decisions)
