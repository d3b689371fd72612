"""The recruiter's workflow: openings, candidates, interviews, results, decisions, shortlists."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import to_user_timezone, to_utc
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer_group
from sqlalchemy.orm.exc import StaleDataError
from wtforms.fields.choices import SelectChoice

from hiring.catalogue_cache import current_catalogue
from hiring.domain.agreement import alpha_reading
from hiring.domain.records import whole_number
from hiring.domain.retention import add_months
from hiring.extensions import db
from hiring.forms.debrief import DebriefBase, debrief_form
from hiring.forms.fields import options
from hiring.forms.recruiting import (
    CancelInterviewForm,
    CandidateForm,
    DecisionForm,
    InterviewChangeForm,
    InterviewForm,
    OpeningForm,
)
from hiring.forms.self_assessment import IssueForm, RevokeForm
from hiring.forms.team import EmployeeForm
from hiring.i18n import gettext as _
from hiring.labels import (
    DECISION_LABELS,
    EDUCATION_LABELS,
    KIND_LABELS,
    LANGUAGE_LABELS,
    RECOMMENDATION_LABELS,
    ROLE_LABELS,
    SELF_STATE_LABELS,
    STATUS_LABELS,
)
from hiring.models import (
    CANDIDATE_STATUSES,
    Candidate,
    Interview,
    Opening,
    SelfAssessment,
    User,
)
from hiring.models.base import utcnow
from hiring.reports.csv_export import csv_chunks
from hiring.services import ServiceError, audit
from hiring.services.accounts import active_users, all_users
from hiring.services.candidate_search import (
    PAGE_SIZES,
    SHORTLIST_CAP,
    CandidateFilter,
    candidate_page,
    csv_header,
    export_rows,
)
from hiring.services.debriefs import (
    Debrief,
    DebriefConflict,
    debrief_of,
    latest_summary,
    open_agenda,
    record_debrief,
)
from hiring.services.employment import employee_record, link_employee, team_managers
from hiring.services.interviews import (
    cancel_interview,
    change_interview,
    histories,
    is_cancelled,
    schedule_interview,
)
from hiring.services.mail import SEND_ERRORS, mail_configured
from hiring.services.panel_quality import (
    CALIBRATION_THRESHOLD,
    MIN_SHARED_CANDIDATES,
    panel_quality,
)
from hiring.services.people import other_candidacies
from hiring.services.policy import may_manage_candidacy, may_view_opening, sees_every_team
from hiring.services.privacy import keep_until
from hiring.services.recruiting import (
    CANDIDATE_FIELDS,
    OPENING_FIELDS,
    all_openings,
    create_candidate,
    create_opening,
    openings_with_counts,
    record_decision,
    set_opening_status,
    update_candidate,
    update_opening,
)
from hiring.services.reminders import overdue_for
from hiring.services.results import (
    CandidateResult,
    load_interviews,
    result_for,
)
from hiring.services.self_assessments import (
    issue_self_assessment,
    latest_of,
    link_for,
    progress_of,
    revoke_self_assessment,
    send_link,
    state_of,
)
from hiring.web.common import (
    committed_viewer,
    flash_form_errors,
    lang,
    own_notice,
    report_service_error,
    require,
    seen_version,
    user,
)
from hiring.web.result_view import result_context, shortlist_context

bp = Blueprint("recruiter", __name__)
bp.before_request(require("recruiting.manage"))


def _candidacy_or_404(candidate_id: int) -> Candidate:
    """A candidacy for an opening; a manager's assessment of a representative is not the
    recruiting team's (:func:`policy.may_manage_candidacy`), and answers 404 here."""
    found = db.get_or_404(Candidate, candidate_id, options=[undefer_group("person")])
    if not may_manage_candidacy(user(), found):
        abort(404)
    return found


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {
        "status_labels": STATUS_LABELS,
        "decision_labels": DECISION_LABELS,
        "kind_labels": KIND_LABELS,
        "recommendation_labels": RECOMMENDATION_LABELS,
        "education_labels": EDUCATION_LABELS,
        "self_state_labels": SELF_STATE_LABELS,
        "language_labels": LANGUAGE_LABELS,
    }


# --- openings -----------------------------------------------------------------------------


