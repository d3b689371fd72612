"""The baseline of ``benchmarks/web.py``: a bare Flask endpoint, served the same way."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "ok"
