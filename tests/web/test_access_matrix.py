"""Every route of the app, for every kind of user, against the written access matrix
(``docs/access.md``). A route without a row here fails the test, so a new page cannot arrive
without a decision on who may use it.

Expectations: ``ok`` is a page or a file (200), or a redirect that is not to the login page
(a form that went through or was refused with a message); ``login`` is a redirect to the login
page; ``403`` and ``404`` are refusals (404 where saying "not allowed" would reveal that the
object exists).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from hiring.catalogue_cache import current_catalogue
from hiring.domain.team_csv import read_team_csv, team_template
from hiring.extensions import db
from hiring.models import Interview, Person, ReportJob
from hiring.services.api_tokens import NewToken, create_token
from hiring.services.batch_files import zip_path
from hiring.services.onboarding import add_account
from hiring.services.people import import_team
from hiring.services.self_assessments import issue_self_assessment
from hiring.services.team import start_assessment
from tests.factories import (
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
    scorecard_of,
)

ACTORS = (
    "anonymous",
    "admin",
    "recruiter",
    "panel_recruiter",
    "panelist",
    "outsider",
    "manager",
    "hiring_manager",
)
"""``panel_recruiter`` sits on the candidate's panel with an unsubmitted scorecard;
``panelist`` is an interviewer on the panel who has submitted; ``outsider`` is an interviewer
on no panel; ``manager`` is a manager on no candidate's panel, the manager of a team with one
representative (who has a KAM assessment the manager has submitted); ``hiring_manager`` is a
manager on no panel, with no team, who is the hiring manager of the candidate's opening."""

KEYS = ["persuasion", "listening", "negotiation"]


def expect(default: str, **overrides: str) -> dict[str, str]:
    table = dict.fromkeys(ACTORS, default)
    table.update(overrides)
    return table


PUBLIC = expect("ok")
LOGGED_IN = expect("ok", anonymous="login")
RECRUITING = expect("403", anonymous="login", admin="ok", recruiter="ok", panel_recruiter="ok")
ADMIN_ONLY = expect("403", anonymous="login", admin="ok")
NOBODY = expect("404", anonymous="login")
MANAGED = expect(
    "404", anonymous="login", admin="ok", recruiter="ok", panel_recruiter="ok", hiring_manager="ok"
)
"""An opening's own pages: the recruiting team's, and its hiring manager's."""
TEAM = expect("403", anonymous="login", admin="ok", manager="ok", hiring_manager="ok")
"""Team pages: every manager's own team (empty for the hiring manager), every team's for an
administrator."""
TEAM_MEMBER = expect("403", anonymous="login", admin="ok", manager="ok", hiring_manager="404")
"""One representative: their manager's and administrators'."""
ASSESSMENT = expect("404", anonymous="login", admin="ok", manager="ok")
"""A manager's assessment of a representative, outside the recruiting team's pages."""


@dataclass(frozen=True)
class Row:
    method: str
    rule: str
    url: str
    expected: dict[str, str]


