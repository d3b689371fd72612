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

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    render_template,
    request,
)
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from pydantic import BaseModel, ConfigDict, Field, field_validator
from redis.exceptions import RedisError
from spectree import Response as Responses
from spectree import SecurityScheme, SecuritySchemeData, SpecTree
from spectree.models import SecureType
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from hiring.catalogue_cache import current_catalogue
from hiring.config import LANGUAGES, ConfigurationError
from hiring.extensions import csrf, db
from hiring.i18n import gettext as _
from hiring.models import (
    API_SCOPES,
    CANDIDATE_STATUSES,
    DECISIONS,
    Candidate,
    Decision,
    Opening,
    Scorecard,
    ScorecardRevision,
    User,
)
from hiring.services import AccessDenied, ServiceError, api_tokens
from hiring.services.candidate_search import PAGE_SIZES, SORTS, CandidateFilter, candidate_page
from hiring.services.interviews import (
    SavedMeanwhile,
    ScorecardInput,
    input_from_revision,
    save_scorecard,
)
from hiring.services.policy import (
    ScorecardAccess,
    can,
    managed_openings,
    may_manage_candidacy,
    may_see_contact_details,
    may_view_candidate,
    readable_revision,
    scorecard_access,
)
from hiring.services.recruiting import record_decision
from hiring.services.results import load_interviews, result_for, role_of_snapshot
from hiring.web.documents import pdf_response, profile_document
from hiring.web.interviewer import SAVED_MEANWHILE

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


