"""Interviewers: their assignments, the scorecard, and the panel once their own is in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer_group
from sqlalchemy.orm.exc import StaleDataError

from hiring.catalogue_cache import current_catalogue
from hiring.domain.catalogue import ResolvedRole
from hiring.extensions import db
from hiring.forms.recruiting import AmendForm
from hiring.forms.scorecard import build_scorecard_form
from hiring.i18n import gettext as _
from hiring.i18n import lazy_gettext as _l
from hiring.models import Candidate, Opening, Scorecard
from hiring.models.base import utcnow
from hiring.services import AccessDenied, ServiceError
from hiring.services.candidate_search import (
    CandidateFilter,
    candidate_page,
)
from hiring.services.debriefs import latest_summary
from hiring.services.interviews import (
    SavedMeanwhile,
    access_to,
    amend_scorecard,
    assignments_of,
    input_from_revision,
    save_scorecard,
    scorecard_competencies,
)
from hiring.services.policy import (
    ScorecardAccess,
    managed_openings,
    may_see_debrief,
    may_view_candidate,
    may_view_opening,
    own_scorecards,
    readable_revision,
)
from hiring.services.reminders import overdue_cutoff
from hiring.services.results import (
    load_interviews,
    result_for,
    role_of_snapshot,
)
from hiring.web.common import (
    form_problems,
    lang,
    report_service_error,
    require,
    seen_version,
    user,
)
from hiring.web.fragments import competency_guides
from hiring.web.result_view import result_context, shortlist_context

bp = Blueprint("interviewer", __name__)
SAVED_MEANWHILE = _l(
    "Someone saved this scorecard at the same moment. Nothing of yours was saved: check the "
    "scorecard as it is now and save again."
)
bp.before_request(require("interviews.own"))


@bp.get("/my/interviews")
def assignments() -> str:
    """The interviewer's assignments, the overdue ones first (not submitted
    ``HIRING_SCORECARD_OVERDUE_DAYS`` after the interview), oldest first, with how long ago."""
    scorecards = assignments_of(user())
    cutoff = overdue_cutoff()
    late = sorted(
        (s for s in scorecards if s.submitted is None and s.interview.scheduled_at < cutoff),
        key=lambda s: (s.interview.scheduled_at, s.id),
    )
    now = utcnow()
    return render_template(
        "interviewer/assignments.html",
        late=[(s, (now - s.interview.scheduled_at).days) for s in late],
        scorecards=[(s, None) for s in scorecards if s.id not in {card.id for card in late}],
        managed=list(db.session.execute(managed_openings(user())).scalars()),
    )


def _scorecard_or_404(scorecard_id: int) -> tuple[Scorecard, ScorecardAccess]:
    scorecard: Scorecard = db.get_or_404(Scorecard, scorecard_id)
    access = access_to(scorecard, user())
    if access is ScorecardAccess.NONE:
        abort(404)  # do not reveal whose scorecards exist
    return scorecard, access


@bp.route("/scorecards/<int:scorecard_id>", methods=["GET", "POST"])
def scorecard(scorecard_id: int) -> Any:
    card, access = _scorecard_or_404(scorecard_id)
    interview = card.interview
    role = role_of_snapshot(interview.snapshot)
    keys = scorecard_competencies(interview, role)
    shown = readable_revision(user(), card, access)
    editable = access is ScorecardAccess.EDIT
    initial = input_from_revision(shown if editable else None)
    form = build_scorecard_form(role, keys, lang(), initial)
    if not form.is_submitted():
        form.version.data = str(shown.version if editable and shown is not None else 0)
    if not editable and form.is_submitted():
        # e.g. a second tab: the scorecard was submitted meanwhile, and nothing is saved
        flash(
            _(
                "This scorecard was submitted meanwhile: what you just sent was not saved. "
                "Amend it to change it."
            ),
            "error",
        )
    if editable and form.validate_on_submit():
        submit = bool(form.submit.data)
        seen = seen_version(form.version.data)
        try:
            save_scorecard(card, user(), role, form.to_input(), submit=submit, seen_version=seen)
            db.session.flush()
        except AccessDenied:
            abort(404)
        except SavedMeanwhile as error:
            db.session.rollback()
            form.version.data = str(error.current_version)
            flash(str(error.message), "error")
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            form.version.data = str(card.latest.version if card.latest else 0)
            flash(SAVED_MEANWHILE, "error")
        else:
            db.session.commit()
            if submit:
                flash(_("Scorecard submitted. You can now see the panel."), "info")
                return redirect(
                    url_for("interviewer.candidate", candidate_id=interview.candidate_id)
                )
            flash(_("Draft saved. Nobody else sees it until you submit."), "info")
            return redirect(url_for("interviewer.scorecard", scorecard_id=card.id))
    problems = (
        form_problems(
            form,
            _evidence_labels(role, keys),
            first=[name for key in keys for name in (f"score_{key}", f"note_{key}")],
        )
        if form.is_submitted()
        else []
    )
    page = render_template(
        "interviewer/scorecard.html",
        problems=problems,
        card=card,
        interview=interview,
        role=role,
        keys=keys,
        guides=competency_guides(interview.snapshot.sha256, role, keys, lang()) if editable else {},
        form=form,
        shown=shown,
        editable=editable,
        may_amend=access is ScorecardAccess.AMEND,
        others_draft=not editable and card.latest is not None and card.latest is not shown,
        amend_form=AmendForm(),
        lang_code=lang(),
    )
    return (page, 422) if problems else page


def _evidence_labels(role: ResolvedRole, keys: Sequence[str]) -> dict[str, str]:
    """Every evidence field is labelled "Evidence" beside its competency; in the error summary
    it needs the competency's name."""
    evidence = _("Evidence")
    return {
        f"note_{key}": f"{entry.competency.name.get(lang())} – {evidence}"
        for key in keys
        if (entry := role.competency(key)) is not None
    }


