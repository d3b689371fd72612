"""The rubrics the product ships: complete against the source, bilingual, and right about the
cases the source tells (the reassigned representative)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from hiring.domain.assessment import parse_assessment
from hiring.domain.evaluation import evaluate, rank_roles
from hiring.domain.rubric import Text
from tests.domain.coverage_table import all_covers, mapping_table
from tests.domain.source_items import SOURCE_ITEMS

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = ROOT / "examples"


def library(shipped):
    (only,) = shipped.libraries.values()
    return only


def test_every_source_item_is_covered(shipped):
    covers = all_covers(shipped)
    assert sorted(set(SOURCE_ITEMS) - set(covers)) == []


def test_covers_name_only_known_source_items(shipped):
    assert sorted(set(all_covers(shipped)) - set(SOURCE_ITEMS)) == []


def texts(value, where="") -> list[tuple[str, Text]]:
    """Every bilingual text inside a model, with where it is."""
    found = []
    if isinstance(value, Text):
        return [(where, value)]
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            found += texts(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            found += texts(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found += texts(item, f"{where}[{index}]")
    return found


def every_text(shipped) -> list[tuple[str, Text]]:
    found = texts(library(shipped), "library")
    for role in shipped.roles.values():
        found += texts(role.profile, role.key)
    return found


def test_finnish_is_translated_not_copied(shipped):
    copied = [
        where for where, text in every_text(shipped) if text.fi == text.en and len(text.en) > 12
    ]
    assert copied == []


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"\bhuume", "the source's machine translation says narcotics where it means medicines"),
        (r"\bCAM\b|\bKAMA\b", "machine-translation misspellings of KAM"),
    ],
)
def test_finnish_avoids_source_translation_errors(shipped, pattern, why):
    bad = [where for where, text in every_text(shipped) if re.search(pattern, text.fi)]
    assert bad == [], why


def test_kam_job_description_is_complete(shipped):
    profile = shipped.roles["kam"].profile
    assert [c.id for c in profile.general_provisions] == [f"1.{i}" for i in range(1, 7)]
    assert [d.id for d in profile.duties] == [f"2.{i}" for i in range(1, 24)]
    assert [c.id for c in profile.rights] == [f"3.{i}" for i in range(1, 7)]
    assert [c.id for c in profile.responsibilities] == [f"4.{i}" for i in range(1, 4)]


def test_kam_requirements_from_job_description(shipped):
    requirements = {r.id: r for r in shipped.roles["kam"].profile.requirements}
    assert requirements["1.5-education"].education == "higher"
    assert (requirements["1.5-experience"].field, requirements["1.5-experience"].min) == (
        "sales_experience_years",
        2,
    )
    assert requirements["lang"].needed is False


def test_kam_levels_and_pay(shipped):
    levels = shipped.roles["kam"].profile.levels
    assert [lv.level for lv in levels.levels] == [1, 2, 3]
    level2, level3 = levels.levels[1].pay, levels.levels[2].pay
    assert (level2.currency, level2.monthly_max) == ("RUB", 60000)
    assert level3.monthly_min == 2 * level2.monthly_max
    assert (levels.commission.min_pct, levels.commission.max_pct) == (5, 15)
    level2_subjects = {c.competency for c in levels.levels[1].criteria}
    assert "commercial_proposals" in level2_subjects
    level3_fields = {c.field for c in levels.levels[2].criteria}
    assert {
        "evidence.long_term_clients",
        "evidence.repeat_transactions",
        "evidence.sales_growth_pct",
    } <= level3_fields


def test_red_flags_are_the_seven_mistakes(shipped):
    assert [f.key for f in library(shipped).red_flags] == [
        "late",
        "arguing",
        "interrupting",
        "not_knowing_client",
        "unprepared",
        "poor_etiquette",
        "not_knowing_product",
    ]


def test_personal_qualities_mostly_untrainable(shipped):
    qualities = [c for c in library(shipped).competencies if c.cluster == "personal_qualities"]
    untrainable = [c for c in qualities if not c.trainable]
    assert len(untrainable) > len(qualities) / 2
    assert all(c.trainable for c in library(shipped).competencies if c.cluster == "knowledge")


def test_process_weighs_more_for_medical_rep_than_kam(shipped):
    def weight(role: str, key: str) -> float:
        entry = shipped.roles[role].competency(key)
        return 0.0 if entry is None else entry.weight

    for key in ("reporting", "visit_discipline"):
        assert weight("medical_rep", key) > weight("kam", key)


def load_example(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def test_marina_ranks_kam_above_medical_rep(shipped):
    assessment, role = parse_assessment(load_example("marina.json"), shipped)
    ranking = [r.role for r in rank_roles(assessment, shipped)]
    assert ranking.index("kam") < ranking.index("medical_rep")
    result = evaluate(assessment, role)
    assert {t.key for t in result.fit.floors_not_met} >= {"reporting", "visit_discipline"}


def test_rule_keeping_rep_ranks_medical_rep_above_kam(shipped):
    """The control case: excellent routine, ordinary relationships."""
    data = load_example("marina.json")
    scores = data["ratings"][0]["scores"]
    for key in scores:
        scores[key] = 3
    scores.update(reporting=5, visit_discipline=5, product_knowledge=5, document_flow=5)
    assessment, _ = parse_assessment(data, shipped)
    ranking = [r.role for r in rank_roles(assessment, shipped)]
    assert ranking.index("medical_rep") < ranking.index("kam")


def test_kam_example_evaluates(shipped):
    assessment, role = parse_assessment(load_example("kam_candidate.json"), shipped)
    result = evaluate(assessment, role)
    assert 0 < result.fit.fit < 1
    assert result.level.level == 3
    assert result.aggregates["persuasion"].disagreement is True


def test_rubrics_readme_mapping_is_current(shipped):
    readme = (ROOT / "rubrics" / "README.md").read_text(encoding="utf-8")
    assert mapping_table(shipped) in readme, "regenerate: python -m tests.domain.coverage_table"
