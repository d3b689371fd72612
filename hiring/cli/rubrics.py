"""Commands on the rubrics and the engine. They need no app and no database, so they work
even when the rubrics are broken and the app cannot start."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from hiring.cli.common import INPUT_ERROR, catalogue_at, echo_json, fail, rubrics_option
from hiring.config import rubrics_dir
from hiring.domain.agreement import PanelAgreement, panel_agreement
from hiring.domain.assessment import AssessmentError, parse_assessment
from hiring.domain.catalogue import check_rubrics
from hiring.domain.evaluation import evaluate, rank_roles
from hiring.domain.one_line import one_line
from hiring.domain.reliability import ReliabilityError, panel_reliability
from hiring.domain.reliability_csv import read_long_csv
from hiring.domain.role_data import role_as_dict


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
    catalogue = catalogue_at(rubrics_path)
    if role not in catalogue.roles:
        fail(f"unknown role '{role}' (known: {', '.join(sorted(catalogue.roles))})")
    data = role_as_dict(catalogue.roles[role])
    if as_json:
        echo_json(data)
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
    if data["omits"]:
        click.echo("")
        click.echo("not scored in this profile, on purpose:")
        for o in data["omits"]:
            click.echo(f"{o['key']:<20} {o['reason'][lang]}")
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
    catalogue = catalogue_at(rubrics_path)
    try:
        data = json.loads(file.read(), parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        fail(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
    except ValueError as exc:  # NaN or Infinity
        fail(str(exc))
    except UnicodeDecodeError:
        fail("the input is not UTF-8 text")
    except RecursionError:
        fail("the JSON nests too deeply to be an assessment")
    try:
        assessment, role = parse_assessment(data, catalogue)
    except AssessmentError as exc:
        for field, message in exc.problems:
            click.echo(one_line(f"error: {field}: {message}"), err=True)
        sys.exit(INPUT_ERROR)
    result = evaluate(assessment, role).as_dict()
    if all_roles:
        result["roles"] = [r.as_dict(catalogue) for r in rank_roles(assessment, catalogue)]
    echo_json(result)


def _no_constant(name: str) -> Any:
    """JSON has no NaN or Infinity; Python's parser accepts them unless told not to."""
    raise ValueError(f"{name} is not a number JSON allows")


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
    """Panel reliability from a long-format CSV (candidate, rater, competency, score).

    For real panels (each candidate seen by different interviewers, some scores missing): per
    competency and pooled, the one-way ICC for unequal numbers of raters and Krippendorff's
    alpha (interval, ordinal, nominal). For items every rater scored: the six Shrout & Fleiss
    intraclass correlations. And each rater's leniency or severity."""
    try:
        text = file.read()
    except UnicodeDecodeError:
        fail("the file is not UTF-8 text (save the CSV as UTF-8)")
    try:
        ratings = read_long_csv(text)
        result = panel_reliability(ratings, threshold=threshold)
        agreement = panel_agreement(ratings)
    except ReliabilityError as exc:
        fail(str(exc))
    if as_json:
        echo_json({**result.as_dict(), "agreement": agreement.as_dict()})
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
    _print_agreement(agreement)
    click.echo("")
    click.echo(f"{'rater':<24} {'items':>5} {'mean deviation':>15}  tendency")
    for entry in result.leniency:
        deviation = "-" if entry.mean_deviation is None else f"{entry.mean_deviation:+.2f}"
        click.echo(f"{entry.rater:<24} {entry.items:>5} {deviation:>15}  {entry.tendency}")


def _figure(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _print_agreement(agreement: PanelAgreement) -> None:
    """Every item, whoever scored it: per competency first (the figures to read), then
    pooled; a figure that cannot be computed is '-', with the reason below the table."""
    click.echo("every item, whoever scored it (one-way ICC, Krippendorff's alpha):")
    click.echo(
        f"{'competency':<28} {'items':>5} {'ratings':>7} {'ICC1,1':>7} {'ICC1,k0':>7} "
        f"{'k0':>5} {'a-int':>6} {'a-ord':>6} {'a-nom':>6}"
    )
    rows = [*agreement.by_competency.items(), ("(pooled)", agreement.overall)]
    notes = []
    for name, figures in rows:
        icc, alpha = figures.icc, figures.alpha
        click.echo(
            f"{name:<28} {icc.items:>5} {icc.ratings:>7} {_figure(icc.icc1_1):>7} "
            f"{_figure(icc.icc1_k):>7} {icc.k0:>5.2f} {_figure(alpha['interval'].value):>6} "
            f"{_figure(alpha['ordinal'].value):>6} {_figure(alpha['nominal'].value):>6}"
        )
        for note in {icc.note, *(a.note for a in alpha.values())} - {None}:
            notes.append(f"  {name}: {note}")
    for note in notes:
        click.echo(note)
    if agreement.warning:
        click.echo(f"warning: {agreement.warning}")


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


ENGINE_COMMANDS = (rubric_cli, evaluate_command, reliability_command)