@bp.post("/scorecards/<int:scorecard_id>/amend")
def amend(scorecard_id: int) -> Any:
    card, _access = _scorecard_or_404(scorecard_id)
    form = AmendForm()
    if form.validate_on_submit():
        try:
            amend_scorecard(card, user(), form.reason.data or "")
            db.session.flush()
        except AccessDenied:
            abort(404)
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


@bp.get("/my/openings")
def my_openings() -> str:
    """The openings the user is the hiring manager of."""
    openings = list(db.session.execute(managed_openings(user())).scalars())
    return render_template("interviewer/openings.html", openings=openings)


@bp.get("/my/openings/<int:opening_id>")
def my_opening(opening_id: int) -> str:
    """One managed opening's candidates with their stored figures, best fit first, a page at a
    time (the independence rule hides figures where the manager sits on a panel)."""
    opening: Opening = db.get_or_404(Opening, opening_id)
    if not may_view_opening(user(), opening):
        abort(404)
    wanted = CandidateFilter.from_args({**request.args, "opening": opening.id})
    page = candidate_page(wanted, user())
    return render_template("interviewer/opening.html", opening=opening, page=page, wanted=wanted)


@bp.get("/my/openings/<int:opening_id>/shortlist")
def my_shortlist(opening_id: int) -> str:
    """The managed opening's candidates side by side, as the recruiters' shortlist shows them
    (without the recruiting team's documents and batches)."""
    opening: Opening = db.get_or_404(Opening, opening_id)
    if not may_view_opening(user(), opening):
        abort(404)
    return render_template(
        "recruiter/shortlist.html", **shortlist_context(opening, for_manager=True)
    )


@bp.get("/my/candidates/<int:candidate_id>")
def candidate(candidate_id: int) -> str:
    found: Candidate = db.get_or_404(Candidate, candidate_id, options=[undefer_group("person")])
    interviews = load_interviews([found.id])[found.id]
    if not may_view_candidate(user(), interviews, found):
        abort(404)
    result = result_for(found, interviews, current_catalogue(), user())
    context = result_context(result, lang())
    own = own_scorecards(user(), interviews)
    summary = None
    if not result.withheld and may_see_debrief(user(), found):
        summary = latest_summary(found.id)
    return render_template(
        "interviewer/candidate.html",
        candidate=found,
        own=own,
        debrief_summary=summary,
        debrief_link=False,
        **context,
    )
