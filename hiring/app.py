"""The application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from hiring.config import PROJECT_ROOT, Defaults
from hiring.extensions import babel, select_locale
from hiring.rubrics import load_cached


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then ``instance/config.py`` and ``HIRING_*`` variables (or the
    test mapping). Every rubric is validated here; an invalid one stops the start with
    :class:`hiring.domain.catalogue.RubricError`, whose message names each file and line."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("HIRING")
    else:
        app.config.from_mapping(test_config)
    app.extensions["hiring.catalogue"] = load_cached([app.config["RUBRICS_DIR"]])
    babel.init_app(app, locale_selector=select_locale)
    _register_blueprints(app)
    _register_cli(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from hiring.web.catalogue import bp as catalogue_bp

    app.register_blueprint(catalogue_bp)


def _register_cli(app: Flask) -> None:
    from hiring.cli import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)
