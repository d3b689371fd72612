"""Reminding interviewers of overdue scorecards, from cron."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hiring.cli.common import fail


@click.command("remind")
@click.option("--dry-run", is_flag=True, help="List what is overdue; send nothing.")
@with_appcontext
def remind_command(dry_run: bool) -> None:
    """E-mail each interviewer whose scorecard is overdue (not submitted
    HIRING_SCORECARD_OVERDUE_DAYS days after the interview), in their language, at most once
    per HIRING_REMINDER_INTERVAL_HOURS per scorecard. Safe to run from cron, and twice at once.
    Needs HIRING_MAIL_SERVER and HIRING_MAIL_SENDER; without them it lists and sends nothing.
    Exits 1 when a message could not be sent (the next run tries it again)."""
    from hiring.services.mail import mail_configured
    from hiring.services.reminders import overdue_cutoff, remind

    configured = mail_configured()
    summary = remind(dry_run=dry_run or not configured)
    click.echo(
        f"{summary.overdue} overdue scorecards (interviews before "
        f"{overdue_cutoff():%Y-%m-%d %H:%M} UTC)"
    )
    if summary.inactive:
        click.echo(f"{summary.inactive} of them belong to deactivated users: reassign them")
    if dry_run:
        click.echo("dry run: nothing sent")
        return
    if not configured:
        click.echo("no mail server (HIRING_MAIL_SERVER, HIRING_MAIL_SENDER): nothing sent")
        return
    click.echo(
        f"sent {summary.sent}; {summary.recently} reminded within the interval already; "
        f"{summary.failed} failed"
    )
    if summary.failed:
        fail(f"{summary.failed} reminders could not be sent; the next run tries them again", 1)
