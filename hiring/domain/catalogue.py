"""Loading and checking a folder of rubric files as one catalogue.

A catalogue is every competency library and role profile under the rubrics folder, validated file
by file (the pydantic models in :mod:`hiring.domain.rubric`) and then across files (a role naming
an unknown competency, a target outside the scale). Every problem carries ``path:line``; all
problems are collected, not just the first, so one run of ``hiring rubric check`` shows the
editor everything to fix.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hiring.domain.rubric import (
    Competency,
    CompetencyLibrary,
    RedFlag,
    RoleProfile,
    Scale,
)
from hiring.domain.rubric_checks import check_library, check_role, problem_from_error
from hiring.domain.snapshots import SnapshotError, snapshot_version, stamp, upgrade_snapshot
from hiring.domain.yaml_source import Problem, YamlDocument, YamlSourceError, load_yaml_file

RUBRIC_SUFFIXES = (".yaml", ".yml")
_MODELS: dict[str, type[CompetencyLibrary] | type[RoleProfile]] = {
    "competency_library": CompetencyLibrary,
    "role_profile": RoleProfile,
}


class RubricError(ValueError):
    """One or more rubric files are invalid; ``problems`` says where and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Provenance:
    """Which rubric a result was made with. ``sha256`` covers both files' bytes, so editing
    either file gives a new hash even when nobody remembered to bump a version."""

    role: str
    role_version: str
    library: str
    library_version: str
    sha256: str

    def as_dict(self) -> dict[str, str]:
        return {
            "role": self.role,
            "role_version": self.role_version,
            "library": self.library,
            "library_version": self.library_version,
            "sha256": self.sha256,
        }


@dataclass(frozen=True)
class ProfileCompetency:
    """A competency as one role profile uses it: the library's definition, its scale, and the
    role's target, weight and floor."""

    competency: Competency
    scale: Scale
    target: int
    weight: float
    floor: int | None

    @property
    def key(self) -> str:
        return self.competency.key


@dataclass(frozen=True)
class ResolvedRole:
    profile: RoleProfile
    library: CompetencyLibrary
    competencies: tuple[ProfileCompetency, ...]
    red_flags: tuple[RedFlag, ...]
    provenance: Provenance

    @property
    def key(self) -> str:
        return self.profile.key

    def competency(self, key: str) -> ProfileCompetency | None:
        return next((c for c in self.competencies if c.key == key), None)


@dataclass(frozen=True)
class Catalogue:
    libraries: dict[str, CompetencyLibrary]
    roles: dict[str, ResolvedRole]
    files: tuple[str, ...]

    def role(self, key: str) -> ResolvedRole:
        try:
            return self.roles[key]
        except KeyError:
            known = ", ".join(sorted(self.roles))
            raise KeyError(f"unknown role '{key}' (known roles: {known})") from None


def rubric_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The YAML files named, or found below the folders named, in a stable order. Files whose
    name starts with ``_`` or ``.`` are drafts and are skipped."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in RUBRIC_SUFFIXES and p.is_file() and not p.name.startswith(("_", "."))
            )
        else:
            found.append(path)
    return found


def load_catalogue(paths: Iterable[str | os.PathLike[str]]) -> Catalogue:
    """Load every rubric file under ``paths``; raise :class:`RubricError` listing every problem."""
    paths = list(paths)
    files = rubric_files(paths)
    problems: list[Problem] = []
    if not files:
        problems.append(Problem(", ".join(str(p) for p in paths), 0, "", "no rubric files found"))
        raise RubricError(problems)
    parsed: list[tuple[YamlDocument, CompetencyLibrary | RoleProfile]] = []
    for file in files:
        document, model, file_problems = _parse_file(file)
        problems.extend(file_problems)
        if document is not None and model is not None:
            parsed.append((document, model))
    libraries: dict[str, tuple[YamlDocument, CompetencyLibrary]] = {}
    profiles: list[tuple[YamlDocument, RoleProfile]] = []
    seen_roles: dict[str, YamlDocument] = {}
    for document, model in parsed:
        if isinstance(model, CompetencyLibrary):
            if model.key in libraries:
                first = libraries[model.key][0].path
                problems.append(
                    document.problem(("key",), f"library key '{model.key}' is also used by {first}")
                )
                continue
            problems.extend(check_library(document, model))
            libraries[model.key] = (document, model)
        else:
            if model.key in seen_roles:
                first = seen_roles[model.key].path
                problems.append(
                    document.problem(("key",), f"role key '{model.key}' is also used by {first}")
                )
                continue
            seen_roles[model.key] = document
            profiles.append((document, model))
    roles: dict[str, ResolvedRole] = {}
    unparsed = len(files) - len(parsed)
    for document, profile in profiles:
        if profile.library not in libraries and unparsed:
            continue  # most likely defined in a file that failed above; do not add noise
        if profile.library not in libraries:
            known = ", ".join(sorted(libraries)) or "none loaded"
            problems.append(
                document.problem(
                    ("library",), f"unknown library '{profile.library}' (known: {known})"
                )
            )
            continue
        library_document, library = libraries[profile.library]
        role_problems = check_role(document, profile, library)
        problems.extend(role_problems)
        if not role_problems:
            roles[profile.key] = _resolve(document, profile, library_document, library)
    if problems:
        raise RubricError(problems)
    return Catalogue(
        libraries={key: lib for key, (_, lib) in libraries.items()},
        roles=roles,
        files=tuple(str(f) for f in files),
    )


