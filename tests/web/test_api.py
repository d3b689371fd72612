"""The JSON API: tokens, scopes, the same access policy as the pages (the independence rule
included), strict input with problem+json errors, rate limits, and the OpenAPI document."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hiring.config import ConfigurationError
from hiring.extensions import db
from hiring.models import ApiToken, AuditEntry, Candidate, Interview, Scorecard
from hiring.models.base import utcnow
from hiring.services.api_tokens import NewToken, create_token, revoke_token
from hiring.web.api import configure_rate_limit
from tests.factories import (
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
    scorecard_of,
)

KEYS = ["persuasion", "listening"]
EVERY_SCOPE = ["read:candidates", "write:scorecards", "write:decisions", "read:documents"]


def token_for(user, scopes=None, days=30) -> str:
    made = create_token(user, NewToken(name="Test", scopes=scopes or EVERY_SCOPE, days=days))
    db.session.commit()
    return made.secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def world(app):
    recruiter = make_user("recruiter", email="r@example.test")
    panelist = make_user("interviewer")
    drafter = make_user("interviewer")
    outsider = make_user("interviewer")
    manager = make_user("manager")
    opening = make_opening(recruiter)
    opening.hiring_manager_id = manager.id
    other_opening = make_opening(recruiter, title="KAM Tampere")
    candidate = make_candidate(opening, name="Kalle Kandidaatti", email="kalle@example.test")
    interview = make_interview(candidate, [panelist, drafter], recruiter, competencies=KEYS)
    fill(interview, panelist, {"persuasion": 4, "listening": 3})
    fill(interview, drafter, {"persuasion": 2}, submit=False)
    for n in range(3):
        make_candidate(other_opening, name=f"Toinen {n}")
    db.session.commit()
    return {
        "recruiter": recruiter,
        "panelist": panelist,
        "drafter": drafter,
        "outsider": outsider,
        "manager": manager,
        "opening": opening,
        "other_opening": other_opening,
        "candidate": candidate,
    }


def is_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def test_without_a_token_the_api_answers_401_as_a_problem(client, world):
    body = is_problem(client.get("/api/v1/candidates"), 401)
    assert "Bearer" in body["detail"]
    assert client.get("/api/v1/candidates").headers["WWW-Authenticate"].startswith("Bearer")


def test_a_logged_in_session_is_not_a_token(client, auth, world):
    auth.login("r@example.test")
    is_problem(client.get("/api/v1/candidates"), 401)


@pytest.mark.parametrize("case", ["unknown", "revoked", "expired", "deactivated"])
def test_a_token_not_in_force_is_refused(client, world, case):
    recruiter = world["recruiter"]
    secret = token_for(recruiter)
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    if case == "unknown":
        secret = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    elif case == "revoked":
        assert revoke_token(recruiter, token.id)
    elif case == "expired":
        token.expires_at = utcnow() - timedelta(seconds=1)
    else:
        recruiter.active = False
    db.session.commit()
    is_problem(client.get("/api/v1/candidates", headers=bearer(secret)), 401)


def test_the_list_pages_filters_and_sorts_as_the_web_list(client, world):
    secret = token_for(world["recruiter"])
    response = client.get(
        f"/api/v1/candidates?opening={world['other_opening'].id}&sort=name&per_page=25",
        headers=bearer(secret),
    )
    assert response.status_code == 200
    body = response.get_json()
    assert [c["name"] for c in body["candidates"]] == ["Toinen 0", "Toinen 1", "Toinen 2"]
    assert (body["total"], body["page"], body["per_page"], body["pages"]) == (3, 1, 25, 1)
    everyone = client.get("/api/v1/candidates?q=kalle", headers=bearer(secret)).get_json()
    (kalle,) = everyone["candidates"]
    assert kalle["email"] == "kalle@example.test"
    assert kalle["withheld"] is False
    assert kalle["assessors"] == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [("sort=cleverness", "sort"), ("per_page=7", "per_page"), ("page=0", "page"),
     ("opening=x", "opening"), ("colour=red", "colour"), ("status=hird", "status")],
)  # fmt: skip
def test_a_wrong_parameter_is_a_problem_naming_it(client, world, query, field):
    secret = token_for(world["recruiter"])
    body = is_problem(client.get(f"/api/v1/candidates?{query}", headers=bearer(secret)), 422)
    assert [e["field"] for e in body["errors"]] == [field]
    assert all(e["message"] for e in body["errors"])


def test_a_token_without_the_scope_is_refused(client, world):
    secret = token_for(world["recruiter"], scopes=["write:decisions"])
    body = is_problem(client.get("/api/v1/candidates", headers=bearer(secret)), 403)
    assert "read:candidates" in body["detail"]


def test_the_api_obeys_the_pages_policy(client, world):
    """An interviewer has no candidate list; the hiring manager sees their own opening."""
    for who in ("panelist", "outsider", "manager"):
        secret = token_for(world[who])
        is_problem(client.get("/api/v1/candidates", headers=bearer(secret)), 403)
    managed = client.get("/api/v1/openings", headers=bearer(token_for(world["manager"])))
    assert [o["id"] for o in managed.get_json()["openings"]] == [world["opening"].id]
    everything = client.get("/api/v1/openings", headers=bearer(token_for(world["recruiter"])))
    assert len(everything.get_json()["openings"]) == 2


def test_the_evaluation_keeps_the_independence_rule(client, world):
    url = f"/api/v1/candidates/{world['candidate'].id}/evaluation"
    full = client.get(url, headers=bearer(token_for(world["panelist"]))).get_json()
    assert full["withheld"] is False
    assert 0 < full["evaluation"]["fit"] <= 1
    assert full["rubric_versions"]
    # the drafter has not submitted: nothing made from the panel's ratings
    hidden = client.get(url, headers=bearer(token_for(world["drafter"])))
    assert hidden.status_code == 200
    assert hidden.get_json() == {
        "candidate": world["candidate"].id,
        "withheld": True,
        "rubric_versions": hidden.get_json()["rubric_versions"],
        "evaluation": None,
    }
    # someone on no panel and no manager of the opening: no such candidate for them
    is_problem(client.get(url, headers=bearer(token_for(world["outsider"]))), 404)
    is_problem(client.get("/api/v1/candidates/999999/evaluation",
                          headers=bearer(token_for(world["recruiter"]))), 404)  # fmt: skip


def test_the_rate_limit_answers_429_as_a_problem(app, client, world):
    app.config["API_RATE_LIMIT"] = "2 per minute"
    configure_rate_limit(app)
    secret = token_for(world["recruiter"])
    assert client.get("/api/v1/openings", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v1/openings", headers=bearer(secret)).status_code == 200
    limited = client.get("/api/v1/openings", headers=bearer(secret))
    is_problem(limited, 429)
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    # per token: another token of the same user has its own count
    other = bearer(token_for(world["recruiter"]))
    assert client.get("/api/v1/openings", headers=other).status_code == 200


def test_tokens_are_stored_as_digests_and_their_making_is_audited(world):
    secret = token_for(world["recruiter"], scopes=["read:candidates"], days=7)
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    assert secret.startswith("hk_")
    assert secret not in (token.digest, token.hint)
    assert token.hint == secret[:7]
    assert token.scope_list == ["read:candidates"]
    assert timedelta(days=6, hours=23) < token.expires_at - utcnow() <= timedelta(days=7)
    assert revoke_token(world["recruiter"], token.id)
    assert not revoke_token(world["recruiter"], token.id)  # once
    actions = db.session.execute(db.select(AuditEntry.action, AuditEntry.subject_id)).all()
    assert [a for a in actions if a[0].startswith("api_")] == [
        ("api_token_created", token.id),
        ("api_token_revoked", token.id),
    ]


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [("GET", "/api/v1/nothing-here", 404), ("DELETE", "/api/v1/openings", 405)],
)
def test_even_an_unknown_address_or_method_is_a_problem(client, world, method, url, status):
    response = client.open(url, method=method)
    is_problem(response, status)
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_the_openapi_document_and_its_page_need_no_token(client, world):
    document = client.get("/api/v1/openapi.json")
    assert document.status_code == 200
    spec = document.get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/openings", "/api/v1/candidates",
            "/api/v1/candidates/{candidate_id}/evaluation"} <= set(spec["paths"])  # fmt: skip
    parameters = {p["name"] for p in spec["paths"]["/api/v1/candidates"]["get"]["parameters"]}
    assert {"q", "opening", "sort", "page", "per_page"} <= parameters
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "GET /api/v1/candidates" in page
    assert "read:candidates" in page


def test_a_user_makes_a_token_sees_it_once_and_revokes_it(client, auth, world):
    auth.login("r@example.test")
    wrong = client.post(
        "/account/api-tokens",
        data={"name": "Power BI", "scopes": ["read:candidates"], "days": "30",
              "password": "not it"},
    )  # fmt: skip
    assert "The password is not correct." in wrong.get_data(as_text=True)
    assert db.session.execute(db.select(ApiToken)).first() is None
    response = client.post(
        "/account/api-tokens",
        data={"name": "Power BI", "scopes": ["read:candidates"], "days": "30",
              "password": "correct horse battery"},
    )  # fmt: skip
    page = response.get_data(as_text=True)
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    secret = page.split('<code class="token">')[1].split("</code>")[0]
    assert secret.startswith(token.hint)
    assert client.get("/api/v1/openings", headers=bearer(secret)).status_code == 200
    listed = client.get("/account/api-tokens").get_data(as_text=True)
    assert "Power BI" in listed
    assert secret not in listed  # shown once
    revoked = client.post(f"/account/api-tokens/{token.id}/revoke")
    assert revoked.status_code == 302
    is_problem(client.get("/api/v1/openings", headers=bearer(secret)), 401)
    # another user's token is no page of theirs
    auth.logout()
    auth.login(world["panelist"].email)
    assert client.post(f"/account/api-tokens/{token.id}/revoke").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "x", "days": "30"}, "Choose at least one thing"),
        ({"name": "x", "scopes": ["read:candidates"], "days": "0"}, "from 1 to 365"),
        ({"name": "x", "scopes": ["read:candidates"], "days": "4000"}, "from 1 to 365"),
        ({"name": "x", "scopes": ["read:candidates"], "days": "9" * 30}, "Not a valid"),
        ({"name": "x", "scopes": ["admin:everything"], "days": "30"}, "Choose at least"),
        ({"name": "", "scopes": ["read:candidates"], "days": "30"}, "This field is required"),
    ],
)
def test_a_bad_token_request_says_why_and_makes_nothing(client, auth, world, data, message):
    auth.login("r@example.test")
    response = client.post(
        "/account/api-tokens", data={**data, "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.execute(db.select(ApiToken)).first() is None


def test_random_tokens_from_one_address_are_limited_too(app, client, world):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    configure_rate_limit(app)
    for n in range(3):
        is_problem(client.get("/api/v1/openings", headers=bearer(f"hk_guess{n}")), 401)
    is_problem(client.get("/api/v1/openings", headers=bearer("hk_guess4")), 429)
    # a valid token has its own count
    assert (
        client.get("/api/v1/openings", headers=bearer(token_for(world["recruiter"]))).status_code
        == 200
    )


@pytest.mark.parametrize("value", ["", "lots", "300 per fortnight"])
def test_a_bad_rate_stops_the_start_with_a_message(app, value):
    app.config["API_RATE_LIMIT"] = value
    with pytest.raises(ConfigurationError, match="HIRING_API_RATE_LIMIT="):
        configure_rate_limit(app)


@pytest.mark.parametrize("how", ["own password", "admin reset", "deactivated", "two-step reset"])
def test_whatever_ends_sessions_revokes_api_tokens(client, world, how):
    from hiring.services import accounts, two_step

    recruiter, admin = world["recruiter"], make_user("admin")
    secret = token_for(recruiter)
    if how == "own password":
        accounts.change_password(recruiter, "correct horse battery", "a new horse battery staple")
    elif how == "admin reset":
        accounts.reset_password(recruiter, admin)
    elif how == "deactivated":
        accounts.set_active(recruiter, False, admin)
        accounts.set_active(recruiter, True, admin)
    else:
        two_step.reset(recruiter, admin)
    db.session.commit()
    is_problem(client.get("/api/v1/openings", headers=bearer(secret)), 401)
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    assert token.revoked_at is not None
    entry = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.action == "api_token_revoked")
    ).scalar_one()
    assert (entry.subject_id, entry.details) == (token.id, {"why": "sessions ended"})


def test_a_tokens_use_is_noted_at_most_once_a_minute(client, world):
    secret = token_for(world["recruiter"])
    token = db.session.execute(db.select(ApiToken)).scalar_one()
    assert token.last_used_at is None
    client.get("/api/v1/openings", headers=bearer(secret))
    db.session.expire_all()
    first = db.session.get(ApiToken, token.id).last_used_at
    assert first is not None
    client.get("/api/v1/openings", headers=bearer(secret))
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at == first
    db.session.get(ApiToken, token.id).last_used_at = first - timedelta(minutes=2)
    db.session.commit()
    client.get("/api/v1/openings", headers=bearer(secret))
    db.session.expire_all()
    assert db.session.get(ApiToken, token.id).last_used_at > first


def test_scorecards_keep_the_independence_rule(client, world):
    url = f"/api/v1/candidates/{world['candidate'].id}/scorecards"
    drafter = client.get(url, headers=bearer(token_for(world["drafter"]))).get_json()
    # the drafter reads only their own working copy
    (own,) = drafter["scorecards"]
    assert (own["interviewer"], own["status"], own["scores"]["persuasion"]) == (
        world["drafter"].name,
        "draft",
        2,
    )
    panelist = client.get(url, headers=bearer(token_for(world["panelist"]))).get_json()
    # the panelist has submitted: their own, and nobody's draft
    assert [(c["interviewer"], c["status"]) for c in panelist["scorecards"]] == [
        (world["panelist"].name, "submitted")
    ]
    recruiter = client.get(url, headers=bearer(token_for(world["recruiter"]))).get_json()
    assert [c["status"] for c in recruiter["scorecards"]] == ["submitted"]
    is_problem(client.get(url, headers=bearer(token_for(world["outsider"]))), 404)


def test_the_greenhouse_shape_of_the_submitted_scorecards(client, world):
    url = f"/api/v1/candidates/{world['candidate'].id}/scorecards/greenhouse"
    body = client.get(url, headers=bearer(token_for(world["recruiter"]))).get_json()
    (card,) = body["scorecards"]
    assert card["overall_recommendation"] == "yes"
    assert card["submitted_by"]["name"] == world["panelist"].name
    ratings = {a["name"]: a["rating"] for a in card["attributes"]}
    assert set(ratings.values()) <= {"definitely_not", "no", "mixed", "yes", "strong_yes"}
    assert sorted(ratings.values()) == ["mixed", "yes"]  # 3 and 4 on a scale of 1 to 5
    assert card["ratings"]["yes"]
    assert card["ratings"]["mixed"]
    assert card["questions"][0]["question"] == "Key take-aways"


def _drafters_card(world) -> int:
    interview = db.session.execute(
        db.select(Interview).where(Interview.candidate_id == world["candidate"].id)
    ).scalar_one()
    return scorecard_of(interview, world["drafter"]).id


def test_an_interviewer_submits_their_scorecard_through_the_api(client, world):
    card = _drafters_card(world)
    secret = token_for(world["drafter"], scopes=["write:scorecards"])
    body = {"scores": {"persuasion": 3, "listening": 4}, "recommendation": "yes",
            "takeaways": "Listens well.", "version": 1, "submit": True}  # fmt: skip
    response = client.post(f"/api/v1/scorecards/{card}", json=body, headers=bearer(secret))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "submitted"
    # submitted: the panel is theirs to see now
    url = f"/api/v1/candidates/{world['candidate'].id}/evaluation"
    seen = client.get(url, headers=bearer(token_for(world["drafter"]))).get_json()
    assert seen["withheld"] is False


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"scores": {"persuasion": 9}, "recommendation": "yes", "version": 1, "submit": True},
         422, "score_persuasion"),
        ({"scores": {"persuasion": 5}, "recommendation": "yes", "version": 1, "submit": True},
         422, "note_persuasion"),
        ({"scores": {"persuasion": 3}, "version": 1, "submit": True}, 422, "recommendation"),
        ({"scores": {"persuasion": 3}, "recommendation": "yes", "version": 0}, 409, "version"),
        ({"scores": {"persuasion": "lots"}, "version": 1}, 422, "scores.persuasion"),
        ({"scores": {}, "version": 1, "colour": "red"}, 422, "colour"),
    ],
)  # fmt: skip
def test_a_refused_scorecard_says_why_and_saves_nothing(client, world, body, status, field):
    card = _drafters_card(world)
    before = db.session.get(Scorecard, card).latest.version
    secret = token_for(world["drafter"], scopes=["write:scorecards"])
    found = is_problem(client.post(f"/api/v1/scorecards/{card}", json=body,
                                   headers=bearer(secret)), status)  # fmt: skip
    assert field in [e["field"] for e in found["errors"]]
    db.session.expire_all()
    assert db.session.get(Scorecard, card).latest.version == before


def test_nobody_fills_someone_elses_scorecard_through_the_api(client, world):
    card = _drafters_card(world)
    for who in ("recruiter", "panelist"):
        secret = token_for(world[who])
        body = {"scores": {"persuasion": 3}, "version": 1}
        is_problem(client.post(f"/api/v1/scorecards/{card}", json=body, headers=bearer(secret)),
                   404)  # fmt: skip


def test_decisions_are_read_and_recorded_with_the_person_and_reason(client, world):
    url = f"/api/v1/candidates/{world['candidate'].id}/decisions"
    secret = token_for(world["recruiter"])
    made = client.post(url, json={"decision": "advance", "reason": "Strong panel."},
                       headers=bearer(secret))  # fmt: skip
    assert made.status_code == 201
    assert made.get_json()["decided_by"] == world["recruiter"].name
    listed = client.get(url, headers=bearer(secret)).get_json()["decisions"]
    assert [(d["decision"], d["reason"]) for d in listed] == [("advance", "Strong panel.")]
    assert db.session.get(Candidate, world["candidate"].id).status == "advanced"
    for body, field in (({"decision": "advance", "reason": ""}, "reason"),
                        ({"decision": "promote", "reason": "x"}, "decision")):  # fmt: skip
        found = is_problem(client.post(url, json=body, headers=bearer(secret)), 422)
        assert [e["field"] for e in found["errors"]] == [field]
    # an interviewer records nothing, and reads no decisions
    panelist = bearer(token_for(world["panelist"]))
    is_problem(client.post(url, json={"decision": "hire", "reason": "x"}, headers=panelist), 404)
    is_problem(client.get(url, headers=panelist), 404)
    # without the scope
    reader = bearer(token_for(world["recruiter"], scopes=["read:candidates"]))
    is_problem(client.post(url, json={"decision": "hire", "reason": "x"}, headers=reader), 403)


def test_the_profile_pdf_through_the_api_is_the_pages_and_recorded(client, world, no_pdf_layout):
    url = f"/api/v1/candidates/{world['candidate'].id}/profile.pdf"
    response = client.get(url, headers=bearer(token_for(world["recruiter"])))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    issued = db.session.execute(
        db.select(AuditEntry).where(AuditEntry.action == "document_issued")
    ).scalar_one()
    assert issued.user_id == world["recruiter"].id
    # the drafter has not submitted: 403, as on the page; an outsider: 404
    is_problem(client.get(url, headers=bearer(token_for(world["drafter"]))), 403)
    is_problem(client.get(url, headers=bearer(token_for(world["outsider"]))), 404)
    is_problem(client.get(url + "?lang=sv", headers=bearer(token_for(world["recruiter"]))), 422)
    no_scope = bearer(token_for(world["recruiter"], scopes=["read:candidates"]))
    is_problem(client.get(url, headers=no_scope), 403)


def test_a_session_that_must_change_its_password_does_not_redirect_the_api(client, auth, world):
    """The API answers for the token; a browser session sent along changes nothing."""
    recruiter = world["recruiter"]
    secret = token_for(recruiter)
    auth.login("r@example.test")
    recruiter.must_change_password = True
    db.session.commit()
    assert client.get("/candidates").status_code == 302  # the pages: the password first
    assert client.get("/api/v1/openings", headers=bearer(secret)).status_code == 200
    is_problem(client.get("/api/v1/openings"), 401)
