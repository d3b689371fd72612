"""Logging in and out, and changing one's password."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from hiring.extensions import db, login_manager
from hiring.forms.accounts import ChangePasswordForm, LoginForm
from hiring.models import User
from hiring.services import ServiceError
from hiring.services.accounts import authenticate, change_password
from hiring.web.catalogue import is_safe_path
from hiring.web.common import report_service_error, user

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    found = db.session.get(User, int(user_id))
    return found if found is not None and found.active else None


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        found = authenticate(form.email.data or "", form.password.data or "")
        if found is None:
            form.password.errors = [_("The email or the password is not correct.")]
        else:
            db.session.commit()  # a password rehash, if the hashing parameters changed
            login_user(found)
            target = form.next.data or ""
            return redirect(target if is_safe_path(target) else url_for("home"))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout() -> Any:
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
            flash(_("Your password has been changed."), "info")
            return redirect(url_for("home"))
    return render_template("auth/password.html", form=form)
