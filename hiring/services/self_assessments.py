"""Self-assessments: issuing and revoking private links, and a person answering through one.

A link carries a random token of 256 bits; only its SHA-256 is stored, so neither the database
nor a log can give a link away, and a link that does not match is indistinguishable from one
that never existed. The questionnaire is built from the rubric snapshot taken when the link was
issued (:mod:`hiring.domain.self_assessment`), so a rubric edit never changes a questionnaire
someone is half-way through.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import format_datetime
from sqlalchemy import case, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import CursorResult

from hiring.domain.catalogue import Catalogue, ResolvedRole
from hiring.domain.self_assessment import (
    Answer,
    AnswerError,
    Questionnaire,
    SelfValue,
    answer_from_json,
    answer_to_json,
    check_answers,
    self_profile,
    unanswered,
)
from hiring.extensions import db
from hiring.i18n import gettext, in_language
from hiring.i18n import lazy_gettext as _l
from hiring.models import Candidate, User
from hiring.models.base import utcnow
from hiring.models.self_assessments import SELF_LANGUAGES, SelfAnswer, SelfAssessment
from hiring.services import ServiceError, audit
from hiring.services.audit import LINK_HOLDER
from hiring.services.interviews import snapshot_for
from hiring.services.mail import send_mail
from hiring.services.results import questionnaire_of, role_of_snapshot

TOKEN_BYTES = 32
"""256 bits of randomness per link."""
MAX_DAYS = 90

State = Literal["issued", "opened", "in_progress", "submitted", "declined", "expired", "revoked"]


@dataclass(frozen=True)
class IssuedLink:
    assessment: SelfAssessment
    token: str
    """Shown once, to the person who issued it; never stored."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_self_assessment(
    candidate: Candidate,
    by: User | None,
    *,
    days: int,
    lang: str,
    catalogue: Catalogue,
    actor: str | None = None,
) -> IssuedLink:
    """A new link for ``candidate``, open for ``days`` days, issued by a user (``by``) or an
    operator on the command line (``actor``, e.g. ``cli:root``). A link of theirs that is still
    open (not submitted, declined or revoked) is revoked: one person, one live link."""
    if not 1 <= days <= MAX_DAYS:
        raise ServiceError(_l("A link is valid for 1 to %(max)d days.", max=MAX_DAYS), field="days")
    if lang not in SELF_LANGUAGES:
        raise ServiceError(_l("Choose English or Finnish."), field="lang")
    if candidate.opening is None:
        raise ServiceError(
            _l("Add the candidate to an opening first: the questionnaire is built from its role.")
        )
    role = catalogue.role(candidate.opening.role_key)
    now = utcnow()
    for open_link in db.session.execute(
        db.select(SelfAssessment).where(
            SelfAssessment.candidate_id == candidate.id,
            SelfAssessment.revoked_at.is_(None),
            SelfAssessment.submitted_at.is_(None),
            SelfAssessment.declined_at.is_(None),
        )
    ).scalars():
        open_link.revoked_at = now
        open_link.revoked_by_id = by.id if by else None
        _erase_answers(open_link)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    assessment = SelfAssessment(
        candidate_id=candidate.id,
        snapshot_id=snapshot_for(role).id,
        token_hash=token_hash(token),
        lang=lang,
        seed=secrets.randbelow(2**31),
        issued_by_id=by.id if by else None,
        issuer=by.name if by else (actor or "cli"),
        issued_at=now,
        expires_at=now + timedelta(days=days),
    )
    db.session.add(assessment)
    db.session.flush()
    audit.record(
        "self_assessment_issued",
        user=by,
        actor=actor,
        subject="self_assessment",
        subject_id=assessment.id,
        candidate_id=candidate.id,
        opening_id=candidate.opening_id,
        details={"lang": lang, "days": days},
    )
    return IssuedLink(assessment, token)


def revoke_self_assessment(assessment: SelfAssessment, by: User) -> None:
    """Stop a link that is not submitted; the answers given through it are erased (they were
    never handed in)."""
    if assessment.submitted_at is not None:
        raise ServiceError(_l("This self-assessment is already submitted; it stays on record."))
    if assessment.revoked_at is None:
        assessment.revoked_at = utcnow()
        assessment.revoked_by_id = by.id
        _erase_answers(assessment)
        db.session.flush()
        audit.record(
            "self_assessment_revoked",
            user=by,
            subject="self_assessment",
            subject_id=assessment.id,
            candidate_id=assessment.candidate_id,
        )


def _erase_answers(assessment: SelfAssessment) -> None:
    db.session.execute(db.delete(SelfAnswer).where(SelfAnswer.assessment_id == assessment.id))


