"""Quality of hire from the command line: the same figures as the "what predicted success"
page, as a table or JSON (aggregates only: no person is named)."""

from __future__ import annotations

import json
from datetime import date, datetime

import click
from flask.cli import with_appcontext

from hiring.domain.validity import OUTCOMES, Correlation
from hiring.services.validity import MONTHS


def _figure(figure: Correlation) -> str:
    if figure.reason == "too_few":
        return f"{figure.n:>6}  too few hires to say"
    if figure.reason == "no_spread":
        return f"{figure.n:>6}  no spread: everyone has the same value"
    r, low, high = figure.r or 0.0, figure.low or 0.0, figure.high or 0.0
    return f"{figure.n:>6}  r = {r:+.2f}  95% {low:+.2f} … {high:+.2f}"


@click.command("validity")
@click.option(
    "--outcome", type=click.Choice(OUTCOMES), default="sales_vs_plan_pct", show_default=True,
    help="The later result to correlate with.",
)  # fmt: skip
@click.option(
    "--months", type=click.Choice([str(m) for m in MONTHS]), default="12", show_default=True,
    help="The window after each hire.",
)  # fmt: skip
@click.option(
    "--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), default=None,
    help="The day to judge from (default: today).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@with_appcontext
def validity_command(outcome: str, months: str, as_of: datetime | None, as_json: bool) -> None:
    """Which hiring figures predicted later success: Pearson's r between the hiring panel's
    figures (fit, KAM level, each competency) of the people hired and OUTCOME over MONTHS
    after the hire, with its 95% interval (Fisher's z), and each interviewer's own figure.
    Below the minimum sample it says "too few hires to say"."""
    from hiring.catalogue_cache import current_catalogue
    from hiring.models.base import utcnow
    from hiring.services.validity import predictor_names, validity

    today: date = as_of.date() if isinstance(as_of, datetime) else utcnow().date()
    report = validity(outcome, int(months), today)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    names = predictor_names(current_catalogue(), "en")
    click.echo(
        f"{outcome}, {months} months after the hire, as of {today.isoformat()}: "
        f"{report.hires} hire(s) with a stored result, the outcome known for "
        f"{report.with_outcome}; figures need at least {report.minimum} people"
    )
    click.echo(f"\n{'hiring figure':<40}{'people':>6}")
    for key in report.predictors:
        click.echo(f"{names.get(key, key)[:39]:<40}{_figure(report.figures[key])}")
    if report.interviewers:
        click.echo(f"\n{'interviewer':<40}{'people':>6}")
        for _, name, figure in report.interviewers:
            click.echo(f"{name[:39]:<40}{_figure(figure)}")
