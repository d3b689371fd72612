"""Configuration defaults. Override them in ``instance/config.py`` or with ``HIRING_*``
environment variables (``HIRING_RUBRICS_DIR=/srv/rubrics``, ``HIRING_SECRET_KEY=...``)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RUBRICS_DIR = PROJECT_ROOT / "rubrics"
LANGUAGES = ("en", "fi")


def rubrics_dir() -> Path:
    """The rubrics folder outside an app context (CLI commands that must work even when the
    rubrics are broken and the app cannot start)."""
    return Path(os.environ.get("HIRING_RUBRICS_DIR", DEFAULT_RUBRICS_DIR))


DEVELOPMENT_SECRET_KEY = "dev-only-change-me"
"""Published in this source, so it signs sessions only in development (debug) and tests."""

SECRET_KEY_HELP = (
    "Set HIRING_SECRET_KEY, or write a key to {path}, for example:\n"
    "  python3 -c 'import secrets; print(secrets.token_hex(32))' > {path}\n"
    "(`make run` does this on first start.)"
)


class ConfigurationError(RuntimeError):
    """The app cannot start with this configuration; the message says how to fix it."""


class Defaults:
    SECRET_KEY: str | None = None
    """Signs sessions and pseudonyms. Read from ``HIRING_SECRET_KEY``, ``instance/config.py`` or
    the file ``SECRET_KEY_FILE``; outside development and tests the app refuses to start
    without one of its own."""
    SECRET_KEY_FILE: str | None = None
    """Default ``instance/secret_key``."""
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    """The largest request the app reads, in bytes (a team's CSV file is the largest upload);
    a larger one is refused with a message before it is read."""
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024
    """The largest single form field, in bytes."""
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    """Idle timeout, in seconds: a login session ends this long after its last request (the
    signed cookie's age is checked by the server, so a copied cookie ends too)."""
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE: bool | None = None
    """None: on under the production entry (``hiring.wsgi``) and when ``BASE_URL`` is https."""
    SECRET_KEY_FALLBACKS: list[str] | str | None = None
    """Earlier keys, still accepted for sessions signed before a rotation (a JSON list, or
    keys separated by commas); new sessions are signed with ``SECRET_KEY``."""
    RUBRICS_DIR = str(DEFAULT_RUBRICS_DIR)
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    """Times are stored in UTC and shown, and entered, in this zone."""
    BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent / "translations")
    LANGUAGES = LANGUAGES
    RETENTION_MONTHS = 24
    """Applicant data are kept this long after the candidate's last activity."""
    REPORTS_DIR: str | None = None
    """Where batch zip files go; default ``instance/reports``."""
    REDIS_URL: str | None = None
    """Redis for background batches (RQ); unset, batches run in the request."""
    WORKER_NICE = 10
    """How much lower the background worker's CPU priority is than the web server's (``nice``,
    0 to 19): on a machine that runs both, people's pages come first."""
    INLINE_BATCH_LIMIT = 25
    """Without Redis, a batch of more profiles than this is refused (it would hold a web
    worker for minutes): the message says how to start a background worker."""
    BATCH_STALL_SECONDS = 600
    """A batch in which no profile has finished for this long (its worker crashed, or none is
    running) is failed, with a message, instead of showing "in progress" for ever."""
    PROXIES = 0
    """How many reverse proxies (nginx, a load balancer) stand in front of the app: their
    ``X-Forwarded-For`` and ``-Proto`` headers are trusted that many deep (never ``-Host``:
    set ``BASE_URL``). 0: none are trusted."""
    API_RATE_LIMIT = "300 per minute"
    """Requests one API token may make, and requests without a valid token one address may
    make (``300 per minute``, ``10 per second``, or several separated by ``;``); more are
    answered 429 until the window passes. Counted in Redis when ``REDIS_URL`` is set."""
    BASE_URL: str | None = None
    """Where people reach the app (``https://hiring.example.fi``): the address of the links it
    makes. Unset, a page uses the address it was reached at and the command line
    ``http://127.0.0.1:5000``; behind a proxy, set it."""
    SELF_ASSESSMENT_DAYS = 14
    """How long a self-assessment link stays open unless the issuer chooses otherwise."""
    NINE_BOX_PERFORMANCE = "95,110"
    """The KAM 9-box's performance thresholds: sales against plan (per cent) at which medium and
    high begin."""
    NINE_BOX_FIT = "60,80"
    """The KAM 9-box's fit thresholds, in per cent of the KAM profile."""
    INTERVIEW_YEARS_BACK = 10
    """An interview may be dated this many years back at most (older paper interviews entered
    afterwards) and two years ahead: a slip such as 1900 or 2062 is refused."""
    SCORECARD_EARLY_HOURS = 12
    """A scorecard can be submitted from this many hours before its interview's time (an
    interview moved earlier), not sooner."""
    LOGIN_FAILURES_PER_ACCOUNT = 5
    """Failed logins of one account within ``LOGIN_WINDOW_SECONDS`` after which its logins are
    refused, before any password is checked, until the window ends."""
    LOGIN_FAILURES_PER_ADDRESS = 20
    """The same, for all accounts tried from one address."""
    LOGIN_WINDOW_SECONDS = 900
    LOGIN_CONCURRENT_CHECKS = 2
    """Password checks one process runs at once (Argon2 takes 64 MiB each); more wait."""
    SCORECARD_OVERDUE_DAYS = 2
    """A scorecard not submitted this many days after its interview is overdue: listed on the
    recruiters' start page and first on its interviewer's, and reminded of by ``hiring
    remind``."""
    REMINDER_INTERVAL_HOURS = 72
    """``hiring remind`` reminds an interviewer of one scorecard at most once in this many
    hours, however often it runs."""
    PRIVACY_CONTROLLER = ""
    """Who controls candidates' personal data (the organisation's name and address), for the
    privacy notice a candidate reads before a self-assessment."""
    PRIVACY_CONTACT = ""
    """Whom candidates contact about their data (an e-mail address or a phone number)."""
    PRIVACY_NOTICE_EN: str | None = None
    """An organisation's own privacy notice in English, replacing the standard one (plain text;
    a blank line starts a new paragraph)."""
    PRIVACY_NOTICE_FI: str | None = None
    """The same in Finnish."""
    TWO_STEP_ROLES: str = ""
    """Roles that must log in with a second step, a code from an authenticator app (TOTP):
    e.g. ``admin,recruiter``. Empty: nobody must; everyone may turn it on for themself."""
    APPLICANT_NOTICE_EN: str | None = None
    """An organisation's own privacy notice for applicants (what they are told when their
    application data are collected), replacing the standard one; shown to recruiters on the
    candidate form. Plain text; a blank line starts a new paragraph."""
    APPLICANT_NOTICE_FI: str | None = None
    """The same in Finnish."""
    MAIL_SERVER: str | None = None
    """An SMTP server for sending self-assessment links; unset, links are copied by hand."""
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    """STARTTLS on the connection (port 587)."""
    MAIL_USE_SSL = False
    """TLS from the start (port 465) instead of STARTTLS."""
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_SENDER: str | None = None
    """The From address, e.g. ``Rekrytointi <rekry@example.fi>``."""
    SELF_FEEDBACK = False
    """After submitting, show the candidate the strengths they can build on (from their own
    answers, with no numbers and no comparison with anyone)."""
