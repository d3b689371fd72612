"""The talent pool at 500 and at 50,000 representatives, on SQLite and on PostgreSQL.

For each database, two data sets are made with ``hiring demo --representatives N`` (the demo,
then N representatives in teams of 25 with four quarters of field data and stored KAM
standings). Then, through the whole app (routing, access policy, SQL, templates):

- an administrator's talent pool of every team, first page, best KAM score first;
- the same filtered by a readiness verdict and sorted by sales against plan;
- an administrator's pool of one territory (a 97th of everyone);
- the demo manager's own pool (their team of 25);
- the KAM 9-box and the development plan (an administrator's: one team at a time);
- one representative's page.

Requests are interleaved over rounds; each figure is a median. Target: every page at most
2 times as slow at 50,000 as at 500, with the same number of SQL statements.

``python -m benchmarks.talent_pool [--sizes 500,50000] [--databases sqlite,postgresql]
[--reuse]``; ``--reuse`` keeps the data sets (``benchmarks/.data/`` and PostgreSQL databases
``hiring_bench_pool_N``). PostgreSQL is reached through ``HIRING_BENCH_POSTGRES_URL``.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any

from benchmarks.common import Targets, data_set, interleaved_medians, two_sizes_main
from benchmarks.scale import make_app

LIMIT = 2.0
ROUNDS = 11


@dataclass
class Pool:
    backend: str
    size: int
    app: Any
    admin: Any
    manager: Any
    person: int
    cleanup: str | None = None


def _login(app: Any, email: str) -> Any:
    from hiring.demo import DEMO_LOGINS

    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": DEMO_LOGINS["password"]})
    assert response.status_code == 302, response.status_code
    return client


def prepare(backend: str, size: int, reuse: bool) -> Pool:
    from flask_migrate import upgrade

    from hiring.demo import DEMO_LOGINS, load_demo
    from hiring.extensions import db
    from hiring.models import Person, User
    from hiring.synthetic_team import load_synthetic_team

    url, cleanup = data_set("pool", backend, size, reuse)
    app = make_app(url)
    with app.app_context():
        upgrade()
        if db.session.execute(db.select(User.id).limit(1)).first() is None:
            load_demo()
            db.session.commit()
        have = db.session.execute(
            db.select(db.func.count(Person.id)).where(Person.employee_id.like("S%"))
        ).scalar_one()
        if have < size:
            start = time.perf_counter()
            load_synthetic_team(size - have, seed=size)
            db.session.commit()
            print(f"  {backend} {size:,}: loaded in {time.perf_counter() - start:.0f} s")
        person = (
            db.session.execute(
                db.select(Person.id).where(Person.employee_id.like("S%")).order_by(Person.id)
            )
            .scalars()
            .first()
        )
        db.session.remove()
    users = DEMO_LOGINS["users"]
    return Pool(
        backend, size, app, _login(app, users["admin"]), _login(app, users["manager"]),
        person, cleanup,
    )  # fmt: skip


def pages(pool: Pool) -> dict[str, tuple[Any, str]]:
    return {
        "pool, every team": (pool.admin, "/team"),
        "pool, verdict, by results": (
            pool.admin,
            "/team?readiness=ready_with_development&sort=performance",
        ),
        "pool, one territory": (pool.admin, "/team?territory=Territory+3"),
        "manager's own pool": (pool.manager, "/team"),
        "9-box": (pool.admin, "/team/nine-box"),
        "development plan": (pool.admin, "/team/development"),
        "a person's page": (pool.admin, f"/team/people/{pool.person}"),
    }


def fetch(pool: Pool, client: Any, url: str) -> tuple[float, int]:
    """One request, its body read: seconds and SQL statements."""
    from sqlalchemy import event

    from hiring.extensions import db

    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    with pool.app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        start = time.perf_counter()
        response = client.get(url)
        response.get_data()
        elapsed = time.perf_counter() - start
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, statements


def measure(backend: str, small: Pool, large: Pool, targets: Targets) -> None:
    for pool in (small, large):  # warm
        for client, url in pages(pool).values():
            fetch(pool, client, url)
    work = {}
    for pool in (small, large):
        for name, (client, url) in pages(pool).items():
            work[(name, pool.size)] = lambda p=pool, c=client, u=url: fetch(p, c, u)[0]
    times = interleaved_medians(work, ROUNDS)  # type: ignore[arg-type]
    print(f"\n{backend}: median of {ROUNDS} interleaved rounds")
    for name in pages(small):
        t_small, t_large = times[(name, small.size)], times[(name, large.size)]
        q_small = fetch(small, *pages(small)[name])[1]
        q_large = fetch(large, *pages(large)[name])[1]
        print(
            f"  {name:<24} {t_small * 1000:7.1f} ms at {small.size:,}, {t_large * 1000:7.1f} ms "
            f"at {large.size:,}; {q_small} / {q_large} SQL statements"
        )
        targets.at_most(f"{backend} {name}: time ratio", t_large / t_small, LIMIT)
        targets.equal(f"{backend} {name}: extra statements", q_large - q_small, 0)


def main() -> int:
    return two_sizes_main(
        __doc__ or "",
        lambda small, large: f"Talent pool: {small:,} against {large:,} representatives",
        prepare,
        measure,
    )


if __name__ == "__main__":
    sys.exit(main())
