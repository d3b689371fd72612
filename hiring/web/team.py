"""A sales manager's team: the talent pool, a representative's page, assessing them for the
KAM role, and importing or exporting the team as a spreadsheet."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from sqlalchemy.exc import IntegrityError

from hiring.catalogue_cache import current_catalogue
from hiring.domain.employees import FIELD_EVIDENCE, PROCESS_FIGURES
from hiring.domain.nine_box import BANDS
from hiring.domain.records import whole_number
from hiring.domain.team_csv import (
    FIELD_COLUMNS,
    TEAM_COLUMNS,
    RowProblem,
    TeamFile,
    decode,
    read_team_csv,
    team_template,
)
from hiring.domain.team_development import NAMES_KEPT
from hiring.extensions import db
from hiring.forms.fields import options
from hiring.forms.team import (
    MAX_TEAM_FILE,
    AccountForm,
    AssessForm,
    LeavingForm,
    ProgressForm,
    TeamConfirmForm,
    TeamUploadForm,
)
from hiring.i18n import gettext as _
from hiring.i18n import lazy_gettext as _l
from hiring.labels import (
    ACCOUNT_KIND_LABELS,
    BAND_LABELS,
    DEVELOPMENT_LEVEL_LABELS,
    FIELD_LABELS,
    LEADERSHIP_STYLES,
    NINE_BOX_LABELS,
    READINESS_LABELS,
)
from hiring.models import KamAccount, Person, User
from hiring.models.base import utcnow
from hiring.reports.csv_export import csv_chunks
from hiring.services import ServiceError, audit
from hiring.services.employment import leaving_of, record_leaving, team_managers
from hiring.services.evaluations import KAM_ROLE
from hiring.services.onboarding import accounts_of, add_account, record_progress
from hiring.services.people import ImportRefused, check_import, export_team, import_team
from hiring.services.policy import may_view_person, sees_every_team
from hiring.services.results import load_interviews, result_for
from hiring.services.talent_pool import (
    PAGE_SIZES,
    POOL_SORTS,
    READINESS_FILTERS,
    PoolFilter,
    hidden_people,
    pool_choices,
    pool_csv_header,
    pool_csv_rows,
    pool_page,
    readiness_shown,
    recommends,
    team_choice,
)
from hiring.services.team import (
    NINE_BOX_NAMES,
    assessments_of,
    newest_period,
    nine_box,
    rater_choices,
    start_assessment,
    team_development,
)
from hiring.web.common import (
    committed_viewer,
    flash_form_errors,
    lang,
    report_service_error,
    require,
    seen_version,
    user,
)
from hiring.web.result_view import result_context

bp = Blueprint("team", __name__)
PREVIEW_VALID_ROWS = 50
"""Rows without problems shown in an import's preview (every row with a problem is shown)."""
bp.before_request(require("team.manage"))

PROBLEM_MESSAGES = {
    "required": _l("Required."),
    "too_long": _l("At most %(max)s characters."),
    "number": _l("Enter a number."),
    "integer": _l("Enter a whole number."),
    "range": _l("Enter a number from %(low)s to %(high)s."),
    "email": _l("Enter an email address."),
    "education": _l("One of %(choices)s."),
    "languages": _l("Two- or three-letter codes separated by commas, e.g. fi, en."),
    "period": _l("A year, half, quarter or month: 2026, 2026-H1, 2026-Q3 or 2026-07."),
    "total_below_known": _l("Less than vip_kol_known (%(known)s)."),
    "period_needed": _l("Needed when the row has field data."),
    "duplicate_period": _l("This employee's period %(period)s is already on row %(first)s."),
    "differs": _l("Differs from row %(first)s for the same employee_id."),
    "field_count": _l("Expected %(expected)s fields, got %(got)s."),
    "malformed": _l("Malformed CSV (%(detail)s)."),
    "no_header": _l("No header row; expected %(columns)s."),
    "unknown_column": _l("Unexpected column; expected %(columns)s."),
    "repeated_column": _l("Appears more than once."),
    "missing_column": _l("Missing column."),
    "no_rows": _l("No rows below the header."),
    "other_team": _l("Belongs to another manager's team."),
    "not_utf8": _l("Not UTF-8 text; save the file as CSV UTF-8."),
}
"""A file problem (:class:`hiring.domain.team_csv.RowProblem`) in the reader's language."""


def problem_text(problem: RowProblem) -> str:
    where = _("Row %(row)s", row=problem.row)
    if problem.column:
        where += f", {problem.column}"
    return f"{where}: {PROBLEM_MESSAGES[problem.kind] % problem.params}"


