"""Flask extensions, created unbound and initialised in the app factory."""

from __future__ import annotations

from flask import current_app, request, session
from flask_babel import Babel

from hiring.config import LANGUAGES


def select_locale() -> str:
    """The language a person chose (kept in the session), else the browser's best match."""
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return (
        request.accept_languages.best_match(LANGUAGES) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


babel = Babel()