def _role_names() -> list[tuple[str, str]]:
    return [(key, role.profile.name.get(lang())) for key, role in current_catalogue().roles.items()]


@bp.get("/openings")
def openings() -> str:
    rows = openings_with_counts()
    roles = dict(_role_names())
    return render_template("recruiter/openings.html", rows=rows, roles=roles)


@bp.route("/openings/new", methods=["GET", "POST"])
@bp.route("/openings/<int:opening_id>/edit", methods=["GET", "POST"])
def edit_opening(opening_id: int | None = None) -> Any:
    opening = db.get_or_404(Opening, opening_id) if opening_id else None
    form = OpeningForm(obj=opening, role_key=opening.role_key if opening else "kam")
    # A required select opens with an empty choice (HTML: its first option must be empty), so
    # that leaving it unchosen is refused rather than silently taking the first role.
    form.role_key.choices = options([("", _("Choose a role profile")), *_role_names()])
    form.hiring_manager_id.choices = options(
        [(None, "–"), *((p.id, f"{p.name} ({ROLE_LABELS[p.role]})") for p in active_users())]
    )
    if form.validate_on_submit():
        values = {name: form[name].data for name in OPENING_FIELDS}
        try:
            if opening is None:
                opening = create_opening(values, user())
            else:
                update_opening(opening, values)
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
        else:
            db.session.commit()
            flash(_("Opening saved."), "info")
            return redirect(url_for("recruiter.candidates", opening=opening.id))
    return render_template("recruiter/opening_form.html", form=form, opening=opening)


@bp.post("/openings/<int:opening_id>/status")
def opening_status(opening_id: int) -> Any:
    """Close or reopen from the list of openings."""
    opening = db.get_or_404(Opening, opening_id)
    try:
        set_opening_status(opening, request.form.get("status", ""))
    except ServiceError as error:
        db.session.rollback()
        report_service_error(error)
    else:
        db.session.commit()
        flash(
            _("%(title)s is closed: it takes no new candidates.", title=opening.title)
            if opening.status == "closed"
            else _("%(title)s is open again.", title=opening.title),
            "info",
        )
    return redirect(url_for("recruiter.openings"))


# --- candidates -----------------------------------------------------------------------------


@bp.get("/candidates")
def candidates() -> str:
    wanted = CandidateFilter.from_args(request.args)
    return render_template(
        "recruiter/candidates.html",
        page=candidate_page(wanted, user()),
        overdue=overdue_for(user()) if wanted.page == 1 else None,
        wanted=wanted,
        openings=all_openings(),
        statuses=CANDIDATE_STATUSES,
        page_sizes=PAGE_SIZES,
        shortlist_cap=SHORTLIST_CAP,
    )


@bp.get("/candidates/export.csv")
def export_candidates() -> Response:
    """The filtered list as CSV that opens correctly in Excel (UTF-8 with BOM; ``;`` and a
    decimal comma with ``delimiter=;``; cells that a spreadsheet would run as a formula are
    neutralised)."""
    wanted = CandidateFilter.from_args(request.args)
    delimiter = ";" if request.args.get("delimiter") == ";" else ","
    # the filter is not written down: a search may hold a name
    audit.record(
        "data_exported", user=user(), opening_id=wanted.opening, details={"what": "candidates"}
    )
    viewer = committed_viewer()
    chunks = csv_chunks(csv_header(), export_rows(wanted, viewer), delimiter=delimiter)
    return Response(
        stream_with_context(chunks),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=candidates.csv"},
    )


def _candidate_form(candidate: Candidate | None) -> CandidateForm:
    form = CandidateForm(obj=candidate)
    if candidate is not None and not form.is_submitted():
        form.version.data = str(candidate.version)
        form.languages.data = ", ".join(candidate.language_list)
    current = candidate.opening_id if candidate is not None else None
    form.opening_id.choices = [
        *options([("", _("No opening"))]),
        *(
            SelectChoice(o.id, o.title)
            if o.status == "open" or o.id == current
            else SelectChoice(o.id, _("%(title)s (closed)", title=o.title), {"disabled": True})
            for o in all_openings()
        ),
    ]
    if candidate is None and not form.is_submitted():
        form.opening_id.data = whole_number(request.args.get("opening"))
    return form


