"""A person's data from the command line: export (access, portability), erasure, and the
purge of applicants past their retention date (safe to run from cron)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hiring.cli.common import fail


@click.group("person", help="One person's data under the GDPR: export everything, or erase it.")
def person_cli() -> None:
    pass


def _write_json(data: object, output: Path | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"{output}: cannot write: {error.strerror or error}")


@person_cli.command("export")
@click.argument("person_id", type=click.IntRange(1, 2**31 - 1))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Write to this file (default: standard output).",
)  # fmt: skip
@with_appcontext
def export_command(person_id: int, output: Path | None) -> None:
    """Everything held about person PERSON_ID as JSON: their details and field data, every
    candidacy with its facts, notes, interviews, scorecards with their revisions, decisions and
    self-assessments, and the documents about them that were handed out. The person's number
    is on their candidate page. The export is written down in the audit log."""
    from hiring.cli.documents import cli_actor
    from hiring.extensions import db
    from hiring.services.privacy import PersonNotFound, person_export, record_export

    try:
        data = person_export(person_id)
    except PersonNotFound as error:
        fail(str(error.message))
    record_export(person_id, actor=cli_actor())
    db.session.commit()
    _write_json(data, output)
    if output is not None:
        click.echo(f"wrote {output}", err=True)


@person_cli.command("erase")
@click.argument("person_id", type=click.IntRange(1, 2**31 - 1))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def erase_command(person_id: int, yes: bool) -> None:
    """Erase person PERSON_ID and everything of theirs (candidacies, interviews, scorecards and
    their revisions, ratings, decisions, self-assessments, field data, batch zips holding their
    profile) in one transaction. The audit log keeps a record of the erasure, by number."""
    from hiring.cli.documents import cli_actor
    from hiring.extensions import db
    from hiring.services.privacy import PersonNotFound, erase_person, find_person, remove_files

    try:
        person = find_person(person_id)
    except PersonNotFound as error:
        fail(str(error.message))
    if not yes:
        click.confirm(f"Erase person {person_id} ({person.name}) and all their data?", abort=True)
    erasure = erase_person(person_id, actor=cli_actor())
    db.session.commit()
    remove_files(erasure)
    click.echo(
        f"erased person {person_id}: {erasure.candidacies} candidacies, "
        f"{erasure.batches} batch files"
    )


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="List what is past its date; change nothing.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Erase every applicant whose retention date has passed: HIRING_RETENTION_MONTHS (24)
    after their last activity (a candidacy added, a decision recorded). Employees are never
    purged. Prints numbers and dates, never names; safe to run from cron (nothing due: exit 0
    and one line). The purge is written down in the audit log with the people's numbers."""
    from hiring.cli.documents import cli_actor
    from hiring.extensions import db
    from hiring.models.base import utcnow
    from hiring.services.privacy import due_for_purge, purge, purge_cutoff, remove_files

    months = int(current_app.config["RETENTION_MONTHS"])
    cutoff = purge_cutoff(utcnow().date(), months)
    if dry_run:
        offset = 0
        while True:
            due, total = due_for_purge(cutoff, months, limit=500, offset=offset)
            for row in due:
                click.echo(
                    f"person {row.person_id}: last activity {row.last_activity.date()}, "
                    f"keep until {row.keep_until}, {row.candidacies} candidacies"
                )
            offset += 500
            if len(due) < 500:
                break
        click.echo(f"{total} people past their retention date (dry run: nothing erased)")
        return
    erasure = purge(cutoff, actor=cli_actor())
    db.session.commit()
    remove_files(erasure)
    click.echo(
        f"purged {len(erasure.people)} people past their retention date: "
        f"{erasure.candidacies} candidacies, {erasure.batches} batch files"
    )