def _person_or_404(person_id: int) -> Person:
    person = db.get_or_404(Person, person_id)
    if not may_view_person(user(), person):
        abort(404)
    return person


@bp.get("/team")
def pool() -> str:
    """The talent pool: the team's representatives ranked by KAM score (or fit, field
    results, name), filtered by team, territory, readiness and level, a page at a time."""
    wanted = PoolFilter.from_args(request.args)
    teams, territories = pool_choices(user())
    return render_template(
        "team/pool.html",
        page=pool_page(wanted, user()),
        wanted=wanted,
        teams=teams,
        territories=territories,
        sorts=POOL_SORTS,
        page_sizes=PAGE_SIZES,
        readiness_filters=READINESS_FILTERS,
        readiness_labels=READINESS_LABELS,
        readiness_shown=readiness_shown,
        every_team=sees_every_team(user()),
    )


@bp.get("/team/nine-box")
def nine_box_page() -> str:
    """The KAM 9-box: field results against KAM fit, each person a link to their page (one
    team's at a time for an administrator)."""
    team, teams = team_choice(user(), str(request.args.get("team") or "").strip())
    return render_template(
        "team/nine_box.html",
        box=nine_box(user(), team),
        team=team,
        teams=teams,
        bands=BANDS,
        band_labels=BAND_LABELS,
        advice_labels=NINE_BOX_LABELS,
        names_shown=NINE_BOX_NAMES,
        every_team=sees_every_team(user()),
    )


@bp.get("/team/development")
def development() -> str:
    """The team's development plan: the KAM competencies many are below target on, trainable
    ones first with the rubric's suggestion, named down to the people furthest below."""
    team, teams = team_choice(user(), str(request.args.get("team") or "").strip())
    gaps, assessed = team_development(user(), current_catalogue(), team)
    return render_template(
        "team/development.html",
        team=team,
        teams=teams,
        gaps=gaps,
        assessed=assessed,
        names_kept=NAMES_KEPT,
        every_team=sees_every_team(user()),
    )