@bp.route("/candidates/new", methods=["GET", "POST"])
@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
def edit_candidate(candidate_id: int | None = None) -> Any:
    candidate = _candidacy_or_404(candidate_id) if candidate_id else None
    form = _candidate_form(candidate)
    if form.validate_on_submit():
        values = {name: form[name].data for name in CANDIDATE_FIELDS}
        values["notes"] = values["notes"] or ""
        values["email"] = values["email"] or ""
        values["phone"] = values["phone"] or ""
        try:
            if candidate is None:
                candidate = create_candidate(values)
            else:
                update_candidate(candidate, values, seen_version(form.version.data))
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
        except StaleDataError:
            db.session.rollback()
            flash(
                _(
                    "Someone else changed this candidate while you were editing. Your changes "
                    "were not saved: reload the page to see the current data and edit again."
                ),
                "error",
            )
        else:
            flash(_("Candidate saved."), "info")
            return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    return render_template(
        "recruiter/candidate_form.html",
        form=form,
        candidate=candidate,
        notice=own_notice("APPLICANT_NOTICE"),
        controller=current_app.config.get("PRIVACY_CONTROLLER") or "",
        contact=current_app.config.get("PRIVACY_CONTACT") or "",
        months=int(current_app.config["RETENTION_MONTHS"]),
    )


@bp.get("/candidates/<int:candidate_id>")
def candidate(candidate_id: int) -> str:
    return _candidate_page(_candidacy_or_404(candidate_id), DecisionForm(formdata=None))


def _employee_form(found: Candidate, formdata: Any = None) -> EmployeeForm | None:
    """The form that makes a hired candidate an employee: an administrator's, while the
    person has no employee record."""
    if found.status != "hired" or found.person.employee_id or not sees_every_team(user()):
        return None
    form = EmployeeForm(formdata=formdata)
    form.manager_id.choices = options((u.id, u.name) for u in team_managers())
    return form


def _candidate_page(
    found: Candidate, decision_form: DecisionForm, employee_form: EmployeeForm | None = None
) -> str:
    """The candidate's page; ``decision_form`` (and ``employee_form``) as typed when it was
    refused, so that nothing typed is lost."""
    interviews = load_interviews([found.id])[found.id]
    result = result_for(found, interviews, current_catalogue(), user())
    context = result_context(result, lang())
    link = latest_of(found.id)
    issue_form = IssueForm(
        formdata=None, days=current_app.config["SELF_ASSESSMENT_DAYS"], lang=lang()
    )
    return render_template(
        "recruiter/candidate.html",
        candidate=found,
        interviews=interviews,
        interview_history=histories([i.id for i in interviews]),
        decision_form=decision_form,
        self_link=link,
        self_state=state_of(link) if link else None,
        self_progress=progress_of(link) if link else None,
        issue_form=issue_form,
        may_send=mail_configured() and bool(found.email),
        revoke_form=RevokeForm(),
        other_candidacies=other_candidacies(found),
        keep_until=keep_until(found.person_id, int(current_app.config["RETENTION_MONTHS"])),
        debrief_open=open_agenda(result) is not None,
        employee_form=employee_form or _employee_form(found),
        every_team=sees_every_team(user()),
        debrief_summary=None if result.withheld else latest_summary(found.id),
        debrief_link=True,
        **context,
    )


@bp.post("/candidates/<int:candidate_id>/self-assessments")
def issue_self(candidate_id: int) -> Any:
    """Issue a self-assessment link; the link is shown once, on the page this answers with,
    and stored nowhere (only its hash is)."""
    found = _candidacy_or_404(candidate_id)
    form = IssueForm()
    if form.validate_on_submit():
        assert form.days.data is not None
        try:
            issued = issue_self_assessment(
                found,
                user(),
                days=form.days.data,
                lang=form.lang.data or "fi",
                catalogue=current_catalogue(),
            )
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error)
        else:
            db.session.commit()
            link = link_for(issued.token)
            sent_to = None
            if form.send.data and mail_configured():
                try:
                    sent_to = send_link(issued.assessment, link)
                except ServiceError as error:
                    flash(str(error.message), "error")
                except SEND_ERRORS as error:
                    current_app.logger.warning("self-assessment link not sent: %s", error)
                    flash(
                        _(
                            "The e-mail could not be sent (%(error)s): copy the link instead.",
                            error=type(error).__name__,
                        ),
                        "error",
                    )
            return render_template(
                "recruiter/self_link.html",
                candidate=found,
                link=link,
                assessment=issued.assessment,
                sent_to=sent_to,
                # switching language would ask for this answer again, and lose the link
                no_language_switch=True,
            )
    flash_form_errors(form)
    return redirect(url_for("recruiter.candidate", candidate_id=found.id) + "#self-assessment")


