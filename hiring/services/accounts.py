"""Users: creation, authentication, passwords (Argon2id)."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer_group

from hiring.domain.passwords import MIN_LENGTH, password_problem
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import ROLES, User
from hiring.services import ServiceError, audit
from hiring.services.api_tokens import end_sessions
from hiring.services.throttle import checking_slot

MIN_PASSWORD_LENGTH = MIN_LENGTH
EMAIL_TAKEN = _l("A user with this email already exists.")


@cache
def _hasher_for(time_cost: int | None, memory_cost: int | None) -> tuple[PasswordHasher, str]:
    """A hasher and a dummy hash made with it (for timing-safe failed logins)."""
    defaults = PasswordHasher()
    hasher = PasswordHasher(
        time_cost=defaults.time_cost if time_cost is None else time_cost,
        memory_cost=defaults.memory_cost if memory_cost is None else memory_cost,
    )
    return hasher, hasher.hash("not a real password")


def _hasher() -> tuple[PasswordHasher, str]:
    """Argon2id with the library's RFC 9106 low-memory defaults, unless the configuration
    lowers the cost (``ARGON2_TIME_COST``, ``ARGON2_MEMORY_COST``: the test suite does)."""
    config = current_app.config
    return _hasher_for(config.get("ARGON2_TIME_COST"), config.get("ARGON2_MEMORY_COST"))


def normalise_email(email: str) -> str:
    return email.strip().lower()


PASSWORD_PROBLEMS = {
    "too_short": _l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
    "common": _l(
        "This password is among the easiest to guess. Choose another: a few unrelated words "
        "make a strong one."
    ),
    "personal": _l("Leave your e-mail address and your name out of the password."),
}


def hash_password(password: str, *, email: str = "", name: str = "") -> str:
    """The password's hash, unless it is too easy to guess (too short, among the most common,
    or made of the person's e-mail address or name)."""
    problem = password_problem(password, email=email, name=name)
    if problem is not None:
        raise ServiceError(PASSWORD_PROBLEMS[problem], "password")
    return _hasher()[0].hash(password)


def find_user(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


_SESSION_USER = (
    select(User).options(undefer_group("account")).where(User.id == bindparam("user_id"))
)
"""Built once: every signed-in request runs it, and building the statement and its options
afresh cost a seventh of what such a request pays before its page's own work."""


def session_user(user_id: int, token: str) -> User | None:
    """The user a login session names, while the session is still theirs: active, and made
    with their current session token (a password change or reset, or deactivation, ends it).
    Reads the account's columns with it (``account``: the token, the forced password change,
    the language)."""
    found = db.session.execute(_SESSION_USER, {"user_id": user_id}).scalar_one_or_none()
    if found is None or not found.active or (found.session_token or "") != token:
        return None
    return found


def create_user(
    email: str,
    name: str,
    role: str,
    password: str,
    *,
    must_change: bool = False,
    by: User | None = None,
    actor: str | None = None,
) -> User:
    """A new account, added by ``by`` (the web) or ``actor`` (the command line; neither: the
    demo's set-up, which the audit log does not record). With ``must_change`` (an
    administrator chose the password) the user chooses their own at their first login."""
    if role not in ROLES:
        raise ServiceError(_l("Unknown role."), "role")
    if find_user(email) is not None:
        raise ServiceError(EMAIL_TAKEN, "email")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        role=role,
        password_hash=hash_password(password, email=email, name=name),
    )
    if must_change:  # else the column's default (an older schema may not have the column)
        user.must_change_password = True
    try:
        with db.session.begin_nested():  # someone may have made the same user a moment ago
            db.session.add(user)
    except IntegrityError:
        raise ServiceError(EMAIL_TAKEN, "email") from None
    if by is not None or actor is not None:
        audit.record(
            "user_added",
            user=by,
            actor=actor,
            subject="user",
            subject_id=user.id,
            details={"role": role},
        )
    return user


def all_users() -> list[User]:
    """Every account by name (the administrator's list)."""
    return list(db.session.execute(db.select(User).order_by(User.name)).scalars())


def active_users() -> list[User]:
    """The accounts that can log in, by name (those who can be put on a panel)."""
    return list(
        db.session.execute(
            db.select(User).where(User.active.is_(True)).order_by(User.name)
        ).scalars()
    )


def set_active(person: User, active: bool, by: User) -> None:
    """Activate or deactivate an account; a deactivated user cannot log in, and their open
    sessions end at their next request. Nobody can deactivate themself (an administrator could
    lock everyone out)."""
    if person.id == by.id and not active:
        raise ServiceError(_l("You cannot deactivate yourself."))
    person.active = active
    if not active:
        end_sessions(person, by=by)
    db.session.flush()
    audit.record(
        "user_activated" if active else "user_deactivated",
        user=by,
        subject="user",
        subject_id=person.id,
    )


def change_role(person: User, role: str, by: User) -> None:
    """Give ``person`` another role; it applies from their next request, since every request
    reads the role afresh. Nobody changes their own (an administrator could lock everyone
    out)."""
    if role not in ROLES:
        raise ServiceError(_l("Unknown role."), "role")
    if person.id == by.id:
        raise ServiceError(_l("You cannot change your own role."), "role")
    before = person.role
    person.role = role
    db.session.flush()
    audit.record(
        "user_role_changed",
        user=by,
        subject="user",
        subject_id=person.id,
        details={"from": before, "to": role},
    )


TEMPORARY_PASSWORD_BYTES = 12
"""A reset password: 16 URL-safe characters, to be replaced by the user at their next login."""


def reset_password(person: User, by: User) -> str:
    """A new temporary password for ``person``, returned once to show to the administrator.
    Every session of theirs ends; at their next login they must choose their own password."""
    if person.id == by.id:
        raise ServiceError(_l("Change your own password on your account page."))
    temporary = secrets.token_urlsafe(TEMPORARY_PASSWORD_BYTES)
    person.password_hash = _hasher()[0].hash(temporary)  # random: nothing to check
    person.must_change_password = True
    end_sessions(person, by=by)
    db.session.flush()
    audit.record("user_password_reset", user=by, subject="user", subject_id=person.id)
    return temporary


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Takes about the same time whether or
    not the email exists, so a login form cannot be used to find accounts."""
    user = find_user(email)
    hasher, dummy = _hasher()
    try:
        with checking_slot():  # a bounded number of 64-MiB hashes at once per process
            hasher.verify(user.password_hash if user else dummy, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
        db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> None:
    try:
        _hasher()[0].verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise ServiceError(_l("The current password is not correct."), "current") from None
    if new == current:
        raise ServiceError(_l("Choose a password different from the current one."), "password")
    user.password_hash = hash_password(new, email=user.email, name=user.name)
    user.must_change_password = False
    end_sessions(user)  # other sessions and API tokens end; the caller logs in again
    db.session.flush()
    audit.record("password_changed", user=user, subject="user", subject_id=user.id)


def remember_language(user: User, code: str) -> None:
    """The language ``user`` chose in the app, for what is sent to them (reminders)."""
    user.language = code
    db.session.flush()
