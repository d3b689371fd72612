"""Quality of hire: which hiring figures predicted later results in the field, for
administrators and sales managers; each interviewer's own figure for themself (and for
administrators)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from werkzeug.exceptions import BadRequest

from hiring.catalogue_cache import current_catalogue
from hiring.domain.records import whole_number
from hiring.domain.validity import MIN_PEOPLE, OUTCOMES, strength
from hiring.i18n import lazy_gettext as _l
from hiring.labels import OUTCOME_LABELS
from hiring.models.base import utcnow
from hiring.services.policy import (
    can,
    may_see_interviewer_validity,
    sees_every_interviewer_validity,
    sees_every_team,
)
from hiring.services.validity import (
    MONTHS,
    check_choice,
    hires_page,
    predictor_names,
    validity,
)
from hiring.web.common import lang, require, user

bp = Blueprint("validity", __name__)
bp.before_request(require("interviews.own"))

DEFAULT_OUTCOME = "sales_vs_plan_pct"
DEFAULT_MONTHS = 12


class BadChoice(BadRequest):
    reader_message = _l(
        "Choose an outcome and a window from the lists on the page: the address asked for "
        "one the page does not offer."
    )


def _choice() -> tuple[str, int]:
    """The outcome and window the request asks for, checked by the service; anything else is
    a 400 saying so."""
    outcome = request.args.get("outcome", DEFAULT_OUTCOME)
    months = whole_number(request.args.get("months", str(DEFAULT_MONTHS)))
    if months is None:
        raise BadChoice()
    try:
        check_choice(outcome, months)
    except ValueError:
        raise BadChoice() from None
    return outcome, months


def _names() -> dict[str, str]:
    return predictor_names(current_catalogue(), lang())


def _common(outcome: str, months: int) -> dict[str, Any]:
    return {
        "outcome": outcome,
        "months": months,
        "outcomes": OUTCOMES,
        "month_choices": MONTHS,
        "outcome_labels": OUTCOME_LABELS,
        "names": _names(),
        "strength": strength,
        "minimum": MIN_PEOPLE,
    }


@bp.get("/validity")
def overview() -> str:
    """Each predictor's correlation with the chosen outcome over every hire; the
    per-interviewer figures for administrators."""
    if not can(user(), "validity.read"):
        abort(403)
    outcome, months = _choice()
    every = sees_every_interviewer_validity(user())
    report = validity(outcome, months, utcnow().date(), raters="all" if every else None)
    return render_template(
        "validity/overview.html",
        report=report,
        every_interviewer=every,
        people_scope="all" if sees_every_team(user()) else "team",
        **_common(outcome, months),
    )


@bp.get("/validity/people")
def people() -> str:
    """The hires behind the figures, as far as the viewer may see them, a page at a time."""
    if not can(user(), "validity.read"):
        abort(403)
    outcome, months = _choice()
    page = whole_number(request.args.get("page", "1"))
    if page is None or page < 1:
        raise BadChoice()
    names = _names()
    predictor = request.args.get("predictor", "fit")
    if predictor not in names:
        raise BadChoice()
    interviewer_id = None
    if request.args.get("interviewer"):
        interviewer_id = whole_number(request.args["interviewer"])
        if interviewer_id is None or not may_see_interviewer_validity(user(), interviewer_id):
            abort(404)  # an interviewer's figure is theirs and the administrators'
    found = hires_page(
        user(), outcome, months, utcnow().date(), page=page, interviewer_id=interviewer_id
    )
    return render_template(
        "validity/people.html",
        found=found,
        predictor=predictor,
        interviewer_id=interviewer_id,
        every_team=sees_every_team(user()),
        **_common(outcome, months),
    )


@bp.get("/my/validity")
def own() -> str:
    """The viewer's own figure: how their scores of the people later hired went with those
    people's outcomes. Nobody else's."""
    outcome, months = _choice()
    report = validity(outcome, months, utcnow().date(), raters=user().id)
    mine = next((figure for uid, _, figure in report.interviewers if uid == user().id), None)
    return render_template(
        "validity/own.html",
        report=report,
        figure=mine,
        **_common(outcome, months),
    )