MATRIX = (
    Row("GET", "/", "/", expect("ok", anonymous="login")),
    Row("GET", "/healthz", "/healthz", PUBLIC),
    Row("GET", "/readyz", "/readyz", PUBLIC),
    Row("GET", "/account/api-tokens", "/account/api-tokens", LOGGED_IN),
    Row("POST", "/account/api-tokens", "/account/api-tokens", LOGGED_IN),
    Row(
        "POST",
        "/account/api-tokens/<int:token_id>/revoke",
        "/account/api-tokens/{api_token}/revoke",
        expect("404", anonymous="login", recruiter="ok"),
    ),
    # --- the API: a session is no token (tests/web/test_api.py walks it with tokens) -------
    Row("GET", "/api/v1/docs", "/api/v1/docs", PUBLIC),
    Row("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", PUBLIC),
    Row("GET", "/api/v1/spec/openapi.json", "/api/v1/spec/openapi.json", PUBLIC),
    Row("GET", "/api/v1/openings", "/api/v1/openings", expect("401")),
    Row("GET", "/api/v1/candidates", "/api/v1/candidates", expect("401")),
    Row(
        "GET",
        "/api/v1/candidates/<int:candidate_id>/evaluation",
        "/api/v1/candidates/{candidate}/evaluation",
        expect("401"),
    ),
    Row(
        "GET",
        "/api/v1/candidates/<int:candidate_id>/scorecards",
        "/api/v1/candidates/{candidate}/scorecards",
        expect("401"),
    ),
    Row(
        "GET",
        "/api/v1/candidates/<int:candidate_id>/scorecards/greenhouse",
        "/api/v1/candidates/{candidate}/scorecards/greenhouse",
        expect("401"),
    ),
    Row(
        "GET",
        "/api/v1/candidates/<int:candidate_id>/decisions",
        "/api/v1/candidates/{candidate}/decisions",
        expect("401"),
    ),
    Row(
        "POST",
        "/api/v1/candidates/<int:candidate_id>/decisions",
        "/api/v1/candidates/{candidate}/decisions",
        expect("401"),
    ),
    Row(
        "GET",
        "/api/v1/candidates/<int:candidate_id>/profile.pdf",
        "/api/v1/candidates/{candidate}/profile.pdf",
        expect("401"),
    ),
    Row(
        "POST",
        "/api/v1/scorecards/<int:scorecard_id>",
        "/api/v1/scorecards/{submitted_card}",
        expect("401"),
    ),
    Row("GET", "/login", "/login", PUBLIC),
    Row("POST", "/login", "/login", PUBLIC),
    Row("GET", "/login/code", "/login/code", expect("login")),
    Row("POST", "/login/code", "/login/code", expect("login")),
    Row("GET", "/account/two-step", "/account/two-step", LOGGED_IN),
    Row("POST", "/account/two-step", "/account/two-step", LOGGED_IN),
    Row("GET", "/account/password", "/account/password", LOGGED_IN),
    Row("POST", "/account/password", "/account/password", LOGGED_IN),
    Row("GET", "/language/<code>", "/language/fi", PUBLIC),
    Row("GET", "/static/<path:filename>", "/static/hiring.css", PUBLIC),
    Row("GET", "/rubrics", "/rubrics", PUBLIC),
    Row("GET", "/rubrics/roles/<key>", "/rubrics/roles/kam", PUBLIC),
    Row("GET", "/rubrics/competencies/<key>", "/rubrics/competencies/persuasion", PUBLIC),
    Row(
        "GET",
        "/rubrics/roles/<key>/job-description.pdf",
        "/rubrics/roles/kam/job-description.pdf",
        LOGGED_IN,
    ),
    # --- the recruiting team's pages -----------------------------------------------------
    Row("GET", "/openings", "/openings", RECRUITING),
    Row("GET", "/openings/new", "/openings/new", RECRUITING),
    Row("POST", "/openings/new", "/openings/new", RECRUITING),
    Row("GET", "/openings/<int:opening_id>/edit", "/openings/{opening}/edit", RECRUITING),
    Row("POST", "/openings/<int:opening_id>/edit", "/openings/{opening}/edit", RECRUITING),
    Row("GET", "/openings/<int:opening_id>/shortlist", "/openings/{opening}/shortlist", RECRUITING),
    Row(
        "GET",
        "/openings/<int:opening_id>/shortlist.pdf",
        "/openings/{opening}/shortlist.pdf",
        RECRUITING,
    ),
    Row("POST", "/openings/<int:opening_id>/profiles", "/openings/{opening}/profiles", RECRUITING),
    Row("POST", "/openings/<int:opening_id>/status", "/openings/{opening}/status", RECRUITING),
    Row("GET", "/panel-quality", "/panel-quality", RECRUITING),
    Row("GET", "/panel-quality", "/panel-quality?opening={opening}", RECRUITING),
    Row("GET", "/candidates", "/candidates", RECRUITING),
    Row("GET", "/candidates/export.csv", "/candidates/export.csv", RECRUITING),
    Row("GET", "/candidates/new", "/candidates/new", RECRUITING),
    Row("POST", "/candidates/new", "/candidates/new", RECRUITING),
    Row("GET", "/candidates/<int:candidate_id>", "/candidates/{candidate}", RECRUITING),
    Row("GET", "/candidates/<int:candidate_id>/edit", "/candidates/{candidate}/edit", RECRUITING),
    Row("POST", "/candidates/<int:candidate_id>/edit", "/candidates/{candidate}/edit", RECRUITING),
    Row(
        "POST",
        "/candidates/<int:candidate_id>/decisions",
        "/candidates/{candidate}/decisions",
        RECRUITING,
    ),
    # a hired candidate made an employee: an administrator's (team.manage for every team)
    Row(
        "POST",
        "/candidates/<int:candidate_id>/employee",
        "/candidates/{candidate}/employee",
        expect("403", anonymous="login", admin="ok"),
    ),
    # the debrief: the recruiting team's; before the viewer's own scorecard is in (the panel
    # recruiter), it shows no rating and refuses notes (409)
    Row(
        "GET",
        "/candidates/<int:candidate_id>/debrief",
        "/candidates/{candidate}/debrief",
        RECRUITING,
    ),
    Row(
        "POST",
        "/candidates/<int:candidate_id>/debrief",
        "/candidates/{candidate}/debrief",
        RECRUITING,
    ),
    Row(
        "GET",
        "/candidates/<int:candidate_id>/interviews/new",
        "/candidates/{candidate}/interviews/new",
        RECRUITING,
    ),
    Row(
        "POST",
        "/candidates/<int:candidate_id>/interviews/new",
        "/candidates/{candidate}/interviews/new",
        RECRUITING,
    ),
    Row("GET", "/interviews/<int:interview_id>/edit", "/interviews/{interview}/edit", RECRUITING),
    Row("POST", "/interviews/<int:interview_id>/edit", "/interviews/{interview}/edit", RECRUITING),
    Row(
        "POST",
        "/interviews/<int:interview_id>/cancel",
        "/interviews/{interview}/cancel",
        RECRUITING,
    ),
    # --- a candidate's evidence: the independence rule ------------------------------------
    Row(
        "GET",
        "/candidates/<int:candidate_id>/profile.pdf",
        "/candidates/{candidate}/profile.pdf",
        expect(
            "404",
            anonymous="login",
            admin="ok",
            recruiter="ok",
            panel_recruiter="403",
            panelist="ok",
            hiring_manager="ok",
        ),
    ),
    Row(
        "GET",
        "/my/candidates/<int:candidate_id>",
        "/my/candidates/{candidate}",
        expect("ok", anonymous="login", outsider="404", manager="404"),
    ),
    Row("GET", "/my/interviews", "/my/interviews", LOGGED_IN),
    # quality of hire: the figures for administrators and managers; the people behind them as
    # far as each may see (an empty list for a manager without hires in their team); each
    # interviewer's own figure for themself
    Row(
        "GET",
        "/validity",
        "/validity",
        expect("403", anonymous="login", admin="ok", manager="ok", hiring_manager="ok"),
    ),
    Row(
        "GET",
        "/validity/people",
        "/validity/people",
        expect("403", anonymous="login", admin="ok", manager="ok", hiring_manager="ok"),
    ),
    Row("GET", "/my/validity", "/my/validity", LOGGED_IN),
    # The openings one is the hiring manager of: their candidates and results.
    Row("GET", "/my/openings", "/my/openings", LOGGED_IN),
    Row(
        "GET",
        "/my/openings/<int:opening_id>/shortlist",
        "/my/openings/{opening}/shortlist",
        MANAGED,
    ),
    Row(
        "GET",
        "/my/openings/<int:opening_id>",
        "/my/openings/{opening}",
        MANAGED,
    ),
    # Scorecards: a submitted one of another interviewer, another's draft, one not started.
    Row(
        "GET",
        "/scorecards/<int:scorecard_id>",
        "/scorecards/{submitted_card}",
        expect("404", anonymous="login", admin="ok", recruiter="ok", panelist="ok"),
    ),
    Row(
        "POST",
        "/scorecards/<int:scorecard_id>",
        "/scorecards/{submitted_card}",
        expect("404", anonymous="login", admin="ok", recruiter="ok", panelist="ok"),
    ),
    Row("GET", "/scorecards/<int:scorecard_id>", "/scorecards/{draft_card}", NOBODY),
    Row("POST", "/scorecards/<int:scorecard_id>", "/scorecards/{draft_card}", NOBODY),
    Row(
        "GET",
        "/scorecards/<int:scorecard_id>",
        "/scorecards/{unstarted_card}",
        expect("404", anonymous="login", admin="ok", recruiter="ok"),
    ),
    Row(
        "POST",
        "/scorecards/<int:scorecard_id>/amend",
        "/scorecards/{submitted_card}/amend",
        expect("404", anonymous="login", admin="ok", recruiter="ok", panelist="ok"),
    ),
    # Batches of profiles: their creator's only.
    Row(
        "GET",
        "/report-jobs/<int:job_id>",
        "/report-jobs/{own_job}",
        expect("404", anonymous="login", recruiter="ok"),
    ),
    Row("GET", "/report-jobs/<int:job_id>", "/report-jobs/{other_job}", NOBODY),
    Row(
        "GET",
        "/report-jobs/<int:job_id>/download",
        "/report-jobs/{own_job}/download",
        expect("404", anonymous="login", recruiter="ok"),
    ),
    Row("GET", "/report-jobs/<int:job_id>/download", "/report-jobs/{other_job}/download", NOBODY),
    # Self-assessment links: issued and revoked by the recruiting team, answered by anyone
    # holding a valid link (no account); a wrong link is the same 404 for everyone.
    Row(
        "POST",
        "/candidates/<int:candidate_id>/self-assessments",
        "/candidates/{candidate}/self-assessments",
        RECRUITING,
    ),
    Row(
        "POST",
        "/candidates/<int:candidate_id>/self-assessments/<int:assessment_id>/revoke",
        "/candidates/{other_candidate}/self-assessments/{revocable}/revoke",
        RECRUITING,
    ),
    Row("GET", "/s/", "/s/", expect("404")),
    Row("GET", "/s/<token>", "/s/{token}", PUBLIC),
    Row("POST", "/s/<token>", "/s/{token}", PUBLIC),
    Row("GET", "/s/<token>/page/<int:number>", "/s/{token}/page/1", PUBLIC),
    Row("POST", "/s/<token>/page/<int:number>", "/s/{token}/page/1", PUBLIC),
    Row("GET", "/s/<token>/review", "/s/{token}/review", PUBLIC),
    Row("POST", "/s/<token>/review", "/s/{token}/review", PUBLIC),
    Row("GET", "/s/<token>", "/s/{wrong_token}", expect("404")),
    Row("GET", "/s/<token>/page/<int:number>", "/s/{wrong_token}/page/1", expect("404")),
    Row("GET", "/s/<token>/review", "/s/{wrong_token}/review", expect("404")),
    # --- a manager's team ------------------------------------------------------------------
    Row("GET", "/team", "/team", TEAM),
    Row("GET", "/team/pool.csv", "/team/pool.csv", TEAM),
    Row("GET", "/team/nine-box", "/team/nine-box", TEAM),
    Row("GET", "/team/development", "/team/development", TEAM),
    Row("GET", "/team/export.csv", "/team/export.csv", TEAM),
    Row("GET", "/team/template.csv", "/team/template.csv", TEAM),
    Row("GET", "/team/import", "/team/import", TEAM),
    Row("POST", "/team/import", "/team/import", TEAM),
    # an administrator names the team's manager; a form without one is malformed
    Row("POST", "/team/import/confirm", "/team/import/confirm", {**TEAM, "admin": "400"}),
    Row("GET", "/team/people/<int:person_id>", "/team/people/{rep}", TEAM_MEMBER),
    Row("GET", "/my/candidates/<int:candidate_id>", "/my/candidates/{assessment}", ASSESSMENT),
    Row(
        "GET",
        "/candidates/<int:candidate_id>/profile.pdf",
        "/candidates/{assessment}/profile.pdf",
        ASSESSMENT,
    ),
    # not a candidacy: the recruiting team's pages do not serve it
    Row(
        "GET",
        "/candidates/<int:candidate_id>",
        "/candidates/{assessment}",
        {**RECRUITING, "admin": "404", "recruiter": "404", "panel_recruiter": "404"},
    ),
    Row(
        "POST",
        "/team/people/<int:person_id>/accounts",
        "/team/people/{rep}/accounts",
        TEAM_MEMBER,
    ),
    Row(
        "POST",
        "/team/people/<int:person_id>/accounts/<int:account_id>/progress",
        "/team/people/{rep}/accounts/{account}/progress",
        TEAM_MEMBER,
    ),
    Row(
        "POST",
        "/team/people/<int:person_id>/assessments",
        "/team/people/{rep}/assessments",
        TEAM_MEMBER,
    ),
    Row("POST", "/team/people/<int:person_id>/leaving", "/team/people/{rep}/leaving", TEAM_MEMBER),
    # --- administration --------------------------------------------------------------------
    Row("GET", "/admin/users", "/admin/users", ADMIN_ONLY),
    Row("POST", "/admin/users", "/admin/users", ADMIN_ONLY),
    Row("POST", "/admin/users/<int:user_id>/active", "/admin/users/{spare}/active", ADMIN_ONLY),
    Row("POST", "/admin/users/<int:user_id>/role", "/admin/users/{spare}/role", ADMIN_ONLY),
    Row("POST", "/admin/users/<int:user_id>/password", "/admin/users/{spare}/password", ADMIN_ONLY),
    Row("POST", "/admin/users/<int:user_id>/two-step", "/admin/users/{spare}/two-step", ADMIN_ONLY),
    Row("GET", "/admin/audit", "/admin/audit", ADMIN_ONLY),
    Row("GET", "/admin/audit.csv", "/admin/audit.csv", ADMIN_ONLY),
    Row(
        "GET",
        "/admin/people/<int:person_id>/export.json",
        "/admin/people/{rep}/export.json",
        ADMIN_ONLY,
    ),
    Row("GET", "/admin/people/<int:person_id>/erase", "/admin/people/{rep}/erase", ADMIN_ONLY),
    Row("POST", "/admin/people/<int:person_id>/erase", "/admin/people/{rep}/erase", ADMIN_ONLY),
    Row("GET", "/admin/retention", "/admin/retention", ADMIN_ONLY),
    Row("POST", "/admin/retention/purge", "/admin/retention/purge", ADMIN_ONLY),
    Row("POST", "/logout", "/logout", expect("login")),
)


