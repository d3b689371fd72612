"""A new KAM's accounts: each VIP, KOL or key account starts at development level D1 and the
manager records the steps towards D3-D4 (situational leadership). There are no visit quotas:
a KAM is led by goals agreed per account, a budget and its purpose, and trust."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import selectinload

from hiring.domain.employees import AccountRecord, ProgressRecord
from hiring.extensions import db
from hiring.i18n import lazy_gettext as _l
from hiring.models import KamAccount, KamAccountProgress, Person, User
from hiring.models.base import utcnow
from hiring.services import ServiceError
from hiring.services.recruiting import RecordInvalid

MESSAGES = {
    "name": _l("Name the account."),
    "kind": _l("Choose the kind of account."),
    "goals": _l("At most 4,000 characters."),
    "plan": _l("At most 4,000 characters."),
    "level": _l("Choose a level from D1 to D4."),
    "note": _l("Say what shows the step (at most 4,000 characters)."),
}


def _checked(model: type[AccountRecord] | type[ProgressRecord], data: Mapping[str, Any]) -> Any:
    try:
        return model.model_validate(dict(data))
    except ValidationError as exc:
        fields = [str(e["loc"][0]) if e["loc"] else "" for e in exc.errors()]
        raise RecordInvalid(
            [ServiceError(MESSAGES.get(f, _l("Not a valid value.")), f) for f in fields]
        ) from None


def accounts_of(person: Person) -> list[KamAccount]:
    query = (
        db.select(KamAccount)
        .where(KamAccount.person_id == person.id)
        .options(selectinload(KamAccount.progress))
        .order_by(KamAccount.id)
    )
    return list(db.session.execute(query).scalars())


def add_account(person: Person, data: Mapping[str, Any], by: User) -> KamAccount:
    """Take on an account: it starts at D1, with the goals and plan agreed."""
    record: AccountRecord = _checked(AccountRecord, data)
    account = KamAccount(
        person_id=person.id, name=record.name, kind=record.kind, goals=record.goals,
        plan=record.plan, level=1, created_by_id=by.id,
    )  # fmt: skip
    account.progress.append(
        KamAccountProgress(level=1, note=str(_l("Taken on at D1.")), recorded_by_id=by.id)
    )
    db.session.add(account)
    db.session.flush()
    return account


def record_progress(
    account: KamAccount, data: Mapping[str, Any], by: User, seen_version: int
) -> KamAccountProgress:
    """Record the level the KAM has reached on the account, with what shows it. A step recorded
    on a stale copy (someone else recorded one meanwhile) is refused, not lost."""
    record: ProgressRecord = _checked(ProgressRecord, data)
    if seen_version != account.version:
        raise ServiceError(
            _l(
                "Someone else recorded a step on this account meanwhile. Yours was not saved: "
                "reload the page and record it again."
            )
        )
    step = KamAccountProgress(level=record.level, note=record.note, recorded_by_id=by.id)
    account.progress.append(step)
    account.level = record.level
    account.updated_at = utcnow()  # the account row changes, so its version moves on
    db.session.flush()
    return step
