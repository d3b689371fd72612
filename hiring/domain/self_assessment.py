"""The self-assessment: the questionnaire built from a role, and the self profile its answers give.

A person rates their agreement (1-5) with the ``self_statements`` of every competency of the role,
and for each situational judgement item of the library that touches the role picks the option
they would most likely and least likely take. Everything here is plain data in, plain data out:

* :func:`build_questionnaire` lays the items out on short pages, each page's order shuffled by a
  seed kept with the link, so the same link always shows the same order;
* :func:`check_answers` refuses anything that is not an answer to an item of the questionnaire;
* :func:`self_profile` turns answers into a value per competency, on the competency's scale,
  with every contribution kept so that a reader can follow the working.

The self profile is compared with the panel's result and never mixed into it (see
:data:`hiring.domain.assessment.ASSESSOR_KINDS`).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from hiring.domain.catalogue import ResolvedRole
from hiring.domain.rubric import Scale, Situation, Statement

AGREEMENT_MIN = 1
AGREEMENT_MAX = 5
"""The agreement scale of statements: 1 strongly disagree ... 5 strongly agree."""
STATEMENTS_PER_PAGE = 15
SITUATIONS_PER_PAGE = 4

ItemKind = Literal["statement", "situation"]


@dataclass(frozen=True)
class StatementItem:
    id: str
    """``statement.<competency>.<n>``: the n-th statement (from 0) of the competency."""
    competency: str
    statement: Statement

    kind: ItemKind = "statement"


@dataclass(frozen=True)
class SituationItem:
    id: str
    """``situation.<key>``."""
    situation: Situation

    kind: ItemKind = "situation"


Item = StatementItem | SituationItem


@dataclass(frozen=True)
class Page:
    number: int
    """From 1."""
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    pages: tuple[Page, ...]

    @property
    def items(self) -> dict[str, Item]:
        return {item.id: item for page in self.pages for item in page.items}

    def page_of(self, item_id: str) -> int | None:
        for page in self.pages:
            if any(item.id == item_id for item in page.items):
                return page.number
        return None


def statement_id(competency: str, index: int) -> str:
    return f"statement.{competency}.{index}"


def situation_id(key: str) -> str:
    return f"situation.{key}"


def role_situations(role: ResolvedRole) -> list[Situation]:
    """The library's situations with at least one option keyed to a competency of the role."""
    keys = {entry.key for entry in role.competencies}
    return [s for s in role.library.situations if any(o.competency in keys for o in s.options)]


def build_questionnaire(role: ResolvedRole, seed: int) -> Questionnaire:
    """Statements first (in pages of :data:`STATEMENTS_PER_PAGE`), then situations (pages of
    :data:`SITUATIONS_PER_PAGE`); items are dealt to pages in the role's order and shuffled
    within each page by ``seed``, so a competency's statements spread over the page and the
    same seed always gives the same pages."""
    statements: list[Item] = [
        StatementItem(statement_id(entry.key, index), entry.key, statement)
        for entry in role.competencies
        for index, statement in enumerate(entry.competency.self_statements)
    ]
    situations: list[Item] = [SituationItem(situation_id(s.key), s) for s in role_situations(role)]
    chunks = _chunks(statements, STATEMENTS_PER_PAGE) + _chunks(situations, SITUATIONS_PER_PAGE)
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        order = list(chunk)
        random.Random(f"{seed}:{number}").shuffle(order)
        pages.append(Page(number, tuple(order)))
    return Questionnaire(tuple(pages))


def _chunks(items: Sequence[Item], size: int) -> list[list[Item]]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


# --- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """The answer to a situation: the option most likely and the option least likely taken."""

    most: str
    least: str


Answer = int | Choice


def answer_from_json(value: Any) -> Answer:
    """An answer as stored (JSON): a whole number, or ``{"most": ..., "least": ...}``."""
    if isinstance(value, dict):
        return Choice(most=str(value.get("most")), least=str(value.get("least")))
    return int(value)


def answer_to_json(answer: Answer) -> int | dict[str, str]:
    return {"most": answer.most, "least": answer.least} if isinstance(answer, Choice) else answer


