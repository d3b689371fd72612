"""A manager's sales team from the command line: import and export in the team CSV format."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask.cli import with_appcontext

from hiring.cli.common import fail

if TYPE_CHECKING:
    from hiring.models import User


@click.group("reps", help="Sales representatives: a manager's team and its field data.")
def reps_cli() -> None:
    pass


def _manager(email: str) -> User:
    from hiring.services.accounts import find_user

    manager = find_user(email)
    if manager is None or not manager.active:
        fail(f"no active user {email}")
    if manager.role not in ("manager", "admin"):
        fail(f"{email} is a {manager.role}; a team's manager is a manager or an admin")
    return manager


@reps_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--manager", "manager_email", required=True, help="The team's manager (e-mail).")
@click.option(
    "--valid-only",
    is_flag=True,
    help="Import the rows without problems and skip the others (default: a file with any "
    "problem imports nothing).",
)
@with_appcontext
def import_command(path: Path, manager_email: str, valid_only: bool) -> None:
    """Add or update representatives, with their field data, from a team CSV file.

    The columns are those of the template (`hiring reps template`); `,` or `;` separated, UTF-8
    with or without a byte-order mark, a decimal comma with `;`. An existing employee id
    updates that person and adds the period (or updates it), never a duplicate. People of
    another manager's team move to this one. Every problem is printed as `row N: column:
    message`; then nothing is imported and the exit code is 1, unless --valid-only."""
    from hiring.cli.documents import cli_actor
    from hiring.domain.team_csv import decode, read_team_csv
    from hiring.extensions import db
    from hiring.services import audit
    from hiring.services.people import ImportRefused, import_team

    manager = _manager(manager_email)
    text = decode(path.read_bytes())
    if text is None:
        fail(f"{path}: not UTF-8 text; save the file as CSV UTF-8", code=1)
    try:
        outcome = import_team(read_team_csv(text), manager, valid_only=valid_only,
                              may_transfer=True)  # fmt: skip
    except ImportRefused as refused:
        db.session.rollback()
        for problem in refused.problems:
            click.echo(f"{path}: {problem.message}", err=True)
        fail(f"{len(refused.problems)} problem(s); nothing was imported", code=1)
    audit.record("data_imported", actor=cli_actor(), details=outcome.counts())
    db.session.commit()
    for problem in outcome.problems:
        click.echo(f"{path}: {problem.message} (skipped)", err=True)
    click.echo(
        f"{outcome.people_added} added, {outcome.people_updated} updated, "
        f"{outcome.periods_added} periods added, {outcome.periods_updated} periods updated, "
        f"{outcome.rows_skipped} rows skipped"
    )


@reps_cli.command("export")
@click.option("--manager", "manager_email", default=None, help="Only this manager's team.")
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write to this file (default: standard output).",
)  # fmt: skip
@with_appcontext
def export_command(manager_email: str | None, output: Path | None) -> None:
    """Write the team (every team without --manager) in the import's format: UTF-8 with a
    byte-order mark (spreadsheets open it as such), text that could start a formula
    prefixed with an apostrophe."""
    from hiring.cli.documents import cli_actor
    from hiring.extensions import db
    from hiring.reports.csv_export import csv_chunks
    from hiring.services import audit
    from hiring.services.people import export_team

    manager = _manager(manager_email) if manager_email else None
    audit.record("data_exported", actor=cli_actor(), details={"what": "team"})
    db.session.commit()
    rows = export_team(manager)
    header = [str(name) for name in next(rows)]
    stream = output.open("wb") if output else sys.stdout.buffer
    try:
        for chunk in csv_chunks(header, rows):
            stream.write(chunk)
        stream.flush()
    finally:
        if output:
            stream.close()


@reps_cli.command("template")
def template_command() -> None:
    """Print an empty team file: the header and one example row."""
    from hiring.domain.team_csv import team_template

    click.echo(team_template(), nl=False)