def _still_open() -> list[Any]:
    """The conditions of a link that can still be answered, checked by the database at the
    moment of writing (a submission, revocation or expiry in between refuses the write)."""
    return [
        SelfAssessment.submitted_at.is_(None),
        SelfAssessment.revoked_at.is_(None),
        SelfAssessment.declined_at.is_(None),
        SelfAssessment.expires_at > utcnow(),
    ]


def find_by_token(token: str) -> SelfAssessment | None:
    """The self-assessment a token opens, or None (a wrong, mangled or unknown token alike)."""
    if not token or len(token) > 200:
        return None
    return db.session.execute(
        db.select(SelfAssessment).where(SelfAssessment.token_hash == token_hash(token))
    ).scalar_one_or_none()


def state_of(assessment: SelfAssessment, now: datetime | None = None) -> State:
    now = now or utcnow()
    if assessment.submitted_at is not None:
        return "submitted"
    if assessment.revoked_at is not None:
        return "revoked"
    if assessment.declined_at is not None:
        return "declined"
    if assessment.expires_at <= now:
        return "expired"
    if assessment.consented_at is not None:
        return "in_progress"
    if assessment.opened_at is not None:
        return "opened"
    return "issued"


def is_open(assessment: SelfAssessment) -> bool:
    """Whether the person can still answer through this link."""
    return state_of(assessment) in ("issued", "opened", "in_progress")


def role_and_questionnaire(assessment: SelfAssessment) -> tuple[ResolvedRole, Questionnaire]:
    return role_of_snapshot(assessment.snapshot), questionnaire_of(
        assessment.snapshot, assessment.seed
    )


def _by_link_holder(action: str, assessment: SelfAssessment) -> None:
    """An entry for what the link's holder did. Their address is not kept: it would be their
    personal data in a log that outlives their erasure."""
    audit.record(
        action,
        actor=LINK_HOLDER,
        subject="self_assessment",
        subject_id=assessment.id,
        candidate_id=assessment.candidate_id,
        keep_address=False,
    )


def mark_opened(assessment: SelfAssessment) -> None:
    if assessment.opened_at is None:
        assessment.opened_at = utcnow()
        db.session.flush()
        _by_link_holder("self_assessment_opened", assessment)


def give_consent(assessment: SelfAssessment) -> None:
    _require_open(assessment)
    if assessment.consented_at is None:
        assessment.consented_at = utcnow()
        db.session.flush()


def decline(assessment: SelfAssessment) -> None:
    """The person does not take part, or withdraws their consent before submitting: only the
    refusal and its time are kept (answers given before, if any, go)."""
    _require_open(assessment)
    done: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(SelfAssessment)
        .where(SelfAssessment.id == assessment.id, *_still_open())
        .values(declined_at=utcnow())
    )
    if not done.rowcount:
        raise ServiceError(_l("This link can no longer be used."))
    _erase_answers(assessment)
    db.session.flush()
    db.session.refresh(assessment, ["declined_at"])
    _by_link_holder("self_assessment_declined", assessment)


def _require_open(assessment: SelfAssessment) -> None:
    if not is_open(assessment):
        raise ServiceError(_l("This link can no longer be used."))


def answers_of(assessment: SelfAssessment) -> dict[str, Answer]:
    rows = db.session.execute(
        db.select(SelfAnswer.item, SelfAnswer.value).where(
            SelfAnswer.assessment_id == assessment.id
        )
    ).all()
    return {item: answer_from_json(value) for item, value in rows}


def save_page(assessment: SelfAssessment, page: int, answers: Mapping[str, Answer]) -> None:
    """Keep the answers of one page (each replaces an earlier answer to the same item) and
    move the resume point on. Every item of the page must be answered; answers are checked
    against the questionnaire before anything is written."""
    _require_open(assessment)
    if assessment.consented_at is None:
        raise ServiceError(_l("Read the privacy notice and give your consent first."))
    _role, questionnaire = role_and_questionnaire(assessment)
    if not 1 <= page <= len(questionnaire.pages):
        raise ServiceError(_l("There is no such page."))
    items = [item.id for item in questionnaire.pages[page - 1].items]
    stray = [key for key in answers if key not in items]
    try:
        check_answers(questionnaire, answers)
    except AnswerError as error:  # the form offers only valid choices: a tampered post
        raise ServiceError(
            _l("An answer is not one of the choices offered."), field=error.problems[0][0]
        ) from None
    if stray:
        raise ServiceError(_l("There is no such page."), field=stray[0])
    missing = [key for key in items if key not in answers]
    if missing:
        raise ServiceError(_l("Answer every item on the page."), field=missing[0])
    # first the link's own row, on the condition that it is still open at this moment (on
    # PostgreSQL the row stays locked until the commit, so a submission waits for this save)
    moved: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(SelfAssessment)
        .where(
            SelfAssessment.id == assessment.id,
            SelfAssessment.consented_at.is_not(None),
            *_still_open(),
        )
        .values(
            last_page=case((SelfAssessment.last_page < page, page), else_=SelfAssessment.last_page)
        )
    )
    if not moved.rowcount:
        raise ServiceError(_l("This link can no longer be used."))
    now = utcnow()
    rows = [
        {
            "assessment_id": assessment.id,
            "item": key,
            "value": answer_to_json(value),
            "answered_at": now,
        }
        for key, value in answers.items()
    ]
    insert = (
        postgresql_insert if db.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    )
    statement = insert(SelfAnswer).values(rows)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["assessment_id", "item"],
            set_={"value": statement.excluded.value, "answered_at": statement.excluded.answered_at},
        )
    )
    db.session.flush()
    db.session.refresh(assessment, ["last_page"])


