"""A manager's team forms with generated input: importing a team file (upload, preview,
confirm), a new KAM's accounts and their steps, opening a KAM assessment, and the talent
pool's filters. Never a server error; a preview or a refused import writes nothing; a saved
one shows on the page it leads to."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiring.domain.employees import ACCOUNT_KINDS
from hiring.domain.nine_box import BANDS
from hiring.domain.team_csv import decode, read_team_csv
from hiring.extensions import db
from hiring.models import KamAccount, Person, User
from hiring.services.people import import_team
from hiring.services.talent_pool import PAGE_SIZES, POOL_SORTS, READINESS_FILTERS
from tests.domain.test_team_csv import HEADER, line
from tests.factories import PASSWORD, make_user
from tests.property.spreadsheets import team_files
from tests.property.strategies import choice, form_data, number_within, text_within
from tests.property.web import examples, follow, login, send


@pytest.fixture
def world(app):
    boss = make_user("manager", name="Maija Manageri", email="boss@example.test")
    make_user("manager", name="Other Boss", email="other@example.test")
    admin = make_user("admin", name="Aino Admin", email="admin@example.test")
    rater = make_user("interviewer", name="Ilkka Independent")
    import_team(read_team_csv("\n".join([HEADER, line(), line(employee_id="E9")]) + "\n"), boss)
    db.session.commit()
    person = db.session.execute(db.select(Person).where(Person.employee_id == "E9")).scalar_one()
    state = SimpleNamespace(
        boss=boss.id,
        admin=admin.id,
        rater=rater.id,
        person=person.id,
        account=None,
        clients={
            "boss": login(app, "boss@example.test", PASSWORD),
            "admin": login(app, "admin@example.test", PASSWORD),
        },
    )
    db.session.remove()
    return state


def managers() -> list[str]:
    ids = db.session.execute(db.select(User.id).where(User.role.in_(("manager", "admin"))))
    return [str(i) for i in ids.scalars()] + ["0", "abc"]


@examples(120)
@given(
    data=st.data(),
    who=st.sampled_from(["boss", "admin"]),
    file=st.one_of(team_files(), team_files(damage=False)),
)
def test_a_team_import_saves_whole_or_not_at_all(world, data, who, file):
    client = world.clients[who]
    fields = [("manager", choice(managers())), ("valid_only", choice(["", "y"]))]
    pairs = data.draw(form_data(fields, nul=False))
    preview = send(client, "POST", "/team/import", pairs, files={"file": (file, "team.csv")})
    assert preview.status in (200, 400, 413)
    preview.assert_wrote_nothing(why="a file was previewed")
    text = decode(file)
    if text is None or not data.draw(st.booleans()):
        return
    # the file sent back as the preview's form sends it (or would, had the preview offered
    # the import: the import checks it again, whatever the browser sends)
    confirm = [("text", text), *pairs]
    outcome = send(client, "POST", "/team/import/confirm", confirm)
    if outcome.redirected:
        follow(client, outcome)
        newest = db.session.execute(db.select(db.func.max(Person.id))).scalar_one()
        db.session.remove()
        # what was imported shows on every page of the team, and goes out as spreadsheets
        for page in (
            "/team/nine-box",
            "/team/development",
            f"/team/people/{newest}",
            "/team/export.csv",
            "/team/pool.csv",
        ):
            shown = send(client, "GET", page)
            assert shown.status in (200, 404), page  # (404: not this manager's person)
            shown.response.get_data()
    else:
        assert outcome.status in (200, 400, 413)
        outcome.assert_wrote_nothing()


def account_now(world) -> KamAccount:
    """The account the steps are recorded on: a new one when there is none, or when the
    person's page would be long."""
    account = db.session.get(KamAccount, world.account) if world.account else None
    if account is None or len(account.progress) > 8:
        account = KamAccount(
            person_id=world.person, name="Terveystalo", kind="key_account", created_by_id=world.boss
        )
        db.session.add(account)
        db.session.commit()
        world.account = account.id
    return account


@examples(120)
@given(data=st.data(), step=st.sampled_from(["account", "progress", "assess"]))
def test_a_new_kams_accounts_and_assessments_save_whole_or_not_at_all(world, data, step):
    account = account_now(world)
    if step == "account":
        fields = [
            ("name", text_within(200, min_size=1)),
            ("kind", choice(ACCOUNT_KINDS)),
            ("goals", text_within(4000)),
            ("plan", text_within(4000)),
        ]
        url = f"/team/people/{world.person}/accounts"
    elif step == "progress":
        fields = [
            ("level", choice(["1", "2", "3", "4"])),
            ("note", text_within(4000, min_size=1)),
            ("version", choice([str(account.version)])),
        ]
        url = f"/team/people/{world.person}/accounts/{account.id}/progress"
    else:
        fields = [("raters", choice([str(world.rater), str(world.admin)]))] * 2
        url = f"/team/people/{world.person}/assessments"
    db.session.remove()
    outcome = send(world.clients["boss"], "POST", url, data.draw(form_data(fields)))
    assert outcome.redirected or outcome.status in (400, 413)
    if outcome.redirected and not outcome.error_flashed:
        follow(world.clients["boss"], outcome)
    else:
        outcome.assert_wrote_nothing()
    accounts = db.select(KamAccount).where(KamAccount.person_id == world.person)
    if len(db.session.execute(accounts).all()) > 8:  # keep the person's page a page
        db.session.execute(db.delete(KamAccount).where(KamAccount.person_id == world.person))
        db.session.commit()
        world.account = None
    db.session.remove()


POOL = [
    ("team", text_within(120)),
    ("territory", text_within(120)),
    ("readiness", choice(READINESS_FILTERS)),
    ("level", choice(["0", "1", "2", "3", "4"])),
    ("box", choice([f"{a}-{b}" for a in BANDS for b in BANDS])),
    ("sort", choice(POOL_SORTS)),
    ("page", number_within(1, 3, whole=True)),
    ("per_page", choice([str(size) for size in PAGE_SIZES])),
]


@examples(80)
@given(
    data=st.data(),
    who=st.sampled_from(["boss", "admin"]),
    path=st.sampled_from(["/team", "/team/pool.csv", "/team/nine-box", "/team/development"]),
)
def test_the_talent_pool_takes_any_filter(world, data, who, path):
    outcome = send(world.clients[who], "GET", path, query=data.draw(form_data(POOL)))
    assert outcome.status in (200, 400)
    outcome.response.get_data()  # the CSV streams: read it all
    outcome.assert_wrote_nothing(allowed={"audit_log"} if path.endswith(".csv") else ())
