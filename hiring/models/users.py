"""People who use the tool, and their roles."""

from __future__ import annotations

import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from hiring.models.base import Base, UTCDateTime, in_range, one_of, utcnow

ROLES = ("admin", "recruiter", "interviewer", "manager")


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, Base):
    """Someone who signs in. Users are deactivated (``active = False``), never deleted: the
    openings, interviews, scorecards, decisions and downloads they took part in name them.
    The foreign keys that record authorship (scorecard revisions, scorecards, decisions,
    report jobs and downloads) are ``ON DELETE RESTRICT``, so deleting such a user is refused
    instead of taking their records with them; the ones that merely note who set something
    up (``openings.created_by_id``, ``interviews.created_by_id``) become NULL."""

    __tablename__ = "users"
    __table_args__ = (one_of("role", ROLES),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    session_token: Mapped[str | None] = mapped_column(
        String(64), deferred=True, deferred_group="account"
    )
    """Part of every login session's user id: a new one (on a password change or reset, or
    on deactivation) ends every session made with the old one at its next request. None
    until the first such change. Deferred, like ``must_change_password``: only the session's
    user loader reads them (``undefer_group("account")``)."""
    must_change_password: Mapped[bool] = mapped_column(
        server_default=false(), deferred=True, deferred_group="account"
    )
    """Set by an administrator's password reset (or a password chosen for a new user): until
    the user chooses a password of their own, every page sends them to the password form."""
    language: Mapped[str | None] = mapped_column(String(5), deferred=True, deferred_group="account")
    """The language the user last chose in the app: the one their reminders are written in
    (None: the app's default)."""

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated user cannot log in
        return self.active

    def get_id(self) -> str:
        """Flask-Login's session id: the user and the current session token."""
        return f"{self.id}:{self.session_token or ''}"


class LoginThrottle(Base):
    """Failed logins counted per account and per address in a fixed window, in the database
    so that every worker process shares them (``hiring.services.throttle``)."""

    __tablename__ = "login_throttles"
    __table_args__ = (in_range("failures", 0),)

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    """``account:<e-mail>`` or ``address:<IP address>``."""
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    failures: Mapped[int] = mapped_column(default=0)


class TwoStep(Base):
    """A user's second login step: a time-based one-time password (TOTP, RFC 6238) from an
    authenticator app. A row without ``confirmed_at`` is an enrolment begun and not yet proven
    with a code. ``last_step`` is the time step of the last code accepted: a code is good once
    (a code seen over someone's shoulder cannot be used again). In a table of its own, so that
    nothing else about the account is read or written for it."""

    __tablename__ = "two_step"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    secret: Mapped[str] = mapped_column(String(64))
    """Base-32, as the authenticator app holds it."""
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_step: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


API_SCOPES = ("read:candidates", "write:scorecards", "write:decisions", "read:documents")
"""What an API token may do, on top of what its user may: read openings, candidates and their
results; submit the user's own scorecards; record decisions; download documents."""


class ApiToken(Base):
    """A personal API token: made by a user for another system (an HRIS, a report), shown
    once, and stored only as its SHA-256 digest (the token is 256 random bits: a digest is
    enough, and a stolen table gives no token). It acts as its user, within its scopes, until
    it expires or is revoked; it never does more than the user could in the app."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    """What the token is for, as its user named it ("Power BI report")."""
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(12))
    """The token's first characters, to tell tokens apart in a list."""
    scopes: Mapped[str] = mapped_column(String(200))
    """Space-separated, each one of :data:`API_SCOPES`."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()
