"""From stored scorecards to the engine's result, for one candidate or a whole list.

Loading uses a fixed number of queries whatever the number of candidates, interviews and
scorecards (eager ``selectinload`` of each level). Every result is computed from the rubric
snapshot the interviews were scheduled with, never from today's YAML files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from flask_babel import format_datetime
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import joinedload, selectinload, undefer_group
from sqlalchemy.orm.attributes import set_committed_value

from hiring.domain.assessment import (
    Assessment,
    CandidateFacts,
    EducationLevel,
    Evidence,
    RaterInput,
    SelfAssessmentInput,
    SituationAnswer,
)
from hiring.domain.catalogue import Catalogue, ResolvedRole, role_from_snapshot
from hiring.domain.evaluation import Evaluation, evaluate, rank_roles
from hiring.domain.rubric import Text
from hiring.domain.self_assessment import (
    Answer,
    QualityNote,
    Questionnaire,
    StatementItem,
    answer_from_json,
    build_questionnaire,
    comparable_answers,
    response_quality,
)
from hiring.domain.summary import EvaluationSummary
from hiring.extensions import db
from hiring.i18n import gettext as _
from hiring.labels import KIND_LABELS
from hiring.models import (
    Candidate,
    DebriefNote,
    Decision,
    Interview,
    RubricSnapshot,
    Scorecard,
    ScorecardRevision,
    SelfAnswer,
    SelfAssessment,
    User,
)
from hiring.services.policy import may_see_panel

_roles_by_sha: dict[str, ResolvedRole] = {}


def role_of_snapshot(snapshot: RubricSnapshot) -> ResolvedRole:
    """The role a snapshot holds, rebuilt once per process and content hash."""
    if snapshot.sha256 not in _roles_by_sha:
        _roles_by_sha[snapshot.sha256] = role_from_snapshot(snapshot.data)
    return _roles_by_sha[snapshot.sha256]


_questionnaires: dict[tuple[str, int], Questionnaire] = {}
QUESTIONNAIRES_KEPT = 1024


def questionnaire_of(snapshot: RubricSnapshot, seed: int) -> Questionnaire:
    """A self-assessment link's questionnaire, built once per process for its snapshot and
    seed (neither ever changes): a page, its save, the resume point and the result all ask."""
    key = (snapshot.sha256, seed)
    found = _questionnaires.get(key)
    if found is None:
        if len(_questionnaires) >= QUESTIONNAIRES_KEPT:
            _questionnaires.clear()
        found = _questionnaires[key] = build_questionnaire(role_of_snapshot(snapshot), seed)
    return found


def load_interviews(
    candidate_ids: Sequence[int], *, fresh: bool = False
) -> dict[int, list[Interview]]:
    """Every interview of these candidates with scorecards, interviewers, revisions (with their
    authors), ratings and snapshots loaded: six queries in all, however many there are.
    ``fresh``: as the database has them now, also where this session read them before (what
    was read before a lock can have changed since; unflushed changes would be lost)."""
    if not candidate_ids:
        return {}
    interviews = (
        db.session.execute(
            db.select(Interview)
            .where(Interview.candidate_id.in_(candidate_ids))
            .order_by(Interview.scheduled_at, Interview.id)
            .options(
                selectinload(Interview.snapshot),
                selectinload(Interview.scorecards).selectinload(Scorecard.interviewer),
                selectinload(Interview.scorecards)
                .selectinload(Scorecard.revisions)
                .options(
                    selectinload(ScorecardRevision.ratings),
                    selectinload(ScorecardRevision.author),
                ),
            )
            .execution_options(populate_existing=fresh)
        )
        .scalars()
        .all()
    )
    grouped: dict[int, list[Interview]] = {cid: [] for cid in candidate_ids}
    for interview in interviews:
        grouped[interview.candidate_id].append(interview)
    return grouped


def candidate_facts(candidate: Candidate) -> CandidateFacts:
    return CandidateFacts(
        # A stored education level is one of these: the input model and a CHECK hold it.
        education=cast("EducationLevel | None", candidate.education),
        sales_experience_years=candidate.sales_experience_years,
        kam_experience_years=candidate.kam_experience_years,
        languages=candidate.language_list,
        evidence=Evidence(
            long_term_clients=candidate.long_term_clients,
            repeat_transactions=candidate.repeat_transactions,
            sales_growth_pct=candidate.sales_growth_pct,
        ),
    )


@dataclass(frozen=True)
class PanelEntry:
    """One submitted scorecard, as the result page shows it."""

    rater: str
    interviewer: User
    interview: Interview
    revision: ScorecardRevision

    @property
    def entered_by(self) -> str | None:
        """Who entered this revision, when it was not the interviewer."""
        author = self.revision.author
        return None if author.id == self.interviewer.id else author.name


@dataclass(frozen=True)
class SubmittedSelf:
    """A candidate's submitted self-assessment, as the result sets it beside the panel."""

    assessment: SelfAssessment
    answers: dict[str, int | dict[str, str]]
    """As stored: an agreement, or ``{"most": ..., "least": ...}``."""

    def as_input(self, items: Iterable[str] | None = None) -> SelfAssessmentInput:
        """The answers (of ``items`` only, when given) as the engine takes them."""
        wanted = set(items) if items is not None else None
        return SelfAssessmentInput(
            answers={
                item: SituationAnswer(**value) if isinstance(value, dict) else value
                for item, value in self.answers.items()
                if wanted is None or item in wanted
            }
        )

    @property
    def seconds(self) -> float | None:
        """From consent to submission."""
        start, end = self.assessment.consented_at, self.assessment.submitted_at
        return (end - start).total_seconds() if start and end else None

    def domain_answers(self) -> dict[str, Answer]:
        return {item: answer_from_json(value) for item, value in self.answers.items()}

    def item_texts(self, lang: str) -> dict[str, str]:
        """Each item's text (a statement, or a situation's scenario) in ``lang``."""
        questionnaire = questionnaire_of(self.assessment.snapshot, self.assessment.seed)
        return {
            item.id: item.statement.get(lang)
            if isinstance(item, StatementItem)
            else item.situation.scenario.get(lang)
            for item in questionnaire.items.values()
        }

    def quality(self) -> list[QualityNote]:
        """How the answers were given (too fast, same answers, inconsistent): information for
        the recruiter, never a score."""
        questionnaire = questionnaire_of(self.assessment.snapshot, self.assessment.seed)
        return response_quality(
            questionnaire, self.domain_answers(), self.seconds, self.assessment.lang
        )