def submit(assessment: SelfAssessment) -> bool:
    """Submit once: the answers become the candidate's self profile. Returns False when the
    link was already submitted (a second tab, a double click): nothing changes then."""
    if assessment.submitted_at is not None:
        return False
    _require_open(assessment)
    _role, questionnaire = role_and_questionnaire(assessment)
    left = unanswered(questionnaire, answers_of(assessment))
    if left:
        raise ServiceError(_l("Some items are not answered yet."), field=left[0])
    done: CursorResult[Any] = db.session.execute(  # type: ignore[assignment]
        update(SelfAssessment)
        .where(SelfAssessment.id == assessment.id, *_still_open())
        .values(submitted_at=utcnow())
    )
    db.session.flush()
    db.session.refresh(assessment, ["submitted_at", "revoked_at", "declined_at"])
    if done.rowcount:
        _by_link_holder("self_assessment_submitted", assessment)
        return True
    if assessment.submitted_at is not None:
        return False  # submitted meanwhile (another tab): one submission
    raise ServiceError(_l("This link can no longer be used."))


def latest_of(candidate_id: int) -> SelfAssessment | None:
    """The candidate's most recent link, whatever its state."""
    return db.session.execute(
        db.select(SelfAssessment)
        .where(SelfAssessment.candidate_id == candidate_id)
        .order_by(SelfAssessment.issued_at.desc(), SelfAssessment.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def submitted_of(candidate_id: int) -> SelfAssessment | None:
    """The candidate's most recently submitted self-assessment: the one that is shown."""
    return db.session.execute(
        db.select(SelfAssessment)
        .where(
            SelfAssessment.candidate_id == candidate_id, SelfAssessment.submitted_at.is_not(None)
        )
        .order_by(SelfAssessment.submitted_at.desc(), SelfAssessment.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def profile_of(assessment: SelfAssessment) -> dict[str, SelfValue]:
    role, questionnaire = role_and_questionnaire(assessment)
    return self_profile(role, questionnaire, answers_of(assessment))


def progress_of(assessment: SelfAssessment) -> tuple[int, int]:
    """(items answered, items in all)."""
    _role, questionnaire = role_and_questionnaire(assessment)
    answered = db.session.execute(
        db.select(db.func.count())
        .select_from(SelfAnswer)
        .where(SelfAnswer.assessment_id == assessment.id)
    ).scalar_one()
    return answered, len(questionnaire.items)


def send_link(assessment: SelfAssessment, link: str) -> str:
    """E-mail ``link`` to the candidate, in the link's language, and return the address.
    Raises :class:`ServiceError` without an address, and one of
    :data:`hiring.services.mail.SEND_ERRORS` when the server cannot take it."""
    candidate = assessment.candidate
    if not candidate.email:
        raise ServiceError(_l("The candidate has no e-mail address: copy the link instead."))
    opening = candidate.opening.title if candidate.opening else ""
    with in_language(assessment.lang):
        subject = gettext("Self-assessment: %(opening)s", opening=opening)
        body = render_template(
            "mail/self_assessment_link.txt",
            name=candidate.name,
            opening=opening,
            link=link,
            until=format_datetime(assessment.expires_at, "yyyy-MM-dd HH:mm"),
            contact=current_app.config.get("PRIVACY_CONTACT") or "",
        )
    send_mail(candidate.email, subject, body, to_name=candidate.name)
    return candidate.email


DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


def external_url(endpoint: str, **values: Any) -> str:
    """The full address of a page for a message sent out of the app (a link, a reminder):
    under ``HIRING_BASE_URL`` when set (behind a proxy the request's own address may not be
    the public one), else the address the request came to, else (the command line) the
    development server's."""
    base = current_app.config.get("BASE_URL")
    if base is None and has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=str(base or DEVELOPMENT_BASE_URL)):
        return url_for(endpoint, _external=True, **values)


def link_for(token: str) -> str:
    """The address of a self-assessment link (see :func:`external_url`)."""
    return external_url("self_assessment.start", token=token)
