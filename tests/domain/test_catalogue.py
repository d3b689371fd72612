"""One test per kind of rubric problem, each with the exact path:line: location: message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hiring.domain.catalogue import check_rubrics, load_catalogue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rubrics"
LIBRARY = (FIXTURES / "library.yaml").read_text(encoding="utf-8")
ROLE = (FIXTURES / "roles" / "account.yaml").read_text(encoding="utf-8")


def problems_for(tmp_path: Path, library: str = LIBRARY, role: str = ROLE) -> list[str]:
    (tmp_path / "library.yaml").write_text(library, encoding="utf-8")
    (tmp_path / "role.yaml").write_text(role, encoding="utf-8")
    catalogue, problems = check_rubrics([tmp_path])
    assert catalogue is None
    return [str(p).replace(f"{tmp_path}/", "") for p in problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_fixture_rubrics_load_without_problems():
    catalogue, problems = check_rubrics([FIXTURES])
    assert problems == []
    assert sorted(catalogue.roles) == ["account", "clerk"]


def test_check_yaml_syntax_error_reports_line(tmp_path):
    broken = LIBRARY.replace("key: mini", "key: [mini", 1)
    line = line_of(LIBRARY, "key: mini")
    assert problems_for(tmp_path, library=broken) == [
        f"library.yaml:{line + 1}: expected ',' or ']', but got ':' "
        f"(while parsing a flow sequence at line {line})"
    ]


def test_check_duplicate_mapping_key_reports_second_line(tmp_path):
    broken = LIBRARY.replace('version: "1"\n', 'version: "1"\nversion: "2"\n', 1)
    line = line_of(LIBRARY, 'version: "1"')
    assert problems_for(tmp_path, library=broken) == [
        f"library.yaml:{line + 1}: duplicate key 'version' (first at line {line})"
    ]


def test_check_duplicate_competency_key(tmp_path):
    broken = LIBRARY.replace("  - key: listening\n", "  - key: persuasion\n", 1)
    first = line_of(LIBRARY, "  - key: persuasion")
    second = line_of(LIBRARY, "  - key: listening")
    problems = problems_for(tmp_path, library=broken)
    assert problems[:2] == [
        f"library.yaml:{second}: competencies[1].key: duplicate competency key 'persuasion' "
        f"(first at line {first})",
        f"role.yaml:{line_of(ROLE, '{key: listening,')}: competencies[1].key: unknown "
        "competency 'listening' (not in library 'mini')",
    ]


def test_check_role_names_unknown_competency(tmp_path):
    broken = ROLE.replace("{key: reporting,", "{key: reportng,", 1)
    line = line_of(ROLE, "{key: reporting,")
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: competencies[2].key: unknown competency 'reportng' "
        "(not in library 'mini')",
        f"role.yaml:{line_of(ROLE, 'competencies: [reporting]')}: duties[1].competencies[0]: "
        "unknown competency 'reporting' (not in this role's competencies)",
    ]


def test_check_target_outside_scale(tmp_path):
    broken = ROLE.replace("{key: proposals, target: 3,", "{key: proposals, target: 4,", 1)
    line = line_of(ROLE, "{key: proposals,")
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: competencies[3].target: target 4 is outside the scale 1-3 of "
        "'proposals'"
    ]


def test_check_floor_outside_scale(tmp_path):
    broken = ROLE.replace("target: 4, weight: 3, floor: 3}", "target: 4, weight: 3, floor: 0}")
    line = line_of(ROLE, "{key: persuasion,")
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: competencies[0].floor: floor 0 is outside the scale 1-5 of 'persuasion'"
    ]


def test_check_floor_above_target(tmp_path):
    broken = ROLE.replace("target: 4, weight: 3, floor: 3}", "target: 2, weight: 3, floor: 3}")
    line = line_of(ROLE, "{key: persuasion,")
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: competencies[0].floor: floor 3 is above the target 2"
    ]


@pytest.mark.parametrize("weight", ["0", "-1.5"])
def test_check_non_positive_weight(tmp_path, weight):
    broken = ROLE.replace(
        "{key: listening, target: 4, weight: 2}", f"{{key: listening, target: 4, weight: {weight}}}"
    )
    line = line_of(ROLE, "{key: listening,")
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: competencies[1].weight: weight must be positive (got "
        f"{float(weight):g}); leave the competency out of the role instead of giving it no weight"
    ]


def test_check_missing_translation(tmp_path):
    broken = LIBRARY.replace("name: {en: Listening, fi: Kuuntelu}", "name: {en: Listening}", 1)
    line = line_of(LIBRARY, "name: {en: Listening, fi: Kuuntelu}")
    assert problems_for(tmp_path, library=broken)[0] == (
        f"library.yaml:{line}: competencies[1].name.fi: missing translation: the Finnish (fi) "
        "text is required"
    )


def test_check_unknown_key_is_refused(tmp_path):
    broken = (
        ROLE.replace("aggregation", "agregation")
        if "aggregation" in ROLE
        else ROLE.replace("library: mini\n", "library: mini\nagregation: mean\n", 1)
    )
    line = line_of(broken, "agregation")
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: agregation: unknown key 'agregation' (not part of the rubric format; "
        "check the spelling)"
    ]


def test_check_anchors_and_aliases_are_refused(tmp_path):
    broken = LIBRARY.replace(
        "title: {en: Mini library, fi: Pieni kirjasto}",
        "title: &t {en: Mini library, fi: Pieni kirjasto}\nsubtitle: *t",
        1,
    )
    line = line_of(LIBRARY, "title:")
    assert problems_for(tmp_path, library=broken) == [
        f"library.yaml:{line}: anchors and aliases (&name / *name) are not allowed: found &t",
        f"library.yaml:{line + 1}: anchors and aliases (&name / *name) are not allowed: found *t",
    ]


def test_check_file_too_large(tmp_path):
    big = LIBRARY + "# " + "x" * (600 * 1024) + "\n"
    size_kib = len(big.encode()) / 1024
    assert problems_for(tmp_path, library=big) == [
        f"library.yaml:0: file is {size_kib:.1f} KiB; the limit is 512 KiB"
    ]


def test_check_file_not_utf8(tmp_path):
    (tmp_path / "library.yaml").write_bytes(LIBRARY.encode("latin-1"))
    (tmp_path / "role.yaml").write_text(ROLE, encoding="utf-8")
    _, problems = check_rubrics([tmp_path])
    line = line_of(LIBRARY, "ä")
    assert (
        str(problems[0])
        .replace(f"{tmp_path}/", "")
        .startswith(f"library.yaml:{line}: not valid UTF-8 (byte 0xe4")
    )


def test_check_unknown_library(tmp_path):
    broken = ROLE.replace("library: mini", "library: maxi", 1)
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line_of(ROLE, 'library: mini')}: library: unknown library 'maxi' (known: mini)"
    ]


def test_check_anchor_points_must_match_scale(tmp_path):
    broken = LIBRARY.replace("      5: {en: a5, fi: a5}\n", "", 1)
    line = line_of(LIBRARY, "    anchors:")
    assert problems_for(tmp_path, library=broken) == [
        f"library.yaml:{line}: competencies[0].anchors: anchors must describe every point 1..5: "
        "missing [5]"
    ]


def test_check_unknown_kind(tmp_path):
    broken = ROLE.replace("kind: role_profile", "kind: role", 1)
    assert problems_for(tmp_path, role=broken) == [
        "role.yaml:1: kind: 'kind' must be one of: competency_library, role_profile"
    ]


def test_check_requirement_needs_fields_of_its_kind(tmp_path):
    broken = ROLE.replace("    field: sales_experience_years\n", "", 1)
    line = line_of(ROLE, '- id: "1.5-experience"')
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: requirements[1]: a requirement of kind 'minimum' needs field"
    ]


def test_check_levels_numbered_in_order(tmp_path):
    broken = ROLE.replace("    - level: 3\n", "    - level: 4\n", 1)
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line_of(ROLE, '- level: 3')}: levels.levels[2].level: levels must be "
        "numbered 1, 2, 3, ... in order; expected 3"
    ]


def test_check_collects_problems_of_every_file(tmp_path):
    problems = problems_for(
        tmp_path,
        library=LIBRARY.replace("trainable: false", "trainable: maybe", 1),
        role=ROLE.replace("kind: role_profile", "kind: nonsense", 1),
    )
    assert [p.split(":")[0] for p in problems] == ["library.yaml", "role.yaml"]


def test_load_catalogue_provenance_changes_with_content(tmp_path):
    (tmp_path / "library.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "role.yaml").write_text(ROLE, encoding="utf-8")
    before = load_catalogue([tmp_path]).roles["account"].provenance
    (tmp_path / "role.yaml").write_text(ROLE + "\n# edited\n", encoding="utf-8")
    after = load_catalogue([tmp_path]).roles["account"].provenance
    assert (before.role_version, before.library_version) == ("1", "1")
    assert before.sha256 != after.sha256
    assert len(after.sha256) == 64


def test_role_snapshot_round_trips(shipped):
    from hiring.domain.catalogue import role_from_snapshot, role_snapshot

    role = shipped.roles["kam"]
    data = role_snapshot(role)
    restored = role_from_snapshot(json.loads(json.dumps(data)))
    assert restored.provenance == role.provenance
    assert restored.profile == role.profile
    assert restored.library == role.library
    assert [c.key for c in restored.competencies] == [c.key for c in role.competencies]


SITUATION = """situations:
  - key: objection
    scenario: {en: The client objects, fi: Asiakas vastustaa}
    options:
      - key: a
        text: {en: Argue, fi: Väittele}
        competency: persuasion
        effectiveness: 1
      - key: b
        text: {en: Ask why, fi: Kysy miksi}
        competency: listening
        effectiveness: 5
      - key: c
        text: {en: Discount, fi: Alennus}
        competency: proposals
        effectiveness: 3
      - key: d
        text: {en: Note it, fi: Kirjaa}
        competency: reporting
        effectiveness: 2
    covers: [s1.objection_handling]
