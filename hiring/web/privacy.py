"""The administrator's data-protection pages: the audit log (read, filter, export)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, render_template, request, stream_with_context
from flask_babel import gettext as _

from hiring.domain.records import whole_number
from hiring.extensions import db
from hiring.labels import AUDIT_ACTION_LABELS, AUDIT_SUBJECT_LABELS
from hiring.models import AUDIT_ACTIONS
from hiring.reports.csv_export import csv_chunks
from hiring.services import audit
from hiring.services.accounts import all_users
from hiring.services.audit import AuditFilter, audit_page, audit_rows
from hiring.web.common import require, user

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
