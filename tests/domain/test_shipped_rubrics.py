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
    assert (level2.basis, level2.currency, level2.max) == ("source", "RUB", 60000)
    # "at least twice the level-2 pay": the source gives no figure, so none is derived
    assert (level3.basis, level3.min, level3.max) == ("source", None, None)
    assert "twice" in level3.note.en
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


def test_source_pay_is_market_context_with_no_invented_period(shipped):
    """The source quotes its figures without a period: nothing may say "a month" for them."""
    levels = shipped.roles["kam"].profile.levels
    pays = [level.pay for level in levels.levels if level.pay]
    assert pays
    assert all(p.basis == "source" and p.period is None for p in pays)
    notes = [p.note for p in pays] + [levels.commission.note]
    assert [n.en for n in notes if re.search(r"\bmonth", n.en)] == []
    assert [n.fi for n in notes if re.search(r"kuukau", n.fi)] == []


def kam_profile_covers(shipped) -> tuple[dict[str, list[str]], set[str]]:
    """Source id to what of the KAM profile itself represents it (the competencies it scores,
    the red flags it checks, its requirements and levels), and the competencies it omits."""
    role = shipped.roles["kam"]
    scored = {c.key for c in role.profile.competencies}
    checked = {f.key for f in role.red_flags}
    covers: dict[str, list[str]] = {}
    for c in role.library.competencies:
        for ref in c.covers:
            if c.key in scored:
                covers.setdefault(ref, []).append(c.key)
    for f in role.library.red_flags:
        for ref in f.covers if f.key in checked else ():
            covers.setdefault(ref, []).append(f"red flag {f.key}")
    for r in role.profile.requirements:
        for ref in r.covers:
            covers.setdefault(ref, []).append(f"requirement {r.id}")
    for level in role.profile.levels.levels:
        for ref in level.covers:
            covers.setdefault(ref, []).append(f"level {level.level}")
    return covers, {o.competency for o in role.profile.omits}


def test_kam_profile_itself_covers_the_source(shipped):
    """Coverage by the library is not enough: the source describes the KAM, so the KAM profile
    must score or check every item, except what it omits on purpose with a stated reason."""
    covers, omitted = kam_profile_covers(shipped)
    role = shipped.roles["kam"]
    omitted_refs = {ref for c in role.library.competencies if c.key in omitted for ref in c.covers}
    missing = sorted(set(SOURCE_ITEMS) - set(covers) - omitted_refs)
    assert missing == []
    # an omission covers nothing the profile needs: each omitted item is the source's
    # "if needed" (leadership, a foreign language) or what it says not to impose (visits)
    assert sorted(set(SOURCE_ITEMS) - set(covers)) == ["s5.leadership"]


def test_kam_profile_decides_on_every_library_competency(shipped):
    role = shipped.roles["kam"]
    scored = {c.key for c in role.profile.competencies}
    omitted = {o.competency for o in role.profile.omits}
    assert scored & omitted == set()
    assert sorted({c.key for c in role.library.competencies} - scored - omitted) == []
    assert {"sense_of_humour", "conversational_range", "business_acumen"} <= scored
    assert omitted == {"leadership", "visit_discipline", "foreign_language"}
    assert all(o.reason.en and o.reason.fi for o in role.profile.omits)


def shipped_finnish(shipped) -> list[tuple[str, str]]:
    po = (ROOT / "hiring" / "translations" / "fi" / "LC_MESSAGES" / "messages.po").read_text(
        encoding="utf-8"
    )
    msgstrs = re.findall(r'^msgstr(?:\[\d\])? "(.*)"', po, flags=re.MULTILINE)
    return [(where, text.fi) for where, text in every_text(shipped)] + [
        ("messages.po", m) for m in msgstrs
    ]


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"esimie", "one term for a line manager: today's 'esihenkilö', as the UI says"),
        (r"opetettavissa|ei kehitettävissä", "one term for not trainable: 'vaikea kehittää'"),
    ],
)
def test_finnish_uses_one_term_throughout(shipped, pattern, why):
    bad = [where for where, text in shipped_finnish(shipped) if re.search(pattern, text, re.I)]
    assert bad == [], why


def test_english_uses_one_term_for_not_trainable(shipped):
    texts = [text.en for _, text in every_text(shipped)]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "templates").rglob("*.html")]
    assert [t[:60] for t in texts if re.search(r"not (readily )?trainable", t, re.I)] == []


def test_level_names_do_not_repeat_the_level_number(shipped):
    """Seen: "KAM level 2: Level 2: KAM with basic competencies". The pages put the number
    before the name, so a name never starts with one."""
    names = [
        text
        for role in shipped.roles.values()
        for level in (role.profile.levels.levels if role.profile.levels else ())
        for text in (level.name.en, level.name.fi)
    ]
    assert names
    assert [n for n in names if re.match(r"(Level|Taso)\s*\d", n)] == []


@pytest.mark.parametrize("example", ["marina.json", "kam_candidate.json"])
def test_a_ranking_is_each_roles_full_evaluation_aggregated_once(shipped, example, monkeypatch):
    """Ranking read each role's fit and level off a full evaluation, aggregating every
    competency again per role (and the job description, red flags...): the candidate page
    ranks on every view. Now each competency is aggregated once, with the same figures."""
    from hiring.domain import evaluation

    assessment, own = parse_assessment(load_example(example), shipped)
    expected = []
    for role in shipped.roles.values():
        if role.library.key != own.library.key:
            continue
        full = evaluate(assessment.model_copy(update={"self_assessment": None}), role)
        expected.append(
            (role.key, full.fit.fit, full.fit.coverage, full.fit.score,
             tuple(t.key for t in full.fit.floors_not_met),
             tuple(t.key for t in full.fit.floors_unknown),
             full.level.level if full.level else None)
        )  # fmt: skip
    counted: list[str] = []
    original = evaluation.aggregate_ratings

    def counting(key, ratings, scale):
        counted.append(key)
        return original(key, ratings, scale)

    monkeypatch.setattr(evaluation, "aggregate_ratings", counting)
    ranking = rank_roles(assessment, shipped)
    got = [(r.role, r.fit, r.coverage, r.score, r.floors_not_met, r.floors_unknown, r.level)
           for r in ranking]  # fmt: skip
    assert got == sorted(expected, key=lambda r: (-r[3], -r[2], r[0]))  # score, coverage, key
    assert len(counted) == len(set(counted))
