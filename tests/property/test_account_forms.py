"""Logging in, changing one's password, the administrator's user forms, the audit log's
filters, erasure and purge, with generated input: never a server error; a refused form writes
nothing (a failed login writes only its audit entry and its count); a login never leads off
the site."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.extensions import db
from hiring.models import AUDIT_ACTIONS, ROLES
from tests.factories import PASSWORD, make_candidate, make_opening, make_user
from tests.property.strategies import (
    ANY_CHARACTER,
    choice,
    date_text,
    form_data,
    number_within,
    short_text,
    text_within,
)
from tests.property.web import examples, follow, login, send

NEXT = [
    "", "/", "/candidates?q=x", "/admin/users", "//evil.example", "https://evil.example/",
    "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "/%2F%2Fevil.example",
    "http:/evil.example", " /candidates", "/\t/evil.example", "/s/",
]  # fmt: skip
NEXT_PATHS = st.one_of(choice(NEXT), st.builds(lambda text: "/" + text, short_text()))
"""Where a login or a language switch is asked to lead: odd addresses, and paths of anything."""
PASSWORDS = st.text(ANY_CHARACTER, min_size=12, max_size=60)
"""New passwords long enough to be taken (some are refused as easy to guess: that is fine)."""


@pytest.fixture
def world(app):
    app.config.update(LOGIN_FAILURES_PER_ACCOUNT=10**6, LOGIN_FAILURES_PER_ADDRESS=10**6)
    admin = make_user("admin", name="Aino Admin", email="admin@example.test")
    other = make_user("recruiter", name="Rauli Rekry", email="rauli@example.test")
    make_user("interviewer", name="Pentti Password", email="pentti@example.test")
    opening = make_opening(other)
    person = make_candidate(opening, name="Erkki Erased").person_id
    state = SimpleNamespace(
        admin=admin.id,
        other=other.id,
        person=person,
        password=PASSWORD,
        anonymous=app.test_client(),
        admin_client=login(app, "admin@example.test", PASSWORD),
        changer_client=login(app, "pentti@example.test", PASSWORD),
    )
    db.session.remove()
    return state


def safe_location(location: str) -> bool:
    """Where a login may lead: a path on this site, never another host."""
    path = location.removeprefix("http://localhost")
    return path.startswith("/") and not path.startswith("//") and "\\" not in path


@examples(120)
@given(data=st.data())
def test_a_login_never_errs_nor_leads_off_the_site(world, data):
    emails = ["admin@example.test", " Admin@Example.TEST ", "rauli@example.test", "x@y.z"]
    fields = [
        ("email", choice(emails)),
        ("password", st.sampled_from([PASSWORD, "wrong password"])),
        ("next", NEXT_PATHS),
    ]
    outcome = send(world.anonymous, "POST", "/login", data.draw(form_data(fields)))
    if outcome.redirected:
        assert safe_location(outcome.location), outcome.location
    else:
        # a failed login is written down, and counted against the account and the address
        outcome.assert_wrote_nothing(allowed={"audit_log", "login_throttles"})


@examples(100)
@given(data=st.data(), code=st.sampled_from(["fi", "en", "sv"]), signed_in=st.booleans())
def test_a_language_switch_never_errs_nor_leads_off_the_site(world, data, code, signed_in):
    client = world.admin_client if signed_in else world.anonymous
    query = data.draw(form_data([("next", NEXT_PATHS)]))
    outcome = send(client, "GET", f"/language/{code}", query=query)
    if outcome.redirected:
        assert safe_location(outcome.location), outcome.location
    else:
        assert outcome.status in (400, 404)
    # only the user's own choice of language is kept
    outcome.assert_wrote_nothing(allowed={"users"})


@examples(80)
@given(data=st.data())
def test_changing_a_password_saves_whole_or_not_at_all(world, data):
    new = data.draw(PASSWORDS)
    fields = [
        ("current", st.sampled_from([world.password])),
        ("password", st.sampled_from([new])),
        ("confirm", st.sampled_from([new])),
    ]
    outcome = send(world.changer_client, "POST", "/account/password", data.draw(form_data(fields)))
    if outcome.redirected:
        follow(world.changer_client, outcome)
        world.password = new
    else:
        outcome.assert_wrote_nothing()


@examples(100)
@given(data=st.data())
def test_adding_a_user_saves_whole_or_not_at_all(world, data):
    fields = [
        ("email", st.emails().filter(lambda address: len(address) <= 254)),
        ("name", text_within(120, min_size=1)),
        ("role", choice(ROLES)),
        ("password", PASSWORDS),
    ]
    outcome = send(world.admin_client, "POST", "/admin/users", data.draw(form_data(fields)))
    if outcome.redirected:
        follow(world.admin_client, outcome)
    else:
        outcome.assert_wrote_nothing()


@examples(50)
@given(data=st.data(), whose=st.sampled_from(["other", "admin"]))
def test_changing_a_role_saves_whole_or_not_at_all(world, data, whose):
    url = f"/admin/users/{getattr(world, whose)}/role"
    outcome = send(world.admin_client, "POST", url, data.draw(form_data([("role", choice(ROLES))])))
    assert outcome.redirected or outcome.status == 400
    if outcome.redirected and not outcome.error_flashed:
        follow(world.admin_client, outcome)
    else:
        outcome.assert_wrote_nothing()


@examples(100)
@given(data=st.data(), path=st.sampled_from(["/admin/audit", "/admin/audit.csv"]))
def test_the_audit_log_takes_any_filter(world, data, path):
    fields = [
        ("action", choice(AUDIT_ACTIONS)),
        ("user", choice([str(world.admin), str(world.other)])),
        ("candidate", number_within(1, 5, whole=True)),
        ("since", date_text()),
        ("until", date_text()),
        ("before", number_within(1, 10**9, whole=True)),
    ]
    outcome = send(world.admin_client, "GET", path, query=data.draw(form_data(fields)))
    assert outcome.status in (200, 400)
    outcome.response.get_data()  # the CSV streams: read it all
    # reading the log writes nothing; taking the CSV is itself written down
    outcome.assert_wrote_nothing(allowed={"audit_log"} if path.endswith(".csv") else ())


@examples(50)
@given(data=st.data())
def test_an_erasure_happens_whole_or_not_at_all(world, data):
    name = "Erkki Erased"
    fields = [("confirm", st.sampled_from([name, f"  {name.lower()} ", name.upper()]))]
    url = f"/admin/people/{world.person}/erase"
    outcome = send(world.admin_client, "POST", url, data.draw(form_data(fields)))
    if outcome.redirected:
        follow(world.admin_client, outcome)
        world.person = make_candidate(None, name=name).person_id  # the next one to erase
        db.session.remove()
    else:
        assert outcome.status in (400, 413, 422)
        outcome.assert_wrote_nothing()


@examples(30)
@given(data=st.data())
def test_a_purge_or_the_retention_page_take_any_number(world, data):
    purge = data.draw(st.booleans())
    if purge:
        pairs = data.draw(form_data([("confirm", number_within(0, 3, whole=True))]))
        outcome = send(world.admin_client, "POST", "/admin/retention/purge", pairs)
    else:
        query = data.draw(form_data([("page", number_within(1, 10**9, whole=True))]))
        outcome = send(world.admin_client, "GET", "/admin/retention", query=query)
    assert outcome.status in (200, 302, 400)
    # nobody is past their retention date, so nothing can be erased
    outcome.assert_wrote_nothing()
