"""What the benchmarks share: targets checked at the end, never at the first miss, medians of
interleaved rounds, and apps on a database of their own."""

from __future__ import annotations

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
    """The environment of a server or worker process on the SQLite file ``database``: a key
    of its own, the project's rubrics, production mode; ``extra`` as ``HIRING_*`` settings."""
    env = {
        **os.environ,
        "HIRING_DATABASE_URL": f"sqlite:///{database}",
        "HIRING_SECRET_KEY": os.urandom(16).hex(),
        "HIRING_RUBRICS_DIR": str(ROOT / "rubrics"),
        "PYTHONPATH": str(ROOT),
        **{f"HIRING_{name}": value for name, value in extra.items()},
    }
    env.pop("FLASK_DEBUG", None)
    return env
