"""What the benchmarks share: targets checked at the end, never at the first miss, medians of
interleaved rounds, and apps on a database of their own."""

from __future__ import annotations

import gc
import os
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


POSTGRES_ADMIN = os.environ.get(
    "HIRING_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


def postgres_url(name: str) -> str:
    base, _, _ = POSTGRES_ADMIN.rpartition("/")
    return f"{base}/{name}"


def postgres_database(name: str, *, fresh: bool) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).first()
        if exists and fresh:
            connection.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        if not exists or fresh:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return postgres_url(name)


def data_set(stem: str, backend: str, size: int, reuse: bool) -> tuple[str, str | None]:
    """The database URL of a benchmark's data set, and the PostgreSQL database to drop
    afterwards (None: a SQLite file under ``benchmarks/.data/``, or a reused database). Fresh
    unless ``reuse``."""
    if backend == "sqlite":
        data = ROOT / "benchmarks" / ".data"
        data.mkdir(parents=True, exist_ok=True)
        path = data / f"{stem}-{size}.sqlite"
        if not reuse:
            path.unlink(missing_ok=True)
        return f"sqlite:///{path}", None
    name = f"hiring_bench_{stem}_{size}"
    return postgres_database(name, fresh=not reuse), None if reuse else name


def drop_postgres(name: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@dataclass
class Targets:
    """Each measured ratio against its target; every one is printed, and the run fails at the
    end when any was missed."""

    title: str
    rows: list[tuple[str, float, str, float, bool]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def at_most(self, name: str, value: float, limit: float) -> bool:
        return self._add(name, value, "<=", limit, value <= limit)

    def at_least(self, name: str, value: float, limit: float) -> bool:
        return self._add(name, value, ">=", limit, value >= limit)

    def equal(self, name: str, value: float, expected: float) -> bool:
        return self._add(name, value, "==", expected, value == expected)

    def missed(self, name: str, why: str) -> None:
        """A target that could not be measured counts as missed."""
        self.notes.append(f"{name}: not measured: {why}")
        self.rows.append((name, float("nan"), "--", float("nan"), False))

    def _add(self, name: str, value: float, sign: str, limit: float, ok: bool) -> bool:
        self.rows.append((name, value, sign, limit, ok))
        return ok

    def report(self) -> int:
        print(f"\n{self.title}")
        width = max((len(r[0]) for r in self.rows), default=10)
        for name, value, sign, limit, ok in self.rows:
            target = f"target {sign} {limit:g}" if sign != "--" else "no figure"
            print(f"  {name:<{width}} {value:8.3f}  ({target}): {'ok' if ok else 'MISSED'}")
        for note in self.notes:
            print(f"  {note}")
        missed = sum(1 for row in self.rows if not row[4])
        print(f"  {len(self.rows) - missed} of {len(self.rows)} targets met")
        return 1 if missed else 0


def interleaved_medians(work: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """Run every piece of work once per round, in turn, and keep each one's median: a burst
    of noise on the machine then touches every piece alike, not the one that ran during it."""
    times: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(rounds):
        for name, run in work.items():
            times[name].append(run())
    return {name: statistics.median(values) for name, values in times.items()}


def make_app(url: str, **extra: Any) -> Any:
    """The app on the database at ``url``, with the project's rubrics."""
    from hiring.app import create_app

    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": url,
            "RUBRICS_DIR": str(ROOT / "rubrics"),
            **extra,
        }
    )


def server_env(database: Path | str, **extra: str) -> dict[str, str]:
    """The environment of a server or worker process on ``database`` (a SQLite file, or a
    database URL): a key of its own, the project's rubrics, production mode; ``extra`` as
    ``HIRING_*`` settings."""
    url = str(database) if "://" in str(database) else f"sqlite:///{database}"
    env = {
        **os.environ,
        "HIRING_DATABASE_URL": url,
        "HIRING_SECRET_KEY": os.urandom(16).hex(),
        "HIRING_RUBRICS_DIR": str(ROOT / "rubrics"),
        "PYTHONPATH": str(ROOT),
        # served over plain http on the loopback: a Secure cookie would not come back
        "HIRING_SESSION_COOKIE_SECURE": "false",
        **{f"HIRING_{name}": value for name, value in extra.items()},
    }
    env.pop("FLASK_DEBUG", None)
    return env


def as_in_production() -> None:
    """What a production web worker does once its app is built (:mod:`hiring.wsgi`): collect,
    then move what start-up made out of the garbage collector's sight (``gc.freeze``). Called
    once the data sets are made. Without it the collector walks, again and again, everything
    that making the data sets left in this process, in the middle of the pages measured: a page
    that makes many short-lived objects (the shortlist) then measured anywhere from 110 to
    300 ms, by the heap it happened to share, not by its own work."""
    gc.collect()
    gc.freeze()


def two_sizes_main(
    doc: str,
    title: Callable[[int, int], str],
    prepare: Callable[[str, int, bool], Any],
    measure: Callable[[str, Any, Any, Targets], None],
) -> int:
    """The command line of a benchmark that compares two data set sizes on each database:
    ``--sizes 500,50000 --databases sqlite,postgresql [--reuse]``. Each data set is made with
    ``prepare(backend, size, reuse)`` (an object with ``app`` and ``cleanup``), measured with
    ``measure``, and its connections closed (and its PostgreSQL database dropped unless
    reused); an unreachable database counts as a missed target."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.split("\n", 1)[0])
    parser.add_argument("--sizes", default="500,50000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--reuse", action="store_true", help="keep and reuse the data sets")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if len(sizes) != 2:
        parser.error("--sizes takes two sizes, e.g. 500,50000")
    targets = Targets(title(*sizes))
    for backend in args.databases.split(","):
        try:
            small, large = (prepare(backend, size, args.reuse) for size in sizes)
        except Exception as exc:  # a database that cannot be reached: a missed target
            targets.missed(backend, f"{type(exc).__name__}: {exc}"[:300])
            continue
        as_in_production()
        try:
            measure(backend, small, large, targets)
        finally:
            for data in (small, large):
                with data.app.app_context():
                    from hiring.extensions import db

                    db.session.remove()
                    db.engine.dispose()
                if data.cleanup:
                    drop_postgres(data.cleanup)
    return targets.report()
