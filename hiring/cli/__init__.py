"""The ``hiring`` command line: the Flask CLI bound to the app, plus the commands of
:mod:`hiring.cli.rubrics`, which work without the app (``hiring rubric check`` must run when the
rubrics are broken and the app therefore cannot start)."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import FlaskGroup, NoAppException

from hiring.cli.documents import (
    job_description_command,
    report_batch_command,
    report_command,
    worker_command,
)
from hiring.cli.people import demo_command, user_cli
from hiring.cli.rubrics import ENGINE_COMMANDS
from hiring.config import ConfigurationError
from hiring.domain.catalogue import RubricError

COMMANDS = ENGINE_COMMANDS
"""Registered on the console script itself, so they run even when the app cannot start."""

APP_COMMANDS = (
    user_cli,
    demo_command,
    report_command,
    report_batch_command,
    job_description_command,
    worker_command,
)
"""Registered on the app (``app.cli``); they need its configuration and database."""


def main() -> None:
    """Entry point of the ``hiring`` console script."""

    def create_app() -> Any:
        from hiring.app import create_app as factory

        try:
            return factory()
        except ConfigurationError as exc:
            # Flask's CLI prints this and still lists the commands that need no app (--help).
            raise NoAppException(str(exc)) from None
        except RubricError as exc:
            click.echo(str(exc), err=True)
            raise SystemExit(
                "error: the app cannot start until these rubric problems are fixed"
            ) from None

    group = FlaskGroup(create_app=create_app, help="Recruitment and competency assessment.")
    for command in COMMANDS:
        group.add_command(command)
    group.main()
