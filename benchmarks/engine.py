"""Engine throughput: evaluate 5,000 and 50,000 synthetic candidates (25 competencies,
3 raters each) and print candidates per second and the ratio time(50k) / time(5k).

The cost should be linear in the number of candidates, so the ratio should stay at or below 11
(10 plus a margin). The two sizes run in turn over ``ROUNDS`` rounds and each time is the
median of its rounds, so a burst of noise on the machine can neither fail nor pass the target.
Each candidate is validated and evaluated exactly as ``hiring evaluate`` does it. Run with
``python -m benchmarks.engine`` (or ``make bench``).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Targets, interleaved_medians
from hiring.domain.assessment import parse_assessment
from hiring.domain.catalogue import Catalogue, load_catalogue
from hiring.domain.evaluation import evaluate

COMPETENCIES = 25
RATERS = 3
SIZES = (5_000, 50_000)
ROUNDS = 3
RATIO_LIMIT = 11.0


def _text(word: str) -> str:
    return f"{{en: {word}, fi: {word}}}"


def synthetic_catalogue(folder: Path) -> Catalogue:
    lines = [
        "kind: competency_library",
        "key: bench",
        'version: "1"',
        f"title: {_text('Bench')}",
        "scale:",
        "  min: 1",
        "  max: 5",
        "  labels:",
        *(f"    {p}: {_text(f'p{p}')}" for p in range(1, 6)),
        "clusters:",
        f"  - {{key: all, name: {_text('All')}, description: {_text('All')}}}",
        "competencies:",
    ]
    for i in range(COMPETENCIES):
        lines += [
            f"  - key: c{i}",
            "    cluster: all",
            f"    name: {_text(f'C{i}')}",
            f"    description: {_text('d')}",
            f"    trainable: {'true' if i % 2 else 'false'}",
            f"    development: {_text('dev')}",
            "    anchors:",
            *(f"      {p}: {_text(f'a{p}')}" for p in range(1, 6)),
            f"    questions: [{_text('q')}]",
            f"    self_statements: [{_text('s')}]",
            f"    evidence: [{_text('e')}]",
            "    covers: [s1.persuasion]",
        ]
    lines += [
        f"red_flags: [{{key: late, name: {_text('L')}, description: {_text('L')}, "
        f"observe: {_text('L')}, covers: [s7.m_late]}}]"
    ]
    (folder / "library.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    role = [
        "kind: role_profile",
        "key: bench_role",
        'version: "1"',
        "library: bench",
        f"name: {_text('Role')}",
        f"description: {_text('Role')}",
        "competencies:",
        *(
            f"  - {{key: c{i}, target: {3 + i % 3}, weight: {1 + i % 3}"
            + (", floor: 2}" if i % 4 == 0 else "}")
            for i in range(COMPETENCIES)
        ),
        "requirements:",
        f"  - {{id: edu, kind: education, education: higher, text: {_text('edu')}}}",
        f"  - {{id: exp, kind: minimum, field: sales_experience_years, min: 2, "
        f"text: {_text('exp')}}}",
        "duties:",
        *(
            f"  - {{id: '2.{i}', text: {_text('duty')}, competencies: [c{i}, c{(i + 7) % 25}]}}"
            for i in range(10)
        ),
        "levels:",
        f"  not_yet: {_text('no')}",
        "  levels:",
        f"    - {{level: 1, name: {_text('L1')}, description: {_text('L1')}, criteria: "
        f"[{{id: years, field: sales_experience_years, min: 2, text: {_text('y')}}}]}}",
        f"    - {{level: 2, name: {_text('L2')}, description: {_text('L2')}, criteria: "
        f"[{{id: c1, competency: c1, min: 3, text: {_text('c')}}}]}}",
    ]
    (folder / "role.yaml").write_text("\n".join(role) + "\n", encoding="utf-8")
    return load_catalogue([folder])


def synthetic_candidates(count: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    keys = [f"c{i}" for i in range(COMPETENCIES)]
    return [
        {
            "role": "bench_role",
            "candidate": {
                "education": "higher",
                "sales_experience_years": rng.randint(0, 12),
                "languages": ["fi", "en"],
            },
            "ratings": [
                {
                    "rater": f"rater-{r}",
                    "kind": "interview",
                    "scores": {
                        k: (None if rng.random() < 0.05 else rng.randint(1, 5)) for k in keys
                    },
                    "red_flags": ["late"] if rng.random() < 0.1 else [],
                }
                for r in range(RATERS)
            ],
        }
        for _ in range(count)
    ]


def run(catalogue: Catalogue, candidates: list[dict[str, object]]) -> float:
    start = time.perf_counter()
    for data in candidates:
        assessment, role = parse_assessment(data, catalogue)
        evaluate(assessment, role)
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        catalogue = synthetic_catalogue(Path(folder))
    run(catalogue, synthetic_candidates(500, seed=1))  # warm caches and pydantic validators
    data = {size: synthetic_candidates(size) for size in SIZES}
    times = interleaved_medians(
        {size: (lambda d=data[size]: run(catalogue, d)) for size in SIZES},  # type: ignore[misc]
        ROUNDS,
    )
    for size in SIZES:
        print(f"{size:>7} candidates: {times[size]:7.2f} s, {size / times[size]:8.0f} candidates/s")
    targets = Targets(f"Engine: medians of {ROUNDS} interleaved rounds")
    targets.at_most(f"time({SIZES[1]:,}) / time({SIZES[0]:,})", times[SIZES[1]] / times[SIZES[0]],
                    RATIO_LIMIT)  # fmt: skip
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
