from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice


class CheckboxListField(SelectMultipleField):
    """Several choices as a list of checkboxes (rendered in a fieldset by the macros)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """``(value, label)`` pairs as the choices of a select, radio or checkbox field."""
    return [SelectChoice(value, label) for value, label in pairs]
