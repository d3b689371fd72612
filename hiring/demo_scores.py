"""How the demo's people are scored: a true profile per person and scorecards around it.

Shared by the demo's candidates (:mod:`hiring.demo`) and its sales team
(:mod:`hiring.demo_team`). Every score comes from the caller's ``random.Random``, so two loads
give the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hiring.demo_evidence import evidence, split_note, takeaway
from hiring.domain.catalogue import ResolvedRole
from hiring.services.interviews import ScorecardInput


@dataclass
class Words:
    """What the demo's interviewers write, and in which language: picked with a generator of
    its own, so that the words chosen never change the scores."""

    rng: random.Random
    lang: str = "en"
    name: str = ""
    """The first name of the person being scored."""


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
    person: DemoCandidate, shift: int, flags: tuple[str, ...], words: Words,
) -> ScorecardInput:  # fmt: skip
    """Scores around the true profile (within one point of it), moved by ``shift`` * 1.5 on
    the split competencies; an evidence note on every lowest or highest score, and on a split
    competency, in ``words``' language."""
    data = ScorecardInput(red_flags=list(flags))
    for key in keys:
        entry = role.competency(key)
        assert entry is not None
        split = key in person.split or entry.competency.cluster in person.split
        raw = truth[key] + (1.5 * shift if split else 0.0) + rng.uniform(-0.45, 0.45)
        score = max(entry.scale.min, min(entry.scale.max, round(raw)))
        data.scores[key] = score
        cluster = entry.competency.cluster
        if score == entry.scale.max:
            data.notes[key] = evidence(words.rng, cluster, "high", words.lang, words.name)
        elif score == entry.scale.min:
            data.notes[key] = evidence(words.rng, cluster, "low", words.lang, words.name)
        elif split and shift:
            data.notes[key] = split_note(words.rng, shift, words.lang)
    mean = sum(s for s in data.scores.values() if s is not None) / len(data.scores)
    data.recommendation = recommendation_for(mean)
    data.takeaways = takeaway(words.rng, data.recommendation, words.lang)
    return data


def recommendation_for(mean: float) -> str:
    """The recommendation a demo (or synthetic) interviewer gives for their mean score."""
    floors = ((4.2, "strong_yes"), (3.4, "yes"), (2.6, "no"))
    return next((said for floor, said in floors if mean >= floor), "strong_no")
