"""A resolved role profile as plain data: what ``hiring rubric show --json`` prints and what the
catalogue pages and the job-description document render."""

from __future__ import annotations

from typing import Any

from hiring.domain.catalogue import ResolvedRole


def role_as_dict(role: ResolvedRole) -> dict[str, Any]:
    profile = role.profile
    clusters = {c.key: c for c in role.library.clusters}
    definitions = {c.key: c for c in role.library.competencies}
    return {
        "key": profile.key,
        "version": profile.version,
        "name": profile.name.model_dump(),
        "description": profile.description.model_dump(),
        "aggregation": profile.aggregation,
        "rubric": role.provenance.as_dict(),
        "competencies": [
            {
                "key": entry.key,
                "name": entry.competency.name.model_dump(),
                "cluster": entry.competency.cluster,
                "cluster_name": clusters[entry.competency.cluster].name.model_dump(),
                "scale": {"min": entry.scale.min, "max": entry.scale.max},
                "weight": entry.weight,
                "target": entry.target,
                "floor": entry.floor,
                "trainable": entry.competency.trainable,
            }
            for entry in role.competencies
        ],
        "requirements": [r.model_dump(exclude_none=True) for r in profile.requirements],
        "general_provisions": [c.model_dump() for c in profile.general_provisions],
        "duties": [d.model_dump() for d in profile.duties],
        "rights": [c.model_dump() for c in profile.rights],
        "responsibilities": [c.model_dump() for c in profile.responsibilities],
        "levels": profile.levels.model_dump() if profile.levels else None,
        "red_flags": [
            {"key": f.key, "name": f.name.model_dump(), "observe": f.observe.model_dump()}
            for f in role.red_flags
        ],
        "omits": [
            {
                "key": omission.competency,
                "name": definitions[omission.competency].name.model_dump(),
                "reason": omission.reason.model_dump(),
            }
            for omission in profile.omits
        ],
    }
