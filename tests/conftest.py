from __future__ import annotations

from pathlib import Path

import pytest

from hiring.app import create_app
from hiring.domain.catalogue import Catalogue, load_catalogue

TESTS = Path(__file__).resolve().parent
FIXTURE_RUBRICS = TESTS / "fixtures" / "rubrics"
SHIPPED_RUBRICS = TESTS.parent / "rubrics"


@pytest.fixture(scope="session")
def mini() -> Catalogue:
    """The small hand-made catalogue under tests/fixtures/rubrics (engine arithmetic)."""
    return load_catalogue([FIXTURE_RUBRICS])


@pytest.fixture(scope="session")
def shipped() -> Catalogue:
    """The rubrics the product ships."""
    return load_catalogue([SHIPPED_RUBRICS])


@pytest.fixture
def app():
    return create_app({"TESTING": True, "SECRET_KEY": "test", "RUBRICS_DIR": str(SHIPPED_RUBRICS)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
