"""The domain ring imports no framework: a fresh interpreter imports every domain module and
checks what ended up in sys.modules."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import hiring.domain

FORBIDDEN = ("flask", "sqlalchemy", "wtforms", "weasyprint", "flask_babel", "jinja2", "werkzeug")


def test_domain_imports_no_framework():
    modules = sorted(
        f"hiring.domain.{m.name}" for m in pkgutil.iter_modules(hiring.domain.__path__)
    )
    assert "hiring.domain.evaluation" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
