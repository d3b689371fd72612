from __future__ import annotations

from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length

from hiring.forms.base import Form
from hiring.forms.fields import CheckboxListField, WholeNumberField, options
from hiring.i18n import lazy_gettext as _l
from hiring.labels import ROLE_LABELS
from hiring.models import ROLES
from hiring.services.accounts import MIN_PASSWORD_LENGTH


class LoginForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class ChangePasswordForm(Form):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)]
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class UserForm(Form):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=options((r, ROLE_LABELS[r]) for r in ROLES))
    password = PasswordField(
        _l("Initial password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
    )


class RoleForm(Form):
    role = SelectField(_l("Role"), choices=options((r, ROLE_LABELS[r]) for r in ROLES))


class ErasureForm(Form):
    """The typed confirmation of a person's erasure (checked against their name by the view)."""

    confirm = StringField(
        _l("Type the person's name to confirm"), validators=[DataRequired(), Length(max=200)]
    )


class PurgeForm(Form):
    confirm = StringField(
        _l("Type the number of people to erase to confirm"),
        validators=[DataRequired(), Length(max=12)],
    )


class CodeForm(Form):
    """A code from the authenticator app: the login's second step, confirming an enrolment,
    or turning two-step login off."""

    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(), Length(max=12)],
        render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "size": 8},
    )


class StartTwoStepForm(Form):
    pass


SCOPE_LABELS = {
    "read:candidates": _l("Read openings, candidates and their results"),
    "write:scorecards": _l("Submit my own scorecards"),
    "write:decisions": _l("Record decisions"),
    "read:documents": _l("Download documents (profile PDFs)"),
}


class ApiTokenForm(Form):
    """The fields of a new API token; the service's model (``NewToken``) checks them, as it
    checks every way a token is asked for."""

    name = StringField(_l("What it is for"), validators=[DataRequired(), Length(max=80)])
    scopes = CheckboxListField(
        _l("What it may do"), choices=options(SCOPE_LABELS.items()), validate_choice=False
    )
    days = WholeNumberField(_l("Days until it expires"), default=90)
    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("A token outlives this session: your password confirms it is you."),
    )
