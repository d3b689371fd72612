"""The JSON API, ``/api/v1``: for other systems (an HRIS, reporting) with a personal API token.

- Authentication: ``Authorization: Bearer hk_...``, a token its user made in the app
  (``/account/api-tokens``); never the session cookie, so no page can be made to call it.
- Access: a token acts as its user, within its scopes, through the same policy as the pages
  (:mod:`hiring.services.policy`), the independence rule included.
- Input is checked by pydantic models; every error is ``application/problem+json`` (RFC 9457)
  with the fields that were wrong.
- Rate limited per token (``API_RATE_LIMIT``); the limit is shared by every instance when
  Redis is configured.
- The OpenAPI 3 document is generated from the code by SpecTree: ``/api/v1/openapi.json``,
  read as a page at ``/api/v1/docs``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, Literal

from flask import Blueprint, Response, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from pydantic import BaseModel, ConfigDict, Field, field_validator
from redis.exceptions import RedisError
from spectree import Response as Responses
from spectree import SecurityScheme, SecuritySchemeData, SpecTree
from spectree.models import SecureType
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from hiring.catalogue_cache import current_catalogue
from hiring.config import ConfigurationError
from hiring.extensions import csrf, db
from hiring.models import API_SCOPES, CANDIDATE_STATUSES, Candidate, Opening, User
from hiring.services import api_tokens
from hiring.services.candidate_search import PAGE_SIZES, SORTS, CandidateFilter, candidate_page
from hiring.services.policy import (
    can,
    managed_openings,
    may_see_contact_details,
    may_view_candidate,
)
from hiring.services.results import load_interviews, result_for

PREFIX = "/api/v1"
bp = Blueprint("api", __name__)
csrf.exempt(bp)  # no cookie authenticates here: a forged request carries no token


class Problem(BaseModel):
    """An error, as RFC 9457 describes it."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] = Field(
        default_factory=list, description="Each wrong field: its location and what is wrong."
    )


def problem(status: int, detail: str, *, errors: list[dict[str, str]] | None = None) -> Response:
    body = Problem(title=_title(status), status=status, detail=detail, errors=errors or [])
    response = jsonify(body.model_dump())
    response.status_code = status
    response.mimetype = "application/problem+json"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="hiring"'
    return response


def _title(status: int) -> str:
    from werkzeug.http import HTTP_STATUS_CODES

    return HTTP_STATUS_CODES.get(status, "Error")


def _invalid(req: Any, resp: Any, error: Any, instance: Any, adapter: Any = None) -> None:
    """SpecTree's hook: a request that its model refuses is answered as a problem naming
    each wrong field, before the view runs."""
    if error is None:
        return
    errors = [
        {"field": ".".join(str(part) for part in e["loc"]), "message": e["msg"]}
        for e in error.errors()
    ]
    raise _Refused(problem(422, _("Some values are not valid."), errors=errors))


class _Refused(HTTPException):
    def __init__(self, response: Response) -> None:
        super().__init__(response=response)


spec = SpecTree(
    "flask",
    title="hiring API",
    version="1",
    description="Openings, candidates and their results, for other systems. Every call needs "
    "a personal API token: `Authorization: Bearer hk_...`.",
    path="api/v1/spec",  # SpecTree's own copy; /api/v1/openapi.json is the address to use
    filename="openapi.json",
    mode="strict",
    page_templates={},
    annotations=False,
    before=_invalid,
    security_schemes=[
        SecurityScheme(name="token", data=SecuritySchemeData(type=SecureType.HTTP, scheme="bearer"))
    ],
    security={"token": []},
)


# --- authentication, scopes, rate ---------------------------------------------------------

PUBLIC_ENDPOINTS = {"api.docs", "api.openapi"}


@bp.before_request
def _authenticate() -> Response | None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    found = api_tokens.authenticate(secret.strip()) if scheme.lower() == "bearer" else None
    # a valid token is counted as itself; anything else against the address it came from,
    # so that trying random tokens is limited too
    key = f"token:{found[0].id}" if found else f"address:{request.remote_addr}"
    refused = _over_the_rate(key)
    if refused is not None:
        return refused
    if found is None:
        return problem(401, _("Send a valid API token: Authorization: Bearer hk_..."))
    g.api_token, g.api_user = found
    return None


