"""Old results stay readable forever: stored rubric snapshots of every version still load.

``tests/fixtures/snapshots/kam_v1.json`` is a snapshot of the shipped KAM role exactly as the
database held it before snapshots had a version (version 1). ``kam_assessment.json`` is a fixed
panel for it. Neither file is ever regenerated: they stand for data already stored.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from hiring.domain.assessment import Assessment, check_against_role
from hiring.domain.catalogue import role_from_snapshot, role_snapshot
from hiring.domain.evaluation import evaluate
from hiring.domain.snapshots import (
    CURRENT_SNAPSHOT_VERSION,
    SNAPSHOT_VERSION_KEY,
    UPGRADES,
    SnapshotError,
    snapshot_version,
    upgrade_snapshot,
)

SNAPSHOTS = Path(__file__).resolve().parent.parent / "fixtures" / "snapshots"


def load(name: str) -> Any:
    return json.loads((SNAPSHOTS / name).read_text(encoding="utf-8"))


@pytest.fixture
def stored_v1() -> dict[str, Any]:
    return load("kam_v1.json")


@pytest.fixture
def assessment() -> Assessment:
    return Assessment.model_validate(load("kam_assessment.json"))


def test_v1_fixture_is_unversioned(stored_v1):
    assert SNAPSHOT_VERSION_KEY not in stored_v1
    assert set(stored_v1) == {"profile", "library", "provenance"}
    assert snapshot_version(stored_v1) == 1


def test_v1_snapshot_still_loads(stored_v1):
    role = role_from_snapshot(stored_v1)
    assert role.key == "kam"
    assert role.provenance.role_version == "2026.1"
    assert role.provenance.sha256 == (
        "e1efe8a881fb41e69f227f54698a97ae44d4728c8600a73071b96896fcfbb092"
    )
    assert len(role.competencies) == 38


def test_v1_snapshot_gives_the_pinned_result(stored_v1, assessment):
    role = role_from_snapshot(stored_v1)
    check_against_role(assessment, role)
    result = evaluate(assessment, role)
    # Computed once with the code of 2026-11-30. These values must never change: a stored
    # result has to read the same for as long as it exists. If this test fails, the change
    # broke old results; fix the change (or add a snapshot upgrade step), not these numbers.
    assert result.fit.fit == 0.8466666666666666  # 127/150
    assert result.fit.coverage == 0.7518796992481203  # 50/66.5
    assert result.fit.weighted_attainment == 42.33333333333333
    assert (result.fit.assessed_weight, result.fit.total_weight) == (50.0, 66.5)
    assert result.aggregates["persuasion"].mean == 4.333333333333333
    assert result.aggregates["negotiation"].mean == 2.6666666666666665
    assert result.aggregates["relationship_building"].disagreement is True
    terms = {t.key: t for t in result.fit.terms}
    assert terms["negotiation"].attainment == 0.5555555555555555
    assert terms["professional_development"].status == "not_assessed"
    assert [t.key for t in result.fit.floors_not_met] == ["negotiation", "listening"]
    assert result.level is not None
    assert result.level.level == 0
    assert [(f.key, f.raters) for f in result.red_flags] == [
        ("late", ("interviewer-b",)),
        ("interrupting", ("interviewer-a", "interviewer-b")),
    ]


def test_role_snapshot_writes_the_current_version(shipped):
    data = role_snapshot(shipped.roles["kam"])
    assert data[SNAPSHOT_VERSION_KEY] == CURRENT_SNAPSHOT_VERSION


def test_current_snapshot_round_trips(shipped):
    role = shipped.roles["kam"]
    data = json.loads(json.dumps(role_snapshot(role)))
    restored = role_from_snapshot(data)
    assert restored.provenance == role.provenance
    assert restored.profile == role.profile
    assert restored.library == role.library
    assert role_snapshot(restored) == data


def test_v1_upgrades_to_current_with_the_same_content(stored_v1):
    upgraded = upgrade_snapshot(stored_v1)
    assert upgraded[SNAPSHOT_VERSION_KEY] == CURRENT_SNAPSHOT_VERSION
    assert role_snapshot(role_from_snapshot(stored_v1)) == upgraded


def test_explicit_version_1_reads_like_unversioned(stored_v1):
    assert upgrade_snapshot({**stored_v1, SNAPSHOT_VERSION_KEY: 1}) == upgrade_snapshot(stored_v1)


def test_upgrade_is_idempotent_on_current_data(stored_v1, shipped):
    for data in (upgrade_snapshot(stored_v1), role_snapshot(shipped.roles["kam"])):
        assert upgrade_snapshot(data) == data
        assert upgrade_snapshot(upgrade_snapshot(data)) == data


def test_upgrade_leaves_its_input_alone(stored_v1):
    before = copy.deepcopy(stored_v1)
    upgraded = upgrade_snapshot(stored_v1)
    upgraded["profile"]["key"] = "changed"
    assert stored_v1 == before


def test_version_from_the_future_is_refused(stored_v1):
    future = CURRENT_SNAPSHOT_VERSION + 1
    data = {**stored_v1, SNAPSHOT_VERSION_KEY: future}
    with pytest.raises(SnapshotError, match=f"{SNAPSHOT_VERSION_KEY} {future}, newer"):
        upgrade_snapshot(data)
    with pytest.raises(SnapshotError, match=f"{SNAPSHOT_VERSION_KEY} {future}, newer"):
        role_from_snapshot(data)


@pytest.mark.parametrize("version", ["2", 2.0, 0, -1, True, None])
def test_malformed_version_is_refused(stored_v1, version):
    with pytest.raises(SnapshotError, match=f"invalid {SNAPSHOT_VERSION_KEY} {version!r}"):
        role_from_snapshot({**stored_v1, SNAPSHOT_VERSION_KEY: version})


@pytest.mark.parametrize("data", [None, [], "{}"])
def test_not_an_object_is_refused(data):
    with pytest.raises(SnapshotError, match="must be a JSON object"):
        role_from_snapshot(data)


@pytest.mark.parametrize("version", [None, CURRENT_SNAPSHOT_VERSION])
def test_malformed_content_names_the_stored_version(stored_v1, version):
    data = {k: v for k, v in stored_v1.items() if k != "library"}
    if version is not None:
        data[SNAPSHOT_VERSION_KEY] = version
    with pytest.raises(SnapshotError, match=f"schema version {version or 1}\\) is malformed"):
        role_from_snapshot(data)
    data = copy.deepcopy(stored_v1)
    data["profile"]["unknown_field"] = 1
    with pytest.raises(SnapshotError, match="schema version 1\\) is malformed"):
        role_from_snapshot(data)


def test_every_version_has_an_upgrade_step():
    # Bumping CURRENT_SNAPSHOT_VERSION without registering the step from the previous version
    # (or leaving a step for a version that does not exist) fails here.
    assert list(UPGRADES) == list(range(1, CURRENT_SNAPSHOT_VERSION))


def test_each_step_moves_exactly_one_version(stored_v1):
    data = copy.deepcopy(stored_v1)
    for version in range(1, CURRENT_SNAPSHOT_VERSION):
        assert snapshot_version(data) == version
        data = UPGRADES[version](data)
        assert data[SNAPSHOT_VERSION_KEY] == version + 1
    assert data == upgrade_snapshot(stored_v1)
    role_from_snapshot(data)


def test_v3_pay_reads_as_the_source_figures_it_stated(stored_v1):
    """Before version 4 every pay figure was the source's and was called monthly: it keeps
    saying so, and a level without a figure stays without one."""
    data = UPGRADES[2](UPGRADES[1](copy.deepcopy(stored_v1)))
    assert data[SNAPSHOT_VERSION_KEY] == 3
    levels = data["profile"]["levels"]["levels"]
    assert levels[1]["pay"]["monthly_max"] == 60000
    role = role_from_snapshot(data)
    pays = [level.pay for level in role.profile.levels.levels]
    assert [(p.basis, p.currency, p.min, p.max, p.period) for p in pays] == [
        ("source", None, None, None, None),
        ("source", "RUB", None, 60000, "month"),
        ("source", "RUB", 120000, None, "month"),
    ]
    assert pays[1].note.en == levels[1]["pay"]["note"]["en"]
    assert role.profile.omits == []


def test_v4_development_texts_stay_as_written_without_a_source_note(stored_v1):
    """Version 5 gave each competency a ``source_note``: older snapshots keep their development
    texts word for word and have no note."""
    data = copy.deepcopy(stored_v1)
    for version in range(1, 5):
        data = UPGRADES[version](data)
    assert data[SNAPSHOT_VERSION_KEY] == 5
    role = role_from_snapshot(data)
    stored = {c["key"]: c for c in stored_v1["library"]["competencies"]}
    for competency in role.library.competencies:
        assert competency.source_note is None
        assert competency.development.en == stored[competency.key]["development"]["en"]


@pytest.mark.parametrize(
    ("pay", "expected"),
    [
        ({"currency": "rub", "monthly_max": 60000}, ("RUB", None, 60000, "month")),
        ({"currency": "RUB", "monthly_min": 9, "monthly_max": 3}, ("RUB", 3, 9, "month")),
        ({"currency": "RUB", "monthly_min": -5, "monthly_max": 10}, ("RUB", None, 10, "month")),
        ({"currency": "R$1", "monthly_max": 10}, (None, None, None, None)),
        ({"currency": "EUR"}, (None, None, None, None)),
    ],
)
def test_pay_the_older_format_let_through_still_reads(stored_v1, pay, expected):
    """A stored result never becomes unreadable: what the older format accepted is mended."""
    data = UPGRADES[2](UPGRADES[1](copy.deepcopy(stored_v1)))
    note = data["profile"]["levels"]["levels"][1]["pay"]["note"]
    data["profile"]["levels"]["levels"][1]["pay"] = {**pay, "note": note}
    level = role_from_snapshot(data).profile.levels.levels[1]
    assert (level.pay.currency, level.pay.min, level.pay.max, level.pay.period) == expected
    assert level.pay.note.en == note["en"]
