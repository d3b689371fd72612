"""PDF documents and batches of them. A profile needs the same right as the candidate page
(including the independence rule), and every document handed out is recorded."""

from __future__ import annotations

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
    send_file,
    url_for,
)
from sqlalchemy.orm import undefer_group

from hiring.catalogue_cache import current_catalogue
from hiring.config import LANGUAGES
from hiring.extensions import db
from hiring.i18n import gettext as _
from hiring.models import Candidate, Opening, ReportJob, User
from hiring.reports.pdf import render_pdf
from hiring.services import ServiceError
from hiring.services.audit import record_batch_download, record_download, record_downloads
from hiring.services.batch_files import zip_path
from hiring.services.batches import (
    ATTEMPTS,
    GAVE_UP,
    STALLED,
    create_job,
    enqueue,
    entry_name,
    expire_if_stalled,
    failures_of,
)
from hiring.services.candidate_search import choose_for_shortlist
from hiring.services.documents import job_description_html, profile_pdf, shortlist_html
from hiring.services.policy import (
    can,
    may_open_batch,
    may_see_contact_details,
    may_see_debrief,
    may_see_panel,
    may_view_candidate,
    unseeable_in_batch,
)
from hiring.services.results import (
    build_result,
    load_interviews,
    load_self_assessments,
    shortlist_results,
)
from hiring.web.common import chosen_ids, lang, require, user

bp = Blueprint("documents", __name__)
bp.before_request(require("catalogue.read"))


def _language() -> str:
    chosen = request.args.get("lang") or request.form.get("lang") or lang()
    return chosen if chosen in LANGUAGES else "en"


def pdf_response(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/candidates/<int:candidate_id>/profile.pdf")
def profile(candidate_id: int) -> Response:
    data, filename = profile_document(
        user(), candidate_id, _language(), blind=request.args.get("blind") == "1"
    )
    db.session.commit()
    return pdf_response(data, filename)


def profile_document(
    viewer: User, candidate_id: int, language: str, *, blind: bool
) -> tuple[bytes, str]:
    """A candidate's profile PDF and its file name, as ``viewer`` may have it (404: not theirs
    to view; 403: the panel is not yet theirs to see), recorded in the audit log; the caller
    commits. The page's link and the API's both give it this way."""
    candidate: Candidate = db.get_or_404(Candidate, candidate_id, options=[undefer_group("person")])
    interviews = load_interviews([candidate.id])[candidate.id]
    if not may_view_candidate(viewer, interviews, candidate):
        abort(404)
    if not may_see_panel(viewer, interviews, candidate):
        abort(403)
    result = build_result(
        candidate,
        interviews,
        current_catalogue(),
        load_self_assessments([candidate.id]).get(candidate.id),
    )
    restricted = not may_see_contact_details(viewer)
    if not may_see_debrief(viewer, candidate):
        result.debrief_loaded, result.debrief_summary = True, None  # not theirs: none read
    data = profile_pdf(result, lang=language, blind=blind, restricted=restricted)
    record_download(
        kind="profile",
        lang=language,
        user=viewer,
        candidate_id=candidate.id,
        opening_id=candidate.opening_id,
        blind=blind,
    )
    return data, entry_name(candidate, blind)


@bp.get("/openings/<int:opening_id>/shortlist.pdf")
def shortlist(opening_id: int) -> Response:
    if not can(user(), "recruiting.manage"):
        abort(403)
    opening: Opening = db.get_or_404(Opening, opening_id)
    choice = choose_for_shortlist(opening.id, chosen_ids(), user())
    results = shortlist_results(choice.ids, current_catalogue(), user())
    language = _language()
    data = render_pdf(shortlist_html(opening, results, lang=language))
    record_downloads(
        "shortlist", opening.id, [r.candidate.id for r in results], lang=language, user=user()
    )
    db.session.commit()
    return pdf_response(data, f"shortlist-opening-{opening.id}.pdf")


@bp.get("/rubrics/roles/<key>/job-description.pdf")
def job_description(key: str) -> Response:
    role = current_catalogue().roles.get(key)
    if role is None:
        abort(404)
    language = _language()
    data = render_pdf(job_description_html(role, lang=language))
    record_download(kind="job_description", lang=language, user=user(), role_key=key)
    db.session.commit()
    return pdf_response(data, f"job-description-{key}-{language}.pdf")


@bp.post("/openings/<int:opening_id>/profiles")
def start_batch(opening_id: int) -> Any:
    if not can(user(), "recruiting.manage"):
        abort(403)
    opening: Opening = db.get_or_404(Opening, opening_id)
    try:
        job = create_job(
            opening, lang=_language(), blind=request.form.get("blind") == "1", by=user()
        )
    except ServiceError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("recruiter.shortlist", opening_id=opening.id))
    db.session.commit()
    how = enqueue(job)
    if how == "queued":
        flash(_("The profiles are being made in the background."), "info")
    return redirect(url_for("documents.batch", job_id=job.id))


def _job(job_id: int) -> ReportJob:
    """A batch, for its creator only: its zip was made with the creator's rights."""
    job: ReportJob = db.get_or_404(ReportJob, job_id)
    if not may_open_batch(user(), job):
        abort(404)
    return job


@bp.get("/report-jobs/<int:job_id>")
def batch(job_id: int) -> str:
    job = _job(job_id)
    if expire_if_stalled(job):  # its worker stopped: queued again, or failed and said so
        db.session.commit()
    opening = db.session.get(Opening, job.opening_id)
    return render_template(
        "documents/batch.html",
        job=job,
        opening=opening,
        failures=failures_of(job),
        stalled=STALLED,
        gave_up=GAVE_UP,
        attempts=ATTEMPTS,
        stall_minutes=int(current_app.config["BATCH_STALL_SECONDS"]) // 60,
    )


@bp.get("/report-jobs/<int:job_id>/download")
def batch_download(job_id: int) -> Response | Any:
    job = _job(job_id)
    # read from this instance's REPORTS_DIR, wherever the worker that made it mounts the
    # shared folder (job.path is the worker's own path)
    archive = zip_path(job.opening_id, job.id)
    if job.status != "done" or not archive.is_file():
        abort(404)
    included = job.candidate_ids or []
    if unseeable_in_batch(user(), included, load_interviews(included)):
        flash(
            _(
                "Your access to some candidates in this batch has changed since it was made "
                "(submit your own scorecards first). Nothing was downloaded; make a new batch."
            ),
            "error",
        )
        return redirect(url_for("documents.batch", job_id=job.id))
    record_batch_download(
        job.opening_id, job.candidate_ids or [], lang=job.lang, blind=job.blind, user=user()
    )
    db.session.commit()
    return send_file(
        archive,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"profiles-opening-{job.opening_id}.zip",
    )
