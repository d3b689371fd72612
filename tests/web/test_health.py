"""What a load balancer asks (``/healthz``, ``/readyz``), what the app trusts of a reverse
proxy (``HIRING_PROXIES``), and the production server's settings (``hiring.gunicorn_conf``)."""

from __future__ import annotations

import importlib
import socket
import sys

import pytest
from flask import request

from hiring.app import create_app
from hiring.config import ConfigurationError
from tests.conftest import _config


def test_healthz_answers_without_a_login_or_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_says_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}
    assert "Set-Cookie" not in response.headers


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_readyz_is_503_and_names_redis_when_redis_does_not_answer(app, client):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{_closed_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable"},
    }


def test_readyz_is_503_when_the_database_cannot_be_opened(tmp_path, caplog):
    app = create_app(_config(f"sqlite:///{tmp_path / 'no such folder' / 'hiring.sqlite'}"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "checks": {"database": "unavailable"}}
    assert "readiness: the database does not answer" in caplog.text
    # the next check finds it again once it is there
    (tmp_path / "no such folder").mkdir()
    assert app.test_client().get("/readyz").status_code == 200


def _echoing(tmp_path, **config: str):
    """An app with one more route, which says how it sees the request."""
    app = create_app({**_config(f"sqlite:///{tmp_path / 'a.sqlite'}"), **config})

    @app.get("/__seen")
    def seen():
        return {"remote": request.remote_addr, "scheme": request.scheme, "host": request.host}

    return app


def _seen_by(app, headers: dict[str, str]) -> tuple[str | None, str, str]:
    client = app.test_client()
    data = client.get("/__seen", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    return data.json["remote"], data.json["scheme"], data.json["host"]


FORWARDED = {
    "X-Forwarded-For": "203.0.113.7",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "hiring.example.fi",
}


def test_forwarded_headers_are_ignored_unless_proxies_are_configured(tmp_path):
    app = _echoing(tmp_path)
    assert _seen_by(app, FORWARDED) == ("10.0.0.2", "http", "localhost")


def test_behind_one_proxy_its_forwarded_headers_are_trusted(tmp_path):
    app = _echoing(tmp_path, PROXIES="1")
    # the address and the scheme; never the host, which a client could have sent through
    assert _seen_by(app, FORWARDED) == ("203.0.113.7", "https", "localhost")
    # one proxy deep: a value the client put before the proxy's own is not trusted
    spoofed = {**FORWARDED, "X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
    assert _seen_by(app, spoofed)[0] == "203.0.113.7"


@pytest.mark.parametrize("value", ["-1", "6", "one", ""])
def test_a_bad_proxies_setting_stops_the_start_with_a_message(tmp_path, value):
    with pytest.raises(ConfigurationError, match=r"HIRING_PROXIES=.*from 0 .* to 5"):
        create_app({**_config(f"sqlite:///{tmp_path / 'a.sqlite'}"), "PROXIES": value})


def _settings(monkeypatch, **environment: str):
    for name in ("HIRING_BIND", "HIRING_WEB_WORKERS", "HIRING_WEB_TIMEOUT", "HIRING_MAX_REQUESTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("hiring.gunicorn_conf", None)
    return importlib.import_module("hiring.gunicorn_conf")


def test_server_settings_default_to_one_machine(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1})
    settings = _settings(monkeypatch)
    assert settings.wsgi_app == "hiring.wsgi:app"
    assert settings.bind == ["127.0.0.1:8000"]
    assert (settings.workers, settings.timeout) == (5, 120)
    assert (settings.max_requests, settings.max_requests_jitter) == (1000, 100)
    assert (settings.accesslog, settings.errorlog) == ("-", "-")
    assert settings.control_socket_disable


def test_server_settings_come_from_the_environment(monkeypatch):
    settings = _settings(
        monkeypatch,
        HIRING_BIND="0.0.0.0:8080",
        HIRING_WEB_WORKERS="3",
        HIRING_WEB_TIMEOUT="60",
        HIRING_MAX_REQUESTS="0",
    )
    assert settings.bind == ["0.0.0.0:8080"]
    assert (settings.workers, settings.timeout, settings.max_requests) == (3, 60, 0)


@pytest.mark.parametrize(
    ("name", "value"),
    [("HIRING_WEB_WORKERS", "0"), ("HIRING_WEB_WORKERS", "many"), ("HIRING_WEB_TIMEOUT", "5")],
)
def test_a_bad_server_setting_stops_the_start_naming_it(monkeypatch, name, value):
    with pytest.raises(SystemExit, match=f"{name}='{value}': write a whole number from"):
        _settings(monkeypatch, **{name: value})


def test_the_worker_renders_at_a_lower_priority_than_the_web(app, monkeypatch):
    from hiring.worker import lower_priority

    asked = []
    monkeypatch.setattr("os.nice", asked.append)
    app.config["WORKER_NICE"] = 10
    lower_priority(app)
    assert asked == [10]
    app.config["WORKER_NICE"] = "20"
    with pytest.raises(ConfigurationError, match="HIRING_WORKER_NICE='20': write a whole"):
        lower_priority(app)


@pytest.mark.parametrize("own_session", [True, False])
def test_a_worker_in_a_session_of_its_own_lowers_its_group_too(
    app, monkeypatch, tmp_path, own_session
):
    """Linux schedules each session as a group first: a worker alone in its session (a
    systemd service, a container) must lower the group's priority, or nice changes nothing
    against the web server; one sharing a session with others must leave it alone."""
    import hiring.worker

    group = tmp_path / "autogroup"
    group.write_text("/autogroup-1 nice 0\n")
    monkeypatch.setattr(hiring.worker, "AUTOGROUP", str(group))
    monkeypatch.setattr("os.nice", lambda n: None)
    monkeypatch.setattr("os.getsid", lambda pid: 4242 if own_session else 1)
    monkeypatch.setattr("os.getpid", lambda: 4242)
    app.config["WORKER_NICE"] = 10
    hiring.worker.lower_priority(app)
    assert group.read_text() == ("10" if own_session else "/autogroup-1 nice 0\n")
