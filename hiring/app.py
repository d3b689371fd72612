"""The application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import Flask, Response, redirect, request, url_for
from flask_babel import format_datetime
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.exceptions import BadRequest
from werkzeug.routing import Map
from werkzeug.routing.converters import IntegerConverter

from hiring import i18n, logs, numbers
from hiring.catalogue_cache import load_cached
from hiring.config import (
    DEVELOPMENT_SECRET_KEY,
    PROJECT_ROOT,
    SECRET_KEY_HELP,
    ConfigurationError,
    Defaults,
)
from hiring.extensions import babel, csrf, db, login_manager, migrate, select_locale
from hiring.i18n import lazy_gettext as _l
from hiring.serving import hide_server_version

API_PREFIX = "/api/v1"
MIGRATIONS = os.path.join(os.path.dirname(__file__), "migrations")


def create_app(test_config: Mapping[str, Any] | None = None, *, production: bool = False) -> Flask:
    """Build the app: defaults, then ``instance/config.py`` and ``HIRING_*`` variables (or the
    test mapping); ``production`` for the production server's entry (:mod:`hiring.wsgi`).
    Every rubric is validated here; an invalid one stops the start with
    :class:`hiring.domain.catalogue.RubricError`, whose message names each file and line.
    Outside development and tests the app refuses to start (:class:`ConfigurationError`)
    without a secret key of its own. Nothing else happens at start-up: no migrations, no
    prompts."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("HIRING")
    else:
        app.config.from_mapping(test_config)
    _configure_database(app)
    _configure_nine_box(app)
    _configure_retention(app)
    app.extensions["hiring.catalogue"] = load_cached([app.config["RUBRICS_DIR"]])
    _configure_secret_key(app)
    _configure_session_cookie(app, production)
    _configure_proxies(app)
    hide_server_version()
    babel.init_app(app, locale_selector=select_locale)
    i18n.install(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    app.after_request(_protect)
    app.before_request(_refuse_unstorable_text)
    app.url_map.converters["int"] = DatabaseIdConverter
    _register_blueprints(app)
    _register_error_pages(app)
    app.add_template_filter(local_time)
    app.add_template_filter(local_date)
    _register_template_globals(app)
    _register_cli(app)
    logs.install(app.logger)
    return app


def _configure_nine_box(app: Flask) -> None:
    """The 9-box thresholds, checked at start-up (a typo fails here, not on a manager's page)."""
    from hiring.domain.nine_box import Thresholds

    performance, fit = app.config["NINE_BOX_PERFORMANCE"], app.config["NINE_BOX_FIT"]
    try:
        app.extensions["hiring.nine_box"] = Thresholds.parse(str(performance), str(fit))
    except ValueError as exc:
        raise ConfigurationError(
            f"HIRING_NINE_BOX_PERFORMANCE={performance!r}, HIRING_NINE_BOX_FIT={fit!r}: {exc}; "
            "write two numbers separated by a comma, the lower first, e.g. 95,110 and 60,80"
        ) from None


def _configure_session_cookie(app: Flask, production: bool) -> None:
    """The session cookie is ``Secure`` (sent over HTTPS only) under the production entry
    (``hiring.wsgi``) and wherever ``BASE_URL`` is https, unless ``SESSION_COOKIE_SECURE`` is
    set either way; the local server of ``make run`` answers on plain http and keeps it off."""
    if app.config.get("SESSION_COOKIE_SECURE") is None:
        base = str(app.config.get("BASE_URL") or "")
        app.config["SESSION_COOKIE_SECURE"] = production or base.startswith("https://")


def _configure_proxies(app: Flask) -> None:
    """Behind ``PROXIES`` reverse proxies, trust as many ``X-Forwarded-For`` and
    ``-Proto`` values (Werkzeug's ``ProxyFix``): the client's address (which login throttling
    counts) and https. ``X-Forwarded-Host``, ``-Port`` and ``-Prefix`` are never trusted: a
    proxy that does not set them passes on what a client sent, and the public address comes
    from ``BASE_URL``. With none (the default) no forwarded header is trusted."""
    value = app.config["PROXIES"]
    try:
        count = int(str(value).strip())
    except ValueError:
        count = -1
    if not 0 <= count <= 5:
        raise ConfigurationError(
            f"HIRING_PROXIES={value!r}: write how many reverse proxies stand in front of the "
            "app, from 0 (none, the default) to 5; e.g. 1 behind one nginx"
        )
    app.config["PROXIES"] = count
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=0, x_port=0, x_prefix=0
        )


