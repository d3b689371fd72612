"""A manager's team: importing it from a file, starting an assessment, recording a leaving day,
and a hire made an employee."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from hiring.forms.base import Form
from hiring.forms.fields import CheckboxListField, options
from hiring.i18n import lazy_gettext as _l
from hiring.labels import ACCOUNT_KIND_LABELS, DEVELOPMENT_LEVEL_LABELS

MAX_TEAM_FILE = 5 * 1024 * 1024
"""The largest team file the web import reads (about 25,000 rows)."""


class TeamUploadForm(Form):
    file = FileField(_l("Team file (CSV)"), validators=[FileRequired(message=_l("Choose a file."))])
    manager = SelectField(_l("Team manager"), coerce=int, validate_choice=True)
    """Offered to administrators only (a manager imports into their own team)."""
    valid_only = BooleanField(_l("Import the rows without problems and skip the others"))


class TeamConfirmForm(Form):
    """The previewed file, sent back to be imported (it is checked again)."""

    text = HiddenField()
    manager = HiddenField()
    valid_only = HiddenField()


class AssessForm(Form):
    raters = CheckboxListField(
        _l("Independent raters"),
        coerce=int,
        description=_l(
            "Besides the person's own manager. A recommendation to move someone into the role "
            "needs at least one."
        ),
    )


class AccountForm(Form):
    name = StringField(
        _l("Account (the VIP, KOL or client)"),
        validators=[DataRequired(message=_l("Name the account.")), Length(max=200)],
    )
    kind = SelectField(_l("Kind"), choices=options(list(ACCOUNT_KIND_LABELS.items())))
    goals = TextAreaField(_l("Goals agreed together"), validators=[Length(max=4000)])
    plan = TextAreaField(_l("The joint plan"), validators=[Length(max=4000)])


class ProgressForm(Form):
    level = RadioField(
        _l("Level reached"),
        coerce=int,
        choices=options(list(DEVELOPMENT_LEVEL_LABELS.items())),
        validators=[InputRequired(message=_l("Choose a level from D1 to D4."))],
    )
    note = TextAreaField(
        _l("What shows it"),
        validators=[DataRequired(message=_l("Say what shows the step.")), Length(max=4000)],
    )
    version = HiddenField()


class LeavingForm(Form):
    """The day an employee's employment ended; ``clear`` removes a day recorded by mistake."""

    left_on = DateField(_l("Left on"), validators=[Optional()])
    clear = SubmitField(_l("Clear the leaving day"))
    save = SubmitField(_l("Record the leaving day"))


class EmployeeForm(Form):
    """A hired candidate made an employee: the team import's columns, typed."""

    employee_id = StringField(_l("Employee id"), validators=[DataRequired(), Length(max=40)])
    team = StringField(_l("Team"), validators=[Length(max=120)])
    territory = StringField(_l("Territory"), validators=[Length(max=120)])
    role = StringField(_l("Role"), validators=[Length(max=120)])
    manager_id = SelectField(_l("Manager"), coerce=int, validate_choice=True)
