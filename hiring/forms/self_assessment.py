"""The forms of the self-assessment: consent, and one questionnaire page built at run time from
the page's items (as the scorecard form is built from the rubric)."""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField, RadioField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from hiring.domain.records import whole_number
from hiring.domain.self_assessment import (
    AGREEMENT_MAX,
    AGREEMENT_MIN,
    Answer,
    Choice,
    Page,
    SituationItem,
    StatementItem,
)
from hiring.forms.base import Form
from hiring.forms.fields import WholeNumberField, options
from hiring.i18n import lazy_gettext as _l
from hiring.services.self_assessments import MAX_DAYS

AGREEMENT_LABELS = {
    1: _l("Strongly disagree"),
    2: _l("Disagree"),
    3: _l("Neither agree nor disagree"),
    4: _l("Agree"),
    5: _l("Strongly agree"),
}
assert sorted(AGREEMENT_LABELS) == list(range(AGREEMENT_MIN, AGREEMENT_MAX + 1))


class LinkForm(Form):
    """A form of the self-assessment pages. No CSRF token: the link's own token, in the
    address, is the secret a forged request would need, and a token that expires after an hour
    would lose the answers of someone who took a break on a page."""

    class Meta:
        csrf = False


class ConsentForm(LinkForm):
    consent = SubmitField(_l("I agree, start"))
    decline = SubmitField(_l("I do not want to take part"))


class SubmitForm(LinkForm):
    submit = SubmitField(_l("Submit my answers"))


class SelfPageBase(LinkForm):
    """One page: a rating per statement, a most and a least likely option per situation.
    Fields are named by position on the page (``item_1``, ``most_2``, ``least_2``)."""

    items: tuple[StatementItem | SituationItem, ...] = ()
    next = SubmitField(_l("Save and continue"))

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        for position, item in enumerate(self.items, start=1):
            if isinstance(item, SituationItem):
                most, least = self[f"most_{position}"], self[f"least_{position}"]
                if most.data and most.data == least.data:
                    least.errors = [
                        *least.errors,
                        _l("Choose a different option from the one you would most likely take."),
                    ]
                    ok = False
        return ok

    def to_answers(self) -> dict[str, Answer]:
        """The answers given on this page (only the items that have one)."""
        answers: dict[str, Answer] = {}
        for position, item in enumerate(self.items, start=1):
            if isinstance(item, StatementItem):
                raw = self[f"item_{position}"].data
                value = whole_number(raw)
                if value is not None:
                    answers[item.id] = value
            else:
                most, least = self[f"most_{position}"].data, self[f"least_{position}"].data
                if most and least:
                    answers[item.id] = Choice(most=most, least=least)
        return answers


def self_page_form(page: Page, lang: str, answers: dict[str, Answer]) -> SelfPageBase:
    """The form of one page, filled with the answers already saved unless the request posts
    its own."""
    fields: dict[str, object] = {"items": page.items}
    initial: dict[str, object] = {}
    agreement = options((str(point), label) for point, label in AGREEMENT_LABELS.items())
    required = InputRequired(message=_l("Choose an answer."))
    for position, item in enumerate(page.items, start=1):
        saved = answers.get(item.id)
        if isinstance(item, StatementItem):
            fields[f"item_{position}"] = RadioField(
                item.statement.get(lang), choices=agreement, validators=[required]
            )
            initial[f"item_{position}"] = str(saved) if isinstance(saved, int) else None
        else:
            choices = options((o.key, o.text.get(lang)) for o in item.situation.options)
            fields[f"most_{position}"] = RadioField(
                _l("Most likely"), choices=choices, validators=[required]
            )
            fields[f"least_{position}"] = RadioField(
                _l("Least likely"), choices=choices, validators=[required]
            )
            if isinstance(saved, Choice):
                initial[f"most_{position}"] = saved.most
                initial[f"least_{position}"] = saved.least
    form_class = type("SelfPage", (SelfPageBase,), fields)
    return form_class(data=initial)


class IssueForm(Form):
    """A recruiter issues a self-assessment link."""

    days = WholeNumberField(
        _l("Valid for (days)"),
        validators=[
            InputRequired(message=_l("Give the number of days.")),
            NumberRange(min=1, max=MAX_DAYS, message=_l("From 1 to %(max)d days.", max=MAX_DAYS)),
        ],
    )
    lang = RadioField(
        _l("Language of the link"),
        choices=options([("fi", "Suomi"), ("en", "English")]),
        validators=[InputRequired(message=_l("Choose a language."))],
    )
    send = BooleanField(_l("Send the link to the candidate by e-mail"))
    """Offered only when an SMTP server is configured and the candidate has an address."""


class RevokeForm(Form):
    """Only the CSRF token: revoking needs no more."""
