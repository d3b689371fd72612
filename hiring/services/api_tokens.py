"""Personal API tokens: made by a user in the app for another system, shown once, kept as a
SHA-256 digest, and good until they expire or are revoked. A token acts as its user, within
its scopes; the access policy decides the rest, as on every page.

The input of a new token (its name, scopes and lifetime) is checked by one model,
:class:`NewToken`, whichever way it arrives."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import API_SCOPES, ApiToken, User
from hiring.models.base import utcnow
from hiring.models.users import new_session_token
from hiring.services import ServiceError, audit

PREFIX = "hk_"
"""Every token starts with this, so that a secret scanner (or a person) can tell one."""
MAX_DAYS = 365
DEFAULT_DAYS = 90
LIVE_TOKENS = 20
"""A user's tokens in force at once, at most."""
USE_WRITE_SECONDS = 60
"""``last_used_at`` is written at most this often per token (not a write per request)."""


class NewToken(BaseModel):
    """A token to make: what it is for, what it may do, for how many days."""

    model_config = ConfigDict(str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=80)
    scopes: list[str] = Field(min_length=1)
    days: int = Field(default=DEFAULT_DAYS, ge=1, le=MAX_DAYS)

    @field_validator("scopes")
    @classmethod
    def _known(cls, scopes: list[str]) -> list[str]:
        unknown = [s for s in scopes if s not in API_SCOPES]
        if unknown:
            raise ValueError(f"unknown scope {unknown[0]!r}: one of {', '.join(API_SCOPES)}")
        return [s for s in API_SCOPES if s in scopes]


@dataclass(frozen=True)
class Made:
    token: ApiToken
    secret: str
    """The token itself: shown once, never stored."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: User, wanted: NewToken) -> Made:
    live = db.session.execute(
        select(db.func.count())
        .select_from(ApiToken)
        .where(
            ApiToken.user_id == user.id,
            ApiToken.revoked_at.is_(None),
            ApiToken.expires_at > utcnow(),
        )
    ).scalar_one()
    if live >= LIVE_TOKENS:
        raise ServiceError(
            _l("You have %(count)d tokens in force. Revoke one you no longer use first.",
               count=LIVE_TOKENS)
        )  # fmt: skip
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=wanted.name,
        digest=digest(secret),
        hint=secret[: len(PREFIX) + 4],
        scopes=" ".join(wanted.scopes),
        expires_at=utcnow() + timedelta(days=wanted.days),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "api_token_created",
        user=user,
        subject="api_token",
        subject_id=token.id,
        details={"name": token.name, "scopes": wanted.scopes, "days": wanted.days},
    )
    return Made(token, secret)


def parse_new_token(data: dict[str, object]) -> NewToken:
    """The model from a form's or a request's fields; :class:`ValidationError` names each
    wrong field."""
    return NewToken.model_validate(data)


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.execute(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        ).scalars()
    )


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when there is no such token in force."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    audit.record(
        "api_token_revoked",
        user=user,
        subject="api_token",
        subject_id=token.id,
        details={"name": token.name},
    )
    return True


def end_sessions(person: User, *, by: User | None = None) -> None:
    """Every login session of ``person`` ends at its next request, and every API token of
    theirs is revoked: whatever ends sessions (a password changed or reset, an account
    deactivated, a second login step turned on or reset) must also end what a stolen session
    could have made."""
    person.session_token = new_session_token()
    revoked = (
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == person.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
            .returning(ApiToken.id)
        )
        .scalars()
        .all()
    )
    for token_id in revoked:
        audit.record(
            "api_token_revoked",
            user=by or person,
            subject="api_token",
            subject_id=token_id,
            details={"why": "sessions ended"},
        )


def in_force(token: ApiToken, now: datetime) -> bool:
    return token.revoked_at is None and token.expires_at > now


def authenticate(secret: str) -> tuple[ApiToken, User] | None:
    """The token and its user when ``secret`` is a token in force of an active user. Notes
    its use, at most once a minute, on a connection of its own: a request that only reads
    writes nothing in its own transaction, and of several instances noting the same minute
    one writes."""
    if not secret.startswith(PREFIX):
        return None
    found = db.session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.digest == digest(secret))
    ).first()
    now = utcnow()
    if found is None:
        return None
    token, user = found
    if not in_force(token, now) or not user.active:
        return None
    stale = now - timedelta(seconds=USE_WRITE_SECONDS)
    if token.last_used_at is None or token.last_used_at < stale:
        with db.engine.begin() as connection:
            connection.execute(
                update(ApiToken)
                .where(
                    ApiToken.id == token.id,
                    (ApiToken.last_used_at.is_(None)) | (ApiToken.last_used_at < stale),
                )
                .values(last_used_at=now)
            )
        # the session's copy as the row now is, without making it a change to flush
        set_committed_value(token, "last_used_at", now)
    return token, user


__all__ = [
    "Made",
    "NewToken",
    "ValidationError",
    "authenticate",
    "create_token",
    "parse_new_token",
    "revoke_token",
    "tokens_of",
]