class AnswerError(ValueError):
    """Answers that do not fit the questionnaire. ``problems`` are ``(item id, message)``."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{item}: {message}" for item, message in problems))


def check_answers(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> None:
    """Every answer names an item of the questionnaire and fits it: an agreement from
    :data:`AGREEMENT_MIN` to :data:`AGREEMENT_MAX`, or two different options of the situation."""
    items = questionnaire.items
    problems: list[tuple[str, str]] = []
    for item_id, answer in answers.items():
        item = items.get(item_id)
        if item is None:
            problems.append((item_id, "not an item of this questionnaire"))
        elif isinstance(item, StatementItem):
            if isinstance(answer, bool) or not isinstance(answer, int):
                problems.append((item_id, "choose how much you agree"))
            elif not AGREEMENT_MIN <= answer <= AGREEMENT_MAX:
                problems.append(
                    (item_id, f"the answer must be from {AGREEMENT_MIN} to {AGREEMENT_MAX}")
                )
        elif not isinstance(answer, Choice):
            problems.append((item_id, "choose what you would most and least likely do"))
        else:
            options = {o.key for o in item.situation.options}
            if answer.most not in options or answer.least not in options:
                problems.append((item_id, "not an option of this situation"))
            elif answer.most == answer.least:
                problems.append(
                    (item_id, "the most likely and least likely choices must be different")
                )
    if problems:
        raise AnswerError(problems)


def unanswered(questionnaire: Questionnaire, answers: Mapping[str, Answer]) -> list[str]:
    """The ids of items without an answer, in questionnaire order."""
    return [
        item.id for page in questionnaire.pages for item in page.items if item.id not in answers
    ]


# --- the self profile ------------------------------------------------------------------------


@dataclass(frozen=True)
class Contribution:
    """One answer's part in a competency's self value, with how it was turned into a value."""

    item: str
    value: float
    """On the competency's scale."""
    how: str
    """In words, e.g. ``agreement 2, reverse-keyed: 6 - 2 = 4``."""
    source: Literal["statement", "most", "least"] = "statement"
    given: int = 0
    """The agreement given, or the effectiveness of the option picked."""
    counted: int = 0
    """What counted before placing it on the competency's scale (turned round where it is)."""
    option: str | None = None
    reverse: bool = False
    """A reverse-keyed statement's answer (turned round before it counted)."""


@dataclass(frozen=True)
class SelfValue:
    competency: str
    value: float | None
    """The mean of the contributions; ``None`` when nothing was answered for it."""
    contributions: tuple[Contribution, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, object]:
        return {
            "competency": self.competency,
            "value": self.value,
            "contributions": [
                {"item": c.item, "value": c.value, "how": c.how} for c in self.contributions
            ],
        }


HOW_COMPUTED = (
    "Each statement's agreement (1-5) is placed on the competency's scale; a reverse-keyed "
    "statement's agreement is turned round first (1 becomes 5). In a situation, the option "
    "chosen as most likely counts its effectiveness for its competency, and the option chosen as "
    "least likely counts the effectiveness turned round (rejecting a harmful option shows the "
    "competency). A competency's self value is the mean of what counted for it."
)


def self_profile(
    role: ResolvedRole, questionnaire: Questionnaire, answers: Mapping[str, Answer]
) -> dict[str, SelfValue]:
    """Per competency of the role, the self value the answers give and how (answers are
    checked first; see :func:`check_answers`)."""
    check_answers(questionnaire, answers)
    scales = {entry.key: entry.scale for entry in role.competencies}
    found: dict[str, list[Contribution]] = {key: [] for key in scales}
    items = questionnaire.items
    for item_id, answer in answers.items():
        item = items[item_id]
        if isinstance(item, StatementItem) and isinstance(answer, int):
            found[item.competency].append(_statement(item, answer, scales[item.competency]))
        elif isinstance(item, SituationItem) and isinstance(answer, Choice):
            by_key = {o.key: o for o in item.situation.options}
            for role_of, option_key in (("most", answer.most), ("least", answer.least)):
                option = by_key[option_key]
                if option.competency in scales:
                    found[option.competency].append(
                        _situation(
                            item,
                            role_of,
                            option_key,
                            option.effectiveness,
                            role.library.scale,
                            scales[option.competency],
                        )
                    )
    return {
        key: SelfValue(
            key,
            sum(c.value for c in contributions) / len(contributions) if contributions else None,
            tuple(contributions),
        )
        for key, contributions in found.items()
    }


def _statement(item: StatementItem, answer: int, scale: Scale) -> Contribution:
    agreement = answer
    how = f"agreement {answer}"
    if item.statement.reverse:
        agreement = AGREEMENT_MIN + AGREEMENT_MAX - answer
        how += f", reverse-keyed: {AGREEMENT_MIN + AGREEMENT_MAX} - {answer} = {agreement}"
    value = _rescaled(agreement, AGREEMENT_MIN, AGREEMENT_MAX, scale)
    if (scale.min, scale.max) != (AGREEMENT_MIN, AGREEMENT_MAX):
        how += f", on the scale {scale.min}-{scale.max}: {value:g}"
    return Contribution(
        item.id, value, how, "statement", answer, agreement, reverse=item.statement.reverse
    )


def _situation(
    item: SituationItem, picked: str, option: str, effectiveness: int, library: Scale, scale: Scale
) -> Contribution:
    """Effectiveness is on the library's scale; the competency's own scale may differ."""
    if picked == "most":
        shown, how = effectiveness, f"most likely: option {option}, effectiveness {effectiveness}"
    else:
        shown = library.min + library.max - effectiveness
        how = (
            f"least likely: option {option}, effectiveness {effectiveness} turned round: "
            f"{library.min + library.max} - {effectiveness} = {shown}"
        )
    value = _rescaled(shown, library.min, library.max, scale)
    if (scale.min, scale.max) != (library.min, library.max):
        how += f", on the scale {scale.min}-{scale.max}: {value:g}"
    source: Literal["most", "least"] = "most" if picked == "most" else "least"
    return Contribution(item.id, value, how, source, effectiveness, shown, option)