def load_self_assessments(candidate_ids: Sequence[int]) -> dict[int, SubmittedSelf]:
    """The most recent submitted self-assessment of each of these candidates that has one,
    with its answers and snapshot: two queries however many candidates."""
    if not candidate_ids:
        return {}
    found = (
        db.session.execute(
            db.select(SelfAssessment)
            .where(
                SelfAssessment.candidate_id.in_(candidate_ids),
                SelfAssessment.submitted_at.is_not(None),
            )
            .order_by(SelfAssessment.submitted_at, SelfAssessment.id)
            .options(joinedload(SelfAssessment.snapshot))
        )
        .scalars()
        .all()
    )
    latest = {a.candidate_id: a for a in found}  # the last one of each candidate wins
    answers: dict[int, dict[str, int | dict[str, str]]] = {a.id: {} for a in latest.values()}
    if answers:
        rows = db.session.execute(
            db.select(SelfAnswer.assessment_id, SelfAnswer.item, SelfAnswer.value).where(
                SelfAnswer.assessment_id.in_(list(answers))
            )
        )
        for assessment_id, item, value in rows:
            answers[assessment_id][item] = value
    return {cid: SubmittedSelf(a, answers[a.id]) for cid, a in latest.items()}


@dataclass
class CandidateResult:
    candidate: Candidate
    role: ResolvedRole | None
    evaluation: Evaluation | None
    panel: list[PanelEntry] = field(default_factory=list)
    pending: list[Scorecard] = field(default_factory=list)
    rubric_versions: list[str] = field(default_factory=list)
    """More than one when interviews were scheduled under different rubric content."""
    snapshot_id: int | None = None
    """The rubric snapshot the result compares with: the newest among the interviews."""
    not_comparable: list[tuple[str, str]] = field(default_factory=list)
    """``(rater, competency key)`` of ratings left out because the rubric the result uses
    has no such competency, or rates it on another scale, than the interview's own rubric."""
    withheld: bool = False
    """True when the viewer sits on this candidate's panel and has not submitted yet: the
    panel's ratings, and every number made from them, stay hidden until they do."""
    self_assessment: SubmittedSelf | None = None
    """The submitted self-assessment set beside the panel, if any."""
    self_not_comparable: bool = False
    """The self-assessment was made with other rubric content than the result uses, so its
    answers are not read against this rubric (shown, not compared)."""
    self_left_out: int = 0
    """Answers of a self-assessment made with other rubric content that mean something else
    under the rubric the result uses, and so are not counted."""
    assessment: Assessment | None = None
    """The engine's input the result was made from (for comparing it with other roles)."""
    debrief_summary: DebriefNote | None = None
    debrief_loaded: bool = False
    """Whether ``debrief_summary`` (the panel debrief's current summary, None: none) was
    loaded with the result (:func:`results_for`), or is to be read when a document needs it."""

    @property
    def fit(self) -> float | None:
        return self.evaluation.fit.fit if self.evaluation else None

    @cached_property
    def summary(self) -> EvaluationSummary | None:
        """The engine's typed result, made once per result (None when nothing applies)."""
        return self.evaluation.summary() if self.evaluation else None


