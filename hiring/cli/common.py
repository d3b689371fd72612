"""What the commands share: error output, JSON output, the catalogue outside the app."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from hiring.config import rubrics_dir
from hiring.domain.catalogue import Catalogue, check_rubrics

INPUT_ERROR = 2
"""Exit code for input the command cannot use (bad JSON, unknown role, score off the scale)."""

rubrics_option = click.option(
    "--rubrics",
    "rubrics_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Rubrics folder (default: HIRING_RUBRICS_DIR or the project's rubrics/).",
)


def rounded(value: Any, digits: int = 4) -> Any:
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(v, digits) for v in value]
    return value


def echo_json(data: Any) -> None:
    click.echo(json.dumps(rounded(data), ensure_ascii=False, indent=2))


def fail(message: str, code: int = INPUT_ERROR) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def catalogue_at(path: Path | None) -> Catalogue:
    catalogue, problems = check_rubrics([path or rubrics_dir()])
    if catalogue is None:
        for problem in problems:
            click.echo(str(problem), err=True)
        fail(f"the rubrics are invalid ({len(problems)} problem(s)); run 'hiring rubric check'", 1)
    return catalogue
