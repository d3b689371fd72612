"""PDF documents from the command line, and the background worker that renders batches."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from hiring.catalogue_cache import current_catalogue
from hiring.cli.common import fail


def cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True
)
language_option = click.option(
    "--lang", type=click.Choice(["en", "fi"]), default="en", show_default=True
)


@click.command("report")
@click.argument("candidate_id", type=int)
@output_option
@language_option
@click.option("--blind", is_flag=True, help="Leave out who the candidate is.")
@with_appcontext
def report_command(candidate_id: int, output: Path, lang: str, blind: bool) -> None:
    """Write one candidate's profile as PDF."""
    from hiring.extensions import db
    from hiring.models import Candidate
    from hiring.reports.pdf import write_atomically
    from hiring.services.audit import record_download
    from hiring.services.documents import profile_pdf
    from hiring.services.results import build_result, load_interviews, load_self_assessments

    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        fail(f"no candidate with id {candidate_id}")
    result = build_result(
        candidate,
        load_interviews([candidate_id])[candidate_id],
        current_catalogue(),
        load_self_assessments([candidate_id]).get(candidate_id),
    )
    data = profile_pdf(result, lang=lang, blind=blind)
    record_download(
        kind="profile",
        lang=lang,
        actor=cli_actor(),
        candidate_id=candidate_id,
        opening_id=candidate.opening_id,
        blind=blind,
    )
    write_atomically(data, output)
    db.session.commit()
    click.echo(f"wrote {output}")


@click.command("report-batch")
@click.argument("opening_id", type=int)
@output_option
@language_option
@click.option("--blind", is_flag=True, help="Leave out who the candidates are.")
@with_appcontext
def report_batch_command(opening_id: int, output: Path, lang: str, blind: bool) -> None:
    """Write every candidate of an opening as profiles in one zip file."""
    from hiring.extensions import db
    from hiring.models import Candidate, Opening
    from hiring.services.audit import record_batch_download
    from hiring.services.batches import render_batch

    if db.session.get(Opening, opening_id) is None:
        fail(f"no opening with id {opening_id}")
    total = db.session.execute(
        db.select(db.func.count()).where(Candidate.opening_id == opening_id)
    ).scalar_one()
    with click.progressbar(length=total, label="profiles", show_pos=True) as bar:

        def progress(done: int, total: int, failed: int | None, error: str | None) -> None:
            bar.update(1)
            if failed is not None:
                click.echo(f"\ncandidate {failed}: {error}", err=True)

        outcome = render_batch(opening_id, lang=lang, blind=blind, target=output, progress=progress)
    record_batch_download(opening_id, outcome.included, lang=lang, blind=blind, actor=cli_actor())
    db.session.commit()
    click.echo(f"wrote {output}: {len(outcome.included)} profiles, {len(outcome.failures)} failed")
    if outcome.failures:
        sys.exit(1)


@click.command("job-description")
@click.argument("role")
@output_option
@language_option
@with_appcontext
def job_description_command(role: str, output: Path, lang: str) -> None:
    """Write a role's job description as PDF, ready to print and sign."""
    from hiring.reports.pdf import write_pdf
    from hiring.services.documents import job_description_html

    found = current_catalogue().roles.get(role)
    if found is None:
        fail(f"unknown role '{role}'")
    write_pdf(job_description_html(found, lang=lang), output)
    click.echo(f"wrote {output}")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Render what is queued, then stop.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run the background worker for batches of profiles (needs HIRING_REDIS_URL)."""
    from flask import current_app

    from hiring.worker import work

    if not current_app.config.get("REDIS_URL"):
        fail("set HIRING_REDIS_URL to use a worker; without it batches run in the web process")
    work(current_app, burst=burst)