def _configure_retention(app: Flask) -> None:
    """The retention period, checked at start-up: ``hiring purge`` runs from cron and erases
    what is past it, so 0 or a negative number (all but today's applicants) must not start."""
    value = app.config["RETENTION_MONTHS"]
    try:
        months = int(str(value).strip())
    except ValueError:
        months = 0
    if not 1 <= months <= 1200:
        raise ConfigurationError(
            f"HIRING_RETENTION_MONTHS={value!r}: write a whole number of months from 1 to 1200 "
            "(how long applicant data are kept after their last activity)"
        )
    app.config["RETENTION_MONTHS"] = months


def _configure_secret_key(app: Flask) -> None:
    """The key from the configuration, else from ``SECRET_KEY_FILE`` (``instance/secret_key``).
    Without one, or with the published development key, only debug mode and tests start (with
    the development key); anything else stops here, saying how to make a key."""
    path = app.config.get("SECRET_KEY_FILE") or os.path.join(app.instance_path, "secret_key")
    if not app.config.get("SECRET_KEY") and os.path.isfile(path):
        with open(path, encoding="utf-8") as file:
            app.config["SECRET_KEY"] = file.read().strip() or None
    key = app.config.get("SECRET_KEY")
    fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or []
    if isinstance(fallbacks, str):  # HIRING_SECRET_KEY_FALLBACKS=old1,old2 (or a JSON list)
        fallbacks = [part.strip() for part in fallbacks.split(",") if part.strip()]
    if DEVELOPMENT_SECRET_KEY in fallbacks:
        raise ConfigurationError(
            "Refusing to start: SECRET_KEY_FALLBACKS holds the published development key, "
            "which would let anyone sign a session. Remove it."
        )
    app.config["SECRET_KEY_FALLBACKS"] = list(fallbacks)
    if key and key != DEVELOPMENT_SECRET_KEY:
        return
    if app.debug or app.testing:
        app.config["SECRET_KEY"] = DEVELOPMENT_SECRET_KEY
        app.logger.warning("No secret key: development mode signs sessions with a public key")
        return
    reason = "the published development key" if key else "no secret key"
    raise ConfigurationError(
        f"Refusing to start with {reason}.\n" + SECRET_KEY_HELP.format(path=path)
    )


class DatabaseIdConverter(IntegerConverter):
    """A path's whole number up to the largest id the database's columns hold: a larger one
    is no page (404), never an overflow in the database driver."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


MAX_ID = 2**31 - 1
"""The largest value of an INTEGER column on PostgreSQL (the tighter of the two databases)."""


def local_time(value: datetime | str) -> str:
    """A stored UTC time (or one kept as ISO 8601 text, as in an interview's history) as the
    organisation's local time (``HIRING_BABEL_DEFAULT_TIMEZONE``)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return format_datetime(value, "yyyy-MM-dd HH:mm")


def local_date(value: datetime) -> str:
    return format_datetime(value, "yyyy-MM-dd")


ERROR_PAGES = {
    400: (_l("The request was not understood"), _l("Please go back and try again.")),
    403: (_l("Not allowed"), _l("Your role does not give access to this page.")),
    404: (_l("Not found"), _l("There is nothing here, or it is not yours to see.")),
    405: (_l("Not allowed"), _l("This address does not take that kind of request.")),
    409: (_l("Not possible now"), _l("The data do not allow this at the moment.")),
    413: (
        _l("Too large"),
        _l(
            "What you sent is larger than the app accepts (a file of 10 MB at most). Nothing "
            "was saved."
        ),
    ),
    500: (_l("Something went wrong"), _l("The error has been logged. Nothing was saved.")),
}


class UnstorableText(BadRequest):
    """A value with a NUL character, which PostgreSQL cannot store in text: refused whole,
    with a message, before any view reads it (so nothing is half-saved)."""

    reader_message = _l(
        "Something you sent contains a NUL character, which cannot be stored, so nothing was "
        "saved. Go back, remove it and try again."
    )


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",  # no script anywhere: the pages need none
        "style-src 'self'",  # the one stylesheet; no inline styles
        "img-src 'self' data:",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    )
)