@bp.post("/candidates/<int:candidate_id>/self-assessments/<int:assessment_id>/revoke")
def revoke_self(candidate_id: int, assessment_id: int) -> Any:
    found = _candidacy_or_404(candidate_id)
    assessment = db.get_or_404(SelfAssessment, assessment_id)
    if assessment.candidate_id != found.id:
        abort(404)
    if RevokeForm().validate_on_submit():
        try:
            revoke_self_assessment(assessment, user())
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error)
        else:
            db.session.commit()
            flash(_("The link is revoked: it no longer opens the questionnaire."), "info")
    return redirect(url_for("recruiter.candidate", candidate_id=found.id) + "#self-assessment")


@bp.post("/candidates/<int:candidate_id>/decisions")
def decide(candidate_id: int) -> Any:
    found = _candidacy_or_404(candidate_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            record_decision(found, form.decision.data, form.reason.data or "", user())
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error)
        except StaleDataError:
            db.session.rollback()
            flash(
                _(
                    "Someone else changed this candidate at the same moment. Your decision was "
                    "not saved: check the page and record it again."
                ),
                "error",
            )
        else:
            flash(_("Decision recorded."), "info")
            if form.back.data == "debrief":
                return redirect(url_for("recruiter.debrief", candidate_id=found.id) + "#decisions")
            return redirect(url_for("recruiter.candidate", candidate_id=found.id) + "#decisions")
    flash_form_errors(form)
    # the page again with what was typed, the errors beside their fields: nothing is lost
    if form.back.data == "debrief":
        return _debrief_page(found, decision_form=form), 422
    return _candidate_page(found, form), 422


@bp.post("/candidates/<int:candidate_id>/employee")
def make_employee(candidate_id: int) -> Any:
    """An administrator makes a hired candidate an employee in a manager's team: their field
    results then arrive with the team's imports, and the quality-of-hire figures count them."""
    found = _candidacy_or_404(candidate_id)
    if not sees_every_team(user()):
        abort(403)
    form = _employee_form(found, formdata=request.form)
    if form is None:
        flash(_("Only a hired candidate without an employee record becomes an employee."), "error")
        return redirect(url_for("recruiter.candidate", candidate_id=found.id))
    if form.validate_on_submit():
        try:
            record = employee_record(
                {
                    "employee_id": form.employee_id.data or "",
                    "name": found.name,
                    "email": found.email,
                    "team": form.team.data or "",
                    "territory": form.territory.data or "",
                    "role": form.role.data or "",
                    "sales_experience_years": found.sales_experience_years,
                    "education": found.education,
                    "languages": found.languages,
                }
            )
            manager = db.session.get(User, form.manager_id.data)
            assert manager is not None  # one of the offered choices
            person = link_employee(found, record, manager, user())
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
        except IntegrityError:
            db.session.rollback()
            flash(_("That employee id was just given to someone else: choose another."), "error")
        except StaleDataError:
            db.session.rollback()
            flash(_("Someone else changed this person at the same moment: check the page."),
                  "error")  # fmt: skip
            return redirect(url_for("recruiter.candidate", candidate_id=found.id)), 409
        else:
            flash(_("%(name)s is now an employee in %(manager)s's team.", name=found.name,
                    manager=manager.name), "info")  # fmt: skip
            return redirect(url_for("team.person", person_id=person.id))
    flash_form_errors(form)
    return _candidate_page(found, DecisionForm(formdata=None), form), 422


# --- the panel debrief ----------------------------------------------------------------------


