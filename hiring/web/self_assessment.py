"""A candidate's self-assessment through a private link: no account, no other page of the app.

``/s/<token>`` shows the privacy notice and asks for consent; then the questionnaire pages, each
saved as the person goes, so the link resumes where they left off; then a review and the
submission. A link that is wrong, expired, revoked or used gets one and the same page, which
says nothing about the candidate or whether the link ever existed. Tokens are kept out of logs
(:mod:`hiring.logs`) and out of the ``Referer`` sent anywhere.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)

from hiring.extensions import csrf, db
from hiring.forms.self_assessment import AGREEMENT_LABELS, ConsentForm, SubmitForm, self_page_form
from hiring.models.self_assessments import SelfAssessment
from hiring.services import ServiceError
from hiring.services.self_assessments import (
    answers_of,
    decline,
    find_by_token,
    give_consent,
    is_open,
    mark_opened,
    profile_of,
    role_and_questionnaire,
    save_page,
    state_of,
    submit,
)
from hiring.web.common import lang, own_notice

bp = Blueprint("self_assessment", __name__)
csrf.exempt(bp)  # the link's token is the secret (see hiring.forms.self_assessment.LinkForm)
DONE_KEY = "self_done"
"""The links this browser submitted or declined: only there does the link show its thank-you
page again (anyone else holding a used link sees the same page as for a wrong one)."""


@bp.after_request
def _no_referrer(response: Response) -> Response:
    """The token is in the address: never send it to another site (the app's own headers
    already keep every page out of caches)."""
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.get("/s/")
def unavailable() -> tuple[str, int]:
    """One page for every link that cannot be used; its language switch comes back here, so
    the page repeats nothing of the address it was asked for."""
    return render_template("self/unavailable.html", next_path=url_for(".unavailable")), 404


def _open(token: str) -> SelfAssessment | None:
    assessment = find_by_token(token)
    if assessment is None or not is_open(assessment):
        return None
    return assessment


def _remember_done(assessment: SelfAssessment) -> None:
    done = [*session.get(DONE_KEY, []), assessment.id][-20:]
    session[DONE_KEY] = done


def _done_here(assessment: SelfAssessment | None) -> bool:
    return assessment is not None and assessment.id in session.get(DONE_KEY, [])


def _thanks(assessment: SelfAssessment) -> str:
    """The thank-you page; with ``SELF_FEEDBACK`` on, the strengths the person can build on:
    the three competencies they rated themselves highest in, by name and description, with no
    numbers and no comparison with anyone."""
    strengths = []
    if current_app.config.get("SELF_FEEDBACK"):
        role, _questionnaire = role_and_questionnaire(assessment)
        rated = [(key, v.value) for key, v in profile_of(assessment).items() if v.value is not None]
        best = [key for key, _value in sorted(rated, key=lambda kv: -kv[1])[:3]]  # ties: role order
        strengths = [entry.competency for key in best if (entry := role.competency(key))]
    return render_template("self/thanks.html", strengths=strengths)


def _privacy_notice() -> list[str] | None:
    return own_notice("PRIVACY_NOTICE")


@bp.route("/s/<token>", methods=["GET", "POST"])
def start(token: str) -> Any:
    assessment = find_by_token(token)
    if assessment is not None and state_of(assessment) in ("submitted", "declined"):
        if _done_here(assessment):
            if assessment.submitted_at:
                return _thanks(assessment)
            return render_template("self/declined.html")
        return unavailable()
    if assessment is None or not is_open(assessment):
        return unavailable()
    if "lang" not in session:
        session["lang"] = assessment.lang
    form = ConsentForm()
    if form.validate_on_submit() and form.decline.data:
        # declining, or withdrawing consent from any page before submitting
        try:
            decline(assessment)
        except ServiceError:
            db.session.rollback()
            return unavailable()
        db.session.commit()
        _remember_done(assessment)
        return render_template("self/declined.html")
    if assessment.consented_at is not None:
        return redirect(_resume(token, assessment))
    if form.validate_on_submit():
        give_consent(assessment)
        db.session.commit()
        return redirect(url_for(".page", token=token, number=1))
    mark_opened(assessment)
    db.session.commit()
    return render_template(
        "self/consent.html",
        form=form,
        notice=_privacy_notice(),
        controller=current_app.config.get("PRIVACY_CONTROLLER") or "",
        contact=current_app.config.get("PRIVACY_CONTACT") or "",
        months=int(current_app.config["RETENTION_MONTHS"]),
    )


def _resume_page(assessment: SelfAssessment) -> int:
    _role, questionnaire = role_and_questionnaire(assessment)
    return min(assessment.last_page + 1, len(questionnaire.pages))


def _resume(token: str, assessment: SelfAssessment) -> str:
    """Where the link goes on: the first page not saved yet, or the review once all are."""
    _role, questionnaire = role_and_questionnaire(assessment)
    if assessment.last_page >= len(questionnaire.pages):
        return url_for(".review", token=token)
    return url_for(".page", token=token, number=assessment.last_page + 1)


@bp.route("/s/<token>/page/<int:number>", methods=["GET", "POST"])
def page(token: str, number: int) -> Any:
    assessment = _open(token)
    if assessment is None:
        return unavailable()
    if assessment.consented_at is None:
        return redirect(url_for(".start", token=token))
    _role, questionnaire = role_and_questionnaire(assessment)
    total = len(questionnaire.pages)
    if not 1 <= number <= total:
        return redirect(url_for(".page", token=token, number=_resume_page(assessment)))
    current = questionnaire.pages[number - 1]
    saved = answers_of(assessment)
    form = self_page_form(current, lang(), saved)
    if form.validate_on_submit():
        try:
            save_page(assessment, number, form.to_answers())
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            if number < total:
                return redirect(url_for(".page", token=token, number=number + 1))
            return redirect(url_for(".review", token=token))
    answered = sum(1 for item in questionnaire.items if item in saved)
    return render_template(
        "self/page.html",
        form=form,
        page=current,
        number=number,
        total=total,
        answered=answered,
        items_total=len(questionnaire.items),
        agreement=AGREEMENT_LABELS,
        token=token,
        stop_form=ConsentForm(),
    )


@bp.route("/s/<token>/review", methods=["GET", "POST"])
def review(token: str) -> Any:
    assessment = find_by_token(token)
    if assessment is not None and assessment.submitted_at is not None and _done_here(assessment):
        return _thanks(assessment)
    if assessment is None or not is_open(assessment):
        return unavailable()
    if assessment.consented_at is None:
        return redirect(url_for(".start", token=token))
    _role, questionnaire = role_and_questionnaire(assessment)
    saved = answers_of(assessment)
    missing = [
        page.number
        for page in questionnaire.pages
        if any(item.id not in saved for item in page.items)
    ]
    form = SubmitForm()
    if form.validate_on_submit() and not missing:
        try:
            submit(assessment)
        except ServiceError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            _remember_done(assessment)
            return redirect(url_for(".review", token=token))
    return render_template(
        "self/review.html",
        form=form,
        missing=missing,
        total=len(questionnaire.pages),
        items_total=len(questionnaire.items),
        answered=len(saved),
        token=token,
        stop_form=ConsentForm(),
    )