def _kind_label(user: User, interview: Interview, own_manager: int | None) -> str:
    """In a manager's assessment, the person's own manager is labelled as such (a conflict of
    interest, wherever the scores appear) and everyone else as an independent rater."""
    if interview.kind != "manager_assessment":
        return str(KIND_LABELS[interview.kind])
    if user.id == own_manager:
        return _("own manager (conflict of interest)")
    return _("independent rater")


def _rater_labels(
    entries: Iterable[tuple[User, Interview, User]], own_manager: int | None = None
) -> list[str]:
    """Each submitted scorecard is one rater, "name · interview kind"; the date, and then a
    number, are added when the same person scored several interviews of that kind. A revision
    entered by someone other than the interviewer (a paper form, an amendment) says so in the
    label, so it shows wherever the scores appear: "name · kind, entered by author"."""
    pairs = list(entries)
    labels: list[str] = []
    for user, interview, author in pairs:
        label = f"{user.name} · {_kind_label(user, interview, own_manager)}"
        if sum(1 for u, i, _a in pairs if u.id == user.id and i.kind == interview.kind) > 1:
            label = f"{label} {format_datetime(interview.scheduled_at, 'yyyy-MM-dd')}"
        if author.id != user.id:
            label = f"{label}, {_('entered by %(name)s', name=author.name)}"
        base, n = label, 2
        while label in labels:
            label, n = f"{base} #{n}", n + 1
        labels.append(label)
    return labels


def build_result(
    candidate: Candidate,
    interviews: Sequence[Interview],
    catalogue: Catalogue,
    self_assessment: SubmittedSelf | None = None,
) -> CandidateResult:
    """The candidate's result from every submitted scorecard (the latest submitted revision of
    each). Scorecards not yet submitted are listed as pending and count for nothing. A
    submitted self-assessment is set beside the panel (never counted) when it was made with
    the rubric the result uses."""
    submitted: list[tuple[Scorecard, ScorecardRevision]] = []
    pending: list[Scorecard] = []
    for interview in interviews:
        for scorecard in interview.scorecards:
            revision = scorecard.submitted
            if revision is None:
                pending.append(scorecard)
            else:
                submitted.append((scorecard, revision))
    snapshots = sorted({i.snapshot.id: i.snapshot for i in interviews}.values(), key=_by_id)
    if snapshots:
        role = role_of_snapshot(snapshots[-1])  # the newest rubric among the interviews
    elif candidate.opening is not None and candidate.opening.role_key in catalogue.roles:
        role = catalogue.roles[candidate.opening.role_key]
    else:
        return CandidateResult(candidate, None, None, pending=pending)
    own_manager = None
    if any(i.kind == "manager_assessment" for i in interviews):
        own_manager = candidate.own_manager_id  # an assessment of a representative
    labels = _rater_labels(
        ((s.interviewer, s.interview, r.author) for s, r in submitted), own_manager
    )
    panel = [
        PanelEntry(label, s.interviewer, s.interview, r)
        for label, (s, r) in zip(labels, submitted, strict=True)
    ]
    ratings, not_comparable = _comparable_ratings(panel, role)
    self_input, self_left_out = None, 0
    if self_assessment is not None:
        if self_assessment.assessment.snapshot.sha256 == role.provenance.sha256:
            self_input = self_assessment.as_input()
        else:  # made with other rubric content: the answers that mean the same today count
            kept, self_left_out = comparable_answers(
                role_of_snapshot(self_assessment.assessment.snapshot),
                role,
                self_assessment.domain_answers(),
            )
            self_input = self_assessment.as_input(kept) if kept else None
    assessment = Assessment(
        role=role.key,
        candidate=candidate_facts(candidate),
        ratings=ratings,
        self_assessment=self_input,
    )
    return CandidateResult(
        candidate=candidate,
        role=role,
        evaluation=evaluate(assessment, role),
        panel=panel,
        pending=pending,
        rubric_versions=[
            f"{s.role_key} {s.role_version} / {s.library_key} {s.library_version} ({s.sha256[:12]})"
            for s in snapshots
        ],
        snapshot_id=snapshots[-1].id if snapshots else None,
        not_comparable=not_comparable,
        self_assessment=self_assessment,
        self_not_comparable=self_assessment is not None and self_input is None,
        self_left_out=self_left_out,
        assessment=assessment,
    )


