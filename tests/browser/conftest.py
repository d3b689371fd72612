"""Browser tests: Debian's Chromium driven by Selenium against the app served on loopback.

Every HTML document the app serves during a browser test is kept, and after the test each one
is checked twice: axe-core runs on it in the same Chromium (zero violations), and the Nu Html
Checker (``vnu.jar``, on Java, one server per test process) reads its markup as sent (zero
errors). Both tools come from the
npm registry into ``.cache/browser-tools`` (``make test`` installs them).

In CI (``CI`` set) a missing browser or tool is a failure; elsewhere these tests skip with the
reason. ``.ci/run`` installs the ``chromium``, ``chromium-driver``, Java and npm packages.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HIRING_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HIRING_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")
TOOLS = ROOT / ".cache" / "browser-tools" / "node_modules"
AXE = Path(os.environ.get("HIRING_TEST_AXE", TOOLS / "axe-core" / "axe.min.js"))
VNU = Path(os.environ.get("HIRING_TEST_VNU", TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"))
SERVED = "/__served__/"
"""Where the test server hands back a kept document, so that axe reads it in the browser."""


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.isfile(path) or shutil.which(path)):
            return f"{path} is not installed (apt-get install chromium chromium-driver)"
    for tool in (AXE, VNU):
        if not tool.is_file():
            return f"{tool} is missing (make test installs axe-core and vnu-jar with npm)"
    if shutil.which("java") is None:
        return "java is not installed (apt-get install default-jre-headless): the Nu checker"
    return None


class Recorder:
    """WSGI middleware that keeps every HTML document the app serves (a redirect's stub
    excepted), once per distinct body, and serves the n-th back at ``/__served__/n``."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.pages: list[tuple[str, bytes]] = []
        self._seen: set[str] = set()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.startswith(SERVED):
            body = self.pages[int(path[len(SERVED) :])][1]
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [body]
        seen: dict[str, str] = {}

        def recording(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"] = status
            seen["type"] = next((v for k, v in headers if k.lower() == "content-type"), "")
            return start_response(status, headers, exc_info)

        result = self.app(environ, recording)
        if not seen.get("type", "").startswith("text/html") or seen["status"][0] == "3":
            return result
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        digest = hashlib.sha256(body).hexdigest()
        with self._lock:
            if digest not in self._seen:
                self._seen.add(digest)
                label = f"{environ['REQUEST_METHOD']} {path} ({seen['status']})"
                self.pages.append((label, body))
        return [body]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """What a person sees and does in a browser (the keyboard, a phone's width, axe and the
    markup checker) does not depend on the database, and the web tests cover every page's
    data on PostgreSQL: the browser tests' PostgreSQL runs are deselected (the summary counts
    them), saving the suite a minute of its time budget."""
    here = Path(__file__).resolve().parent
    on_postgres = [
        item
        for item in items
        if Path(str(item.path)).resolve().parent == here
        and getattr(item, "callspec", None) is not None
        and item.callspec.params.get("database") == "postgresql"
    ]
    if on_postgres:
        config.hook.pytest_deselected(items=on_postgres)
        items[:] = [item for item in items if item not in on_postgres]


@pytest.fixture
def recorder(app) -> Recorder:
    return Recorder(app)


@pytest.fixture
def live_server(recorder) -> Iterator[str]:
    """The test app served on a free loopback port for the length of one test."""
    server = make_server("127.0.0.1", 0, recorder, threaded=True)
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
    reason = _missing()
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
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # CSP reports, errors
    driver = webdriver.Chrome(service=webdriver.ChromeService(CHROMEDRIVER), options=options)
    driver.implicitly_wait(2)
    driver.set_script_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document).then(
  (result) => done(result.violations.map((v) =>
    v.id + ": " + v.help + " at " + v.nodes.map((n) => n.target.join(" ")).join(", "))),
  (error) => done(["axe failed: " + error]));
"""


def axe_violations(driver: Any, base: str, pages: list[tuple[str, bytes]]) -> list[str]:
    """axe-core's violations on each kept document, opened in the browser at its size."""
    source = AXE.read_text(encoding="utf-8")
    found = []
    for number, (label, _body) in enumerate(pages):
        driver.get(f"{base}{SERVED}{number}")
        driver.execute_script(source)
        found.extend(f"{label}: {v}" for v in driver.execute_async_script(AXE_RUN))
    return found


class NuChecker:
    """The Nu Html Checker as a web service (``vnu.jar``'s own server, on a free loopback port),
    started once per test process when the first browser test ends: a checker started for
    each test cost its JVM's start and warm-up, about 3 s, a dozen times a run. A start that
    failed is not tried again by every later test: its reason is kept and raised."""

    PROBE = b'<!doctype html><html lang="en"><meta charset="utf-8"><title>probe</title>'

    def __init__(self, log: IO[bytes]) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""
        self.failed: str | None = None
        self.log = log
        """The checker's own output, quoted when it does not start."""

    def _start(self) -> None:
        for _attempt in range(3):  # another process may take the free port before the JVM
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            self.process = subprocess.Popen(
                ["java", "-Xmx512m", "-Dnu.validator.servlet.bind-address=127.0.0.1",
                 "-cp", str(VNU), "nu.validator.servlet.Main", str(port)],
                stdout=self.log, stderr=self.log,
            )  # fmt: skip
            self.base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline and self.process.poll() is None:
                try:
                    self._post(self.PROBE, timeout=5)  # answers as the checker does
                except (OSError, ValueError):
                    time.sleep(0.2)
                    continue
                if self.process.poll() is None:
                    return
            self.stop()
        self.log.seek(0)
        tail = self.log.read()[-2000:].decode("utf-8", "replace")
        self.failed = f"the Nu checker did not start on a loopback port:\n{tail}"
        raise RuntimeError(self.failed)

    def _post(self, body: bytes, *, timeout: float) -> list[dict[str, Any]]:
        # no charset in the header: the document must declare its own, as a file read by the
        # checker's command line must
        request = urllib.request.Request(
            f"{self.base}/?out=json", data=body, headers={"Content-Type": "text/html"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return list(json.load(answer)["messages"])

    def messages(self, body: bytes) -> list[dict[str, Any]]:
        """The checker's messages on one document, read as the app sent it."""
        if self.failed:
            raise RuntimeError(self.failed)
        if self.process is None or self.process.poll() is not None:
            self._start()
        return self._post(body, timeout=120)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def nu_checker() -> Iterator[NuChecker]:
    with tempfile.TemporaryFile() as log:
        checker = NuChecker(log)
        try:
            yield checker
        finally:
            checker.stop()


def markup_errors(checker: NuChecker, pages: list[tuple[str, bytes]]) -> list[str]:
    """The Nu Html Checker's errors in each kept document, read as the app sent it."""
    return [
        f"{label} line {m.get('lastLine')}: {m.get('message')}"
        for label, body in pages
        for m in checker.messages(body)
        if m.get("type") in ("error", "non-document-error")
    ]


@pytest.fixture(autouse=True)
def accessible_and_valid(request, live_server, browser, recorder, nu_checker) -> Iterator[None]:
    """After each browser test, every page it was served: 0 axe violations, 0 markup errors."""
    yield
    outcome = getattr(request.node, "outcome_of_call", None)
    if outcome is not None and outcome.failed:
        return  # the test's own failure says more; the audit would only add noise
    problems = axe_violations(browser, live_server, recorder.pages)
    problems += markup_errors(nu_checker, recorder.pages)
    assert problems == [], f"{len(recorder.pages)} pages checked:\n" + "\n".join(problems)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.outcome_of_call = report  # type: ignore[attr-defined]
