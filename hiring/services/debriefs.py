"""The panel debrief: once every scorecard of a candidate is submitted, the panel discusses
where it disagrees and the recruiting team records what it agreed, a consensus note per
discussed competency and an overall summary, each attributed and timed.

Notes are only ever added: a later note on the same competency (or a later summary) supersedes
the earlier one, which stays readable. A note written from a page that did not show a newer
note on the same subject is refused with what was typed kept, so that two people writing at
once never silently replace each other. Individual scores never change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from sqlalchemy import select

from hiring.domain.debrief import Agenda, agenda
from hiring.domain.summary import CompetencyResult
from hiring.extensions import db
from hiring.i18n import in_language
from hiring.i18n import lazy_gettext as _l
from hiring.labels import RECOMMENDATION_LABELS
from hiring.models import Candidate, DebriefNote, User
from hiring.services import ServiceError, audit
from hiring.services.results import CandidateResult, load_debrief_summaries, rating_notes

MAX_NOTE = 5000
"""Characters of one note (as a decision's reason)."""

NoteText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_NOTE)]


class DebriefInput(BaseModel):
    """What one save of the debrief adds, whichever way it arrives. An empty text adds
    nothing; ``seen`` is the newest note the writer's page showed (0: none)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    notes: dict[str, NoteText] = Field(default_factory=dict)
    """Competency key to its consensus note."""
    summary: NoteText = ""
    seen: int = Field(0, ge=0, le=2**31 - 1)


@dataclass
class Debrief:
    """A candidate's debrief notes, oldest first, by competency key (``None``: the
    summaries)."""

    notes: dict[str | None, list[DebriefNote]] = field(default_factory=dict)
    newest_id: int = 0

    def current(self, key: str | None) -> DebriefNote | None:
        found = self.notes.get(key)
        return found[-1] if found else None

    def earlier(self, key: str | None) -> list[DebriefNote]:
        """The superseded notes on ``key``, newest first."""
        return list(reversed(self.notes.get(key, [])[:-1]))

    @property
    def summary(self) -> DebriefNote | None:
        return self.current(None)


class DebriefConflict(ServiceError):
    """Someone recorded a note on the same subject after the writer's page was made."""

    def __init__(self, keys: list[str | None]) -> None:
        super().__init__(
            _l(
                "Someone else recorded a note on the same subject while you were writing. "
                "Nothing was saved: read their note, which is now shown, and save yours again "
                "(what you typed is kept)."
            )
        )
        self.keys = keys


def open_agenda(result: CandidateResult) -> Agenda[CompetencyResult] | None:
    """The debrief's agenda, or None while it is not open: it opens when every assigned
    scorecard is submitted (at least one), the viewer may see the panel, and a role profile
    applies."""
    if result.withheld or not result.panel or result.pending or result.summary is None:
        return None
    return agenda(result.summary.profile)


def debrief_of(candidate_id: int) -> Debrief:
    notes = db.session.scalars(
        select(DebriefNote).where(DebriefNote.candidate_id == candidate_id).order_by(DebriefNote.id)
    ).all()
    debrief = Debrief()
    for note in notes:
        debrief.notes.setdefault(note.competency_key, []).append(note)
        debrief.newest_id = max(debrief.newest_id, note.id)
    return debrief


def debrief_input(data: object) -> DebriefInput:
    """Check raw data (a form's, a script's) against the input model; a problem is a
    :class:`ServiceError` naming where it is, in the reader's language. The form checks the
    lengths first, so only a page that was tampered with or left over meets this."""
    try:
        return DebriefInput.model_validate(data)
    except ValidationError as error:
        problem = error.errors()[0]
        where = ".".join(str(part) for part in problem["loc"])
        raise ServiceError(
            _l("The notes could not be read (%(where)s): reload the page and write again.",
               where=where)
        ) from None  # fmt: skip


