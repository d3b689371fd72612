"""Interviewers: their assignments, the scorecard, and the panel once their own is in."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from hiring.extensions import db
from hiring.forms.recruiting import AmendForm
from hiring.forms.scorecard import build_scorecard_form
from hiring.models import Candidate, Interview, Scorecard
from hiring.rubrics import current_catalogue
from hiring.services import AccessDenied, ServiceError
from hiring.services.access import may_see_panel, may_view_candidate
from hiring.services.interviews import (
    amend_scorecard,
    input_from_revision,
    may_fill,
    save_scorecard,
    scorecard_competencies,
)
from hiring.services.results import build_result, load_interviews, role_of_snapshot
from hiring.web.common import lang, report_service_error, require_roles, user
from hiring.web.result_view import result_context

bp = Blueprint("interviewer", __name__)
SAVED_MEANWHILE = _l(
    "Someone saved this scorecard at the same moment. Nothing of yours was saved: check the "
    "scorecard as it is now and save again."
)
bp.before_request(require_roles())


@bp.get("/my/interviews")
def assignments() -> str:
    scorecards = (
        db.session.execute(
            db.select(Scorecard)
            .join(Scorecard.interview)
            .where(Scorecard.interviewer_id == user().id)
            .order_by(Interview.scheduled_at.desc())
            .options(
                selectinload(Scorecard.interview).selectinload(Interview.candidate),
                selectinload(Scorecard.revisions),
            )
        )
        .scalars()
        .all()
    )
    return render_template("interviewer/assignments.html", scorecards=scorecards)


def _scorecard_or_404(scorecard_id: int) -> Scorecard:
    scorecard: Scorecard = db.get_or_404(Scorecard, scorecard_id)
    if not may_fill(scorecard, user()):
        abort(404)  # do not reveal whose scorecards exist
    return scorecard


@bp.route("/scorecards/<int:scorecard_id>", methods=["GET", "POST"])
def scorecard(scorecard_id: int) -> Any:
    card = _scorecard_or_404(scorecard_id)
    interview = card.interview
    role = role_of_snapshot(interview.snapshot)
    keys = scorecard_competencies(interview, role)
    latest = card.latest
    form = build_scorecard_form(role, keys, lang(), input_from_revision(latest))
    locked = latest is not None and latest.status == "submitted"
    if not locked and form.validate_on_submit():
        submit = bool(form.submit.data)
        try:
            save_scorecard(card, user(), role, form.to_input(), submit=submit)
            db.session.flush()
        except AccessDenied:
            abort(404)
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            flash(SAVED_MEANWHILE, "error")
            return redirect(url_for("interviewer.scorecard", scorecard_id=card.id))
        else:
            db.session.commit()
            if submit:
                flash(_("Scorecard submitted. You can now see the panel."), "info")
                return redirect(
                    url_for("interviewer.candidate", candidate_id=interview.candidate_id)
                )
            flash(_("Draft saved. Nobody else sees it until you submit."), "info")
            return redirect(url_for("interviewer.scorecard", scorecard_id=card.id))
    return render_template(
        "interviewer/scorecard.html",
        card=card,
        interview=interview,
        role=role,
        keys=keys,
        form=form,
        locked=locked,
        amend_form=AmendForm(),
        lang_code=lang(),
    )


@bp.post("/scorecards/<int:scorecard_id>/amend")
def amend(scorecard_id: int) -> Any:
    card = _scorecard_or_404(scorecard_id)
    form = AmendForm()
    if form.validate_on_submit():
        try:
            amend_scorecard(card, user(), form.reason.data or "")
            db.session.flush()
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error)
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            flash(SAVED_MEANWHILE, "error")
        else:
            db.session.commit()
            flash(_("A new revision is open. Submit it when it is complete."), "info")
    else:
        flash(_("Give the reason for the amendment."), "error")
    return redirect(url_for("interviewer.scorecard", scorecard_id=card.id))


@bp.get("/my/candidates/<int:candidate_id>")
def candidate(candidate_id: int) -> str:
    found: Candidate = db.get_or_404(Candidate, candidate_id)
    interviews = load_interviews([found.id])[found.id]
    if not may_view_candidate(user(), interviews):
        abort(404)
    show_panel = may_see_panel(user(), interviews)
    context: dict[str, Any] = {"data": None, "show_panel": False}
    if show_panel:
        result = build_result(found, interviews, current_catalogue())
        context = result_context(result, lang(), True)
    own = [s for i in interviews for s in i.scorecards if s.interviewer_id == user().id]
    return render_template("interviewer/candidate.html", candidate=found, own=own, **context)
