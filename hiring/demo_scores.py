"""How the demo's people are scored: a true profile per person and scorecards around it.

Shared by the demo's candidates (:mod:`hiring.demo`) and its sales team
(:mod:`hiring.demo_team`). Every score comes from the caller's ``random.Random``, so two loads
give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hiring.domain.catalogue import ResolvedRole
from hiring.services.interviews import ScorecardInput

NOTE_HIGH = "Concrete example with names, figures and the outcome; probing confirmed it."
NOTE_LOW = "No example even after probing; the answers stayed general."
NOTE_SPLIT = {1: "Convincing in my part of the interview.", -1: "Not convinced by what I saw."}
TAKEAWAYS = {
    "strong_yes": "Ready for the key accounts now; would hire.",
    "yes": "Solid; a development plan for the gaps would do.",
    "no": "Not ready for key accounts; several gaps below target.",
    "strong_no": "Clear gaps on the core of the role.",
}


@dataclass(frozen=True)
class DemoCandidate:
    """One demo candidate: facts, true profile and what happens to them."""

    name: str
    level: int
    """The KAM level the data are made to give (0-3)."""
    facts: tuple[str, float, float, str, int | None, int | None, float | None]
    """education, sales years, KAM years, languages, long-term clients, repeat deals, growth %"""
    source: str
    note: str
    base: float
    offsets: dict[str, float] = field(default_factory=dict)
    """Added to ``base`` by cluster key or competency key."""
    kinds: str = "i"
    """Interviews in order: i competency interview, r role play, c case."""
    split: tuple[str, ...] = ()
    """Clusters or competencies on which the panel disagrees strongly."""
    flags: tuple[str, ...] = ()
    """Red flags the first rater of the first role play (else interview) marks."""
    extra: str = ""
    """``draft``: last scorecard left in draft; ``pending``: one more interview, unscored;
    ``amend``: the first scorecard is amended with higher scores."""
    decision: tuple[str, str] | None = None


REL, PERS, STRAT, PROC = (
    "relationships", "persuasion_negotiation", "strategic_analytical", "process_documentation",
)  # fmt: skip


def true_profile(role: ResolvedRole, person: DemoCandidate) -> dict[str, float]:
    return {
        c.key: person.base
        + person.offsets.get(c.competency.cluster, 0.0)
        + person.offsets.get(c.key, 0.0)
        for c in role.competencies
    }


def scorecard_input(
    rng: random.Random, role: ResolvedRole, keys: list[str], truth: dict[str, float],
    person: DemoCandidate, shift: int, flags: tuple[str, ...],
) -> ScorecardInput:  # fmt: skip
    """Scores around the true profile (within one point of it), moved by ``shift`` * 1.5 on
    the split competencies; an evidence note on every lowest or highest score."""
    data = ScorecardInput(red_flags=list(flags))
    for key in keys:
        entry = role.competency(key)
        assert entry is not None
        split = key in person.split or entry.competency.cluster in person.split
        raw = truth[key] + (1.5 * shift if split else 0.0) + rng.uniform(-0.45, 0.45)
        score = max(entry.scale.min, min(entry.scale.max, round(raw)))
        data.scores[key] = score
        if score == entry.scale.max:
            data.notes[key] = NOTE_HIGH
        elif score == entry.scale.min:
            data.notes[key] = NOTE_LOW
        elif split and shift:
            data.notes[key] = NOTE_SPLIT[shift]
    mean = sum(s for s in data.scores.values() if s is not None) / len(data.scores)
    data.recommendation = recommendation_for(mean)
    data.takeaways = TAKEAWAYS[data.recommendation]
    return data


def recommendation_for(mean: float) -> str:
    """The recommendation a demo (or synthetic) interviewer gives for their mean score."""
    floors = ((4.2, "strong_yes"), (3.4, "yes"), (2.6, "no"))
    return next((said for floor, said in floors if mean >= floor), "strong_no")