RATE = "hiring.api_rate"


def _over_the_rate(key: str) -> Response | None:
    """A 429 problem once ``key`` has used up any of the rates (with ``Retry-After``); None
    while it has not, or when the count's store (Redis) cannot be reached: the API then
    answers without a limit, and the log says why."""
    limiter, rates = current_app.extensions[RATE]
    try:
        for rate in rates:
            if not limiter.hit(rate, "api", key):
                reset, _remaining = limiter.get_window_stats(rate, "api", key)
                response = problem(
                    429, _("Too many requests with this token: wait a minute and try again.")
                )
                response.headers["Retry-After"] = str(max(1, int(reset - time.time())))
                return response
    except (RedisError, OSError, ConnectionError):
        current_app.logger.warning("API rate limits not counted: their store does not answer")
    return None


def configure_rate_limit(app: Any) -> None:
    """The rates from ``API_RATE_LIMIT``, refused at start-up when they do not parse."""
    value = str(app.config["API_RATE_LIMIT"])
    try:
        rates = parse_many(value)
    except ValueError:
        rates = []
    if not rates:
        raise ConfigurationError(
            f"HIRING_API_RATE_LIMIT={value!r}: write a rate such as '300 per minute' or "
            "'10 per second' (several separated by ';')"
        )
    store = storage_from_string(app.config.get("REDIS_URL") or "memory://")
    app.extensions[RATE] = (FixedWindowRateLimiter(store), rates)


def api_user() -> User:
    user: User = g.api_user
    return user