def _protect(response: Response) -> Response:
    """Security headers on every response; ``no-store`` on everything but the static assets
    (pages, CSV and PDF carry personal data and must not be kept by a browser or a proxy).
    A view's own choice (the self-assessment's ``no-referrer``) is kept."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static":
        headers["Cache-Control"] = "no-store"
    return response


def _refuse_unstorable_text() -> None:
    for values in (request.args, request.form):
        if any("\x00" in value for _key, listed in values.lists() for value in listed):
            raise UnstorableText()


def _register_template_globals(app: Flask) -> None:
    from hiring.web.common import form_problems

    app.add_template_global(form_problems)
    app.add_template_filter(numbers.decimal, "decimal")
    app.add_template_filter(numbers.short_number, "short_number")
    app.add_template_filter(numbers.percent_number, "percent_number")


def _register_error_pages(app: Flask) -> None:
    """Errors in the reader's language, with the site's navigation."""
    from flask import render_template
    from werkzeug.exceptions import HTTPException

    def handle(error: HTTPException) -> Any:
        code = error.code or 500
        if request.path.startswith(API_PREFIX + "/"):  # other systems read problem+json
            from hiring.web.api import as_problem

            return as_problem(error)
        title, message = ERROR_PAGES.get(code, ERROR_PAGES[500])
        message = getattr(error, "reader_message", message)
        if code == 500:
            db.session.rollback()
        return render_template("errors/error.html", title=title, message=message), code

    for code in ERROR_PAGES:
        app.register_error_handler(code, handle)


def database_url(url: str) -> str:
    """Use psycopg 3 for ``postgresql://`` URLs, as the platform documents them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


CONNECT_SECONDS = 5


def _configure_database(app: Flask) -> None:
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        os.makedirs(app.instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(app.instance_path, "hiring.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(url)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # a server that cannot be reached fails a request (and /readyz) in seconds, instead
        # of holding the worker for the operating system's TCP timeout
        options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
        options.setdefault("connect_args", {}).setdefault("connect_timeout", CONNECT_SECONDS)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """SQLite: enforce foreign keys, let readers and a writer work at once (WAL), and wait
    for a lock rather than fail at once when two people save together."""
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def _register_blueprints(app: Flask) -> None:
    from hiring.services.policy import can
    from hiring.web.admin import bp as admin_bp
    from hiring.web.api import bp as api_bp
    from hiring.web.api import init_app as init_api
    from hiring.web.auth import bp as auth_bp
    from hiring.web.catalogue import bp as catalogue_bp
    from hiring.web.documents import bp as documents_bp
    from hiring.web.health import bp as health_bp
    from hiring.web.interviewer import bp as interviewer_bp
    from hiring.web.privacy import bp as privacy_bp
    from hiring.web.recruiter import bp as recruiter_bp
    from hiring.web.self_assessment import bp as self_assessment_bp
    from hiring.web.team import bp as team_bp
    from hiring.web.validity import bp as validity_bp

    for blueprint in (
        auth_bp,
        catalogue_bp,
        recruiter_bp,
        interviewer_bp,
        documents_bp,
        admin_bp,
        privacy_bp,
        self_assessment_bp,
        team_bp,
        validity_bp,
        health_bp,
        api_bp,
    ):
        app.register_blueprint(blueprint)
    init_api(app)

    @app.context_processor
    def _policy() -> dict[str, Any]:
        return {"can": lambda permission: can(current_user, permission)}

    @app.get("/")
    def home() -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login"))
        if can(current_user, "recruiting.manage"):
            return redirect(url_for("recruiter.candidates"))
        return redirect(url_for("interviewer.assignments"))


def _register_cli(app: Flask) -> None:
    from hiring.cli import APP_COMMANDS, COMMANDS

    for command in (*COMMANDS, *APP_COMMANDS):
        app.cli.add_command(command)