def _rescaled(value: int, low: int, high: int, scale: Scale) -> float:
    """``value`` from the range ``low..high`` placed at the same share of ``scale``."""
    return scale.min + (value - low) / (high - low) * scale.span


# --- response quality ------------------------------------------------------------------------

WORDS_PER_SECOND = 8.0
"""Skimming speed (480 words a minute): finishing faster than the items can even be skimmed is
a sign that they were not read. Set high, so that a quick but honest person is not noted."""
SAME_ANSWER_RUN = 10
"""This many statements in a row, in the order shown, with the same answer is worth a look."""

QualityKind = Literal["too_fast", "same_answers", "inconsistent"]


@dataclass(frozen=True)
class QualityNote:
    """Information for the recruiter about how the answers were given; never a score."""

    kind: QualityKind
    items: tuple[str, ...] = ()
    seconds: float | None = None
    floor: float | None = None
    answer: int | None = None


def reading_floor(questionnaire: Questionnaire, lang: str) -> float:
    """Seconds it takes to skim every item (statements, scenarios, options)."""
    words = 0
    for item in questionnaire.items.values():
        if isinstance(item, StatementItem):
            words += len(item.statement.get(lang).split())
        else:
            words += len(item.situation.scenario.get(lang).split())
            words += sum(len(o.text.get(lang).split()) for o in item.situation.options)
    return words / WORDS_PER_SECOND


def response_quality(
    questionnaire: Questionnaire,
    answers: Mapping[str, Answer],
    seconds: float | None,
    lang: str,
) -> list[QualityNote]:
    """What a recruiter should know before reading the self profile: finished faster than the
    items can be read, long runs of the same answer, and a statement and its reverse-keyed twin
    both agreed (or both disagreed) with."""
    notes: list[QualityNote] = []
    floor = reading_floor(questionnaire, lang)
    if seconds is not None and seconds < floor:
        notes.append(QualityNote("too_fast", seconds=seconds, floor=floor))
    run: list[str] = []
    previous: int | None = None
    longest: tuple[list[str], int | None] = ([], None)
    for page in questionnaire.pages:
        for item in page.items:
            answer = answers.get(item.id)
            if not isinstance(item, StatementItem) or not isinstance(answer, int):
                continue
            run = [*run, item.id] if answer == previous else [item.id]
            previous = answer
            if len(run) > len(longest[0]):
                longest = (run, answer)
    if len(longest[0]) >= SAME_ANSWER_RUN:
        notes.append(QualityNote("same_answers", items=tuple(longest[0]), answer=longest[1]))
    statements = [i for i in questionnaire.items.values() if isinstance(i, StatementItem)]
    for forward in statements:
        for backward in statements:
            if (
                forward.competency != backward.competency
                or forward.statement.reverse
                or not backward.statement.reverse
            ):
                continue
            a, b = answers.get(forward.id), answers.get(backward.id)
            if not isinstance(a, int) or not isinstance(b, int):
                continue
            if (a >= 4 and b >= 4) or (a <= 2 and b <= 2):
                notes.append(QualityNote("inconsistent", items=(forward.id, backward.id)))
    return notes


# --- answers read against other rubric content ------------------------------------------------


def comparable_answers(
    own: ResolvedRole, target: ResolvedRole, answers: Mapping[str, Answer]
) -> tuple[dict[str, Answer], int]:
    """The answers given on ``own``'s questionnaire that mean the same on ``target``'s (a
    result made with later rubric content), and how many were left out. A statement counts
    when ``target`` has it for the same competency on the same scale with the same keying; a
    situation when its options are keyed alike (same keys, competencies, effectiveness) and
    their competencies have the same scales. Wording may have been polished in between."""
    mine = build_questionnaire(own, seed=0).items
    theirs = build_questionnaire(target, seed=0).items
    own_scales = {e.key: (e.scale.min, e.scale.max) for e in own.competencies}
    target_scales = {e.key: (e.scale.min, e.scale.max) for e in target.competencies}
    kept: dict[str, Answer] = {}
    for item_id, answer in answers.items():
        before, after = mine.get(item_id), theirs.get(item_id)
        if isinstance(before, StatementItem) and isinstance(after, StatementItem):
            same = before.statement.reverse == after.statement.reverse and own_scales.get(
                before.competency
            ) == target_scales.get(after.competency)
        elif isinstance(before, SituationItem) and isinstance(after, SituationItem):
            keyed = [
                [(o.key, o.competency, o.effectiveness) for o in item.situation.options]
                for item in (before, after)
            ]
            same = (
                keyed[0] == keyed[1]
                and all(
                    own_scales.get(o.competency) == target_scales.get(o.competency)
                    for o in after.situation.options
                    if o.competency in target_scales
                )
                and own.library.scale == target.library.scale
            )
        else:
            same = False
        if same:
            kept[item_id] = answer
    return kept, len(answers) - len(kept)