def _by_id(snapshot: RubricSnapshot) -> int:
    return snapshot.id


def competency_scales(role: ResolvedRole) -> dict[str, tuple[int, int]]:
    library = role.library
    return {
        c.key: ((c.scale or library.scale).min, (c.scale or library.scale).max)
        for c in library.competencies
    }


def _comparable_ratings(
    panel: Sequence[PanelEntry], role: ResolvedRole
) -> tuple[list[RaterInput], list[tuple[str, str]]]:
    """The panel's ratings for an evaluation against ``role`` (the newest rubric among the
    candidate's interviews). Each rating is read against its own interview's snapshot and is
    kept only when ``role`` has the same competency on the same scale, so a score is never
    reinterpreted on a scale it was not given on; the others are returned as not comparable.
    Red flags are kept when ``role`` knows them."""
    target_scales = competency_scales(role)
    flags = {f.key for f in role.red_flags}
    ratings: list[RaterInput] = []
    left_out: list[tuple[str, str]] = []
    scales_of: dict[int, dict[str, tuple[int, int]]] = {}
    for entry in panel:
        snapshot = entry.interview.snapshot
        if snapshot.id not in scales_of:
            scales_of[snapshot.id] = competency_scales(role_of_snapshot(snapshot))
        own_scales = scales_of[snapshot.id]
        scores: dict[str, int | None] = {}
        for rating in entry.revision.ratings:
            key = rating.competency_key
            if key in target_scales and own_scales.get(key) == target_scales[key]:
                scores[key] = rating.score
            elif rating.score is not None:
                left_out.append((entry.rater, key))
        ratings.append(
            RaterInput(
                rater=entry.rater,
                kind="interview",
                scores=scores,
                red_flags=[f for f in entry.revision.red_flags if f in flags],
            )
        )
    return ratings, left_out


def withheld_result(candidate: Candidate, interviews: Sequence[Interview]) -> CandidateResult:
    """What a panel member who has not submitted yet may know: that scorecards exist."""
    pending = [s for i in interviews for s in i.scorecards if s.submitted is None]
    return CandidateResult(candidate, None, None, pending=pending, withheld=True)


def load_decisions(candidates: Sequence[Candidate]) -> None:
    """Load the decisions, with who took them, of the candidates that do not have them loaded
    yet: one query however many there are, instead of one per candidate when a document lists
    them."""
    missing = {c.id: c for c in candidates if "decisions" in inspect(c).unloaded}
    if not missing:
        return
    grouped: dict[int, list[Decision]] = {cid: [] for cid in missing}
    decisions = db.session.execute(
        db.select(Decision)
        .where(Decision.candidate_id.in_(list(missing)))
        .options(joinedload(Decision.decided_by))
        .order_by(Decision.id)  # the order of Candidate.decisions
    ).scalars()
    for decision in decisions:
        grouped[decision.candidate_id].append(decision)
    for cid, found in grouped.items():
        set_committed_value(missing[cid], "decisions", found)


def rating_notes(result: CandidateResult) -> dict[str, list[dict[str, Any]]]:
    """Every submitted rating of the panel with its evidence note, by competency key, in the
    panel's order: ``{"rater", "score", "note"}`` each (score None: not assessed)."""
    notes: dict[str, list[dict[str, Any]]] = {}
    for entry in result.panel:
        for rating in entry.revision.ratings:
            notes.setdefault(rating.competency_key, []).append(
                {"rater": entry.rater, "score": rating.score, "note": rating.note}
            )
    return notes


