"""Logging in and out, and changing one's password."""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from markupsafe import Markup

from hiring.extensions import db, login_manager
from hiring.forms.accounts import (
    SCOPE_LABELS,
    ApiTokenForm,
    ChangePasswordForm,
    CodeForm,
    LoginForm,
    StartTwoStepForm,
)
from hiring.i18n import gettext as _
from hiring.models import User
from hiring.models.base import utcnow
from hiring.services import ServiceError, audit, throttle, two_step
from hiring.services.accounts import authenticate, change_password, find_user, session_user
from hiring.services.api_tokens import (
    MAX_DAYS,
    Made,
    ValidationError,
    create_token,
    parse_new_token,
    revoke_token,
    tokens_of,
)
from hiring.web.catalogue import is_safe_path
from hiring.web.common import report_service_error, user

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user while the session is still theirs (``session_user``)."""
    user_id, separator, token = session_id.partition(":")
    if not user_id.isdigit() or not separator:
        return None
    return session_user(int(user_id), token)


PASSWORD_FREE = frozenset({"auth.password", "auth.logout", "static", "catalogue.set_language"})
"""What a user whose password was reset may reach before choosing a new one."""


@bp.before_app_request
def load_the_session_user_afresh() -> None:
    """Flask-Login keeps the loaded user in ``g``. A request normally has an app context (and
    so a ``g``) of its own; where one is shared, as in tests that run several sessions in one
    app context, a user loaded for an earlier request must not answer for this one."""
    g.pop("_login_user", None)


@bp.before_app_request
def password_first() -> Any:
    """After an administrator's reset, every page leads to the password form first."""
    if request.blueprint == "api":  # a token, not the session, speaks for the API's caller
        return None
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in PASSWORD_FREE
    ):
        flash(_("Your password was reset: choose a password of your own to go on."), "info")
        return redirect(url_for("auth.password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        email, address = form.email.data or "", request.remote_addr or ""
        if throttle.refused(email, address):
            # before any password is checked: guessing costs the server nothing
            minutes = int(current_app.config["LOGIN_WINDOW_SECONDS"]) // 60
            form.password.errors = [
                _("Too many failed logins: wait %(n)d minutes and try again.", n=minutes)
            ]
            return render_template("auth/login.html", form=form), 429
        found = authenticate(email, form.password.data or "")
        if found is None:
            throttle.record_failure(email, address)
            # the account, when there is one; what was typed is never stored (a password
            # typed into the e-mail field would be). Refusals by the throttle above are not
            # written: an attacker could otherwise fill the log at no cost.
            account = find_user(email)
            audit.record(
                "login_failed",
                user=account,
                subject="user" if account else None,
                subject_id=account.id if account else None,
            )
            db.session.commit()
            form.password.errors = [_("The email or the password is not correct.")]
        elif two_step.enrolled(found):
            # the password was right; the session is not a login until the code is
            db.session.commit()  # a password rehash, if the hashing parameters changed
            _new_session()
            session[PENDING] = {"user": found.get_id(), "at": time.time(), "next": form.next.data}
            return redirect(url_for("auth.login_code"))
        else:
            throttle.record_success(email)
            audit.record("login", user=found, subject="user", subject_id=found.id)
            db.session.commit()  # and a password rehash, if the hashing parameters changed
            _log_in(found, with_code=False)
            return _after_login(form.next.data or "")
    return render_template("auth/login.html", form=form)


PENDING = "two_step_pending"
"""The session key of a login whose password was right and whose code is awaited."""
PENDING_SECONDS = 300


def _new_session() -> None:
    """A new session: nothing from before the login is carried over but the language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def _log_in(found: User, *, with_code: bool) -> None:
    _new_session()
    session.permanent = True  # ends PERMANENT_SESSION_LIFETIME after the last request
    if with_code:
        session[TWO_STEP_DONE] = True
    login_user(found)


def _after_login(target: str) -> Any:
    return redirect(target if is_safe_path(target) else url_for("home"))


def _pending_user() -> User | None:
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - float(pending.get("at", 0)) > PENDING_SECONDS:
        return None
    return load_user(str(pending.get("user", "")))


@bp.route("/login/code", methods=["GET", "POST"])
def login_code() -> Any:
    """The login's second step: a code from the authenticator app, within five minutes of the
    password. Wrong codes count against the same limits as wrong passwords."""
    found = _pending_user()
    if found is None:
        session.pop(PENDING, None)
        flash(_("Log in again: the code was not given in time."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        address = request.remote_addr or ""
        if throttle.refused(found.email, address):
            minutes = int(current_app.config["LOGIN_WINDOW_SECONDS"]) // 60
            form.code.errors = [
                _("Too many failed logins: wait %(n)d minutes and try again.", n=minutes)
            ]
            return render_template("auth/login_code.html", form=form), 429
        if two_step.verify(found, form.code.data or ""):
            target = str(session[PENDING].get("next") or "")
            throttle.record_success(found.email)
            audit.record(
                "login", user=found, subject="user", subject_id=found.id,
                details={"two_step": True},
            )  # fmt: skip
            db.session.commit()
            _log_in(found, with_code=True)
            return _after_login(target)
        throttle.record_failure(found.email, address)
        audit.record(
            "login_failed", user=found, subject="user", subject_id=found.id,
            details={"two_step": True},
        )  # fmt: skip
        db.session.commit()
        form.code.errors = [str(two_step.WRONG_CODE)]
    return render_template("auth/login_code.html", form=form), (422 if form.errors else 200)


TWO_STEP_DONE = "two_step"
"""Set in a session that was opened with a code (or in which the user enrolled)."""

TWO_STEP_FREE = PASSWORD_FREE | {"auth.two_step_page"}


@bp.before_app_request
def two_step_first() -> Any:
    """Where the organisation requires a second step for a role, a session of that role
    without one leads to the enrolment page first (one query, only for such sessions)."""
    if (
        request.blueprint == "api"
        or not current_user.is_authenticated
        or session.get(TWO_STEP_DONE)
        or request.endpoint in TWO_STEP_FREE
        or not two_step.required_for(current_user)
    ):
        return None
    if two_step.enrolled(current_user):  # enrolled since this session began: log in again
        logout_user()
        return redirect(url_for("auth.login"))
    flash(_("Your role logs in with two steps: set up your authenticator app to go on."), "info")
    return redirect(url_for("auth.two_step_page"))


@bp.route("/account/two-step", methods=["GET", "POST"])
@login_required
def two_step_page() -> Any:
    """Set up, confirm or turn off one's own two-step login."""
    me = user()
    enrolment = two_step.enrolment_of(me)
    form = CodeForm()
    action = request.form.get("action", "")
    if request.method == "POST":
        try:
            if action == "begin":
                if not StartTwoStepForm().validate_on_submit():
                    abort(400)
                enrolment = two_step.begin(me)
                db.session.commit()
                form = CodeForm(formdata=None)
            elif action == "confirm" and form.validate_on_submit():
                two_step.confirm(me, form.code.data or "")
                db.session.commit()
                login_user(me)  # this session goes on with the new token; others have ended
                session[TWO_STEP_DONE] = True
                flash(_("Two-step login is on."), "success")
                return redirect(url_for("auth.two_step_page"))
            elif action == "off" and form.validate_on_submit():
                two_step.turn_off(me, form.code.data or "")
                db.session.commit()
                session.pop(TWO_STEP_DONE, None)
                flash(_("Two-step login is off."), "info")
                return redirect(url_for("auth.two_step_page"))
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
            enrolment = two_step.enrolment_of(me)
    waiting = enrolment is not None and enrolment.confirmed_at is None
    uri = two_step.provisioning_uri(me, enrolment) if enrolment is not None and waiting else None
    return render_template(
        "auth/two_step.html",
        enrolment=enrolment,
        form=form,
        start_form=StartTwoStepForm(),
        required=two_step.required_for(me),
        uri=uri,
        qr=Markup(two_step.qr_svg(uri)) if uri else None,
    ), (422 if form.errors else 200)


@bp.post("/logout")
def logout() -> Any:
    if current_user.is_authenticated:
        audit.record("logout", user=user(), subject="user", subject_id=user().id)
        db.session.commit()
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> Any:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(user(), form.current.data or "", form.password.data or "")
        except ServiceError as error:
            report_service_error(error, form)
        else:
            db.session.commit()
            login_user(user())  # this session goes on with the new token; others have ended
            flash(_("Your password has been changed."), "info")
            return redirect(url_for("home"))
    return render_template("auth/password.html", form=form)


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@login_required
def api_tokens_page() -> Any:
    """The user's API tokens: made here, shown once, revoked here."""
    form = ApiTokenForm()
    made = None
    if form.validate_on_submit():
        if authenticate(user().email, form.password.data or "") is None:
            form.password.errors = [_("The password is not correct.")]
            return _tokens_page(form, None)
        try:
            wanted = parse_new_token(
                {"name": form.name.data, "scopes": form.scopes.data or [], "days": form.days.data}
            )
            made = create_token(user(), wanted)
        except ValidationError as refused:
            for problem in refused.errors():
                name = str(problem["loc"][0]) if problem["loc"] else "name"
                form[name].errors = [*form[name].errors, _token_message(name)]
        except ServiceError as error:
            report_service_error(error, form)
        else:
            db.session.commit()
            form = ApiTokenForm(formdata=None)
    return _tokens_page(form, made)


def _tokens_page(form: ApiTokenForm, made: Made | None) -> str:
    return render_template(
        "auth/api_tokens.html",
        form=form,
        made=made,
        tokens=tokens_of(user()),
        now=utcnow(),
        scope_labels=SCOPE_LABELS,
    )


def _token_message(field: str) -> str:
    return {
        "name": _("Say what the token is for, in at most 80 characters."),
        "scopes": _("Choose at least one thing the token may do."),
        "days": _("Give a whole number of days from 1 to %(most)d.", most=MAX_DAYS),
    }.get(field, _("This value is not valid."))


@bp.post("/account/api-tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int) -> Any:
    if not revoke_token(user(), token_id):
        abort(404)
    db.session.commit()
    flash(_("The token is revoked: it no longer works."), "info")
    return redirect(url_for("auth.api_tokens_page"))
