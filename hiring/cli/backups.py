"""Backing up and restoring the SQLite database from the command line, while the app runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from hiring.cli.common import fail
from hiring.i18n import gettext as _


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup_command(path: Path, force: bool) -> None:
    """Write a consistent copy of the SQLite database to PATH while the app runs (SQLite's
    online backup API), check it with PRAGMA integrity_check and print its size and migration
    revision. Refuses to replace PATH without --force. On PostgreSQL it prints the pg_dump
    command to run instead."""
    from hiring.extensions import db
    from hiring.services.backups import BackupFailed, BackupRefused, back_up

    try:
        written = back_up(db.engine.url, path, force=force)
    except BackupRefused as refused:
        fail(str(refused.message))
    except BackupFailed as failed:
        fail(str(failed.message), 1)
    if written.revision is not None:
        click.echo(
            _(
                "wrote %(path)s: %(size)d bytes, migration revision %(revision)s, integrity "
                "check ok",
                path=written.path,
                size=written.size,
                revision=written.revision,
            )
        )
        return
    click.echo(
        _(
            "wrote %(path)s: %(size)d bytes, no migration revision, integrity check ok",
            path=written.path,
            size=written.size,
        )
    )
    click.echo(
        _(
            "warning: the database has no alembic_version table (it was not made with hiring "
            "db upgrade), so hiring restore will refuse this copy; run hiring db stamp head if "
            "its tables are those of the newest version"
        ),
        err=True,
    )


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking first.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the copy at PATH, made by hiring backup. PATH must be a
    complete SQLite database passing PRAGMA integrity_check, at a migration revision this
    version knows. The replaced database is kept as <database>.before-restore-<UTC time>; a
    running app sees the restored data at once. On PostgreSQL it prints the pg_restore
    command to run instead."""
    from hiring.extensions import db
    from hiring.services.backups import (
        BackupFailed,
        BackupRefused,
        check_copy,
        kept_path,
        restore,
        sqlite_file,
    )

    url = db.engine.url
    now = datetime.now(UTC)
    try:
        checked = check_copy(url, path, Path(current_app.extensions["migrate"].directory))
        live, kept = sqlite_file(url, "restore"), kept_path(url, now)
    except BackupRefused as refused:
        fail(str(refused.message))
    click.echo(
        _(
            "%(path)s: %(size)d bytes, migration revision %(revision)s, integrity check ok",
            path=path,
            size=checked.copy.size,
            revision=checked.revision,
        )
    )
    if not yes:
        click.confirm(
            _(
                "Replace the database %(live)s with this copy? What it holds now is kept "
                "as %(kept)s.",
                live=live,
                kept=kept,
            ),
            abort=True,
        )
    try:
        restored = restore(url, checked, now)
    except BackupRefused as refused:
        fail(str(refused.message))
    except BackupFailed as failed:
        fail(str(failed.message), 1)
    click.echo(_("restored %(path)s into %(live)s", path=path, live=restored.live))
    if restored.kept is not None:
        click.echo(_("the replaced database is kept as %(kept)s", kept=restored.kept))
    if checked.needs_upgrade:
        click.echo(
            _(
                "the copy is at migration revision %(revision)s and this version's newest is "
                "%(head)s: run hiring db upgrade now",
                revision=checked.revision,
                head=", ".join(checked.heads),
            )
        )
