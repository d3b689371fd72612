"""The reader's language and its translations, looked up once per request.

Flask-Babel finds the current translations anew for every string: several lookups through
Flask's context-local ``g`` and the locale, about 25 µs each time on a small machine. A
candidate's page translates some 250 strings and writes some 300 numbers in the reader's
language, so those lookups alone were a tenth of its time. Here the request's language code
and translations are found once and kept in ``g`` until the request ends.

:func:`in_language` is the one way to write in another language within a request or a job (a
profile in the language it was asked in, a reminder in the interviewer's): it wraps
Flask-Babel's ``force_locale`` and keeps what is kept here right. A test checks that nothing
else in the package calls ``force_locale``.

Templates reach :func:`gettext` and :func:`ngettext` as ``_``, ``gettext`` and ``ngettext``
(installed by :func:`install`); Python code imports them from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from babel.support import NullTranslations
from flask import Flask, g, has_app_context
from flask_babel import LazyString, force_locale, get_locale, get_translations

_KEY = "_hiring_language"


def _lookup() -> tuple[str, NullTranslations]:
    locale = get_locale()
    return (str(locale) if locale is not None else "en", get_translations())


def _current() -> tuple[str, NullTranslations]:
    """The language code and the translations in force, found once per request (or app
    context, for commands and jobs); one attribute read of ``g`` after the first."""
    try:
        kept: tuple[str, NullTranslations] = g._hiring_language
        return kept
    except AttributeError:
        found = _lookup()
        setattr(g, _KEY, found)
        return found
    except RuntimeError:  # no app context: Flask-Babel's defaults
        return _lookup()


def language() -> str:
    """The reader's language code (``en``, ``fi``)."""
    return _current()[0]


def gettext(string: str, **variables: Any) -> str:
    text = _current()[1].ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _current()[1].ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables: Any) -> LazyString:
    """:func:`gettext` when the text is used (a label defined at import time)."""
    return LazyString(gettext, string, **variables)


def forget() -> None:
    """Look the language up afresh: at the start of every request (an app context may be
    shared by several requests, as in tests), and when :func:`in_language` ends."""
    if has_app_context():
        g.pop(_KEY, None)


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Write in ``lang`` inside the block, and in the reader's language again after it."""
    kept = g.pop(_KEY, None) if has_app_context() else None
    try:
        with force_locale(lang):
            yield
    finally:
        forget()
        if kept is not None:
            setattr(g, _KEY, kept)


def install(app: Flask) -> None:
    """Templates translate through this module, and each request looks its language up
    afresh. Called after Flask-Babel's ``init_app``, whose callables these replace."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _current()[1].ugettext(s),
        ngettext=lambda s, p, n: _current()[1].ungettext(s, p, n),
        newstyle=True,
    )
    app.before_request(forget)
