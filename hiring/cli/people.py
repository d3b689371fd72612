"""User accounts and the demo data set."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from hiring.cli.common import fail


@click.group("user", help="Manage user accounts.")
def user_cli() -> None:
    pass


@user_cli.command("create")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice(["admin", "recruiter", "interviewer", "manager"]),
    required=True,
)
@click.option("--name", default=None, help="Display name (default: the part before @).")
@click.password_option(help="The initial password (asked for when not given).")
@with_appcontext
def user_create(email: str, role: str, name: str | None, password: str) -> None:
    """Create a user who can log in with EMAIL."""
    from hiring.cli.documents import cli_actor
    from hiring.extensions import db
    from hiring.services import ServiceError
    from hiring.services.accounts import create_user

    try:
        created = create_user(email, name or email.split("@")[0], role, password, actor=cli_actor())
    except ServiceError as error:
        db.session.rollback()
        fail(str(error.message))
    db.session.commit()
    click.echo(f"created {created.role} {created.email}")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
@click.option(
    "--candidates",
    type=click.IntRange(1, 1_000_000),
    default=None,
    help="Add N synthetic candidates, each scored by a panel of three (bulk inserts), for "
    "benchmarks and for trying the product at size. Loads the demo first when empty.",
)
@click.option(
    "--representatives",
    type=click.IntRange(1, 1_000_000),
    default=None,
    help="Add N synthetic sales representatives with a year of field data and stored KAM "
    "standings, in teams of 25 (the first the demo manager's), for the talent pool at size.",
)
@click.option(
    "--seed",
    type=int,
    default=1,
    show_default=True,
    help="With --candidates or --representatives: the same seed gives the same data.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "fi"]),
    default=None,
    help="The language the demo's people write in: notes, evidence, take-aways, reasons "
    "(default: HIRING_BABEL_DEFAULT_LOCALE, en).",
)
@with_appcontext
def demo_command(
    if_empty: bool,
    candidates: int | None,
    representatives: int | None,
    seed: int,
    lang: str | None,
) -> None:
    """Load a realistic demo data set and print one login per role."""
    from hiring.demo import DEMO_LOGINS, load_demo
    from hiring.extensions import db
    from hiring.models import User

    has_users = db.session.execute(db.select(User.id).limit(1)).first() is not None
    if candidates is not None or representatives is not None:
        if candidates is not None:
            _synthetic(candidates, seed)
        if representatives is not None:
            _synthetic_team(representatives, seed)
    elif has_users and if_empty:
        click.echo("The database already has data; demo not loaded.")
    else:
        if has_users:
            fail("the database already has data; the demo loads only into an empty one")
        load_demo(lang=lang or _default_language())
        db.session.commit()
        click.echo("Demo data loaded.")
    click.echo(f"Demo logins (password for each: {DEMO_LOGINS['password']}):")
    for role, email in DEMO_LOGINS["users"].items():
        click.echo(f"  {role:<12} {email}")


def _default_language() -> str:
    from flask import current_app

    configured = str(current_app.config.get("BABEL_DEFAULT_LOCALE", "en"))
    return configured if configured in ("en", "fi") else "en"


def _synthetic_team(count: int, seed: int) -> None:
    from hiring.demo import load_demo
    from hiring.extensions import db
    from hiring.models import User
    from hiring.synthetic_team import load_synthetic_team

    if db.session.execute(db.select(User.id).limit(1)).first() is None:
        load_demo()
    load_synthetic_team(count, seed=seed)
    db.session.commit()
    click.echo(f"Added {count:,} representatives with a year of field data, in teams of 25.")


def _synthetic(count: int, seed: int) -> None:
    import time

    from hiring.extensions import db
    from hiring.synthetic import load_synthetic

    start = time.perf_counter()

    def progress(done: int) -> None:
        if done % 10_000 == 0 or done == count:
            click.echo(f"  {done:,} / {count:,} candidates inserted", err=True)

    try:
        summary = load_synthetic(count, seed=seed, progress=progress)
    except ValueError as error:
        db.session.rollback()
        fail(str(error))
    db.session.commit()
    click.echo(
        f"Added {summary.candidates:,} candidates in {summary.openings} opening(s), "
        f"{summary.scorecards:,} submitted scorecards, {summary.ratings:,} ratings and "
        f"{summary.decisions:,} decisions, with stored results, in "
        f"{time.perf_counter() - start:.0f} s."
    )