def check_rubrics(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[Catalogue | None, list[Problem]]:
    """Like :func:`load_catalogue`, but returns the problems instead of raising."""
    try:
        return load_catalogue(paths), []
    except RubricError as exc:
        return None, exc.problems


def _parse_file(
    file: Path,
) -> tuple[YamlDocument | None, CompetencyLibrary | RoleProfile | None, list[Problem]]:
    try:
        document = load_yaml_file(file)
    except YamlSourceError as exc:
        return None, None, exc.problems
    except OSError as exc:
        return None, None, [Problem(str(file), 0, "", f"cannot read the file: {exc.strerror}")]
    kind = document.data.get("kind")
    model = _MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        kinds = ", ".join(_MODELS)
        return document, None, [document.problem(("kind",), f"'kind' must be one of: {kinds}")]
    try:
        return document, model.model_validate(document.data), []
    except ValidationError as exc:
        return document, None, [problem_from_error(document, error) for error in exc.errors()]


def _resolve(
    document: YamlDocument,
    profile: RoleProfile,
    library_document: YamlDocument,
    library: CompetencyLibrary,
) -> ResolvedRole:
    digest = hashlib.sha256()
    for part in (library_document.sha256, document.sha256):
        digest.update(bytes.fromhex(part))
    provenance = Provenance(
        role=profile.key,
        role_version=profile.version,
        library=library.key,
        library_version=library.version,
        sha256=digest.hexdigest(),
    )
    return resolve_role(profile, library, provenance)


def resolve_role(
    profile: RoleProfile, library: CompetencyLibrary, provenance: Provenance
) -> ResolvedRole:
    """Join a (checked) role profile with its library's definitions."""
    definitions = {c.key: c for c in library.competencies}
    competencies = tuple(
        ProfileCompetency(
            competency=definitions[entry.key],
            scale=definitions[entry.key].scale or library.scale,
            target=entry.target,
            weight=entry.weight,
            floor=entry.floor,
        )
        for entry in profile.competencies
    )
    if profile.red_flags is None:
        red_flags = tuple(library.red_flags)
    else:
        by_key = {f.key: f for f in library.red_flags}
        red_flags = tuple(by_key[key] for key in profile.red_flags)
    return ResolvedRole(profile, library, competencies, red_flags, provenance)


def role_snapshot(role: ResolvedRole) -> dict[str, Any]:
    """A role as JSON-ready data, complete enough to evaluate with later (see
    :func:`role_from_snapshot`) whatever happens to the YAML files meanwhile. It is marked with
    the current schema version so that a later release can tell which format it is reading
    (:mod:`hiring.domain.snapshots`)."""
    return stamp(
        {
            "profile": role.profile.model_dump(mode="json"),
            "library": role.library.model_dump(mode="json"),
            "provenance": role.provenance.as_dict(),
        }
    )


def role_from_snapshot(data: dict[str, Any]) -> ResolvedRole:
    """The role stored by :func:`role_snapshot`, by this or any earlier release: the data is
    first upgraded to today's format, then validated with today's models. Data this code cannot
    read raises :class:`SnapshotError` (a ``ValueError``) naming the stored version."""
    version = snapshot_version(data)
    current = upgrade_snapshot(data)
    try:
        return resolve_role(
            RoleProfile.model_validate(current["profile"]),
            CompetencyLibrary.model_validate(current["library"]),
            Provenance(**current["provenance"]),
        )
    except (KeyError, TypeError, ValidationError) as exc:
        detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise SnapshotError(
            f"rubric snapshot (stored as schema version {version}) is malformed: {detail}"
        ) from exc