def _zip(path: Path) -> str:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("00001-x.pdf", b"%PDF-1.7")
    return str(path)


@pytest.fixture
def world(tmp_path):
    people = {
        "admin": make_user("admin", email="admin@example.test"),
        "recruiter": make_user("recruiter", email="recruiter@example.test"),
        "panel_recruiter": make_user("recruiter", email="panel_recruiter@example.test"),
        "panelist": make_user("interviewer", email="panelist@example.test"),
        "outsider": make_user("interviewer", email="outsider@example.test"),
        "manager": make_user("manager", email="manager@example.test"),
        "hiring_manager": make_user("manager", email="hiring_manager@example.test"),
    }
    drafter = make_user("interviewer")
    idle = make_user("interviewer")
    maker = make_user("recruiter")
    spare = make_user("interviewer")
    opening = make_opening(maker)
    opening.hiring_manager_id = people["hiring_manager"].id
    candidate = make_candidate(opening, name="Kalle Kandidaatti")
    panel = [people["panel_recruiter"], people["panelist"], drafter, idle]
    interview = make_interview(candidate, panel, maker, competencies=KEYS)
    fill(interview, people["panelist"], {"persuasion": 4, "listening": 3, "negotiation": 3})
    fill(interview, drafter, {"persuasion": 2}, submit=False)
    fill(interview, people["panel_recruiter"], {"persuasion": 3}, submit=False)
    jobs = {}
    for name, owner in (("own_job", people["recruiter"]), ("other_job", maker)):
        job = ReportJob(
            opening_id=opening.id,
            lang="en",
            status="done",
            total=1,
            done=1,
            candidate_ids=[candidate.id],
            created_by_id=owner.id,
        )
        db.session.add(job)
        db.session.flush()
        job.path = _zip(zip_path(opening.id, job.id))
        jobs[name] = job.id
    link = issue_self_assessment(
        candidate, maker, days=14, lang="en", catalogue=current_catalogue()
    )
    other = make_candidate(opening, name="Toinen Kandidaatti")
    revocable = issue_self_assessment(
        other, maker, days=14, lang="en", catalogue=current_catalogue()
    )
    import_team(read_team_csv(team_template()), people["manager"])
    rep = db.session.execute(db.select(Person).where(Person.employee_id.is_not(None))).scalar_one()
    assessment = start_assessment(
        rep, raters=[], by=people["manager"], catalogue=current_catalogue()
    )
    db.session.commit()
    fill(
        db.session.execute(
            db.select(Interview).where(Interview.candidate_id == assessment.id)
        ).scalar_one(),
        people["manager"],
        {"persuasion": 4},
    )
    account = add_account(rep, {"name": "Dr. Esimerkki", "kind": "kol"}, people["manager"])
    db.session.commit()
    api_token = create_token(
        people["recruiter"], NewToken(name="Matrix", scopes=["read:candidates"])
    ).token
    db.session.commit()
    ids = {
        "api_token": api_token.id,
        "rep": rep.id,
        "account": account.id,
        "assessment": assessment.id,
        "opening": opening.id,
        "token": link.token,
        "wrong_token": link.token[::-1],
        "other_candidate": other.id,
        "revocable": revocable.assessment.id,
        "candidate": candidate.id,
        "interview": interview.id,
        "submitted_card": scorecard_of(interview, people["panelist"]).id,
        "draft_card": scorecard_of(interview, drafter).id,
        "unstarted_card": scorecard_of(interview, idle).id,
        "spare": spare.id,
        **jobs,
    }
    return ids


