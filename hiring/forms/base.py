"""The base of every form of the app."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.csrf.core import CSRFTokenField


class Form(FlaskForm):
    """A Flask-WTF form whose hidden CSRF field is written without an ``id``: every form has
    one, and a page with two forms had ``id="csrf_token"`` twice (invalid markup, and the
    suite, which turns CSRF protection off, never saw it)."""

    class Meta(FlaskForm.Meta):
        def render_field(self, field: Field, render_kw: dict[str, Any]) -> Any:
            if isinstance(field, CSRFTokenField):
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)
