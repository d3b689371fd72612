"""Security headers on every response, and nothing with personal data kept by a browser or a
proxy (``no-store`` on pages, CSV and PDF); the static assets stay cacheable."""

from __future__ import annotations

import pytest

from hiring.app import CONTENT_SECURITY_POLICY
from tests.factories import make_candidate, make_opening, make_user


@pytest.fixture
def candidate(auth):
    recruiter = make_user("recruiter", email="r@example.test")
    found = make_candidate(make_opening(recruiter), name="Kalle")
    auth.login("r@example.test")
    return found


def test_the_policy_allows_no_script_and_no_framing():
    for rule in ("default-src 'none'", "frame-ancestors 'none'", "base-uri 'none'",
                 "object-src 'none'", "form-action 'self'"):  # fmt: skip
        assert rule in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY  # default-src 'none' covers it


@pytest.mark.parametrize(
    "path",
    ["/login", "/candidates", "/candidates/{id}", "/candidates/export.csv",
     "/candidates/{id}/profile.pdf?lang=en", "/rubrics", "/no-such-page"],
)  # fmt: skip
def test_every_response_carries_the_headers(client, candidate, path):
    response = client.get(path.format(id=candidate.id))
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain HTTP: no HSTS


def test_hsts_over_https_and_static_assets_stay_cacheable(client, candidate):
    secure = client.get("/login", base_url="https://hiring.example.test")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    asset = client.get("/static/hiring.css")
    assert asset.status_code == 200
    assert asset.headers.get("Cache-Control") != "no-store"
    asset.close()


def test_a_request_larger_than_the_limit_is_refused_with_a_message(app, client, candidate):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/candidates/new", data={"name": "x" * 5000})
    assert response.status_code == 413
    assert "larger than the app accepts" in response.get_data(as_text=True)


def test_the_servers_do_not_name_their_versions(app):
    """Found from outside: the Server header named Werkzeug's and Python's versions. The
    development server and gunicorn (whose worker code is patched the same way) say "hiring"."""
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/login") as response:
            assert response.headers["Server"] == "hiring"
    finally:
        server.shutdown()
    import gunicorn.http.wsgi

    assert gunicorn.http.wsgi.SERVER == "hiring"
