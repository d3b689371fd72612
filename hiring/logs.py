"""Logs never hold a self-assessment link: the token in ``/s/<token>`` (also URL-encoded, as in
a language switch's ``next=``) is replaced by ``[link]`` in every record of the loggers that
write request lines and errors: the development server's, gunicorn's and the app's own."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

TOKEN_IN_PATH = re.compile(r"((?:/|%2F)s(?:/|%2F))[A-Za-z0-9_-]{16,}", re.IGNORECASE)
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1[link]", text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bytes):
        return redact(value.decode("utf-8", "replace"))
    return value


class RedactLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            # in place: gunicorn's atoms are a dict subclass that answers "-" for a header
            # the request did not have, which a custom access log format relies on
            atoms: dict[Any, Any] = record.args
            for key in list(dict.keys(atoms)):
                dict.__setitem__(atoms, key, _clean(dict.__getitem__(atoms, key)))
        elif isinstance(record.args, Mapping):
            record.args = {key: _clean(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_clean(value) for value in record.args)
        return True


def install(*loggers: logging.Logger) -> None:
    """Put the filter on the request loggers and on ``loggers`` (once each)."""
    for logger in (*(logging.getLogger(name) for name in LOGGERS), *loggers):
        if not any(isinstance(f, RedactLinks) for f in logger.filters):
            logger.addFilter(RedactLinks())
