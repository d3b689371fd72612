"""Users: creation, authentication, passwords (Argon2id)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

from hiring.extensions import db
from hiring.models import ROLES, User
from hiring.services import ServiceError

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()  # Argon2id with the library's RFC 9106 low-memory defaults
_DUMMY_HASH = _hasher.hash("not a real password")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH), "password")
    return _hasher.hash(password)


def find_user(email: str) -> User | None:
    return db.session.execute(
        db.select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def create_user(email: str, name: str, role: str, password: str) -> User:
    if role not in ROLES:
        raise ServiceError(_l("Unknown role."), "role")
    if find_user(email) is not None:
        raise ServiceError(_l("A user with this email already exists."), "email")
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        role=role,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Takes about the same time whether or
    not the email exists, so a login form cannot be used to find accounts."""
    user = find_user(email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
        db.session.flush()
    return user


def change_password(user: User, current: str, new: str) -> None:
    try:
        _hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError):
        raise ServiceError(_l("The current password is not correct."), "current") from None
    user.password_hash = hash_password(new)
    db.session.flush()
