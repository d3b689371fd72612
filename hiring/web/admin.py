"""User administration."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from hiring.extensions import db
from hiring.forms.accounts import UserForm
from hiring.labels import ROLE_LABELS
from hiring.models import User
from hiring.services import ServiceError
from hiring.services.accounts import all_users, create_user, set_active
from hiring.web.common import report_service_error, require, user

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
