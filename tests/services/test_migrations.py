"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from hiring.extensions import db


def _drop_everything() -> None:
    db.session.remove()
    with db.engine.connect() as connection:
        for table in reversed(db.metadata.sorted_tables):
            table.drop(connection, checkfirst=True)
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        connection.commit()


@pytest.fixture
def empty_database(app) -> Iterator[None]:
    """No tables at all; afterwards the schema the other tests expect."""
    _drop_everything()
    yield
    _drop_everything()
    db.create_all()


def test_upgrade_from_empty_matches_models(empty_database):
    upgrade()
    with db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), db.metadata) == []
    assert "alembic_version" in inspect(db.engine).get_table_names()


def test_downgrade_to_base_removes_every_table(empty_database):
    upgrade()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) == {"alembic_version"}
