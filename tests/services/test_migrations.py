"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import CheckConstraint, inspect, select
from sqlalchemy.exc import IntegrityError

import tests.services.test_constraints
from hiring.extensions import db
from hiring.models import AuditEntry, Candidate, Decision, Interview, Rating, ScorecardRevision
from tests.services.test_constraints import BAD_VALUES, build_world, set_value

RETIRED_TABLES = ("report_downloads",)
"""Tables of older revisions that the models no longer declare (0019 replaced the record of
downloads by the audit log)."""


def _drop_everything() -> None:
    """Whatever revision the database was left at: on PostgreSQL, CASCADE also drops foreign
    keys the models no longer declare (an older revision's)."""
    db.session.remove()
    cascade = " CASCADE" if db.engine.dialect.name == "postgresql" else ""
    names = [table.name for table in reversed(db.metadata.sorted_tables)]
    with db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            # an older revision's foreign keys (e.g. the download log's to candidates before
            # 0004) do not follow today's table order
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for name in [*names, *RETIRED_TABLES, "alembic_version"]:
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"{cascade}')
        connection.commit()
        if db.engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")


@pytest.fixture
def empty_database(app) -> Iterator[None]:
    """No tables at all; afterwards the schema the other tests expect."""
    _drop_everything()
    yield
    _drop_everything()
    db.create_all()


def _check_constraints() -> dict[str, set[str]]:
    """The CHECK constraints of the database, by table (autogenerate does not compare them)."""
    inspector = inspect(db.engine)
    return {
        table.name: {c["name"] for c in inspector.get_check_constraints(table.name)}
        for table in db.metadata.sorted_tables
    }