def _debrief_page(
    found: Candidate,
    *,
    notes_form: DebriefBase | None = None,
    decision_form: DecisionForm | None = None,
    result: CandidateResult | None = None,
    debrief: Debrief | None = None,
) -> str:
    """The debrief page: the agenda (disagreements first) with every interviewer's score and
    evidence and the consensus notes so far, red flags, recommendations, the self-assessment
    gap, the summary, and the decision form. Before every scorecard is in, it says what is
    missing and shows no rating."""
    if result is None:
        interviews = load_interviews([found.id])[found.id]
        result = result_for(found, interviews, current_catalogue(), user())
    order = open_agenda(result)
    # the notes speak of the panel's ratings: read only when the page may show them
    debrief = debrief or (debrief_of(found.id) if order else Debrief())
    context: dict[str, Any] = {"pending": result.pending}
    if order is not None:
        context = {
            **result_context(result, lang()),
            "agenda": order,
            "notes_form": notes_form
            or debrief_form(order, lang(), debrief.newest_id, formdata=None),
        }
    return render_template(
        "recruiter/debrief.html",
        candidate=found,
        ready=order is not None,
        withheld=result.withheld,
        debrief=debrief,
        decision_form=decision_form or DecisionForm(formdata=None),
        back="debrief",
        **context,
    )


@bp.get("/candidates/<int:candidate_id>/debrief")
def debrief(candidate_id: int) -> str:
    return _debrief_page(_candidacy_or_404(candidate_id))


@bp.post("/candidates/<int:candidate_id>/debrief")
def record_debrief_notes(candidate_id: int) -> Any:
    """Add the consensus notes and summary typed; a refusal answers the page again with what
    was typed kept."""
    found = _candidacy_or_404(candidate_id)
    interviews = load_interviews([found.id])[found.id]
    result = result_for(found, interviews, current_catalogue(), user())
    order = open_agenda(result)
    if order is None:
        flash(_("The debrief opens when every scorecard is submitted."), "error")
        return _debrief_page(found, result=result), 409
    form = debrief_form(order, lang(), 0)
    if form.validate_on_submit():
        try:
            record_debrief(found, form.to_input(), result, user())
            db.session.commit()
        except DebriefConflict as error:
            db.session.rollback()
            flash(str(error.message), "error")
            current = debrief_of(found.id)
            # the page now shows the newer notes: the next save may go ahead
            form.seen.data = str(current.newest_id)
            return _debrief_page(found, notes_form=form, result=result, debrief=current), 409
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error)
        else:
            flash(_("Debrief notes recorded."), "info")
            return redirect(url_for("recruiter.debrief", candidate_id=found.id) + "#summary-note")
    flash_form_errors(form)
    return _debrief_page(found, notes_form=form, result=result), 422


@bp.route("/candidates/<int:candidate_id>/interviews/new", methods=["GET", "POST"])
def new_interview(candidate_id: int) -> Any:
    found = _candidacy_or_404(candidate_id)
    if found.opening is None:
        flash(_("Attach the candidate to an opening first."), "error")
        return redirect(url_for("recruiter.edit_candidate", candidate_id=found.id))
    catalogue = current_catalogue()
    if found.opening.role_key not in catalogue.roles:
        abort(409)
    role = catalogue.roles[found.opening.role_key]
    form = InterviewForm()
    people = active_users()
    form.interviewers.choices = options((p.id, p.name) for p in people)
    form.competencies.choices = options(
        (c.key, c.competency.name.get(lang())) for c in role.competencies
    )
    if form.validate_on_submit():
        assert form.scheduled_at.data is not None
        try:
            schedule_interview(
                found,
                scheduled_at=to_utc(form.scheduled_at.data).replace(tzinfo=UTC),
                kind=form.kind.data,
                interviewer_ids=form.interviewers.data or [],
                competencies=form.competencies.data or None,
                by=user(),
                catalogue=catalogue,
            )
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
        else:
            db.session.commit()
            flash(_("Interview scheduled."), "info")
            return redirect(url_for("recruiter.candidate", candidate_id=found.id))
    return render_template("recruiter/interview_form.html", form=form, candidate=found)


def _interview_or_404(interview_id: int) -> Interview:
    interview = db.get_or_404(Interview, interview_id)
    _candidacy_or_404(interview.candidate_id)  # the policy's answer for its candidate
    return interview