def _outcome(response) -> str:
    if response.status_code in (200, 409, 422):  # allowed (422: refused input, shown again)
        return "ok"
    if response.status_code == 302:
        return "login" if response.headers["Location"].startswith("/login") else "ok"
    return str(response.status_code)


@pytest.mark.parametrize("actor", ACTORS)
def test_every_route_answers_each_actor_as_the_matrix_says(
    client, auth, world, actor, no_pdf_layout
):
    if actor != "anonymous":
        auth.login(f"{actor}@example.test")
    wrong = []
    for row in MATRIX:
        if row.rule == "/logout":
            continue  # last, so the session lasts the walk
        response = client.open(row.url.format(**world), method=row.method, data={})
        got = _outcome(response)
        response.close()
        if got != row.expected[actor]:
            wrong.append(f"{row.method} {row.url}: expected {row.expected[actor]}, got {got}")
    assert wrong == []
    logout = next(row for row in MATRIX if row.rule == "/logout")
    assert _outcome(client.post("/logout")) == logout.expected[actor]


def test_every_route_has_a_row(app):
    routes = {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    covered = {(row.method, row.rule) for row in MATRIX}
    assert routes - covered == set(), "a route without a row in the access matrix"
    assert covered - routes == set(), "a row for a route that no longer exists"


def test_the_written_matrix_names_every_route(app):
    written = (Path(__file__).resolve().parents[2] / "docs" / "access.md").read_text("utf-8")
    missing = sorted(
        {rule.rule for rule in app.url_map.iter_rules()} - {r for r in _rules_in(written)}
    )
    assert missing == []


def _rules_in(text: str) -> set[str]:
    import re

    return set(re.findall(r"`(/[^`]*)`", text))


VIEWERS = expect(
    "404", anonymous="401", admin="ok", recruiter="ok", panel_recruiter="ok", panelist="ok",
    hiring_manager="ok",
)  # fmt: skip
"""Whoever may view the candidate (the page's rule); a panel recruiter's answer is withheld."""
API_MATRIX = (
    ("GET", "/api/v1/openings", None, expect("ok", anonymous="401")),
    ("GET", "/api/v1/candidates", None, expect("403", anonymous="401", admin="ok",
                                               recruiter="ok", panel_recruiter="ok")),
    ("GET", "/api/v1/candidates/{candidate}/evaluation", None, VIEWERS),
    ("GET", "/api/v1/candidates/{candidate}/scorecards", None, VIEWERS),
    ("GET", "/api/v1/candidates/{candidate}/scorecards/greenhouse", None, VIEWERS),
    ("GET", "/api/v1/candidates/{candidate}/decisions", None,
     expect("404", anonymous="401", admin="ok", recruiter="ok", panel_recruiter="ok")),
    ("POST", "/api/v1/candidates/{candidate}/decisions",
     {"decision": "on_hold", "reason": "Waiting for references."},
     expect("404", anonymous="401", admin="ok", recruiter="ok", panel_recruiter="ok")),
    ("GET", "/api/v1/candidates/{candidate}/profile.pdf", None,
     expect("404", anonymous="401", admin="ok", recruiter="ok", panel_recruiter="403",
            panelist="ok", hiring_manager="ok")),
    # the panelist's own, submitted: theirs to fill (refused as submitted: 422), nobody else's
    ("POST", "/api/v1/scorecards/{submitted_card}", {"scores": {}, "version": 1},
     expect("404", anonymous="401", panelist="ok")),
)  # fmt: skip
"""The API walked with a token of every scope for each kind of user: the same policy."""


@pytest.mark.parametrize("actor", ACTORS)
def test_the_api_answers_each_actor_as_the_pages_policy_says(client, world, actor, no_pdf_layout):
    from hiring.models import User

    headers = {}
    if actor != "anonymous":
        person = db.session.execute(
            db.select(User).where(User.email == f"{actor}@example.test")
        ).scalar_one()
        scopes = ["read:candidates", "write:scorecards", "write:decisions", "read:documents"]
        made = create_token(person, NewToken(name="Walk", scopes=scopes))
        db.session.commit()
        headers = {"Authorization": f"Bearer {made.secret}"}
    wrong = []
    for method, url, body, expected in API_MATRIX:
        response = client.open(url.format(**world), method=method, json=body, headers=headers)
        code = response.status_code
        got = "ok" if code < 300 or code in (409, 422) else str(code)
        if got != expected[actor]:
            wrong.append(f"{method} {url}: expected {expected[actor]}, got {code}")
    assert wrong == []
