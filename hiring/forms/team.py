"""A manager's team: importing it from a file and starting an assessment."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField

from hiring.forms.fields import CheckboxListField

MAX_TEAM_FILE = 5 * 1024 * 1024
"""The largest team file the web import reads (about 25,000 rows)."""


class TeamUploadForm(FlaskForm):
    file = FileField(_l("Team file (CSV)"), validators=[FileRequired(message=_l("Choose a file."))])
    manager = SelectField(_l("Team manager"), coerce=int, validate_choice=True)
    """Offered to administrators only (a manager imports into their own team)."""
    valid_only = BooleanField(_l("Import the rows without problems and skip the others"))


class TeamConfirmForm(FlaskForm):
    """The previewed file, sent back to be imported (it is checked again)."""

    text = HiddenField()
    manager = HiddenField()
    valid_only = HiddenField()


class AssessForm(FlaskForm):
    raters = CheckboxListField(
        _l("Independent raters"),
        coerce=int,
        description=_l(
            "Besides the person's own manager. A recommendation to move someone into the role "
            "needs at least one."
        ),
    )