def _index_names() -> set[str]:
    """Every index of the database by name, expression indexes included (which SQLite's
    reflection, and so autogenerate's comparison, skip)."""
    if db.engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        query = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    with db.engine.connect() as connection:
        names = set(connection.exec_driver_sql(query).scalars())
    return {n for n in names if not n.startswith(("pk_", "uq_", "alembic_version"))}


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_upgrade_from_empty_matches_models(empty_database):
    upgrade()
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
    assert _index_names() == {
        index.name for table in db.metadata.sorted_tables for index in table.indexes
    }
    assert "alembic_version" in inspect(db.engine).get_table_names()
    assert _check_constraints() == {
        table.name: {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        for table in db.metadata.sorted_tables
    }


def test_the_migrated_schema_refuses_bad_values(empty_database):
    upgrade()
    build_world()
    for table, column, value in BAD_VALUES:
        with pytest.raises(IntegrityError, match=f"ck_{table}_{column}"):
            set_value(table, column, value)
        db.session.rollback()


def _columns() -> dict[str, list[str]]:
    """The columns each table of the database has now (a revision's shape)."""
    inspector = inspect(db.engine)
    present = set(inspector.get_table_names())
    return {
        table.name: [c["name"] for c in inspector.get_columns(table.name)]
        for table in db.metadata.sorted_tables
        if table.name in present
    }


def _contents(shape: dict[str, list[str]] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary key order, in the columns of ``shape`` (default:
    those the database has now; pass an older revision's to compare with it). The session is
    closed afterwards: on PostgreSQL its open transaction would otherwise hold locks that the
    migration waits for."""
    db.session.remove()
    shape = shape or _columns()
    contents = {}
    for table in db.metadata.sorted_tables:
        if table.name not in shape:
            continue
        columns = [c for c in table.columns if c.name in shape[table.name]]
        query = select(*columns).order_by(*table.primary_key.columns)
        contents[table.name] = [tuple(row) for row in db.session.execute(query)]
    db.session.remove()
    return contents


def test_rows_survive_the_checks_and_ondelete_revision_both_ways(empty_database, monkeypatch):
    upgrade(revision="0003")
    _without_stored_evaluations(monkeypatch)  # their table comes in 0005
    world = build_world()
    candidate_id = world.candidate.id
    set_value("candidates", "education", "")  # unknown, as an older version could store it
    db.session.commit()
    before = _contents()
    shape = _columns()
    education = [
        c.name for c in db.metadata.tables["candidates"].columns if c.name in shape["candidates"]
    ].index("education")
    assert before["candidates"][0][education] == ""
    assert all(before.values())

    expected = {
        **before,
        "candidates": [
            (*row[:education], None, *row[education + 1 :]) for row in before["candidates"]
        ],
    }

    upgrade(revision="0004")
    assert _contents(shape) == expected  # only the empty education became NULL ("unknown")
    downgrade(revision="0003")
    assert _contents(shape) == expected
    upgrade()
    assert _contents(shape) == expected

    # At head, erasing the candidate takes their records and leaves the download, now an
    # entry of the audit log (0019).
    db.session.delete(db.session.get(Candidate, candidate_id))
    db.session.commit()
    for model in (Interview, ScorecardRevision, Rating, Decision):
        assert db.session.execute(select(model)).first() is None
    issued = select(AuditEntry.candidate_id).where(AuditEntry.action == "document_issued")
    assert db.session.execute(issued).scalar_one() == candidate_id


def _without_stored_evaluations(monkeypatch) -> None:
    """Build data as the application did before evaluations were stored (0005), before
    batches had items and a heartbeat (0007) and before self-assessments (0009)."""
    import hiring.services.interviews
    import hiring.services.recruiting
    import tests.services.test_constraints
    from hiring.models import ReportJob
    from hiring.models.base import utcnow

    for module in (hiring.services.interviews, hiring.services.recruiting):
        monkeypatch.setattr(module, "refresh_evaluations", lambda ids: None)

    def old_create_job(opening, *, lang, blind, by):
        columns = {"opening_id": opening.id, "lang": lang, "blind": blind, "status": "queued"}
        columns |= {"total": 1, "done": 0, "failures": [], "created_by_id": by.id}
        db.session.execute(db.insert(ReportJob).values(**columns, created_at=utcnow()))

    monkeypatch.setattr(tests.services.test_constraints, "create_job", old_create_job)
    monkeypatch.setattr(
        tests.services.test_constraints, "add_self_assessment", lambda candidate, by: None
    )
    _before_hiring_manager_users(monkeypatch)


def _before_hiring_manager_users(monkeypatch) -> None:
    """Openings as stored before 0010, which added ``openings.hiring_manager_id`` (the ORM
    would write the column)."""
    import tests.services.test_constraints
    from hiring.models import Opening
    from hiring.models.base import utcnow

    def old_make_opening(by, role_key="kam", title="KAM Helsinki"):
        columns = {"title": title, "role_key": role_key, "territory": "Uusimaa"}
        columns |= {"hiring_manager": "", "status": "open", "created_by_id": by.id}
        opening_id = db.session.execute(
            db.insert(Opening.__table__)
            .values(**columns, created_at=utcnow())
            .returning(Opening.__table__.c.id)
        ).scalar_one()
        db.session.commit()
        return db.session.get(Opening, opening_id)

    monkeypatch.setattr(tests.services.test_constraints, "make_opening", old_make_opening)
    _before_people(monkeypatch)


def _before_people(monkeypatch) -> None:
    """Candidates as stored before 0011, which added people, ``candidates.person_id`` and
    ``purpose`` (the ORM would write them), and no representatives."""
    from sqlalchemy import column, table

    import hiring.services.evaluations
    import tests.services.test_constraints
    from hiring.models.base import utcnow
    from hiring.services.recruiting import candidate_record

    def old_make_candidate(opening=None, name="Maija Meikäläinen", **values):
        record = candidate_record({"name": name, "opening_id": opening and opening.id, **values})
        now = utcnow()
        columns = record.columns() | {"status": "active", "version": 1}
        columns |= {"created_at": now, "updated_at": now}
        old_table = table("candidates", column("id"), *(column(name) for name in columns))
        candidate_id = db.session.execute(
            db.insert(old_table).values(**columns).returning(old_table.c.id)
        ).scalar_one()
        db.session.commit()
        return db.session.get(Candidate, candidate_id)

    monkeypatch.setattr(tests.services.test_constraints, "make_candidate", old_make_candidate)
    monkeypatch.setattr(tests.services.test_constraints, "add_team_member", lambda manager: None)
    monkeypatch.setattr(
        hiring.services.evaluations, "refresh_standings", lambda ids, readiness: None
    )
    _before_panel_statistics(monkeypatch)


def _before_panel_statistics(monkeypatch) -> None:
    """No panel statistics before 0013, which added their tables."""
    import hiring.services.evaluations

    monkeypatch.setattr(
        hiring.services.evaluations, "refresh_panel_statistics", lambda candidates, by: None
    )
    _before_session_tokens(monkeypatch)


def _before_session_tokens(monkeypatch) -> None:
    """Users as stored before 0015, which added ``session_token`` and
    ``must_change_password`` (the ORM would write and return them)."""
    from sqlalchemy import column, table

    import tests.services.test_constraints
    from hiring.models import User
    from hiring.models.base import utcnow
    from hiring.services.accounts import hash_password
    from tests.factories import PASSWORD

    serial = iter(range(1, 1000))

    def old_make_user(role="recruiter", name=None, email=None):
        n = next(serial)
        columns = {"email": email or f"{role}{n}@example.test", "name": name or f"User {n}",
                   "role": role, "password_hash": hash_password(PASSWORD), "active": True,
                   "created_at": utcnow()}  # fmt: skip
        old = table("users", column("id"), *(column(name) for name in columns))
        user_id = db.session.execute(
            db.insert(old).values(**columns).returning(old.c.id)
        ).scalar_one()
        db.session.commit()
        return db.session.get(User, user_id)

    monkeypatch.setattr(tests.services.test_constraints, "make_user", old_make_user)
    monkeypatch.setattr(
        tests.services.test_constraints, "add_interview_change", lambda interview, by: None
    )
    monkeypatch.setattr(tests.services.test_constraints, "add_reminder", lambda card: None)
    monkeypatch.setattr(tests.services.test_constraints, "add_login_failure", lambda: None)
    _before_audit_log(monkeypatch)


def _before_audit_log(monkeypatch) -> None:
    """Before 0019 the only record was of downloads, in their own table; nothing else was
    written down."""
    from sqlalchemy import column, table

    import hiring.services.audit
    import tests.services.test_constraints
    from hiring.models.base import utcnow

    def old_record_download(*, kind, lang, user=None, candidate_id=None, opening_id=None):
        columns = {"user_id": user.id if user else None, "actor": user.email if user else "-",
                   "kind": kind, "candidate_id": candidate_id, "opening_id": opening_id,
                   "role_key": None, "lang": lang, "blind": False,
                   "created_at": utcnow()}  # fmt: skip
        old = table("report_downloads", *(column(name) for name in columns))
        db.session.execute(db.insert(old).values(**columns))

    monkeypatch.setattr(tests.services.test_constraints, "record_download", old_record_download)
    monkeypatch.setattr(hiring.services.audit, "record", lambda action, **values: None)
    _before_last_activity(monkeypatch)


def _before_last_activity(monkeypatch) -> None:
    """Before 0020 an applicant's last activity was not stored (nor, before 0021, anyone's
    second login step, nor API tokens before 0023, nor debrief notes and leaving dates before
    0024)."""
    import hiring.services.recruiting

    monkeypatch.setattr(hiring.services.recruiting, "mark_activity", lambda candidate: None)
    monkeypatch.setattr(tests.services.test_constraints, "add_two_step", lambda user: None)
    monkeypatch.setattr(tests.services.test_constraints, "create_token", lambda *args: None)
    monkeypatch.setattr(tests.services.test_constraints, "add_debrief_note", lambda *args: None)
    monkeypatch.setattr(tests.services.test_constraints, "add_leaving", lambda *args: None)


def test_stored_evaluations_arrive_empty_and_are_rebuilt(empty_database, monkeypatch):
    from hiring.models import StoredEvaluation
    from hiring.services.evaluations import rebuild_evaluations, stale_count

    upgrade(revision="0004")
    _without_stored_evaluations(monkeypatch)
    candidate_id = build_world().candidate.id
    monkeypatch.undo()
    before = _contents()
    shape = _columns()
    upgrade()
    assert _contents(shape) == before
    placeholder = db.session.get(StoredEvaluation, candidate_id)  # every candidate has a row
    opening_id = db.session.get(Candidate, candidate_id).opening_id
    assert (placeholder.computed_at, placeholder.fit, placeholder.opening_id) == (
        None, None, opening_id,
    )  # fmt: skip
    db.session.remove()
    assert stale_count() == 1
    assert rebuild_evaluations(missing_only=True) == 1
    stored = db.session.get(StoredEvaluation, candidate_id)
    assert (stored.assessors, stored.pending) == (1, 0)
    assert stale_count() == 0
    db.session.remove()  # on PostgreSQL an open transaction would hold the locks it needs
    downgrade(revision="0004")
    assert "stored_evaluations" not in inspect(db.engine).get_table_names()


def test_rows_stored_before_the_sort_indexes_get_their_opening(empty_database, monkeypatch):
    from sqlalchemy import text

    upgrade(revision="0005")
    _without_stored_evaluations(monkeypatch)
    world = build_world()
    candidate_id, opening_id = world.candidate.id, world.candidate.opening_id
    db.session.execute(
        text(
            "INSERT INTO stored_evaluations (candidate_id, fit, floors_not_met, floor_keys, "
            "red_flags, assessors, pending, panel_values, computed_at) VALUES (:c, 0.5, 0, '[]', "
            "0, 1, 0, '{}', CURRENT_TIMESTAMP)"
        ),
        {"c": candidate_id},
    )
    db.session.commit()
    db.session.remove()
    upgrade(revision="0006")
    row = db.session.execute(
        text("SELECT opening_id, fit, computed_at FROM stored_evaluations")
    ).one()
    assert (row.opening_id, row.fit) == (opening_id, 0.5)
    assert row.computed_at is not None
    db.session.remove()
    downgrade(revision="0005")
    assert db.session.execute(text("SELECT fit FROM stored_evaluations")).scalar_one() == 0.5


def test_downgrade_to_base_removes_every_table(empty_database):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}


def test_self_assessments_come_and_go_with_their_revision(empty_database, monkeypatch):
    """0009 adds the self-assessment tables and nothing else; downgrading drops them."""
    import tests.services.test_constraints
    from hiring.models import SelfAnswer, SelfAssessment, User
    from tests.services.test_constraints import add_self_assessment

    upgrade(revision="0008")
    monkeypatch.setattr(
        tests.services.test_constraints, "add_self_assessment", lambda candidate, by: None
    )
    _before_hiring_manager_users(monkeypatch)
    build_world()
    monkeypatch.undo()
    before = _contents()
    shape = _columns()
    upgrade()
    assert _contents(shape) == before
    assert db.session.execute(select(SelfAssessment)).first() is None
    candidate = db.session.execute(select(Candidate)).scalars().first()
    recruiter = db.session.execute(select(User).where(User.role == "recruiter")).scalars().first()
    add_self_assessment(candidate, recruiter)
    db.session.commit()
    assert db.session.execute(select(SelfAnswer.value)).scalar_one() == 4
    db.session.remove()
    downgrade(revision="0008")
    assert "self_assessments" not in inspect(db.engine).get_table_names()
    assert _contents(shape) == before


def test_hiring_managers_written_as_a_users_name_are_linked(empty_database, monkeypatch):
    """0010 links an opening to the user whose name or e-mail its hiring manager is written
    as, when exactly one user matches; nothing else changes."""
    from sqlalchemy import text

    from hiring.models import Opening, User

    upgrade(revision="0009")
    _before_hiring_manager_users(monkeypatch)
    world = build_world()
    recruiter_id, interviewer_id = world.recruiter.id, world.interviewer.id
    db.session.execute(
        text("UPDATE openings SET hiring_manager = :name"),
        {"name": f" {world.recruiter.name.upper()} "},
    )
    db.session.commit()
    opening_id = world.opening.id
    before = _contents()
    shape = _columns()
    upgrade()
    assert _contents(shape) == before
    assert db.session.get(Opening, opening_id).hiring_manager_id == recruiter_id
    db.session.remove()
    # two users of the same name: nobody is guessed
    downgrade(revision="0009")
    db.session.execute(text("UPDATE users SET name = :name"), {"name": "Sama Nimi"})
    db.session.execute(text("UPDATE openings SET hiring_manager = 'sama nimi'"))
    db.session.commit()
    upgrade()
    assert db.session.get(Opening, opening_id).hiring_manager_id is None
    assert db.session.get(User, interviewer_id).name == "Sama Nimi"


def test_every_candidate_becomes_a_person_of_their_own(empty_database, monkeypatch):
    """0011 gives each candidate a person with the candidate's details (nobody is merged by
    guessing, not even two candidates with one address); downgrading removes people, field
    data and managers' assessments and leaves everything else as it was."""
    from sqlalchemy import text

    from hiring.models import Person

    upgrade(revision="0010")
    _before_people(monkeypatch)
    world = build_world()
    twin = tests.services.test_constraints.make_candidate(
        world.opening, name="Maija M.", email="maija@example.com", education="higher"
    )
    db.session.execute(text("UPDATE candidates SET email = 'maija@example.com'"))
    db.session.commit()
    ids = (world.candidate.id, twin.id)
    before = _contents()
    shape = _columns()
    upgrade()
    assert _contents(shape) == before
    people = {
        c.id: (c.person.name, c.person.email, c.person.education, c.purpose)
        for c in db.session.execute(select(Candidate).order_by(Candidate.id)).scalars()
    }
    assert people == {
        ids[0]: ("Maija Meikäläinen", "maija@example.com", None, "application"),
        ids[1]: ("Maija M.", "maija@example.com", "higher", "application"),
    }
    assert len(set(db.session.execute(select(Person.id)).scalars())) == 2
    db.session.remove()
    downgrade(revision="0010")
    assert "people" not in inspect(db.engine).get_table_names()
    assert _contents(shape) == before


def test_candidates_stored_before_0014_are_found_by_their_folded_names(empty_database):
    """0014 folds the search text of the candidates already stored; downgrading drops it."""
    from sqlalchemy import column, table, text

    from hiring.models import Person
    from hiring.models.base import utcnow
    from hiring.services.candidate_search import CandidateFilter, _filtered

    upgrade(revision="0013")
    person = Person(name="Pirjo Öörni", email="", version=1)
    db.session.add(person)
    db.session.flush()
    now = utcnow()
    columns = {"name": "Pirjo Öörni", "email": "PIRJO@EXAMPLE.COM", "notes": "Anna-Liisa's tip",
               "person_id": person.id, "purpose": "application", "status": "active",
               "phone": "", "languages": "", "source": "external", "version": 1,
               "created_at": now, "updated_at": now}  # fmt: skip
    old = table("candidates", *(column(name) for name in columns))
    db.session.execute(db.insert(old).values(**columns))
    db.session.commit()
    db.session.remove()
    upgrade()
    stored = db.session.execute(text("SELECT search_text FROM candidates")).scalar_one()
    assert stored == "pirjo oorni\npirjo@example.com\nanna liisa's tip"
    for typed in ("öörni", "ÖÖRNI", "anna-liisa"):
        query = _filtered(select(Candidate.id), CandidateFilter(q=typed))
        assert len(db.session.execute(query).all()) == 1, typed
    db.session.remove()
    downgrade(revision="0013")
    assert "search_text" not in _columns()["candidates"]


def test_shares_missing_before_0018_become_rows_to_compute(empty_database, monkeypatch):
    """0018 gives every candidate without a share a row with no statistics, which the panel
    quality page counts through its partial index and ``rebuild --missing`` computes;
    downgrading removes those rows again."""
    from sqlalchemy import text

    from hiring.models import PanelShare, User
    from hiring.services.evaluations import rebuild_evaluations, stale_count
    from hiring.services.panel_quality import panel_quality

    upgrade(revision="0017")
    _before_audit_log(monkeypatch)
    world = build_world()
    monkeypatch.undo()
    candidate_id, recruiter_id = world.candidate.id, world.recruiter.id
    db.session.execute(
        text("DELETE FROM panel_shares WHERE candidate_id = :c"), {"c": candidate_id}
    )
    db.session.commit()  # as for a candidate stored before 0013
    db.session.remove()
    upgrade()
    assert db.session.get(PanelShare, candidate_id).stats is None
    assert "ix_panel_shares_missing" in _index_names()
    assert panel_quality(db.session.get(User, recruiter_id)).missing == 1
    assert stale_count() == 1
    assert rebuild_evaluations(missing_only=True) == 1
    assert db.session.get(PanelShare, candidate_id).stats is not None
    assert panel_quality(db.session.get(User, recruiter_id)).missing == 0
    db.session.execute(text("UPDATE panel_shares SET stats = NULL WHERE candidate_id = :c"),
                       {"c": candidate_id})  # fmt: skip
    db.session.commit()
    db.session.remove()
    downgrade(revision="0017")
    remaining = db.session.execute(text("SELECT candidate_id FROM panel_shares")).scalars()
    assert candidate_id not in set(remaining)


def test_downloads_become_audit_entries_that_cannot_be_changed(empty_database, monkeypatch):
    """0019 moves every recorded download into the audit log as ``document_issued`` (who,
    when, whom, kind, language), drops the old table, and from then on the database refuses to
    change or delete an entry; downgrading gives the downloads back their table."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    upgrade(revision="0018")
    _before_audit_log(monkeypatch)
    world = build_world()
    monkeypatch.undo()
    candidate_id, opening_id = world.candidate.id, world.opening.id
    recruiter_id = world.recruiter.id
    old = db.session.execute(text("SELECT actor, created_at FROM report_downloads")).one()
    db.session.remove()
    upgrade()
    assert "report_downloads" not in inspect(db.engine).get_table_names()
    entry = db.session.execute(select(AuditEntry)).scalar_one()
    assert (entry.action, entry.subject, entry.subject_id) == (
        "document_issued", "candidate", candidate_id,
    )  # fmt: skip
    assert (entry.candidate_id, entry.opening_id, entry.user_id) == (
        candidate_id, opening_id, recruiter_id,
    )  # fmt: skip
    assert (entry.actor, entry.details) == (old.actor, {"kind": "profile", "lang": "en"})
    db.session.remove()
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement))
    downgrade(revision="0018")
    row = db.session.execute(
        text("SELECT kind, lang, candidate_id, opening_id, user_id FROM report_downloads")
    ).one()
    assert tuple(row) == ("profile", "en", candidate_id, opening_id, recruiter_id)
    assert "audit_log" not in inspect(db.engine).get_table_names()


def test_applicants_get_their_last_activity_from_candidacies_and_decisions(
    empty_database, monkeypatch
):
    """0020 stores each applicant's latest activity: the later of their candidacies' creation
    and the decisions about them; people who never applied get none."""
    from hiring.models import ApplicantActivity, Person
    from tests.services.test_constraints import make_candidate

    upgrade(revision="0019")
    _before_last_activity(monkeypatch)
    world = build_world()
    quiet = make_candidate(world.opening, name="Hiljainen", email="hiljainen@example.com")
    db.session.commit()
    monkeypatch.undo()
    decided = db.session.execute(select(Decision.created_at)).scalar_one()
    added = db.session.get(Candidate, quiet.id).created_at
    people = {p.name: p.id for p in db.session.execute(select(Person)).scalars()}
    db.session.remove()
    upgrade()
    stored = {
        row.person_id: row.last_activity_at
        for row in db.session.execute(select(ApplicantActivity)).scalars()
    }
    assert stored[people["Maija Meikäläinen"]] == decided
    assert stored[people["Hiljainen"]] == added
    assert all(people[name] not in stored for name in people if name not in
               ("Maija Meikäläinen", "Hiljainen"))  # fmt: skip
    db.session.remove()
    downgrade(revision="0019")
    assert "applicant_activity" not in inspect(db.engine).get_table_names()


def test_debriefs_and_leaving_dates_come_and_go_with_0024(empty_database, monkeypatch):
    """0024 adds debrief notes, leaving dates and the audit log's words for them; the log's
    rows stay as they were and it stays append-only (SQLite rebuilds the table). Downgrading
    removes what the older schema has no words for."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from hiring.models import DebriefNote, EmploymentEnd, User
    from hiring.services import audit

    upgrade(revision="0023")
    monkeypatch.setattr(tests.services.test_constraints, "add_debrief_note", lambda *args: None)
    monkeypatch.setattr(tests.services.test_constraints, "add_leaving", lambda *args: None)
    world = build_world()
    monkeypatch.undo()
    candidate_id, recruiter_id = world.candidate.id, world.recruiter.id
    entries = [(e.id, e.action, e.at) for e in db.session.scalars(select(AuditEntry))]
    assert entries
    db.session.remove()
    upgrade()
    assert [(e.id, e.action, e.at) for e in db.session.scalars(select(AuditEntry))] == entries
    recruiter = db.session.get(User, recruiter_id)
    tests.services.test_constraints.add_debrief_note(
        db.session.get(Candidate, candidate_id), recruiter
    )
    tests.services.test_constraints.add_leaving(recruiter)
    for action in ("debrief_noted", "employee_linked", "employment_ended"):
        audit.record(action, user=recruiter, subject="candidate", subject_id=candidate_id)
    db.session.commit()
    assert len(db.session.scalars(select(DebriefNote)).all()) == 1
    assert db.session.scalars(select(EmploymentEnd)).one().left_on.isoformat() == "2026-10-31"
    db.session.remove()
    for statement in ("UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"):
        with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
            connection.execute(text(statement))
    downgrade(revision="0023")
    tables = inspect(db.engine).get_table_names()
    assert "debrief_notes" not in tables
    assert "employment_ends" not in tables
    assert [(e.id, e.action, e.at) for e in db.session.scalars(select(AuditEntry))] == entries
    db.session.remove()
    with db.engine.connect() as connection, pytest.raises(IntegrityError):
        connection.execute(
            text("INSERT INTO audit_log (at, actor, action, details) "
                 "VALUES (CURRENT_TIMESTAMP, '-', 'debrief_noted', '{}')")
        )  # fmt: skip
