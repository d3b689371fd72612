"""User administration."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for

from hiring.extensions import db
from hiring.forms.accounts import RoleForm, UserForm
from hiring.i18n import gettext as _
from hiring.labels import ROLE_LABELS
from hiring.models import User
from hiring.services import ServiceError, two_step
from hiring.services.accounts import (
    all_users,
    change_role,
    create_user,
    reset_password,
    set_active,
)
from hiring.web.common import flash_form_errors, report_service_error, require, user

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require("users.manage"))


@bp.route("/users", methods=["GET", "POST"])
def users() -> Any:
    form = UserForm()
    if form.validate_on_submit():
        try:
            created = create_user(
                form.email.data or "",
                form.name.data or "",
                form.role.data,
                form.password.data or "",
                must_change=True,
                by=user(),
            )
        except ServiceError as error:
            db.session.rollback()
            report_service_error(error, form)
        else:
            db.session.commit()
            flash(_("User %(email)s created.", email=created.email), "info")
            return redirect(url_for("admin.users"))
    people = all_users()
    return render_template("admin/users.html", form=form, people=people, roles=ROLE_LABELS)


@bp.post("/users/<int:user_id>/role")
def role(user_id: int) -> Any:
    person = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("admin.users"))
    try:
        change_role(person, form.role.data, by=user())
    except ServiceError as error:
        db.session.rollback()
        report_service_error(error)
    else:
        db.session.commit()
        flash(
            _("%(name)s is now: %(role)s.", name=person.name, role=ROLE_LABELS[person.role]), "info"
        )
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/password")
def reset(user_id: int) -> Any:
    """A temporary password, shown once on the page that answers the request (a POST: never
    in an address bar or the history; no-store, as every page) and stored nowhere but as its
    hash."""
    person = db.get_or_404(User, user_id)
    try:
        temporary = reset_password(person, by=user())
    except ServiceError as error:
        db.session.rollback()
        report_service_error(error)
        return redirect(url_for("admin.users"))
    db.session.commit()
    return render_template("admin/password_reset.html", person=person, temporary=temporary)


@bp.post("/users/<int:user_id>/active")
def toggle_active(user_id: int) -> Any:
    person = db.get_or_404(User, user_id)
    try:
        set_active(person, not person.active, by=user())
    except ServiceError as error:
        db.session.rollback()
        report_service_error(error)
    else:
        db.session.commit()
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/two-step")
def reset_two_step(user_id: int) -> Any:
    """A lost phone: the person's two-step login goes and their sessions end; they set it up
    again at their next login where their role requires it."""
    person = db.get_or_404(User, user_id)
    try:
        two_step.reset(person, by=user())
    except ServiceError as error:
        db.session.rollback()
        report_service_error(error)
    else:
        db.session.commit()
        flash(_("Two-step login of %(name)s is reset.", name=person.name), "info")
    return redirect(url_for("admin.users"))