"""


def with_situation(old: str = "", new: str = "") -> str:
    """The fixture library with the situation, ``old`` replaced by ``new`` in it."""
    return LIBRARY + (SITUATION.replace(old, new, 1) if old else SITUATION)


def test_situation_and_reverse_statement_load(tmp_path):
    library = LIBRARY.replace(
        "self_statements: [{en: s, fi: v}]", "self_statements: [{en: s, fi: v, reverse: true}]", 1
    )
    (tmp_path / "library.yaml").write_text(library + SITUATION, encoding="utf-8")
    (tmp_path / "role.yaml").write_text(ROLE, encoding="utf-8")
    catalogue, problems = check_rubrics([tmp_path])
    assert problems == []
    (situation,) = catalogue.libraries["mini"].situations
    assert [o.effectiveness for o in situation.options] == [1, 5, 3, 2]
    assert catalogue.libraries["mini"].competencies[0].self_statements[0].reverse is True


def test_check_situation_unknown_competency(tmp_path):
    library = text = with_situation("competency: reporting", "competency: reportin")
    line = line_of(text, "competency: reportin")
    assert problems_for(tmp_path, library=library) == [
        f"library.yaml:{line}: situations[0].options[3].competency: unknown competency "
        "'reportin' (not in library 'mini')"
    ]


def test_check_situation_effectiveness_outside_scale(tmp_path):
    library = text = with_situation("effectiveness: 5", "effectiveness: 6")
    line = line_of(text, "effectiveness: 6")
    assert problems_for(tmp_path, library=library) == [
        f"library.yaml:{line}: situations[0].options[1].effectiveness: effectiveness 6 is "
        "outside the scale 1-5"
    ]


def test_check_situation_needs_one_clear_best_and_worst(tmp_path):
    library = text = with_situation("effectiveness: 3", "effectiveness: 5")
    line = line_of(text, "    options:")
    assert problems_for(tmp_path, library=library) == [
        f"library.yaml:{line}: situations[0].options: 2 options share the most effective "
        "value 5: one option must be clearly the most effective"
    ]


def test_check_situation_duplicate_option_key_and_four_options(tmp_path):
    library = text = with_situation("      - key: c\n", "      - key: a\n")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == "      - key: a"]
    assert problems_for(tmp_path, library=library) == [
        f"library.yaml:{lines[1]}: situations[0].options[2].key: duplicate option key 'a' "
        "(first as option 1)"
    ]
    three = LIBRARY + SITUATION.replace(
        "      - key: d\n        text: {en: Note it, fi: Kirjaa}\n        competency: reporting\n"
        "        effectiveness: 2\n",
        "",
    )
    (problem,) = problems_for(tmp_path, library=three)
    assert "situations[0].options: List should have at least 4 items" in problem


OMITS = "omits:\n  - competency: {key}\n    reason: {{en: not here, fi: ei tässä}}\nrequirements:\n"


def test_check_omitted_competency_must_be_in_the_library(tmp_path):
    broken = ROLE.replace("requirements:\n", OMITS.format(key="humour"), 1)
    line = line_of(broken, "- competency: humour")
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: omits[0].competency: unknown competency 'humour' (not in library "
        "'mini')"
    ]


def test_check_omitted_competency_cannot_also_be_scored(tmp_path):
    broken = ROLE.replace("requirements:\n", OMITS.format(key="reporting"), 1)
    line = line_of(broken, "- competency: reporting")
    assert problems_for(tmp_path, role=broken) == [
        f"role.yaml:{line}: omits[0].competency: 'reporting' is scored in this role; it cannot "
        "also be omitted"
    ]


def test_omitted_competency_with_its_reason_loads(tmp_path):
    role = (
        ROLE.replace("  - {key: reporting, target: 3, weight: 1}\n", "", 1)
        .replace("competencies: [reporting]", "competencies: [listening]", 1)
        .replace("requirements:\n", OMITS.format(key="reporting"), 1)
    )
    (tmp_path / "library.yaml").write_text(LIBRARY, encoding="utf-8")
    (tmp_path / "role.yaml").write_text(role, encoding="utf-8")
    catalogue = load_catalogue([tmp_path])
    (omission,) = catalogue.roles["account"].profile.omits
    assert (omission.competency, omission.reason.fi) == ("reporting", "ei tässä")


BAND = "basis: organisation, currency: EUR, min: 3800, max: 5200, period: month"


@pytest.mark.parametrize(
    ("pay", "message"),
    [
        (
            BAND.replace(", period: month", ""),
            "an organisation's pay band needs a period: month or year",
        ),
        (BAND.replace("min: 3800", "min: 6000"), "pay min 6000 is above max 5200"),
        (
            BAND.replace("currency: EUR, ", ""),
            "a pay figure needs a currency (an ISO 4217 code such as EUR)",
        ),
        (BAND.replace("basis: organisation", "basis: ours"), "'source' or 'organisation'"),
        (
            BAND.replace("EUR", "euro"),
            "three-letter ISO 4217 code in capitals, such as EUR (got 'euro')",
        ),
    ],
)
def test_check_pay_band(tmp_path, pay, message):
    broken = ROLE.replace(BAND, pay, 1)
    assert broken != ROLE
    (problem,) = problems_for(tmp_path, role=broken)
    assert problem.startswith(f"role.yaml:{line_of(ROLE, BAND)}: levels.levels[1].pay")
    assert message in problem
