"""The scorecard form, built at run time from the rubric: one rating and one evidence note per
competency of the interview, the role's red flags, a recommendation and take-aways."""

from __future__ import annotations

from collections.abc import Sequence

from wtforms import HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional

from hiring.domain.catalogue import ResolvedRole
from hiring.forms.base import Form
from hiring.forms.fields import CheckboxListField, options
from hiring.i18n import lazy_gettext as _l
from hiring.labels import RECOMMENDATION_LABELS
from hiring.services.interviews import ScorecardInput


class ScorecardBase(Form):
    red_flags = CheckboxListField(_l("Red flags observed"))
    recommendation = RadioField(
        _l("Overall recommendation"),
        choices=options(list(RECOMMENDATION_LABELS.items())),
        validators=[Optional()],
    )
    takeaways = TextAreaField(_l("Key take-aways"), validators=[Length(max=10000)])
    version = HiddenField()
    """The version of the revision this page was built from (0: none yet)."""
    save = SubmitField(_l("Save draft"))
    submit = SubmitField(_l("Submit scorecard"))

    competency_keys: Sequence[str] = ()

    def to_input(self) -> ScorecardInput:
        scores: dict[str, int | None] = {}
        notes: dict[str, str] = {}
        for key in self.competency_keys:
            raw = self[f"score_{key}"].data
            scores[key] = int(raw) if raw not in (None, "", "None") else None
            notes[key] = self[f"note_{key}"].data or ""
        return ScorecardInput(
            scores=scores,
            notes=notes,
            red_flags=list(self.red_flags.data or []),
            recommendation=self.recommendation.data or None,
            takeaways=self.takeaways.data or "",
        )


_classes: dict[tuple[int, tuple[str, ...], str], tuple[ResolvedRole, type[ScorecardBase]]] = {}
CLASSES_KEPT = 1024
"""How many form classes a process keeps; past it the store starts afresh."""


def scorecard_form_class(role: ResolvedRole, keys: Sequence[str], lang: str) -> type[ScorecardBase]:
    """The form class with a rating field and a note field per competency in ``keys``.

    Built once per role, competencies and language and kept: building one costs more than
    filling it. A role read from a snapshot is one object per process
    (:func:`hiring.services.results.role_of_snapshot`), so the object itself is the key; it is
    kept with the class so that its id cannot be reused while the class is."""
    wanted = (id(role), tuple(keys), lang)
    kept = _classes.get(wanted)
    if kept is not None and kept[0] is role:
        return kept[1]
    if len(_classes) >= CLASSES_KEPT:
        _classes.clear()
    form_class = _new_form_class(role, keys, lang)
    _classes[wanted] = (role, form_class)
    return form_class


def _new_form_class(role: ResolvedRole, keys: Sequence[str], lang: str) -> type[ScorecardBase]:
    fields: dict[str, object] = {"competency_keys": tuple(keys)}
    for key in keys:
        entry = role.competency(key)
        assert entry is not None
        choices = options(
            [("", _l("Not assessed"))]
            + [
                (str(point), f"{point} {entry.scale.labels[point].get(lang)}")
                for point in entry.scale.points
            ]
        )
        fields[f"score_{key}"] = RadioField(
            entry.competency.name.get(lang), choices=choices, default="", validate_choice=True
        )
        fields[f"note_{key}"] = TextAreaField(_l("Evidence"), validators=[Length(max=5000)])
    return type(f"Scorecard_{role.key}", (ScorecardBase,), fields)


def build_scorecard_form(
    role: ResolvedRole, keys: Sequence[str], lang: str, data: ScorecardInput, **kwargs: object
) -> ScorecardBase:
    """The form for one scorecard, filled from ``data`` unless the request posts its own."""
    initial: dict[str, object] = {
        "red_flags": data.red_flags,
        "recommendation": data.recommendation or "",
        "takeaways": data.takeaways,
    }
    for key in keys:
        score = data.scores.get(key)
        initial[f"score_{key}"] = "" if score is None else str(score)
        initial[f"note_{key}"] = data.notes.get(key, "")
    form = scorecard_form_class(role, keys, lang)(data=initial, **kwargs)
    form.red_flags.choices = options((f.key, f.name.get(lang)) for f in role.red_flags)
    return form
