from __future__ import annotations

from wtforms import (
    DateTimeLocalField,
    EmailField,
    FloatField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from hiring.domain.records import CANDIDATE_RANGES
from hiring.forms.base import Form
from hiring.forms.fields import CheckboxListField, WholeNumberField, options
from hiring.i18n import lazy_gettext as _l
from hiring.labels import (
    DECISION_LABELS,
    EDUCATION_LABELS,
    INTERVIEW_FORM_KINDS,
    KIND_LABELS,
    SOURCE_LABELS,
)


def _within(name: str) -> NumberRange:
    """The input model's bounds (:data:`hiring.domain.records.CANDIDATE_RANGES`), so the form
    gives early feedback with the same numbers the service enforces."""
    low, high = CANDIDATE_RANGES[name]
    return NumberRange(min=low, max=high)


class OpeningForm(Form):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    role_key = SelectField(_l("Role profile"), validators=[DataRequired()])
    territory = StringField(_l("Territory"), validators=[Length(max=120)])
    hiring_manager_id = SelectField(
        _l("Hiring manager"),
        description=_l(
            "The person who decides on this opening: they see it and its candidates' results."
        ),
        coerce=lambda v: int(v) if v not in (None, "", "None") else None,
    )
    hiring_manager = StringField(
        _l("Hiring manager's name as printed"),
        description=_l("Leave empty to print the chosen person's name."),
        validators=[Length(max=120)],
    )
    status = SelectField(
        _l("Status"),
        choices=options([("open", _l("Open")), ("closed", _l("Closed"))]),
        default="open",
    )


class CandidateForm(Form):
    opening_id = SelectField(
        _l("Opening"), coerce=lambda v: int(v) if v not in (None, "", "None") else None
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Email(check_deliverability=False), Length(max=254)],
        filters=[lambda v: (v or "").strip()],
    )
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^[0-9+()\-. ]+$", message=_l("Digits, spaces and + ( ) - . only.")),
        ],
    )
    education = SelectField(
        _l("Education"),
        choices=options(EDUCATION_LABELS.items()),
        coerce=lambda v: v or None,
    )
    sales_experience_years = FloatField(
        _l("Years of sales experience"), validators=[Optional(), _within("sales_experience_years")]
    )
    kam_experience_years = FloatField(
        _l("Years of KAM experience"), validators=[Optional(), _within("kam_experience_years")]
    )
    languages = StringField(
        _l("Languages"),
        description=_l("Language codes separated by commas, e.g. fi, en, sv"),
        validators=[
            Optional(),
            Length(max=120),
            Regexp(
                r"^\s*[A-Za-z]{2,3}(\s*,\s*[A-Za-z]{2,3})*\s*$",
                message=_l("Two- or three-letter codes separated by commas, e.g. fi, en."),
            ),
        ],
    )
    long_term_clients = WholeNumberField(
        _l("Long-term clients"), validators=[Optional(), _within("long_term_clients")]
    )
    repeat_transactions = WholeNumberField(
        _l("Repeat transactions"), validators=[Optional(), _within("repeat_transactions")]
    )
    sales_growth_pct = FloatField(
        _l("Sales growth (per cent)"), validators=[Optional(), _within("sales_growth_pct")]
    )
    source = RadioField(
        _l("Source"), choices=options(list(SOURCE_LABELS.items())), default="external"
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=10000)])
    version = HiddenField()


class _InterviewWhen(Form):
    """When and what kind: the fields scheduling and changing an interview share."""

    scheduled_at = DateTimeLocalField(
        _l("Date and time"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    kind = SelectField(
        _l("Kind"), choices=options([(k, KIND_LABELS[k]) for k in INTERVIEW_FORM_KINDS])
    )

    def validate_scheduled_at(self, field: DateTimeLocalField) -> None:
        """Years the time zones can convert (year 1 cannot be moved to UTC); the service then
        asks for a date within its range."""
        if field.data is not None and not 1900 <= field.data.year <= 9000:
            raise ValidationError(_l("Not a valid date and time."))


class InterviewForm(_InterviewWhen):
    interviewers = CheckboxListField(
        _l("Interviewers"),
        coerce=int,
        validators=[DataRequired(message=_l("Assign at least one interviewer."))],
    )
    competencies = CheckboxListField(
        _l("Competencies"),
        description=_l("Leave all unticked to cover every competency of the role."),
    )


class InterviewChangeForm(_InterviewWhen):
    """Reschedule, change the kind, add or remove interviewers (the competencies covered
    stay as scheduled: the scorecards are built from them)."""

    interviewers = CheckboxListField(
        _l("Interviewers"),
        coerce=int,
        description=_l(
            "Untick someone to take them off the panel: their draft goes with them. Someone "
            "who has submitted stays."
        ),
        validators=[DataRequired(message=_l("Assign at least one interviewer."))],
    )
    reason = TextAreaField(
        _l("Reason for the change"),
        description=_l("Kept in the interview's history."),
        validators=[Length(max=2000)],
    )


class CancelInterviewForm(Form):
    reason = TextAreaField(
        _l("Reason for cancelling"),
        validators=[DataRequired(message=_l("Give the reason for cancelling.")), Length(max=2000)],
    )


class DecisionForm(Form):
    decision = RadioField(
        _l("Decision"),
        choices=options(list(DECISION_LABELS.items())),
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(message=_l("Give the reason for the decision.")),
            Length(max=5000),
        ],
    )
    back = HiddenField()
    """``debrief``: the form was sent from the debrief page, which the answer returns to."""


class AmendForm(Form):
    reason = TextAreaField(
        _l("Reason for the amendment"),
        validators=[
            DataRequired(message=_l("Give the reason for the amendment.")),
            Length(max=5000),
        ],
    )
