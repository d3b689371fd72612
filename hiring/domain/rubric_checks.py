"""The checks of rubric content that pydantic alone cannot make: keys unique within a file,
references between a role and its library, values on the right scale. Each problem names the
file, line and location so an editor can act on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hiring.domain.rubric import (
    LANGUAGES,
    CompetencyLibrary,
    RoleCompetency,
    RoleProfile,
    Scale,
    Situation,
)
from hiring.domain.yaml_source import Problem, YamlDocument

_LANGUAGE_NAMES = {"en": "English", "fi": "Finnish"}


def problem_from_error(document: YamlDocument, error: Any) -> Problem:
    """Turn one pydantic error into a message an HR editor can act on."""
    loc = tuple(part for part in error["loc"] if part != "[key]")
    kind = error["type"]
    if kind == "missing" and loc and loc[-1] in LANGUAGES:
        language = _LANGUAGE_NAMES.get(str(loc[-1]), str(loc[-1]))
        message = f"missing translation: the {language} ({loc[-1]}) text is required"
    elif kind == "missing":
        message = f"missing required key '{loc[-1]}'" if loc else "missing required key"
    elif kind == "string_pattern_mismatch" and loc and loc[-1] == "currency":
        message = (
            "a currency is a three-letter ISO 4217 code in capitals, such as EUR "
            f"(got {error['input']!r})"
        )
    elif kind == "extra_forbidden":
        message = f"unknown key '{loc[-1]}' (not part of the rubric format; check the spelling)"
    else:
        message = error["msg"].removeprefix("Value error, ")
        if "input" in error and not isinstance(error["input"], dict | list):
            message += f" (got {error['input']!r})"
    return document.problem(loc, message)


def duplicates(
    document: YamlDocument, items: Sequence[Any], attribute: str, list_name: str, what: str
) -> list[Problem]:
    first_index: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        value = getattr(item, attribute)
        if value in first_index:
            first_line = document.line_of((list_name, first_index[value], attribute))
            problems.append(
                document.problem(
                    (list_name, index, attribute),
                    f"duplicate {what} '{value}' (first at line {first_line})",
                )
            )
        else:
            first_index[value] = index
    return problems


def check_library(document: YamlDocument, library: CompetencyLibrary) -> list[Problem]:
    problems = duplicates(document, library.clusters, "key", "clusters", "cluster key")
    problems += duplicates(document, library.competencies, "key", "competencies", "competency key")
    problems += duplicates(document, library.red_flags, "key", "red_flags", "red flag key")
    clusters = {c.key for c in library.clusters}
    for index, competency in enumerate(library.competencies):
        if competency.cluster not in clusters:
            problems.append(
                document.problem(
                    ("competencies", index, "cluster"),
                    f"unknown cluster '{competency.cluster}' "
                    f"(known: {', '.join(sorted(clusters))})",
                )
            )
        scale = competency.scale or library.scale
        points = list(scale.points)
        missing = [p for p in points if p not in competency.anchors]
        outside = [p for p in competency.anchors if p not in points]
        if missing or outside:
            detail = "; ".join(
                part
                for part in (
                    f"missing {missing}" if missing else "",
                    f"outside the scale {outside}" if outside else "",
                )
                if part
            )
            problems.append(
                document.problem(
                    ("competencies", index, "anchors"),
                    f"anchors must describe every point {scale.min}..{scale.max}: {detail}",
                )
            )
    problems += duplicates(document, library.situations, "key", "situations", "situation key")
    for index, situation in enumerate(library.situations):
        problems += check_situation(document, index, situation, library)
    return problems


def check_situation(
    document: YamlDocument, index: int, situation: Situation, library: CompetencyLibrary
) -> list[Problem]:
    """Options keyed to competencies of the library, rated on its scale, with one clearly best
    and one clearly worst way to act (otherwise "most" and "least likely" tell nothing)."""
    where = ("situations", index)
    problems = [
        document.problem((*where, *loc[2:]), message)
        for loc, message in _option_key_duplicates(situation)
    ]
    competencies = {c.key for c in library.competencies}
    scale = library.scale
    for position, option in enumerate(situation.options):
        if option.competency not in competencies:
            problems.append(
                document.problem(
                    (*where, "options", position, "competency"),
                    f"unknown competency '{option.competency}' (not in library '{library.key}')",
                )
            )
        if not scale.min <= option.effectiveness <= scale.max:
            problems.append(
                document.problem(
                    (*where, "options", position, "effectiveness"),
                    f"effectiveness {option.effectiveness} is outside the scale "
                    f"{scale.min}-{scale.max}",
                )
            )
    values = [option.effectiveness for option in situation.options]
    for extreme, name in ((max(values), "most"), (min(values), "least")):
        if values.count(extreme) > 1:
            problems.append(
                document.problem(
                    (*where, "options"),
                    f"{values.count(extreme)} options share the {name} effective value "
                    f"{extreme}: one option must be clearly the {name} effective",
                )
            )
    return problems


def _option_key_duplicates(situation: Situation) -> list[tuple[tuple[str | int, ...], str]]:
    seen: dict[str, int] = {}
    out: list[tuple[tuple[str | int, ...], str]] = []
    for position, option in enumerate(situation.options):
        if option.key in seen:
            out.append(
                (
                    ("", "", "options", position, "key"),
                    f"duplicate option key '{option.key}' (first as option {seen[option.key] + 1})",
                )
            )
        else:
            seen[option.key] = position
    return out


def check_role(
    document: YamlDocument, profile: RoleProfile, library: CompetencyLibrary
) -> list[Problem]:
    problems = duplicates(document, profile.competencies, "key", "competencies", "competency")
    problems += duplicates(document, profile.requirements, "id", "requirements", "requirement id")
    problems += duplicates(document, profile.duties, "id", "duties", "duty id")
    definitions = {c.key: c for c in library.competencies}
    in_role: dict[str, Scale] = {}
    for index, entry in enumerate(profile.competencies):
        definition = definitions.get(entry.key)
        if definition is None:
            problems.append(
                document.problem(
                    ("competencies", index, "key"),
                    f"unknown competency '{entry.key}' (not in library '{library.key}')",
                )
            )
            continue
        scale = definition.scale or library.scale
        in_role[entry.key] = scale
        problems += check_role_competency(document, index, entry, scale)

    def check_reference(loc: tuple[str | int, ...], key: str, minimum: float | None) -> None:
        if key not in in_role:
            where = "in this role's competencies" if key in definitions else "in the library"
            problems.append(document.problem(loc, f"unknown competency '{key}' (not {where})"))
        elif minimum is not None and not in_role[key].min <= minimum <= in_role[key].max:
            scale = in_role[key]
            problems.append(
                document.problem(
                    (*loc[:-1], "min"),
                    f"min {minimum:g} is outside the scale {scale.min}-{scale.max} of '{key}'",
                )
            )

    for index, requirement in enumerate(profile.requirements):
        if requirement.competency is not None:
            check_reference(
                ("requirements", index, "competency"), requirement.competency, requirement.min
            )
    for index, duty in enumerate(profile.duties):
        for position, key in enumerate(duty.competencies):
            check_reference(("duties", index, "competencies", position), key, None)
    flags = {f.key for f in library.red_flags}
    for position, key in enumerate(profile.red_flags or ()):
        if key not in flags:
            problems.append(document.problem(("red_flags", position), f"unknown red flag '{key}'"))
    if profile.levels is not None:
        for index, level in enumerate(profile.levels.levels):
            if level.level != index + 1:
                problems.append(
                    document.problem(
                        ("levels", "levels", index, "level"),
                        f"levels must be numbered 1, 2, 3, ... in order; expected {index + 1}",
                    )
                )
            for position, criterion in enumerate(level.criteria):
                if criterion.competency is not None:
                    check_reference(
                        ("levels", "levels", index, "criteria", position, "competency"),
                        criterion.competency,
                        criterion.min,
                    )
    problems += duplicates(document, profile.omits, "competency", "omits", "omitted competency")
    for index, omission in enumerate(profile.omits):
        loc = ("omits", index, "competency")
        if omission.competency not in definitions:
            problems.append(
                document.problem(
                    loc,
                    f"unknown competency '{omission.competency}' (not in library '{library.key}')",
                )
            )
        elif omission.competency in in_role:
            problems.append(
                document.problem(
                    loc,
                    f"'{omission.competency}' is scored in this role; it cannot also be omitted",
                )
            )
    return problems


def check_role_competency(
    document: YamlDocument, index: int, entry: RoleCompetency, scale: Scale
) -> list[Problem]:
    problems = []
    where = f"the scale {scale.min}-{scale.max} of '{entry.key}'"
    if not scale.min <= entry.target <= scale.max:
        problems.append(
            document.problem(
                ("competencies", index, "target"), f"target {entry.target} is outside {where}"
            )
        )
    if entry.floor is not None:
        if not scale.min <= entry.floor <= scale.max:
            problems.append(
                document.problem(
                    ("competencies", index, "floor"), f"floor {entry.floor} is outside {where}"
                )
            )
        elif entry.floor > entry.target:
            problems.append(
                document.problem(
                    ("competencies", index, "floor"),
                    f"floor {entry.floor} is above the target {entry.target}",
                )
            )
    if entry.weight <= 0:
        problems.append(
            document.problem(
                ("competencies", index, "weight"),
                f"weight must be positive (got {entry.weight:g}); leave the competency out "
                "of the role instead of giving it no weight",
            )
        )
    return problems
