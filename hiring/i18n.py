"""The reader's language and its translations, looked up once per request.

Flask-Babel finds the current translations anew for every string: several lookups through
Flask's context-local ``g`` and the locale, about 25 µs each time on a small machine. A
candidate's page translates some 250 strings and writes some 300 numbers in the reader's
language, so those lookups alone were a tenth of its time. Here the request's language code
and translations are found once and kept until the request (or app context) ends.

:func:`in_language` is the one way to write in another language within a request or a job (a
profile in the language it was asked in, a reminder in the interviewer's): it wraps
Flask-Babel's ``force_locale`` and keeps what is kept here right. A test checks that nothing
else in the package calls ``force_locale``. Flask-Babel's ``refresh()`` (which tests call after
switching the session's language within one app context) empties only Flask-Babel's own
record: the next request, or :func:`forget`, empties this one.

Templates reach :func:`gettext` and :func:`ngettext` as ``_``, ``gettext`` and ``ngettext``
(installed by :func:`install`); Python code imports them from here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from babel.support import NullTranslations
from flask import Flask, appcontext_popped, appcontext_pushed, has_app_context
from flask_babel import LazyString, force_locale, get_locale, get_translations

_kept: ContextVar[tuple[str, NullTranslations] | None] = ContextVar("hiring_language", default=None)
"""The language code and translations found for the current request or app context. A context
variable (not ``g``, whose every read goes through a proxy): it is emptied when an app context
begins or ends and when a request begins, so it never outlives what it was found for."""


def _lookup() -> tuple[str, NullTranslations]:
    locale = get_locale()
    return (str(locale) if locale is not None else "en", get_translations())


def _current() -> tuple[str, NullTranslations]:
    found = _kept.get()
    if found is None:
        found = _lookup()
        if has_app_context():  # outside one, Flask-Babel's defaults, looked up each time
            _kept.set(found)
    return found


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


def forget(*_args: object, **_kwargs: object) -> None:
    """Look the language up afresh: when an app context begins or ends, and at the start of
    every request (an app context may be shared by several requests, as in tests)."""
    _kept.set(None)


appcontext_pushed.connect(forget)
appcontext_popped.connect(forget)


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """Write in ``lang`` inside the block, and in the reader's language again after it."""
    token = _kept.set(None)
    try:
        with force_locale(lang):
            yield
    finally:
        _kept.reset(token)


def install(app: Flask) -> None:
    """Templates translate through this module, and each request looks its language up
    afresh. Called after Flask-Babel's ``init_app``, whose callables these replace."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext,
        ngettext=lambda s, p, n: _current()[1].ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _current()[1].upgettext(c, s),
        npgettext=lambda c, s, p, n: _current()[1].unpgettext(c, s, p, n),
    )
    app.before_request(forget)
