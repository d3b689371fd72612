from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import IntegerField, SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes (rendered in a fieldset by the macros)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as the choices of a select, radio or checkbox field."""
    return [SelectChoice(value, label) for value, label in pairs]


MAX_DIGITS = 9
"""The most digits a number typed into a form may have."""


class WholeNumberField(IntegerField):
    """An ``IntegerField`` that refuses more than nine digits as not a number, before any range
    check compares it (WTForms' ``NumberRange`` turns it into a float, which a 400-digit
    number overflows) and before any database sees it."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and len(str(valuelist[0]).strip().lstrip("+-")) > MAX_DIGITS:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)
