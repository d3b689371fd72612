from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.property.web import Watcher


@pytest.fixture(autouse=True)
def _close_the_watcher() -> Iterator[None]:
    """The SQLite watcher's connection is to this test's database, which goes with the test."""
    yield
    Watcher.close()
