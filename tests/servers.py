"""Real servers for the tests that need them (a crash, several instances): a process serving
the app on a free loopback port, and a person's connection to it over HTTP."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TOKEN = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*>')
VALUE = re.compile(r'\bvalue="([^"]+)"')
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without any ``HIRING_*`` or ``FLASK_*`` variable, plus
    ``settings``, the project on ``PYTHONPATH`` and Argon2 at the tests' cost (its production
    cost is for a server; here it would only slow the logins)."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("HIRING_", "FLASK_"))
    }
    env.update(HIRING_ARGON2_TIME_COST="1", HIRING_ARGON2_MEMORY_COST="64", PYTHONPATH=str(ROOT))
    env.update(settings)
    return env


def program(command: list[str]) -> list[str]:
    """A command as a deployment writes it (``gunicorn ...``, ``/opt/hiring/.venv/bin/hiring
    ...``), with its program taken from this environment's ``bin``."""
    return [str(BIN / Path(command[0]).name), *command[1:]]


class Server:
    """A server process (gunicorn, say) in a process group of its own, answering on ``port``
    before the constructor returns."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path, port: int) -> None:
        self.port = port
        self.log_path = log
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=self.log, stderr=self.log, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text(errors="replace")
            probe = Browser(self.port)
            try:
                if probe.get("/login")[0] == 200:
                    return
            except OSError:
                pass
            finally:
                probe.close()
            time.sleep(0.1)
        self.stop(signal.SIGKILL)
        raise AssertionError(f"the server did not start:\n{log.read_text(errors='replace')}")

    def stop(self, sig: signal.Signals = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
        self.log.close()


class Browser:
    """One person's connection: cookies, and the CSRF token of the last form read."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        page = response.read().decode(errors="replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        found = TOKEN.search(page)
        value = VALUE.search(found.group(0)) if found else None
        if value:
            self.token = value.group(1)
        return response.status, response.getheader("Location") or "", page

    def fetch(self, path: str) -> tuple[int, bytes]:
        """A download, as bytes."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        self.connection.request("GET", path, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.connection.close()

    def get(self, path: str) -> tuple[int, str, str]:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({"csrf_token": self.token, **fields})
        return self.request("POST", path, body)

    def log_in(self, email: str, password: str = PASSWORD) -> None:
        self.get("/login")
        status, location, _ = self.post("/login", {"email": email, "password": password})
        assert (status, location) == (302, "/"), "login failed"
