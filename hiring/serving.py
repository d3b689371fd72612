"""What the servers that run the app say about themselves: nothing of their versions.

Werkzeug's development server (``hiring run``) and gunicorn (``hiring.wsgi:app``) name their
software and version, and Werkzeug Python's too, in a ``Server`` header on every response; an
attacker reads from it which published weaknesses to try. Both are told to say ``hiring``."""

from __future__ import annotations

SERVER_NAME = "hiring"


def hide_server_version() -> None:
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.version_string = lambda self: SERVER_NAME  # type: ignore[method-assign]
    try:
        import gunicorn.http.wsgi  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - gunicorn is a dependency
        return
    gunicorn.http.wsgi.SERVER = SERVER_NAME