@bp.route("/interviews/<int:interview_id>/edit", methods=["GET", "POST"])
def edit_interview(interview_id: int) -> Any:
    """Reschedule, change the kind or the panel, or cancel; every change is kept in the
    interview's history, shown on the candidate's page."""
    interview = _interview_or_404(interview_id)
    candidate = interview.candidate
    if is_cancelled(interview):
        flash(_("This interview is cancelled and can no longer change."), "error")
        return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    form = InterviewChangeForm(
        scheduled_at=to_user_timezone(interview.scheduled_at).replace(tzinfo=None),
        kind=interview.kind,
        interviewers=[card.interviewer_id for card in interview.scorecards],
    )
    on_panel = {card.interviewer_id for card in interview.scorecards}
    people = [p for p in all_users() if p.active or p.id in on_panel]
    form.interviewers.choices = options((p.id, p.name) for p in people)
    submitted = {card.interviewer_id for card in interview.scorecards if card.submitted}
    cancel_form = CancelInterviewForm(prefix="cancel")
    if form.validate_on_submit():
        assert form.scheduled_at.data is not None
        try:
            changed = change_interview(
                interview,
                scheduled_at=to_utc(form.scheduled_at.data).replace(tzinfo=UTC),
                kind=form.kind.data,
                interviewer_ids=form.interviewers.data or [],
                reason=form.reason.data or "",
                by=user(),
            )
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            flash(
                _("Someone changed this interview at the same moment: check it and try again."),
                "error",
            )
        else:
            db.session.commit()
            flash(_("Interview changed.") if changed else _("Nothing was changed."), "info")
            return redirect(url_for("recruiter.candidate", candidate_id=candidate.id))
    return render_template(
        "recruiter/interview_edit.html",
        form=form,
        cancel_form=cancel_form,
        interview=interview,
        candidate=candidate,
        submitted=submitted,
    )


@bp.post("/interviews/<int:interview_id>/cancel")
def cancel_interview_view(interview_id: int) -> Any:
    interview = _interview_or_404(interview_id)
    form = CancelInterviewForm(prefix="cancel")
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("recruiter.edit_interview", interview_id=interview.id))
    try:
        cancel_interview(interview, form.reason.data or "", user())
    except ServiceError as error:
        db.session.rollback()
        report_service_error(error)
        return redirect(url_for("recruiter.edit_interview", interview_id=interview.id))
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        flash(
            _("Someone changed this interview at the same moment: check it and try again."), "error"
        )
        return redirect(url_for("recruiter.edit_interview", interview_id=interview.id))
    db.session.commit()
    flash(_("Interview cancelled."), "info")
    return redirect(url_for("recruiter.candidate", candidate_id=interview.candidate_id))


# --- shortlist ------------------------------------------------------------------------------


@bp.get("/openings/<int:opening_id>/shortlist")
def shortlist(opening_id: int) -> str:
    """Several candidates of one opening side by side: fit, level, floors, competencies."""
    opening = db.get_or_404(Opening, opening_id)
    return render_template("recruiter/shortlist.html", **shortlist_context(opening))


# --- panel quality ------------------------------------------------------------------------

PERIODS = {"12": 12, "36": 36, "all": 0}
"""The periods of submission the page offers, in months (0: any time)."""
DEFAULT_PERIOD = "all"


@bp.get("/panel-quality")
def panel_quality_page() -> str:
    """How far the panels agree per competency, and each interviewer's calibration, for every
    candidacy or one opening (``?opening=ID``), within the independence rule."""
    chosen = request.args.get("opening", "")
    opening = None
    if chosen:
        wanted = whole_number(chosen)
        if wanted is None:
            abort(404)
        opening = db.get_or_404(Opening, wanted)
        if not may_view_opening(user(), opening):
            abort(404)
    period = request.args.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        abort(404)
    months = PERIODS[period]
    today = utcnow().date()
    since = datetime.combine(add_months(today, -months), time.min, UTC) if months else None
    names = {
        c.key: c.name.get(lang())
        for library in current_catalogue().libraries.values()
        for c in library.competencies
    }
    return render_template(
        "recruiter/panel_quality.html",
        quality=panel_quality(user(), opening, since),
        period=period,
        openings=all_openings(),
        names=names,
        minimum=MIN_SHARED_CANDIDATES,
        threshold=CALIBRATION_THRESHOLD,
        reading=alpha_reading,
    )
