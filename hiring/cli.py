"""The ``hiring`` command line: the Flask CLI bound to the app, plus the rubric and engine
commands, which work without the app (``hiring rubric check`` must run when the rubrics are
broken and the app therefore cannot start)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask.cli import FlaskGroup, with_appcontext

from hiring.config import rubrics_dir
from hiring.domain.assessment import AssessmentError, parse_assessment
from hiring.domain.catalogue import Catalogue, RubricError, check_rubrics
from hiring.domain.evaluation import evaluate, rank_roles
from hiring.domain.reliability import ReliabilityError, panel_reliability, read_long_csv
from hiring.domain.role_data import role_as_dict

INPUT_ERROR = 2
"""Exit code for input the command cannot use (bad JSON, unknown role, score off the scale)."""

rubrics_option = click.option(
    "--rubrics",
    "rubrics_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Rubrics folder (default: HIRING_RUBRICS_DIR or the project's rubrics/).",
)


def _round(value: Any, digits: int = 4) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: _round(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_round(v, digits) for v in value]
    return value


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(_round(data), ensure_ascii=False, indent=2))


def _fail(message: str, code: int = INPUT_ERROR) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _catalogue(path: Path | None) -> Catalogue:
    catalogue, problems = check_rubrics([path or rubrics_dir()])
    if catalogue is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        _fail(f"the rubrics are invalid ({len(problems)} problem(s)); run 'hiring rubric check'", 1)
    assert catalogue is not None
    return catalogue


@click.group("rubric", help="Check and show the competency rubrics and role profiles.")
def rubric_cli() -> None:
    pass


@rubric_cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def rubric_check(paths: tuple[Path, ...]) -> None:
    """Validate rubric files (default: the rubrics folder). Prints every problem as
    path:line: location: message and exits 1, or a one-line summary and exits 0."""
    catalogue, problems = check_rubrics(list(paths) or [rubrics_dir()])
    if catalogue is None:
        for problem in problems:
            click.echo(str(problem))
        sys.exit(1)
    competencies = sum(len(lib.competencies) for lib in catalogue.libraries.values())
    flags = sum(len(lib.red_flags) for lib in catalogue.libraries.values())
    click.echo(
        f"ok: {len(catalogue.files)} files, {len(catalogue.libraries)} library "
        f"({competencies} competencies, {flags} red flags), {len(catalogue.roles)} roles "
        f"({', '.join(sorted(catalogue.roles))})"
    )


@rubric_cli.command("show")
@click.argument("role")
@click.option("--json", "as_json", is_flag=True, help="Print the resolved profile as JSON.")
@click.option("--lang", type=click.Choice(["en", "fi"]), default="en", show_default=True)
@rubrics_option
def rubric_show(role: str, as_json: bool, lang: str, rubrics_path: Path | None) -> None:
    """Show a role profile with its competencies, targets, weights and floors."""
    catalogue = _catalogue(rubrics_path)
    if role not in catalogue.roles:
        _fail(f"unknown role '{role}' (known: {', '.join(sorted(catalogue.roles))})")
    data = role_as_dict(catalogue.roles[role])
    if as_json:
        _echo_json(data)
        return
    click.echo(f"{data['name'][lang]} ({role}, version {data['version']})")
    click.echo(f"rubric sha256 {data['rubric']['sha256']}")
    click.echo("")
    click.echo(f"{'competency':<34} {'cluster':<24} target weight floor trainable")
    for c in data["competencies"]:
        floor = "-" if c["floor"] is None else str(c["floor"])
        click.echo(
            f"{c['name'][lang][:34]:<34} {c['cluster']:<24} {c['target']:>6} "
            f"{c['weight']:>6g} {floor:>5} {'yes' if c['trainable'] else 'no'}"
        )
    if data["requirements"]:
        click.echo("")
        for r in data["requirements"]:
            click.echo(f"{r['id']:<20} {r['text'][lang]}")
    if data["duties"]:
        click.echo("")
        for d in data["duties"]:
            click.echo(f"{d['id']:<6} {d['text'][lang]}")
            click.echo(f"{'':<6} relies on: {', '.join(d['competencies'])}")


@click.command("evaluate")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--all-roles", is_flag=True, help="Add the fit against every role, best first.")
@rubrics_option
def evaluate_command(file: Any, all_roles: bool, rubrics_path: Path | None) -> None:
    """Evaluate one assessment (JSON from FILE, or - for stdin) and print the result as JSON.

    Malformed input exits with code 2 and a message naming the field."""
    catalogue = _catalogue(rubrics_path)
    try:
        data = json.loads(file.read())
    except json.JSONDecodeError as exc:
        _fail(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
    except UnicodeDecodeError:
        _fail("the input is not UTF-8 text")
    try:
        assessment, role = parse_assessment(data, catalogue)
    except AssessmentError as exc:
        for field, message in exc.problems:
            click.echo(f"error: {field}: {message}", err=True)
        sys.exit(INPUT_ERROR)
    result = evaluate(assessment, role).as_dict()
    if all_roles:
        result["roles"] = [r.as_dict(catalogue) for r in rank_roles(assessment, catalogue)]
    _echo_json(result)


@click.command("reliability")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option(
    "--threshold",
    type=click.FloatRange(min=0, min_open=True),
    default=0.5,
    show_default=True,
    help="Mean deviation (scale points) from which a rater counts as lenient or severe.",
)
def reliability_command(file: Any, as_json: bool, threshold: float) -> None:
    """Panel reliability from a long-format CSV (candidate, rater, competency, score):
    Shrout & Fleiss intraclass correlations and each rater's leniency or severity."""
    try:
        result = panel_reliability(read_long_csv(file.read()), threshold=threshold)
    except ReliabilityError as exc:
        _fail(str(exc))
    if as_json:
        _echo_json(result.as_dict())
        return
    click.echo(f"raters: {', '.join(result.raters)}")
    click.echo(
        f"items scored by every rater: {result.complete_items} "
        f"(left out, missing a rater: {result.dropped_items})"
    )
    if result.overall is None:
        click.echo(f"ICC: not computed: {result.note}")
    else:
        click.echo("")
        _print_icc(result.overall.as_dict())
    click.echo("")
    click.echo(f"{'rater':<24} {'items':>5} {'mean deviation':>15}  tendency")
    for entry in result.leniency:
        deviation = "-" if entry.mean_deviation is None else f"{entry.mean_deviation:+.2f}"
        click.echo(f"{entry.rater:<24} {entry.items:>5} {deviation:>15}  {entry.tendency}")


