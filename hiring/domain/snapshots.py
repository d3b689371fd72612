"""Versions of the stored rubric snapshot, and the steps that bring an old one up to date.

An interview keeps the rubric it was scheduled with as JSON (see
:func:`hiring.domain.catalogue.role_snapshot`), and its result is recomputed from that JSON for
as long as the result exists. The JSON is read back with today's pydantic models, which refuse
unknown keys, so without this module the first change to the rubric format would turn every old
result into a server error.

The contract:

* every snapshot written carries ``schema_version`` = :data:`CURRENT_SNAPSHOT_VERSION`;
* a snapshot without the key is version 1 (the format stored before versions existed);
* changing the format means bumping :data:`CURRENT_SNAPSHOT_VERSION` *and* registering, in
  :data:`UPGRADES`, a step from the previous version that rewrites old data into the new
  shape. Steps are never edited or removed once released: stored data depends on them;
* :func:`upgrade_snapshot` runs the steps in order, so data of any known version reads as
  today's format; data from a newer version, or not a snapshot at all, is a
  :class:`SnapshotError` rather than a guess.

Plain dicts in, plain dicts out: this module knows nothing of the database or of the models.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

SNAPSHOT_VERSION_KEY = "schema_version"
CURRENT_SNAPSHOT_VERSION = 5
UNVERSIONED = 1
"""The version of a snapshot stored without :data:`SNAPSHOT_VERSION_KEY`."""

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


class SnapshotError(ValueError):
    """Stored snapshot data this code cannot read: a newer version or malformed data."""


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 is version 1 with the version written down; the content is unchanged."""
    return {**data, SNAPSHOT_VERSION_KEY: 2}


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds the self-assessment's parts to the library: each self statement says
    whether it is reverse-keyed (older ones never were) and the library lists situational
    judgement items (older ones had none)."""
    library = dict(data.get("library", {}))
    library["competencies"] = [
        {
            **competency,
            "self_statements": [
                {**statement, "reverse": statement.get("reverse", False)}
                for statement in competency.get("self_statements", [])
            ],
        }
        for competency in library.get("competencies", [])
    ]
    library.setdefault("situations", [])
    return {**data, "library": library, SNAPSHOT_VERSION_KEY: 3}


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 says whose a level's pay figures are and per what period, instead of calling
    every figure monthly: ``monthly_min``/``monthly_max`` become ``min``/``max`` with period
    ``month`` (what the older format stated) and basis ``source`` (the only pay the older
    format was made for was the source's guidance). A role profile may list the competencies it
    omits on purpose (older ones listed none).

    The older format checked less, and a stored result must stay readable: the currency is
    upper-cased; a currency that is not three letters even so, or a negative figure, is
    dropped (the note, which says it in words, stays); a minimum above the maximum is swapped."""
    profile = dict(data.get("profile", {}))
    levels = profile.get("levels")
    if isinstance(levels, dict):
        upgraded_levels = []
        for level in levels.get("levels", []):
            pay = level.get("pay")
            if isinstance(pay, dict):
                pay = _v4_pay(pay)
            upgraded_levels.append({**level, "pay": pay})
        profile["levels"] = {**levels, "levels": upgraded_levels}
    profile.setdefault("omits", [])
    return {**data, "profile": profile, SNAPSHOT_VERSION_KEY: 4}


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5 keeps what a competency's development text owes to the source in a
    ``source_note`` of its own. Older texts are kept as they were written, with no note."""
    library = dict(data.get("library", {}))
    competencies = library.get("competencies")
    if isinstance(competencies, list):
        library["competencies"] = [
            {"source_note": None, **c} if isinstance(c, dict) else c for c in competencies
        ]
    return {**data, "library": library, SNAPSHOT_VERSION_KEY: 5}


def _v4_pay(pay: Mapping[str, Any]) -> dict[str, Any]:
    def figure(value: Any) -> float | None:
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        return None if number is None or number < 0 else number

    low, high = figure(pay.get("monthly_min")), figure(pay.get("monthly_max"))
    if low is not None and high is not None and low > high:
        low, high = high, low
    currency = str(pay.get("currency") or "").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        low = high = None
    stated = low is not None or high is not None
    return {
        "basis": "source",
        "currency": currency if stated else None,
        "min": low,
        "max": high,
        "period": "month" if stated else None,
        "note": pay.get("note"),
    }


UPGRADES: Mapping[int, Upgrade] = MappingProxyType(
    {
        1: _v1_to_v2,
        2: _v2_to_v3,
        3: _v3_to_v4,
        4: _v4_to_v5,
    }
)
"""Step ``n`` turns version ``n`` data into version ``n + 1`` data. Append only."""


def snapshot_version(data: Any) -> int:
    """The schema version ``data`` was stored with (1 when it has none)."""
    if not isinstance(data, Mapping):
        raise SnapshotError(f"a rubric snapshot must be a JSON object, not {type(data).__name__}")
    if SNAPSHOT_VERSION_KEY not in data:
        return UNVERSIONED
    version = data[SNAPSHOT_VERSION_KEY]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SnapshotError(
            f"rubric snapshot has an invalid {SNAPSHOT_VERSION_KEY} {version!r}: "
            "expected a whole number from 1"
        )
    if version > CURRENT_SNAPSHOT_VERSION:
        raise SnapshotError(
            f"rubric snapshot has {SNAPSHOT_VERSION_KEY} {version}, newer than this code knows "
            f"(up to {CURRENT_SNAPSHOT_VERSION}); it was written by a newer release"
        )
    return version


def upgrade_snapshot(data: Any) -> dict[str, Any]:
    """``data`` of any known version rewritten in the current format. The input is not
    changed (it may be a database row's value); current data comes back equal to itself."""
    version = snapshot_version(data)
    upgraded: dict[str, Any] = copy.deepcopy(dict(data))
    while version < CURRENT_SNAPSHOT_VERSION:
        step = UPGRADES.get(version)
        if step is None:
            raise SnapshotError(
                f"no upgrade registered for rubric snapshot version {version} "
                f"(current is {CURRENT_SNAPSHOT_VERSION})"
            )
        upgraded = step(upgraded)
        version += 1
        if upgraded.get(SNAPSHOT_VERSION_KEY) != version:
            raise SnapshotError(
                f"the upgrade of rubric snapshot version {version - 1} did not produce "
                f"version {version}"
            )
    return upgraded


def stamp(data: dict[str, Any]) -> dict[str, Any]:
    """Snapshot data in today's format, marked with the current version."""
    return {SNAPSHOT_VERSION_KEY: CURRENT_SNAPSHOT_VERSION, **data}
