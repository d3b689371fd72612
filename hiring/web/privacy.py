"""The administrator's data-protection pages: the audit log (read, filter, export), a person's
data (export, erasure), and the applicants past their retention date (see, purge)."""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)

from hiring.domain.records import whole_number
from hiring.extensions import db
from hiring.forms.accounts import ErasureForm, PurgeForm
from hiring.i18n import gettext as _
from hiring.labels import AUDIT_ACTION_LABELS, AUDIT_SUBJECT_LABELS
from hiring.models import AUDIT_ACTIONS, Person
from hiring.models.base import utcnow
from hiring.reports.csv_export import csv_chunks
from hiring.services import audit
from hiring.services.accounts import all_users
from hiring.services.audit import AuditFilter, audit_page, audit_rows
from hiring.services.privacy import (
    confirms,
    due_for_purge,
    erase_person,
    person_export,
    purge,
    purge_cutoff,
    record_export,
    remove_files,
)
from hiring.web.common import flash_form_errors, require, user

bp = Blueprint("privacy", __name__, url_prefix="/admin")
bp.before_request(require("privacy.manage"))


def _wanted() -> AuditFilter:
    wanted, problems = AuditFilter.from_args(request.args)
    labels = {
        "action": _("What"),
        "user": _("Who"),
        "candidate": _("Candidate number"),
        "since": _("From"),
        "until": _("To"),
    }
    for name in problems:
        flash(_("%(field)s: not understood, so not used to filter.", field=labels[name]), "error")
    return wanted


@bp.get("/audit")
def audit_log() -> Any:
    """Newest first, a page at a time (``before``: the oldest entry already shown)."""
    wanted = _wanted()
    before = whole_number(request.args.get("before"))
    page = audit_page(wanted, before=before or None)
    return render_template(
        "admin/audit.html",
        wanted=wanted,
        page=page,
        before=before,
        actions=AUDIT_ACTIONS,
        action_labels=AUDIT_ACTION_LABELS,
        subject_labels=AUDIT_SUBJECT_LABELS,
        users=all_users(),
    )


AUDIT_CSV_HEADER = (
    "id", "at", "user_id", "actor", "action", "subject", "subject_id", "candidate_id",
    "opening_id", "address", "details",
)  # fmt: skip


@bp.get("/audit.csv")
def audit_csv() -> Response:
    """The filtered log as CSV, read from the database a batch at a time. Taking it is itself
    written down first."""
    wanted = _wanted()
    audit.record("data_exported", user=user(), subject="audit_log", details={"what": "audit_log"})
    db.session.commit()
    rows = (
        (
            entry.id,
            entry.at.isoformat(timespec="seconds"),
            entry.user_id,
            entry.actor,
            entry.action,
            entry.subject,
            entry.subject_id,
            entry.candidate_id,
            entry.opening_id,
            entry.address,
            ";".join(f"{key}={value}" for key, value in sorted(entry.details.items())),
        )
        for entry in audit_rows(wanted)
    )
    return Response(
        stream_with_context(csv_chunks(AUDIT_CSV_HEADER, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )


def _person_or_404(person_id: int) -> Person:
    return db.get_or_404(Person, person_id)


@bp.get("/people/<int:person_id>/export.json")
def person_export_json(person_id: int) -> Response:
    """Everything held about one person, as a JSON file (access and portability)."""
    _person_or_404(person_id)
    data = person_export(person_id)
    record_export(person_id, by=user())
    db.session.commit()
    return Response(
        json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="person-{person_id}.json"'},
    )


@bp.route("/people/<int:person_id>/erase", methods=["GET", "POST"])
def erase(person_id: int) -> Any:
    """What an erasure takes, and the erasure itself once the person's name is typed."""
    person = _person_or_404(person_id)
    form = ErasureForm()
    if form.validate_on_submit():
        if confirms(person, form.confirm.data or ""):
            erasure = erase_person(person_id, by=user())
            db.session.commit()
            remove_files(erasure)
            flash(
                _(
                    "Person %(id)d is erased: %(n)d candidacies and everything of theirs.",
                    id=person_id,
                    n=erasure.candidacies,
                ),
                "success",
            )
            return redirect(url_for("privacy.retention"))
        form.confirm.errors = [_("This is not the person's name; nothing was erased.")]
    elif form.is_submitted():
        flash_form_errors(form)
    data = person_export(person_id)
    return render_template(
        "admin/erase.html",
        person=person,
        form=form,
        candidacies=data["candidacies"],
        field_periods=len(data["field_periods"]),
    ), (422 if form.errors else 200)


RETENTION_PAGE = 50


@bp.get("/retention")
def retention() -> Any:
    """Applicants past their retention date, oldest activity first, a page at a time."""
    months = int(current_app.config["RETENTION_MONTHS"])
    cutoff = purge_cutoff(utcnow().date(), months)
    page = max(1, whole_number(request.args.get("page")) or 1)
    due, total = due_for_purge(cutoff, months, RETENTION_PAGE, (page - 1) * RETENTION_PAGE)
    return render_template(
        "admin/retention.html",
        due=due,
        total=total,
        page=page,
        pages=max(1, -(-total // RETENTION_PAGE)),
        months=months,
        form=PurgeForm(),
    )


@bp.post("/retention/purge")
def purge_now() -> Any:
    """Erase everyone past their date now, as ``hiring purge`` does, once the number of
    people shown is typed (a number that changed meanwhile refuses: look again)."""
    months = int(current_app.config["RETENTION_MONTHS"])
    cutoff = purge_cutoff(utcnow().date(), months)
    form = PurgeForm()
    _due, total = due_for_purge(cutoff, months, 1)
    if not form.validate_on_submit() or whole_number(form.confirm.data) != total or not total:
        flash(_("Type the number of people shown to confirm; nothing was erased."), "error")
        return redirect(url_for("privacy.retention"))
    erasure = purge(cutoff, by=user())
    db.session.commit()
    remove_files(erasure)
    flash(
        _("%(n)d people past their retention date are erased.", n=len(erasure.people)),
        "success",
    )
    return redirect(url_for("privacy.retention"))