def answers(model: type[BaseModel], *errors: int, status: int = 200) -> Responses:
    """What an endpoint answers, for the OpenAPI document: ``model`` on success, and a
    problem for 401 (no valid token), 403 (no scope for it: every endpoint checks one) and
    each of ``errors``."""
    problems = {f"HTTP_{code}": Problem for code in (401, 403, *errors)}
    return Responses(**{f"HTTP_{status}": model}, **problems)


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
@spec.validate(resp=answers(Openings),
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
               resp=answers(CandidateList, 422),
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
@spec.validate(resp=answers(Evaluation, 404),
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


# --- scorecards ----------------------------------------------------------------------------


class ScorecardOut(BaseModel):
    id: int
    interview: int
    interviewer: str
    kind: str
    status: str = Field(description="not_started, draft or submitted")
    version: int = Field(description="Send it back with a save: a save made on an older "
                         "version is refused (409), so nothing newer is overwritten.")  # fmt: skip
    submitted_at: datetime | None
    recommendation: str | None
    takeaways: str | None
    scores: dict[str, int | None]
    notes: dict[str, str]
    red_flags: list[str]


class Scorecards(BaseModel):
    scorecards: list[ScorecardOut]


def _card_out(card: Scorecard, revision: ScorecardRevision | None) -> ScorecardOut:
    data = input_from_revision(revision)
    return ScorecardOut(
        id=card.id,
        interview=card.interview_id,
        interviewer=card.interviewer.name,
        kind=card.interview.kind,
        status="not_started" if revision is None else revision.status,
        version=revision.version if revision is not None else 0,
        submitted_at=revision.submitted_at if revision is not None else None,
        recommendation=data.recommendation,
        takeaways=data.takeaways or None,
        scores=data.scores,
        notes=data.notes,
        red_flags=data.red_flags,
    )


def _readable_cards(candidate_id: int) -> list[tuple[Scorecard, ScorecardRevision | None]]:
    """The candidate's scorecards the token's user may read, each with the revision they are
    shown (the page's rules: their own working copy; others' submitted ones once the panel
    is theirs to see). 404 when the candidate is not theirs to view."""
    viewer = api_user()
    candidate = db.get_or_404(Candidate, candidate_id)
    interviews = load_interviews([candidate.id])[candidate.id]
    if not may_view_candidate(viewer, interviews, candidate):
        abort(404)
    readable = []
    for interview in interviews:
        for card in interview.scorecards:
            access = scorecard_access(viewer, card, interviews)
            if access is ScorecardAccess.NONE:
                continue
            readable.append((card, readable_revision(viewer, card, access)))
    return readable


@bp.get(f"{PREFIX}/candidates/<int:candidate_id>/scorecards")
@spec.validate(resp=answers(Scorecards, 404),
               tags=["scorecards"])  # fmt: skip
@needs("read:candidates")
def scorecards(candidate_id: int) -> Any:
    """A candidate's scorecards as the token's user may read them: their own, and the
    panel's submitted ones once their own are submitted (the independence rule)."""
    return Scorecards(scorecards=[_card_out(c, r) for c, r in _readable_cards(candidate_id)])


GREENHOUSE_RATINGS = {1: "definitely_not", 2: "no", 3: "mixed", 4: "yes", 5: "strong_yes"}
GREENHOUSE_RECOMMENDATIONS = {
    "strong_no": "definitely_not", "no": "no", "yes": "yes", "strong_yes": "strong_yes",
}  # fmt: skip


class GreenhouseAttribute(BaseModel):
    name: str
    type: str
    note: str | None
    rating: str


class GreenhouseScorecard(BaseModel):
    id: int
    candidate_id: int
    interview: str
    submitted_by: dict[str, Any]
    submitted_at: datetime | None
    overall_recommendation: str
    attributes: list[GreenhouseAttribute]
    ratings: dict[str, list[str]]
    questions: list[dict[str, Any]]


class GreenhouseScorecards(BaseModel):
    scorecards: list[GreenhouseScorecard]


def _greenhouse_rating(score: int | None, low: int, high: int) -> str:
    """A point on the competency's scale as one of Greenhouse's five ratings (the scale's
    lowest point is ``definitely_not``, its highest ``strong_yes``)."""
    if score is None:
        return "no_decision"
    if high == low:
        return "mixed"
    step = round(1 + 4 * (score - low) / (high - low))
    return GREENHOUSE_RATINGS[step]


@bp.get(f"{PREFIX}/candidates/<int:candidate_id>/scorecards/greenhouse")
@spec.validate(resp=answers(GreenhouseScorecards, 404),
               tags=["scorecards"])  # fmt: skip
@needs("read:candidates")
def greenhouse_scorecards(candidate_id: int) -> Any:
    """The submitted scorecards the token's user may read, in the shape of Greenhouse
    Harvest's scorecards (attributes with ratings, an overall recommendation, key
    take-aways), so that an integration made for Greenhouse can read them."""
    lang = request.accept_languages.best_match(LANGUAGES) or "en"
    out = []
    for card, revision in _readable_cards(candidate_id):
        if revision is None or revision.status != "submitted":
            continue
        role = role_of_snapshot(card.interview.snapshot)
        data = input_from_revision(revision)
        attributes = []
        for key, score in data.scores.items():
            entry = role.competency(key)
            if entry is None:
                continue
            attributes.append(
                GreenhouseAttribute(
                    name=entry.competency.name.get(lang),
                    type=entry.competency.cluster,
                    note=data.notes.get(key) or None,
                    rating=_greenhouse_rating(score, entry.scale.min, entry.scale.max),
                )
            )
        grouped: dict[str, list[str]] = {r: [] for r in GREENHOUSE_RATINGS.values()}
        for attribute in attributes:
            grouped.setdefault(attribute.rating, []).append(attribute.name)
        out.append(
            GreenhouseScorecard(
                id=card.id,
                candidate_id=card.interview.candidate_id,
                interview=card.interview.kind,
                submitted_by={"id": card.interviewer_id, "name": card.interviewer.name},
                submitted_at=revision.submitted_at,
                overall_recommendation=GREENHOUSE_RECOMMENDATIONS.get(
                    data.recommendation or "", "no_decision"
                ),
                attributes=attributes,
                ratings=grouped,
                questions=[
                    {"id": None, "question": "Key take-aways", "answer": data.takeaways or ""}
                ],
            )
        )
    return GreenhouseScorecards(scorecards=out)


class ScorecardIn(BaseModel):
    """A scorecard's content, as the form sends it: the service checks it the same way."""

    model_config = ConfigDict(extra="forbid")

    scores: dict[str, int | None] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)
    red_flags: list[str] = Field(default_factory=list)
    recommendation: str | None = None
    takeaways: str = Field(default="", max_length=5000)
    version: int = Field(ge=0, description="The version read (0 for a scorecard not started).")
    submit: bool = Field(default=False, description="Submit; otherwise save the draft.")


class Saved(BaseModel):
    id: int
    status: str
    version: int


@bp.post(f"{PREFIX}/scorecards/<int:scorecard_id>")
@spec.validate(json=ScorecardIn,
               resp=answers(Saved, 404, 409, 422),
               tags=["scorecards"])  # fmt: skip
@needs("write:scorecards")
def save_scorecard_api(scorecard_id: int) -> Any:
    """Save the draft of, or submit, a scorecard the token's user may fill: their own."""
    viewer = api_user()
    card = db.get_or_404(Scorecard, scorecard_id)
    if card.interviewer_id != viewer.id:
        abort(404)  # the API fills one's own scorecards; paper entry stays in the app
    body: ScorecardIn = request.context.json  # type: ignore[attr-defined]
    role = role_of_snapshot(card.interview.snapshot)
    data = ScorecardInput(
        scores=body.scores, notes=body.notes, red_flags=body.red_flags,
        recommendation=body.recommendation, takeaways=body.takeaways,
    )  # fmt: skip
    try:
        revision = save_scorecard(
            card, viewer, role, data, submit=body.submit, seen_version=body.version
        )
        db.session.flush()
    except AccessDenied:
        db.session.rollback()
        abort(404)
    except SavedMeanwhile as error:
        db.session.rollback()
        return problem(409, str(error.message), errors=[
            {"field": "version", "message": f"now {error.current_version}"}
        ])  # fmt: skip
    except ServiceError as error:
        db.session.rollback()
        return problem(422, _("Some values are not valid."), errors=_service_errors(error))
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        return problem(409, str(SAVED_MEANWHILE))
    db.session.commit()
    return Saved(id=card.id, status=revision.status, version=revision.version)


def _service_errors(error: ServiceError) -> list[dict[str, str]]:
    problems = getattr(error, "problems", None) or [error]
    return [{"field": p.field or "", "message": str(p.message)} for p in problems]


# --- decisions -----------------------------------------------------------------------------


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal[DECISIONS]  # type: ignore[valid-type]
    reason: str = Field(min_length=1, max_length=2000)


class DecisionOut(BaseModel):
    id: int
    decision: str
    reason: str
    decided_by: str
    decided_at: datetime


class Decisions(BaseModel):
    decisions: list[DecisionOut]


def _managed_candidacy(candidate_id: int) -> Candidate:
    candidate = db.get_or_404(Candidate, candidate_id)
    if not may_manage_candidacy(api_user(), candidate):
        abort(404)
    return candidate


def _decision_out(decision: Decision) -> DecisionOut:
    return DecisionOut(
        id=decision.id, decision=decision.decision, reason=decision.reason,
        decided_by=decision.decided_by.name, decided_at=decision.created_at,
    )  # fmt: skip


@bp.get(f"{PREFIX}/candidates/<int:candidate_id>/decisions")
@spec.validate(resp=answers(Decisions, 404),
               tags=["decisions"])  # fmt: skip
@needs("read:candidates")
def decisions(candidate_id: int) -> Any:
    """The decisions on a candidacy, newest first: the recruiting team's."""
    candidate = _managed_candidacy(candidate_id)
    rows = db.session.execute(
        select(Decision)
        .where(Decision.candidate_id == candidate.id)
        .options(selectinload(Decision.decided_by))
        .order_by(Decision.id.desc())
    ).scalars()
    return Decisions(decisions=[_decision_out(d) for d in rows])


@bp.post(f"{PREFIX}/candidates/<int:candidate_id>/decisions")
@spec.validate(json=DecisionIn,
               resp=answers(DecisionOut, 404, 409, 422, status=201),
               tags=["decisions"])  # fmt: skip
@needs("write:decisions")
def decide(candidate_id: int) -> Any:
    """Record a decision with its reason, as the token's user (a person decides; the
    product records who and why)."""
    candidate = _managed_candidacy(candidate_id)
    body: DecisionIn = request.context.json  # type: ignore[attr-defined]
    try:
        decision = record_decision(candidate, body.decision, body.reason, api_user())
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        return problem(422, _("Some values are not valid."), errors=_service_errors(error))
    except StaleDataError:
        db.session.rollback()
        return problem(409, _("Someone else changed this candidate at the same moment."))
    return _decision_out(decision), 201


# --- documents -----------------------------------------------------------------------------


@bp.get(f"{PREFIX}/candidates/<int:candidate_id>/profile.pdf")
@needs("read:documents")
def profile_pdf_api(candidate_id: int) -> Response:
    """The candidate's profile PDF, as the page's link gives it to the token's user (and
    recorded in the audit log the same way). ``?lang=fi``, ``?blind=1``."""
    language = request.args.get("lang", "en")
    if language not in LANGUAGES:
        return problem(422, _("Some values are not valid."),
                       errors=[{"field": "lang", "message": "en or fi"}])  # fmt: skip
    data, filename = profile_document(
        api_user(), candidate_id, language, blind=request.args.get("blind") == "1"
    )
    db.session.commit()
    return pdf_response(data, filename)


def init_app(app: Any) -> None:
    """The rate limits, checked at start-up; SpecTree reads the app's routes for the
    document."""
    configure_rate_limit(app)
    spec.register(app)