def record_debrief(
    candidate: Candidate, data: DebriefInput, result: CandidateResult, by: User
) -> list[DebriefNote]:
    """Add the notes of ``data`` that say something new; the caller commits, or rolls back
    on a refusal. Refused before every scorecard is in, for a competency outside the result's
    profile, when nothing is new, and (:class:`DebriefConflict`) when a note on the same
    subject is newer than ``seen``, also one saved at the same moment."""
    order = open_agenda(result)
    if order is None:
        raise ServiceError(_l("The debrief opens when every scorecard is submitted."))
    unknown = sorted(set(data.notes) - order.keys)
    if unknown:
        raise ServiceError(
            _l("Not a competency of this profile: %(keys)s.", keys=", ".join(unknown))
        )
    # one writer at a time per candidate: PostgreSQL holds the others here until this one
    # commits; SQLite takes its one write lock at the first insert below, and the check after
    # it then sees whatever was committed first
    # (FOR NO KEY UPDATE: rows that refer to the candidate, an interview or a decision, can
    # still be written meanwhile)
    db.session.execute(
        select(Candidate.id).where(Candidate.id == candidate.id).with_for_update(key_share=True)
    )
    debrief = debrief_of(candidate.id)
    texts: dict[str | None, str] = {key: text for key, text in data.notes.items()}
    texts[None] = data.summary
    new: dict[str | None, str] = {}
    for key, text in texts.items():
        current = debrief.current(key)
        if text and (current is None or current.text != text):
            new[key] = text
    if not new:
        raise ServiceError(_l("Nothing new to record: write a consensus note or a summary."))
    notes = [
        DebriefNote(candidate_id=candidate.id, competency_key=key, text=text, written_by_id=by.id)
        for key, text in new.items()
    ]
    db.session.add_all(notes)
    db.session.flush()
    newer = set(
        db.session.scalars(
            select(DebriefNote.competency_key).where(
                DebriefNote.candidate_id == candidate.id,
                DebriefNote.id > data.seen,
                DebriefNote.id.not_in([note.id for note in notes]),
            )
        )
    )
    conflicts = [key for key in new if key in newer]
    if conflicts:
        raise DebriefConflict(conflicts)  # the caller rolls back, and the notes above go
    audit.record(
        "debrief_noted",
        user=by,
        subject="candidate",
        subject_id=candidate.id,
        candidate_id=candidate.id,
        opening_id=candidate.opening_id,
        details={"notes": sum(1 for key in new if key is not None), "summary": None in new},
    )
    return notes


def latest_summary(candidate_id: int) -> DebriefNote | None:
    """The debrief's current summary (None: none yet)."""
    return load_debrief_summaries([candidate_id]).get(candidate_id)


def _note(note: DebriefNote | None) -> dict[str, str] | None:
    if note is None:
        return None
    return {"text": note.text, "by": note.written_by.name, "at": note.written_at.isoformat()}


def debrief_data(result: CandidateResult, lang: str) -> dict[str, Any]:
    """A candidate's debrief as plain data, in the order the page takes it (the command
    line's): who is still to submit while it is not open; else the agenda with every
    interviewer's score and evidence and the current consensus notes, the unassessed
    competencies, red flags, recommendations, the self-assessment gap and the summary."""
    order = open_agenda(result)
    data: dict[str, Any] = {
        "candidate": result.candidate.name,
        "open": order is not None,
        "pending": [card.interviewer.name for card in result.pending],
    }
    if order is None or result.summary is None:
        return data
    debrief = debrief_of(result.candidate.id)
    evidence = rating_notes(result)

    def item(c: Any) -> dict[str, Any]:
        return {
            "key": c.key,
            "name": c.name.get(lang),
            "value": c.value,
            "target": c.target,
            "range": c.range,
            "disagreement": c.disagreement,
            "scores": evidence.get(c.key, []),
            "consensus": _note(debrief.current(c.key)),
        }

    names = {c.key: c.name.get(lang) for c in result.summary.profile}
    with in_language(lang):
        recommendations = [
            {
                "rater": entry.rater,
                "recommendation": str(RECOMMENDATION_LABELS[entry.revision.recommendation])
                if entry.revision.recommendation
                else None,
                "takeaways": entry.revision.takeaways,
            }
            for entry in result.panel
        ]
    return {
        **data,
        "disputed": [item(c) for c in order.disputed],
        "agreed": [item(c) for c in order.agreed],
        "unassessed": [names[key] for key in order.unassessed],
        "red_flags": [
            {"name": f.name.get(lang), "raters": list(f.raters)} for f in result.summary.red_flags
        ],
        "recommendations": recommendations,
        "self_gap": [
            {
                "competency": names.get(g.key, g.key),
                "self": g.self_score,
                "panel": g.assessors,
                "gap": g.gap,
            }
            for g in result.summary.self_gap
            if g.self_score is not None
        ],
        "summary": _note(debrief.summary),
        "newest_note": debrief.newest_id,
    }
