"""Logging in and out, and changing one's password."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.orm import undefer_group

from hiring.extensions import db, login_manager
from hiring.forms.accounts import ChangePasswordForm, LoginForm
from hiring.models import User
from hiring.services import ServiceError, audit, throttle
from hiring.services.accounts import authenticate, change_password, find_user
from hiring.web.catalogue import is_safe_path
from hiring.web.common import report_service_error, user

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The session's user while the session is still theirs: active, and made with their
    current session token (a password change or reset, or deactivation, ends it)."""
    user_id, separator, token = session_id.partition(":")
    if not user_id.isdigit() or not separator:
        return None
    found = db.session.get(User, int(user_id), options=[undefer_group("account")])
    if found is None or not found.active or (found.session_token or "") != token:
        return None
    return found


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
        else:
            throttle.record_success(email)
            audit.record("login", user=found, subject="user", subject_id=found.id)
            db.session.commit()  # and a password rehash, if the hashing parameters changed
            language = session.get("lang")
            session.clear()  # a new session: nothing from before the login is carried over
            if language:
                session["lang"] = language
            session.permanent = True  # ends PERMANENT_SESSION_LIFETIME after the last request
            login_user(found)
            target = form.next.data or ""
            return redirect(target if is_safe_path(target) else url_for("home"))
    return render_template("auth/login.html", form=form)


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