@bp.get("/team/pool.csv")
def pool_csv() -> Response:
    wanted = PoolFilter.from_args(request.args)
    audit.record("data_exported", user=user(), details={"what": "talent_pool"})
    rows = pool_csv_rows(wanted, committed_viewer())
    return Response(
        stream_with_context(csv_chunks(pool_csv_header(), rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="talent-pool.csv"'},
    )


@bp.get("/team/people/<int:person_id>")
def person(person_id: int) -> str:
    """A representative: who they are, their field results by period, and their newest KAM
    assessment's result with the readiness verdict (which recommends a move only with an
    independent rater besides their manager)."""
    found = _person_or_404(person_id)
    leaving = leaving_of(found)
    assessments = assessments_of(found)
    current = assessments[0] if assessments else None
    context: dict[str, Any] = {}
    own_open = []
    if current is not None:
        interviews = load_interviews([current.id])[current.id]
        result = result_for(current, interviews, current_catalogue(), user())
        context = result_context(result, lang())
        own_open = [
            s
            for i in interviews
            for s in i.scorecards
            if s.interviewer_id == user().id and s.submitted is None
        ]
    form = AssessForm()
    form.raters.choices = options((u.id, u.name) for u in rater_choices(found))
    manager = db.session.get(User, found.manager_id) if found.manager_id else None
    accounts = accounts_of(found)
    recorders = {step.recorded_by_id for a in accounts for step in a.progress}
    recorder_rows = db.session.execute(db.select(User.id, User.name).where(User.id.in_(recorders)))
    kam = current_catalogue().roles.get(KAM_ROLE)
    names = {c.key: c.competency.name for c in kam.competencies} if kam else {}
    return render_template(
        "team/person.html",
        person=found,
        hidden=found.id in hidden_people(user()),
        manager=manager,
        periods=sorted(found.periods, key=lambda p: (p.ends_year, p.ends_month), reverse=True),
        newest=newest_period(found),
        assessments=assessments,
        current=current,
        own_open=own_open,
        assess_form=form,
        field_labels=FIELD_LABELS,
        field_columns=FIELD_COLUMNS[1:],
        field_evidence={k: v for k, v in FIELD_EVIDENCE.items() if k in names},
        competency_names=names,
        process_figures=PROCESS_FIGURES,
        readiness_labels=READINESS_LABELS,
        readiness_shown=readiness_shown(found),
        accounts=accounts,
        recorder_names={user_id: name for user_id, name in recorder_rows},
        account_form=AccountForm(),
        level_labels=DEVELOPMENT_LEVEL_LABELS,
        leadership=LEADERSHIP_STYLES,
        kind_labels=ACCOUNT_KIND_LABELS,
        recommends=recommends(found),
        leaving=leaving,
        leaving_form=LeavingForm(formdata=None, left_on=leaving.left_on if leaving else None),
        leaving_recorder=db.session.get(User, leaving.recorded_by_id)
        if leaving and leaving.recorded_by_id
        else None,
        **context,
    )


@bp.post("/team/people/<int:person_id>/leaving")
def leaving_view(person_id: int) -> Any:
    """Record, correct or clear the day the representative left: retention after a hire
    counts from it."""
    found = _person_or_404(person_id)
    form = LeavingForm()
    back = redirect(url_for("team.person", person_id=found.id) + "#employment")
    if not form.validate_on_submit():
        flash_form_errors(form)
        return back
    day = None if form.clear.data else form.left_on.data
    if day is None and not form.clear.data:
        flash(_("Give the day they left."), "error")
        return back
    try:
        record_leaving(found, day, user(), today=utcnow().date())
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        report_service_error(error)
        return back
    except IntegrityError:  # someone recorded a first leaving day at the same moment
        db.session.rollback()
        flash(_("Someone else recorded a leaving day at the same moment: check it below."),
              "error")  # fmt: skip
        return back
    flash(_("The leaving day is cleared.") if day is None else _("The leaving day is recorded."),
          "info")  # fmt: skip
    return back


@bp.post("/team/people/<int:person_id>/assessments")
def assess(person_id: int) -> Any:
    """Open a KAM assessment: the person's manager and the chosen independent raters each get
    a scorecard of the KAM profile; the manager goes to theirs."""
    found = _person_or_404(person_id)
    form = AssessForm()
    form.raters.choices = options((u.id, u.name) for u in rater_choices(found))
    if not form.validate_on_submit():
        for message in form.raters.errors:
            flash(str(message), "error")
        return redirect(url_for("team.person", person_id=found.id))
    try:
        candidate = start_assessment(
            found, raters=form.raters.data or [], by=user(), catalogue=current_catalogue()
        )
    except ServiceError as error:
        db.session.rollback()
        report_service_error(error)
        return redirect(url_for("team.person", person_id=found.id))
    db.session.commit()
    flash(_("The assessment is open. Each rater scores on their own scorecard."), "info")
    interviews = load_interviews([candidate.id])[candidate.id]
    mine = [s for i in interviews for s in i.scorecards if s.interviewer_id == user().id]
    if mine:
        return redirect(url_for("interviewer.scorecard", scorecard_id=mine[0].id))
    return redirect(url_for("team.person", person_id=found.id))


# --- a new KAM's accounts ----


@bp.post("/team/people/<int:person_id>/accounts")
def add_account_view(person_id: int) -> Any:
    """Take on a VIP, KOL or key account: it starts at D1."""
    found = _person_or_404(person_id)
    form = AccountForm()
    if form.validate_on_submit():
        try:
            add_account(found, {k: form[k].data for k in ("name", "kind", "goals", "plan")}, user())
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error)
        else:
            db.session.commit()
            flash(_("The account is taken on at D1."), "info")
    else:
        flash_form_errors(form)
    return redirect(url_for("team.person", person_id=found.id) + "#onboarding")


@bp.post("/team/people/<int:person_id>/accounts/<int:account_id>/progress")
def record_progress_view(person_id: int, account_id: int) -> Any:
    """Record the level reached on an account, with what shows it."""
    found = _person_or_404(person_id)
    account = db.get_or_404(KamAccount, account_id)
    if account.person_id != found.id:
        abort(404)
    form = ProgressForm()
    if form.validate_on_submit():
        try:
            record_progress(
                account, {"level": form.level.data, "note": form.note.data or ""}, user(),
                seen_version(form.version.data),
            )  # fmt: skip
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error)
        else:
            db.session.commit()
            flash(_("The step is recorded."), "info")
    else:
        flash_form_errors(form)
    return redirect(url_for("team.person", person_id=found.id) + "#onboarding")


# --- import and export ----------------------------------------------------------------------


def _upload_form() -> TeamUploadForm:
    form = TeamUploadForm()
    if sees_every_team(user()):
        form.manager.choices = options((m.id, m.name) for m in team_managers())
        if form.manager.data is None:
            form.manager.data = user().id
    else:
        form.manager.choices = options([(user().id, user().name)])
        form.manager.data = user().id
    return form


