"""The second login step: a time-based one-time password (TOTP, RFC 6238) from an
authenticator app, through pyotp. Optional per organisation: ``TWO_STEP_ROLES`` names the
roles that must use it (e.g. ``admin,recruiter``); anyone else may turn it on for themself.

A code is accepted for the current 30-second step and the one before or after (clocks
drift), and only once: the step of the last accepted code is stored, and a code of that step
or an earlier one is refused."""

from __future__ import annotations

import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import TwoStep, User
from hiring.models.base import utcnow
from hiring.services import ServiceError, audit
from hiring.services.api_tokens import end_sessions

ISSUER = "hiring"
WRONG_CODE = _l("That code is not right. Type the 6 digits the app shows now.")
STEP_SECONDS = 30
DRIFT_STEPS = 1


def required_roles() -> frozenset[str]:
    setting = current_app.config.get("TWO_STEP_ROLES") or ""
    if isinstance(setting, list | tuple | set | frozenset):
        return frozenset(str(role).strip() for role in setting)
    return frozenset(part.strip() for part in str(setting).split(",") if part.strip())


def required_for(user: User) -> bool:
    return user.role in required_roles()


def enrolment_of(user: User) -> TwoStep | None:
    return db.session.get(TwoStep, user.id)


def enrolled(user: User) -> bool:
    found = enrolment_of(user)
    return found is not None and found.confirmed_at is not None


def begin(user: User) -> TwoStep:
    """A new secret for ``user`` to add to their app, not in force until a code proves it."""
    found = enrolment_of(user)
    if found is not None and found.confirmed_at is not None:
        raise ServiceError(_l("Two-step login is already on."))
    secret = pyotp.random_base32()
    if found is None:
        found = TwoStep(user_id=user.id, secret=secret)
        try:
            with db.session.begin_nested():  # a double click: the other request made one
                db.session.add(found)
        except IntegrityError:
            raise ServiceError(_l("Setting up was started twice: start again.")) from None
    else:
        found.secret, found.last_step = secret, None
    db.session.flush()
    return found


def provisioning_uri(user: User, enrolment: TwoStep) -> str:
    return pyotp.TOTP(enrolment.secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    """The enrolment's QR code as an inline SVG element (no script, no style attribute)."""
    return str(segno.make(uri, error="m").svg_inline(scale=4, border=2, omitsize=False))


def _clean(code: str) -> str:
    return "".join(code.split())


def _accept(enrolment: TwoStep, code: str) -> bool:
    """Whether ``code`` is good now and not used before; if so, its step is stored (by a
    conditional update, so two requests with one code cannot both pass)."""
    code = _clean(code)
    if not (code.isascii() and code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(enrolment.secret)
    now = int(time.time())
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        at = now + offset * STEP_SECONDS
        if totp.verify(code, for_time=at, valid_window=0):
            step = at // STEP_SECONDS
            done = db.session.execute(
                update(TwoStep)
                .where(
                    TwoStep.user_id == enrolment.user_id,
                    (TwoStep.last_step.is_(None)) | (TwoStep.last_step < step),
                )
                .values(last_step=step)
                .execution_options(synchronize_session=False)
            )
            return bool(getattr(done, "rowcount", 0))
    return False


def confirm(user: User, code: str) -> None:
    """Put the enrolment in force with a first code from the app."""
    found = enrolment_of(user)
    if found is None or found.confirmed_at is not None:
        raise ServiceError(_l("Start again: there is no two-step login waiting to be confirmed."))
    if not _accept(found, code):
        raise ServiceError(
            _l("That code is not right. Type the 6 digits the app shows now."), "code"
        )
    found.confirmed_at = utcnow()
    end_sessions(user)  # every other session (a stolen one) ends, and its API tokens
    db.session.flush()
    audit.record("two_step_enabled", user=user, subject="user", subject_id=user.id)


def verify(user: User, code: str) -> bool:
    """The login's second step."""
    found = enrolment_of(user)
    return found is not None and found.confirmed_at is not None and _accept(found, code)


def turn_off(user: User, code: str) -> None:
    """Turn two-step login off for oneself, with a current code, where the role allows it."""
    if required_for(user):
        raise ServiceError(_l("Your role must use two-step login."))
    if not verify(user, code):
        raise ServiceError(
            _l("That code is not right. Type the 6 digits the app shows now."), "code"
        )
    db.session.delete(enrolment_of(user))
    db.session.flush()
    audit.record("two_step_disabled", user=user, subject="user", subject_id=user.id)


def reset(person: User, by: User) -> None:
    """An administrator's reset (a lost phone): the enrolment goes and every session of the
    person ends; they enrol again at their next login if their role requires it."""
    if person.id == by.id:
        raise ServiceError(_l("Turn your own two-step login off on your account page."))
    found = enrolment_of(person)
    if found is not None:
        db.session.delete(found)
    end_sessions(person, by=by)
    db.session.flush()
    audit.record("two_step_reset", user=by, subject="user", subject_id=person.id)