def needs(scope: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The view needs this scope of the token (as well as its user's rights)."""
    assert scope in API_SCOPES

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if scope not in g.api_token.scope_list:
                return problem(403, _("This token has no %(scope)s scope.", scope=scope))
            return view(*args, **kwargs)

        return checked

    return decorate


@bp.errorhandler(HTTPException)
def as_problem(error: HTTPException) -> Response:
    """Every error of the API as a problem (also those the app's own handlers would answer
    with a page: a 404 of an unknown address, a 405, a 413), with the error's own headers
    (a 405's ``Allow``)."""
    if isinstance(error, _Refused) and error.response is not None:
        return error.response  # type: ignore[return-value]
    status = error.code or 500
    if status >= 500:
        db.session.rollback()
    detail = (
        {
            404: _("There is nothing here, or it is not yours to see."),
            403: _("Your role does not give access to this."),
        }.get(status)
        or getattr(error, "reader_message", None)
        or error.description
        or _title(status)
    )
    response = problem(status, str(detail))
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


# --- the documentation page ----------------------------------------------------------------


@bp.get(f"{PREFIX}/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 document, as SpecTree generates it from the views and their models."""
    return jsonify(spec.spec)


@bp.get(f"{PREFIX}/docs")
def docs() -> str:
    return render_template("api/docs.html", spec=spec.spec, scopes=API_SCOPES)


# --- openings ------------------------------------------------------------------------------


class OpeningOut(BaseModel):
    id: int
    title: str
    role: str
    status: str
    created_at: datetime


class Openings(BaseModel):
    openings: list[OpeningOut]


@bp.get(f"{PREFIX}/openings")
@spec.validate(resp=Responses(HTTP_200=Openings, HTTP_401=Problem, HTTP_403=Problem),
               tags=["openings"])  # fmt: skip
@needs("read:candidates")
def openings() -> Any:
    """The openings the token's user may see: every one for the recruiting team, the ones
    they are hiring manager of for anyone else."""
    viewer = api_user()
    query = (
        select(Opening).order_by(Opening.status.desc(), Opening.created_at.desc())
        if can(viewer, "recruiting.manage")
        else managed_openings(viewer)
    )
    rows = db.session.execute(query).scalars()
    return Openings(
        openings=[
            OpeningOut(id=o.id, title=o.title, role=o.role_key, status=o.status,
                       created_at=o.created_at)
            for o in rows
        ]
    )  # fmt: skip


# --- candidates ----------------------------------------------------------------------------


class CandidateQuery(BaseModel):
    """The candidate list's filter, order and page: the web list's, checked strictly."""

    model_config = ConfigDict(extra="forbid")

    q: str = Field(default="", max_length=200, description="Name, e-mail or notes contain.")
    opening: int | None = Field(default=None, ge=1, le=2**31 - 1)
    status: Literal[("", *CANDIDATE_STATUSES)] = ""  # type: ignore[valid-type]
    sort: Literal[SORTS] = "score"  # type: ignore[valid-type]
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=PAGE_SIZES[0], description="One of 25, 50, 100.")

    @field_validator("per_page")
    @classmethod
    def _a_page_size(cls, value: int) -> int:
        if value not in PAGE_SIZES:
            raise ValueError(f"should be one of {', '.join(map(str, PAGE_SIZES))}")
        return value


class CandidateOut(BaseModel):
    id: int
    name: str
    opening: int | None
    status: str
    withheld: bool = Field(description="The panel's figures are hidden from this user until "
                           "their own scorecards for the candidate are submitted.")  # fmt: skip
    fit: float | None
    score: float | None
    coverage: float | None
    kam_level: int | None
    assessors: int
    email: str | None = Field(default=None, description="The recruiting team's only.")


class CandidateList(BaseModel):
    candidates: list[CandidateOut]
    total: int
    page: int
    per_page: int
    pages: int


@bp.get(f"{PREFIX}/candidates")
@spec.validate(query=CandidateQuery,
               resp=Responses(HTTP_200=CandidateList, HTTP_401=Problem, HTTP_403=Problem,
                              HTTP_422=Problem),
               tags=["candidates"])  # fmt: skip
@needs("read:candidates")
def candidates() -> Any:
    """The recruiting team's candidate list: the same filters, order and pages as the web
    list, sorted and paged in the database."""
    viewer = api_user()
    if not can(viewer, "recruiting.manage"):
        return problem(403, _("Your role does not give access to this."))
    query: CandidateQuery = request.context.query  # type: ignore[attr-defined]
    wanted = CandidateFilter(
        q=query.q.strip(),
        opening=query.opening,
        status=query.status,
        sort=query.sort,
        page=query.page,
        per_page=query.per_page,
    )
    found = candidate_page(wanted, viewer)
    contact = may_see_contact_details(viewer)
    return CandidateList(
        candidates=[
            CandidateOut(
                id=row.candidate.id,
                name=row.candidate.name,
                opening=row.candidate.opening_id,
                status=row.candidate.status,
                withheld=row.withheld,
                fit=row.fit,
                score=row.score,
                coverage=row.coverage,
                kam_level=row.kam_level,
                assessors=row.assessors,
                email=row.candidate.email if contact else None,
            )
            for row in found.rows
        ],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
        pages=found.pages,
    )


class Evaluation(BaseModel):
    candidate: int
    withheld: bool
    rubric_versions: list[str]
    evaluation: dict[str, Any] | None = Field(
        description="The engine's result, as `hiring evaluate` prints it; null when withheld "
        "or when nothing is rated yet."
    )


@bp.get(f"{PREFIX}/candidates/<int:candidate_id>/evaluation")
@spec.validate(resp=Responses(HTTP_200=Evaluation, HTTP_401=Problem, HTTP_404=Problem),
               tags=["candidates"])  # fmt: skip
@needs("read:candidates")
def evaluation(candidate_id: int) -> Any:
    """One candidate's result against the role profile, as the token's user may see it."""
    viewer = api_user()
    candidate = db.get_or_404(Candidate, candidate_id)
    interviews = load_interviews([candidate.id])[candidate.id]
    if not may_view_candidate(viewer, interviews, candidate):
        return problem(404, _("There is nothing here, or it is not yours to see."))
    result = result_for(candidate, interviews, current_catalogue(), viewer)
    return Evaluation(
        candidate=candidate.id,
        withheld=result.withheld,
        rubric_versions=result.rubric_versions,
        evaluation=result.evaluation.as_dict() if result.evaluation else None,
    )


def init_app(app: Any) -> None:
    """The rate limits, checked at start-up; SpecTree reads the app's routes for the
    document."""
    configure_rate_limit(app)
    spec.register(app)
