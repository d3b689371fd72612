"""Small helpers every blueprint shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask import abort, flash
from flask_login import current_user
from flask_wtf import FlaskForm

from hiring.domain.records import whole_number
from hiring.i18n import language
from hiring.models import User
from hiring.services import ServiceError
from hiring.services.policy import can


def lang() -> str:
    return language()


def require(permission: str) -> Callable[[], Any]:
    """A blueprint's ``before_request`` guard: logged in, and the policy grants ``permission``
    (see :data:`hiring.services.policy.PERMISSIONS`)."""

    def guard() -> Any:
        from hiring.extensions import login_manager

        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not can(user(), permission):
            abort(403)
        return None

    return guard


def user() -> User:
    return current_user._get_current_object()


def report_service_error(error: ServiceError, form: FlaskForm | None = None) -> None:
    """Show a service's refusal beside its field when the form has it, else as a message."""
    problems: Iterable[ServiceError] = getattr(error, "problems", None) or [error]
    for problem in problems:
        field = form[problem.field] if form is not None and problem.field in form else None
        if field is not None:
            field.errors = [*field.errors, str(problem.message)]
        else:
            flash(str(problem.message), "error")


@dataclass(frozen=True)
class Problem:
    """One line of a page's error summary: what is wrong, and the id of the field to go to."""

    target: str
    text: str


GROUPED_FIELDS = frozenset({"RadioField", "CheckboxListField"})
"""Fields written as a group of inputs with ids ``<id>-0``, ``<id>-1``, ...: the summary links
to the first."""


def form_problems(
    form: FlaskForm, labels: Mapping[str, str] | None = None, first: Sequence[str] = ()
) -> list[Problem]:
    """Every field error of ``form``, each with the field's label (or the one ``labels`` gives
    by field name), for the summary at the top of a refused form. In the page's order: the
    fields named in ``first`` (a form built at run time puts them first on the page), then
    the rest in the form's order."""
    rank = {name: i for i, name in enumerate(first)}
    problems: list[Problem] = []
    for f in sorted(form, key=lambda f: rank.get(f.name, len(rank))):
        if not f.errors:
            continue
        target = f"{f.id}-0" if f.type in GROUPED_FIELDS else f.id
        label = (labels or {}).get(f.name, f.label.text)
        problems.extend(Problem(target, f"{label}: {message}") for message in f.errors)
    return problems


def flash_form_errors(form: FlaskForm) -> None:
    """Each field's errors as messages, "label: message", for a form posted from a page that
    redirects back to where the form sits."""
    for field in form:
        for message in field.errors:
            flash(f"{field.label.text}: {message}", "error")


def chosen_ids(name: str = "id") -> list[int]:
    """The ids a request's query names (``?id=1&id=2``), leaving out what is no id (text, or
    a number larger than any database id), as a list of links would."""
    from flask import request

    found = (whole_number(value) for value in request.args.getlist(name))
    return [value for value in found if value is not None]


def seen_version(text: object) -> int:
    """The optimistic-lock version a form was read at; -1 (matches nothing, so the save is
    refused as stale) when the field is missing or not a number."""
    number = whole_number(text)
    return -1 if number is None else number


def own_notice(setting: str) -> list[str] | None:
    """An organisation's own privacy notice (``<setting>_EN`` / ``_FI``), as paragraphs in the
    reader's language; None means the standard notice of the template."""
    from flask import current_app

    text = current_app.config.get(f"{setting}_{lang().upper()}")
    if not text:
        return None
    return [part.strip() for part in str(text).split("\n\n") if part.strip()]


def committed_viewer() -> User:
    """Commit (what the request wrote down, e.g. its audit entry) and return the user with
    their attributes loaded again. A streamed response's rows are read after the view has
    returned, in a new application context with a session of its own: an object the commit
    left expired would fail to load there."""
    from hiring.extensions import db

    db.session.commit()
    viewer = user()
    db.session.refresh(viewer)
    return viewer
