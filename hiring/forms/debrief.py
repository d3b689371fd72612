"""The debrief form, built at run time from the candidate's profile: a consensus note per
competency on the agenda and an overall summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from hiring.domain.debrief import Agenda
from hiring.domain.records import whole_number
from hiring.forms.base import Form
from hiring.i18n import lazy_gettext as _l
from hiring.services.debriefs import MAX_NOTE, DebriefInput, debrief_input


class DebriefBase(Form):
    summary = TextAreaField(
        _l("Debrief summary"),
        description=_l(
            "What the panel concluded together, for the people deciding. The profile document "
            "carries it."
        ),
        validators=[Length(max=MAX_NOTE)],
    )
    seen = HiddenField()
    """The newest note the page showed (0: none): a newer one on the same subject is a
    conflict, not an overwrite."""

    competency_keys: Sequence[str] = ()

    def to_input(self) -> DebriefInput:
        """The input model's check, as any other way in gets it."""
        seen = whole_number(self.seen.data or "0")
        return debrief_input(
            {
                "notes": {key: self[f"note_{key}"].data or "" for key in self.competency_keys},
                "summary": self.summary.data or "",
                "seen": -1 if seen is None else seen,  # the input model refuses it
            }
        )


def debrief_form_class(names: Mapping[str, str]) -> type[DebriefBase]:
    """The form with a note field per competency in ``names`` (key to its name in the
    reader's language, in the agenda's order)."""
    fields: dict[str, object] = {"competency_keys": tuple(names)}
    for key, name in names.items():
        fields[f"note_{key}"] = TextAreaField(
            _l("Consensus on %(name)s", name=name), validators=[Length(max=MAX_NOTE)]
        )
    return type("DebriefForm", (DebriefBase,), fields)


def debrief_form(order: Agenda[Any], lang: str, seen: int, **kwargs: object) -> DebriefBase:
    """The form of ``order``'s discussed competencies, named in ``lang``; ``seen`` is the
    newest note the page shows."""
    names = {c.key: c.name.get(lang) for c in order.discussed}
    form = debrief_form_class(names)(**kwargs)
    if not form.is_submitted():
        form.seen.data = str(seen)
    return form