def _print_icc(values: dict[str, Any]) -> None:
    k = values["k"]
    rows = [
        ("ICC(1,1)", "one-way random, single rater", values["icc1_1"]),
        ("ICC(2,1)", "two-way random, single rater", values["icc2_1"]),
        ("ICC(3,1)", "two-way mixed, single rater", values["icc3_1"]),
        (f"ICC(1,{k})", f"one-way random, mean of {k}", values["icc1_k"]),
        (f"ICC(2,{k})", f"two-way random, mean of {k}", values["icc2_k"]),
        (f"ICC(3,{k})", f"two-way mixed, mean of {k}", values["icc3_k"]),
    ]
    click.echo(f"targets n = {values['n']}, raters k = {k}")
    for name, meaning, value in rows:
        shown = "undefined" if value is None else f"{value:.3f}"
        click.echo(f"{name:<10} {meaning:<32} {shown}")


COMMANDS = (rubric_cli, evaluate_command, reliability_command)


def main() -> None:
    """Entry point of the ``hiring`` console script."""

    def create_app() -> Any:
        from hiring.app import create_app as factory

        try:
            return factory()
        except RubricError as exc:
            click.echo(str(exc), err=True)
            raise SystemExit(
                "error: the app cannot start until these rubric problems are fixed"
            ) from None

    group = FlaskGroup(create_app=create_app, help="Recruitment and competency assessment.")
    for command in COMMANDS:
        group.add_command(command)
    group.main()


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
    from hiring.extensions import db
    from hiring.services import ServiceError
    from hiring.services.accounts import create_user

    try:
        created = create_user(email, name or email.split("@")[0], role, password)
    except ServiceError as error:
        db.session.rollback()
        _fail(str(error.message))
    db.session.commit()
    click.echo(f"created {created.role} {created.email}")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load a realistic demo data set and print one login per role."""
    from hiring.demo import DEMO_LOGINS, load_demo
    from hiring.extensions import db
    from hiring.models import User

    has_users = db.session.execute(db.select(User.id).limit(1)).first() is not None
    if has_users and if_empty:
        click.echo("The database already has data; demo not loaded.")
    else:
        if has_users:
            _fail("the database already has data; the demo loads only into an empty one")
        load_demo()
        db.session.commit()
        click.echo("Demo data loaded.")
    click.echo(f"Demo logins (password for each: {DEMO_LOGINS['password']}):")
    for role, email in DEMO_LOGINS["users"].items():
        click.echo(f"  {role:<12} {email}")


def _cli_actor() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


language_option = click.option(
    "--lang", type=click.Choice(["en", "fi"]), default="en", show_default=True
)


@click.command("report")
@click.argument("candidate_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@language_option
@click.option("--blind", is_flag=True, help="Leave out who the candidate is.")
@with_appcontext
def report_command(candidate_id: int, output: Path, lang: str, blind: bool) -> None:
    """Write one candidate's profile as PDF."""
    from hiring.extensions import db
    from hiring.models import Candidate
    from hiring.reports.pdf import write_atomically
    from hiring.rubrics import current_catalogue
    from hiring.services.documents import profile_pdf, record_download
    from hiring.services.results import build_result, load_interviews

    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        _fail(f"no candidate with id {candidate_id}")
    assert candidate is not None
    result = build_result(
        candidate, load_interviews([candidate_id])[candidate_id], current_catalogue()
    )
    data = profile_pdf(result, lang=lang, blind=blind)
    record_download(
        kind="profile",
        lang=lang,
        actor=_cli_actor(),
        candidate_id=candidate_id,
        opening_id=candidate.opening_id,
        blind=blind,
    )
    write_atomically(data, output)
    db.session.commit()
    click.echo(f"wrote {output}")


