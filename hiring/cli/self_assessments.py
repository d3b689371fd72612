"""Self-assessment links from the command line."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from hiring.catalogue_cache import current_catalogue
from hiring.cli.common import fail
from hiring.cli.documents import cli_actor


@click.group("self-assessment", help="Candidates' self-assessment links.")
def self_assessment_cli() -> None:
    pass


@self_assessment_cli.command("issue")
@click.argument("candidate_id", type=int)
@click.option(
    "--days",
    type=int,
    default=None,
    help="How long the link stays open (default: HIRING_SELF_ASSESSMENT_DAYS, 14).",
)
@click.option("--lang", type=click.Choice(["fi", "en"]), default="fi", show_default=True)
@with_appcontext
def issue_command(candidate_id: int, days: int | None, lang: str) -> None:
    """Issue a private self-assessment link for a candidate and print it on the last line.

    The link is shown only now: only its SHA-256 is stored. An open link of the candidate's
    stops working. Links are made with HIRING_BASE_URL (unset: http://127.0.0.1:5000)."""
    from hiring.extensions import db
    from hiring.models import Candidate
    from hiring.services import ServiceError
    from hiring.services.self_assessments import issue_self_assessment, link_for

    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        fail(f"no candidate with id {candidate_id}")
    try:
        issued = issue_self_assessment(
            candidate,
            None,
            days=days if days is not None else int(current_app.config["SELF_ASSESSMENT_DAYS"]),
            lang=lang,
            catalogue=current_catalogue(),
            actor=cli_actor(),
        )
    except ServiceError as error:
        db.session.rollback()
        fail(str(error.message))
    db.session.commit()

    click.echo(
        f"issued for candidate {candidate_id}, valid until "
        f"{issued.assessment.expires_at:%Y-%m-%d %H:%M} UTC, language {lang}"
    )
    click.echo(link_for(issued.token))
