"""The source-to-rubric mapping table of rubrics/README.md, generated from the rubrics' ``covers``
lists. Regenerate it after editing a ``covers`` list:

    .venv/bin/python -m tests.domain.coverage_table > /tmp/table.md

and paste it over the table in rubrics/README.md (test_rubrics_readme_mapping_is_current checks).
"""

from __future__ import annotations

from pathlib import Path

from hiring.domain.catalogue import Catalogue, load_catalogue
from tests.domain.source_items import SOURCE_ITEMS

SECTIONS = {
    "s1": "1. The KAM profile table",
    "s5": "5. Finding a KAM: levels, responsibilities, requirements",
    "s6": "6. The KAM concept, duties and competencies",
    "s7": "7. Skills, personal qualities and mistakes",
}


def all_covers(catalogue: Catalogue) -> dict[str, list[str]]:
    """Source id to the places in the rubrics that name it."""
    covers: dict[str, list[str]] = {}
    for library in catalogue.libraries.values():
        for c in library.competencies:
            for ref in c.covers:
                covers.setdefault(ref, []).append(f"`{c.key}`")
        for f in library.red_flags:
            for ref in f.covers:
                covers.setdefault(ref, []).append(f"red flag `{f.key}`")
    for role in catalogue.roles.values():
        for r in role.profile.requirements:
            for ref in r.covers:
                covers.setdefault(ref, []).append(f"{role.key} requirement {r.id}")
        for level in role.profile.levels.levels if role.profile.levels else ():
            for ref in level.covers:
                covers.setdefault(ref, []).append(f"{role.key} level {level.level}")
    return covers


def mapping_table(catalogue: Catalogue) -> str:
    covers = all_covers(catalogue)
    lines: list[str] = []
    section = None
    for key, text in SOURCE_ITEMS.items():
        if key.split(".")[0] != section:
            section = key.split(".")[0]
            lines += ["", f"### {SECTIONS[section]}", ""]
            lines += ["| source id | the source says | represented by |", "|---|---|---|"]
        lines.append(f"| `{key}` | {text} | {', '.join(covers.get(key, ['**nothing**']))} |")
    return "\n".join(lines).strip() + "\n"


if __name__ == "__main__":
    print(mapping_table(load_catalogue([Path(__file__).parents[2] / "rubrics"])), end="")
