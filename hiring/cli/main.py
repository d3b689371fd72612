"""The ``hiring`` console script: Flask's CLI with the app factory and every command."""

from __future__ import annotations

from typing import Any

import click
from flask.cli import FlaskGroup, NoAppException

from hiring.cli import COMMANDS
from hiring.config import ConfigurationError
from hiring.domain.catalogue import RubricError


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