def _team_manager(manager_id: Any) -> User:
    """The manager a file is imported for: oneself, or (for an administrator) the one chosen."""
    if not sees_every_team(user()):
        return user()
    number = whole_number(manager_id)
    chosen = db.session.get(User, number) if number is not None else None
    if chosen is None or not chosen.active or chosen.role not in ("manager", "admin"):
        abort(400)
    return chosen


def _preview(text: str, manager: User, valid_only: bool) -> str:
    team = read_team_csv(text)
    team = check_import(team, manager, may_transfer=sees_every_team(user()))
    return _render_preview(team, text, manager, valid_only)


def _render_preview(team: TeamFile, text: str, manager: User, valid_only: bool) -> str:
    confirm = TeamConfirmForm(
        text=text, manager=str(manager.id), valid_only="1" if valid_only else ""
    )
    # every row with a problem, and the first valid ones to show the file was read right: a
    # large file's preview stays a page, not a copy of the file
    first_valid = {r.row for r in team.valid_rows[:PREVIEW_VALID_ROWS]}
    problems_by_row: dict[int, list[str]] = {}
    for problem in team.all_problems:
        problems_by_row.setdefault(problem.row, []).append(problem_text(problem))
    shown = [r for r in team.rows if not r.valid or r.row in first_valid]
    return render_template(
        "team/import_preview.html",
        team=team,
        shown=shown,
        hidden_valid=len(team.valid_rows) - len(first_valid),
        columns=TEAM_COLUMNS,
        file_problems=[problem_text(p) for p in team.problems],
        problems_by_row=problems_by_row,
        problem_count=len(team.all_problems),
        importable=not team.problems
        and (valid_only or not team.all_problems)
        and bool(team.valid_rows),
        valid_only=valid_only,
        manager=manager,
        confirm=confirm,
    )


@bp.route("/team/import", methods=["GET", "POST"])
def import_team_page() -> Any:
    """Upload a team file; the preview marks each row's problems before anything is saved."""
    form = _upload_form()
    if form.validate_on_submit():
        data = form.file.data.read(MAX_TEAM_FILE + 1)
        if len(data) > MAX_TEAM_FILE:
            form.file.errors = [_("The file is larger than 5 MB.")]
        else:
            text = decode(data)
            if text is None:
                form.file.errors = [str(PROBLEM_MESSAGES["not_utf8"])]
            else:
                manager = _team_manager(form.manager.data)
                return _preview(text, manager, bool(form.valid_only.data))
    return render_template("team/import.html", form=form, columns=TEAM_COLUMNS)


@bp.post("/team/import/confirm")
def confirm_import() -> Any:
    """Import the previewed file (checked again: nothing is trusted from the browser)."""
    form = TeamConfirmForm()
    if not form.validate_on_submit() or len(form.text.data or "") > MAX_TEAM_FILE:
        abort(400)
    manager = _team_manager(form.manager.data)
    valid_only = bool(form.valid_only.data)
    team = read_team_csv(form.text.data or "")
    try:
        outcome = import_team(
            team, manager, valid_only=valid_only, may_transfer=sees_every_team(user())
        )
    except ImportRefused:
        db.session.rollback()
        flash(_("The file has problems; nothing was imported."), "error")
        return _preview(form.text.data or "", manager, valid_only)
    audit.record("data_imported", user=user(), details=outcome.counts())
    db.session.commit()
    flash(
        _(
            "Imported: %(added)s people added, %(updated)s updated, %(periods)s periods of "
            "field data, %(skipped)s rows skipped.",
            added=outcome.people_added,
            updated=outcome.people_updated,
            periods=outcome.periods_added + outcome.periods_updated,
            skipped=outcome.rows_skipped,
        ),
        "success",
    )
    return redirect(url_for("team.pool"))


@bp.get("/team/template.csv")
def template_csv() -> Response:
    return Response(
        team_template(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="team-template.csv"'},
    )


@bp.get("/team/export.csv")
def export_csv() -> Response:
    """The team in the import's format (every team, for an administrator)."""
    audit.record("data_exported", user=user(), details={"what": "team"})
    viewer = committed_viewer()
    rows = export_team(None if sees_every_team(viewer) else viewer)
    header = [str(name) for name in next(rows)]
    return Response(
        stream_with_context(csv_chunks(header, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="team.csv"'},
    )