def load_debrief_summaries(candidate_ids: Sequence[int]) -> dict[int, DebriefNote]:
    """The current debrief summary (the newest) of each of the candidates that has one, in
    one query."""
    if not candidate_ids:
        return {}
    newest = (
        select(func.max(DebriefNote.id))
        .where(
            DebriefNote.candidate_id.in_(list(candidate_ids)),
            DebriefNote.competency_key.is_(None),
        )
        .group_by(DebriefNote.candidate_id)
    )
    notes = db.session.scalars(select(DebriefNote).where(DebriefNote.id.in_(newest)))
    return {note.candidate_id: note for note in notes}


def results_for(
    candidates: Sequence[Candidate], catalogue: Catalogue, viewer: User | None = None
) -> list[CandidateResult]:
    """Results of many candidates in a fixed number of queries, with everything a document
    about them reads loaded (interviews, scorecards, decisions). With a ``viewer``, the
    independence rule applies: see :func:`hiring.services.policy.may_see_panel`."""
    interviews = load_interviews([c.id for c in candidates])
    selves = load_self_assessments([c.id for c in candidates])
    load_decisions(candidates)
    summaries = load_debrief_summaries([c.id for c in candidates])
    results = [
        result_for(c, interviews[c.id], catalogue, viewer, selves.get(c.id), load_self=False)
        for c in candidates
    ]
    for result in results:
        result.debrief_loaded = True
        if not result.withheld:
            result.debrief_summary = summaries.get(result.candidate.id)
    return results


def result_for(
    candidate: Candidate,
    interviews: Sequence[Interview],
    catalogue: Catalogue,
    viewer: User | None,
    self_assessment: SubmittedSelf | None = None,
    *,
    load_self: bool = True,
) -> CandidateResult:
    """One candidate's result as ``viewer`` may see it (``None``: the operator on the command
    line, who sees everything): the full result, or a withheld one that holds no rating and no
    number made from one, nor the self-assessment (it is seen with the panel, not before).
    The submitted self-assessment is loaded here unless the caller loaded it (``load_self``
    false, ``self_assessment`` the one found or None)."""
    if viewer is not None and not may_see_panel(viewer, interviews, candidate):
        return withheld_result(candidate, interviews)
    if load_self:
        self_assessment = load_self_assessments([candidate.id]).get(candidate.id)
    return build_result(candidate, interviews, catalogue, self_assessment)


@dataclass(frozen=True)
class RoleRank:
    """One role profile in the comparison of a person with every role."""

    key: str
    name: Text
    fit: float | None
    score: float
    coverage: float
    floors_not_met: int
    level: int | None
    current: bool
    """The role the result is about."""


def role_ranking(result: CandidateResult, catalogue: Catalogue) -> list[RoleRank]:
    """The same panel against every role profile of ``catalogue`` that uses the result's
    library, best first (:func:`hiring.domain.evaluation.rank_roles`): the basis for moving a
    representative into another role. Empty when there is no result or its role is not in
    ``catalogue`` any more."""
    assessment = result.assessment
    if assessment is None or assessment.role not in catalogue.roles:
        return []
    return [
        RoleRank(
            key=rank.role,
            name=catalogue.roles[rank.role].profile.name,
            fit=rank.fit,
            score=rank.score,
            coverage=rank.coverage,
            floors_not_met=len(rank.floors_not_met),
            level=rank.level,
            current=rank.role == assessment.role,
        )
        for rank in rank_roles(assessment, catalogue)
    ]


def by_fit(results: Sequence[CandidateResult]) -> list[CandidateResult]:
    """Best fit first; candidates without a fit last."""
    return sorted(results, key=lambda r: (r.fit is None, -(r.fit or 0.0)))


def shortlist_results(
    candidate_ids: Sequence[int], catalogue: Catalogue, viewer: User | None = None
) -> list[CandidateResult]:
    """These candidates' results side by side, best fit first (the choice, and its cap, is
    :func:`hiring.services.candidate_search.choose_for_shortlist`'s)."""
    query = (
        db.select(Candidate)
        .where(Candidate.id.in_(list(candidate_ids)))
        .options(undefer_group("person"))  # the policy asks what each one is
    )
    found = list(db.session.execute(query.order_by(Candidate.name)).scalars())
    return by_fit(results_for(found, catalogue, viewer))
