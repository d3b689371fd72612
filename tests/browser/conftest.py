"""Browser tests: Debian's Chromium driven by Selenium against the app served on loopback.

In CI (``CI`` set) a missing browser is a failure; elsewhere these tests skip with the reason.
``.ci/run`` installs the ``chromium`` and ``chromium-driver`` packages.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("HIRING_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HIRING_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")


def _missing_browser() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) or shutil.which(path)):
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    return None


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The test app served on a free loopback port for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


@pytest.fixture
def browser() -> Iterator[object]:
    reason = _missing_browser()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=webdriver.ChromeService(CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    try:
        yield driver
    finally:
        driver.quit()
