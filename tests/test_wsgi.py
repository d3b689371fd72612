"""The production entry: every web worker starts with the PDF renderer warm."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import SHIPPED_RUBRICS


def _start(tmp_path, **extra: str) -> subprocess.CompletedProcess[str]:
    code = (
        "import gc, hiring.wsgi, hiring.reports.pdf as pdf;"
        "print(pdf._font_config is not None, gc.get_freeze_count() > 0)"
    )
    env = {
        **os.environ,
        "HIRING_DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite'}",
        "HIRING_RUBRICS_DIR": str(SHIPPED_RUBRICS),
        **extra,
    }
    env.pop("FLASK_DEBUG", None)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def test_a_web_worker_warms_the_renderer_before_its_first_request(tmp_path):
    """Measured: the first profile a new web worker rendered took 1.5 times the next."""
    done = _start(tmp_path, HIRING_SECRET_KEY="a-key-of-this-installation")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


def test_the_entry_refuses_to_serve_without_a_secret_key(tmp_path):
    done = _start(tmp_path, HIRING_SECRET_KEY="", HIRING_SECRET_KEY_FILE=str(tmp_path / "none"))
    assert done.returncode != 0
    assert "HIRING_SECRET_KEY" in done.stderr