@click.command("report-batch")
@click.argument("opening_id", type=int)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@language_option
@click.option("--blind", is_flag=True, help="Leave out who the candidates are.")
@with_appcontext
def report_batch_command(opening_id: int, output: Path, lang: str, blind: bool) -> None:
    """Write every candidate of an opening as profiles in one zip file."""
    from hiring.extensions import db
    from hiring.models import Candidate, Opening
    from hiring.services.batches import render_batch
    from hiring.services.documents import record_batch_download

    if db.session.get(Opening, opening_id) is None:
        _fail(f"no opening with id {opening_id}")
    total = db.session.execute(
        db.select(db.func.count()).where(Candidate.opening_id == opening_id)
    ).scalar_one()
    with click.progressbar(length=total, label="profiles", show_pos=True) as bar:

        def progress(done: int, total: int, failed: int | None, error: str | None) -> None:
            bar.update(1)
            if failed is not None:
                click.echo(f"\ncandidate {failed}: {error}", err=True)

        failures = render_batch(
            opening_id, lang=lang, blind=blind, target=output, progress=progress
        )
    record_batch_download(opening_id, failures, lang=lang, blind=blind, actor=_cli_actor())
    db.session.commit()
    click.echo(f"wrote {output}: {total - len(failures)} profiles, {len(failures)} failed")
    if failures:
        sys.exit(1)


@click.command("job-description")
@click.argument("role")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@language_option
@with_appcontext
def job_description_command(role: str, output: Path, lang: str) -> None:
    """Write a role's job description as PDF, ready to print and sign."""
    from hiring.reports.pdf import write_pdf
    from hiring.rubrics import current_catalogue
    from hiring.services.documents import job_description_html

    found = current_catalogue().roles.get(role)
    if found is None:
        _fail(f"unknown role '{role}'")
    assert found is not None
    write_pdf(job_description_html(found, lang=lang), output)
    click.echo(f"wrote {output}")


@click.command("worker")
@with_appcontext
def worker_command() -> None:
    """Run the background worker for batches of profiles (needs HIRING_REDIS_URL)."""
    from flask import current_app
    from redis import Redis
    from rq import Queue, SimpleWorker

    from hiring.reports.pdf import warm_up
    from hiring.services.batches import QUEUE_NAME

    url = current_app.config.get("REDIS_URL")
    if not url:
        _fail("set HIRING_REDIS_URL to use a worker; without it batches run in the web process")
    warm_up()
    connection = Redis.from_url(url)
    # SimpleWorker runs jobs in this process, inside this app context, with warm fonts.
    SimpleWorker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work()


APP_COMMANDS = (
    user_cli,
    demo_command,
    report_command,
    report_batch_command,
    job_description_command,
    worker_command,
)
