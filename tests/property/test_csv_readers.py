"""The CSV readers with generated files: a team file and a panel's scores. Reading never raises
anything but the module's own problem results, and every problem names where it is."""

from __future__ import annotations

import re
from contextlib import suppress

from hypothesis import given

from hiring.domain.agreement import panel_agreement
from hiring.domain.reliability import ReliabilityError, panel_reliability
from hiring.domain.reliability_csv import read_long_csv
from hiring.domain.team_csv import MESSAGES, TEAM_COLUMNS, decode, read_team_csv
from tests.property.spreadsheets import panel_files, team_files
from tests.property.web import examples

WHOLE_FILE_KINDS = {"no_header", "no_rows", "malformed", "field_count"}
"""Problems with a whole row or the file, which name a row and no column."""


@examples(400)
@given(data=team_files())
def test_a_team_file_reads_into_rows_and_problems_that_say_where(data):
    text = decode(data)
    if text is None:
        return  # refused before reading, with the module's own message ("not_utf8")
    team = read_team_csv(text)
    lines = max(1, len(text.splitlines()) + 1)
    for problem in team.all_problems:
        assert problem.kind in MESSAGES
        assert 1 <= problem.row <= lines, problem
        assert problem.column or problem.kind in WHOLE_FILE_KINDS, problem
        assert problem.message.startswith(f"row {problem.row}: "), problem.message
        assert len(problem.message.splitlines()) == 1, problem.message
    for row in team.rows:
        assert row.valid == (row.employee is not None and not row.problems)
        assert set(row.cells) <= set(TEAM_COLUMNS)
    # a problem with the file (its header, its encoding) reads no row; only a malformed line
    # part of the way down keeps the rows above it
    assert not (team.problems and team.rows and team.problems[0].kind != "malformed")


LINE = re.compile(r"^line \d+: ")


@examples(400)
@given(data=panel_files())
def test_a_panel_file_reads_into_scores_or_one_error_that_names_the_line(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # the command refuses it before reading, saying so
    try:
        ratings = read_long_csv(text)
    except ReliabilityError as error:
        message = str(error)
    else:
        message = ""
        with suppress(ReliabilityError):  # (and nothing else: too few raters, for example)
            panel_reliability(ratings)
            panel_agreement(ratings)
    if message:
        assert LINE.match(message), message
        assert len(message.splitlines()) == 1, message
