"""Stored evaluations from the command line: recompute them after a rubric change or an
upgrade (viewing a page never does)."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hiring.cli.common import fail


@click.group("results", help="Stored evaluations of candidates.")
def results_cli() -> None:
    pass


@results_cli.command("rebuild")
@click.option("--opening", "opening_id", type=int, default=None, help="Only this opening.")
@click.option("--missing", is_flag=True, help="Only candidates without a stored evaluation.")
@with_appcontext
def results_rebuild(opening_id: int | None, missing: bool) -> None:
    """Recompute candidates' stored evaluations from their submitted scorecards, 500 at a
    time, each round committed."""
    from hiring.extensions import db
    from hiring.models import Opening
    from hiring.services.evaluations import rebuild_evaluations

    if opening_id is not None and db.session.get(Opening, opening_id) is None:
        fail(f"no opening with id {opening_id}")
    count = rebuild_evaluations(opening_id=opening_id, missing_only=missing)
    click.echo(f"recomputed {count} stored evaluation(s)")
