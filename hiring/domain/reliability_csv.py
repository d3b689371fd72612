"""Long-format panel scores from CSV text, for :mod:`hiring.domain.reliability`.

One row per (candidate, rater, competency, score), as spreadsheets export them: comma or
semicolon separated, with a decimal comma accepted after semicolons. Errors name the line.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator

from hiring.domain.reliability import PanelScore, ReliabilityError

CSV_COLUMNS: tuple[str, ...] = ("candidate", "rater", "competency", "score")


def _delimiter(header_line: str) -> str:
    """``;`` when the header has more semicolons than commas, else ``,``.

    Decided from the header alone because its four names contain neither character, whereas
    csv.Sniffer guesses from the data too and is misled by decimal commas ("3,5").
    """
    return ";" if header_line.count(";") > header_line.count(",") else ","


MAX_SCORE = 1_000_000
"""The largest score read, either way: far past any rating scale, and small enough that the
statistics' sums of squares cannot overflow (a score of 1e200 ended in an OverflowError)."""


def _parse_score(raw: str, delimiter: str, line: int) -> float:
    text = raw.replace(",", ".") if delimiter == ";" else raw
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ReliabilityError(f"line {line}: score {raw!r} is not a number")
    if abs(value) > MAX_SCORE:
        raise ReliabilityError(
            f"line {line}: score {raw!r} is on no rating scale "
            f"(from -{MAX_SCORE} to {MAX_SCORE} at most)"
        )
    return value


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The reader's rows, with a malformed-CSV error turned into one carrying the line number."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = getattr(reader, "line_num", 0)
            raise ReliabilityError(f"line {line}: malformed CSV ({exc})") from exc
        yield row


def read_long_csv(text: str) -> list[PanelScore]:
    """Ratings from long-format CSV text: one row per (candidate, rater, competency, score).

    The header must hold exactly those four columns, in any order; names are matched after
    stripping whitespace and ignoring case (a UTF-8 byte-order mark is ignored too). The
    delimiter is ``;`` or ``,``, whichever the header line uses; with ``;`` a decimal comma in
    scores is accepted (spreadsheet exports in comma-decimal locales). A blank score means
    "not assessed" and the row is skipped, as are empty lines and rows whose cells are all
    blank. Anything else wrong (unknown, missing or repeated column, wrong number of fields,
    blank name, non-numeric score or one beyond :data:`MAX_SCORE`, the same
    candidate/rater/competency twice) raises
    :class:`ReliabilityError` starting with the 1-based line number, e.g.
    ``"line 7: score 'abc' is not a number"``.
    """
    text = text.removeprefix("\ufeff")
    header_line = next((line for line in text.splitlines() if line.strip(" \t;,\"'")), "")
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(header_line))
    delimiter = reader.dialect.delimiter

    header: list[str] | None = None
    for row in _rows(reader):
        if any(cell.strip() for cell in row):
            header = [cell.strip().lower() for cell in row]
            break
    if header is None:
        raise ReliabilityError(f"line 1: no header row; expected {', '.join(CSV_COLUMNS)}")
    line = reader.line_num
    for name in header:
        if name not in CSV_COLUMNS:
            raise ReliabilityError(
                f"line {line}: unexpected column {name!r}; expected {', '.join(CSV_COLUMNS)}"
            )
        if header.count(name) > 1:
            raise ReliabilityError(f"line {line}: column {name!r} appears more than once")
    for name in CSV_COLUMNS:
        if name not in header:
            raise ReliabilityError(f"line {line}: missing column {name!r}")
    position = {name: header.index(name) for name in CSV_COLUMNS}

    ratings: list[PanelScore] = []
    first_seen: dict[tuple[str, str, str], int] = {}
    for row in _rows(reader):
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ReliabilityError(f"line {line}: expected {len(header)} fields, got {len(row)}")
        values = {name: row[index].strip() for name, index in position.items()}
        for name in ("candidate", "rater", "competency"):
            if not values[name]:
                raise ReliabilityError(f"line {line}: {name} is empty")
        if not values["score"]:
            continue
        score = _parse_score(values["score"], delimiter, line)
        key = (values["candidate"], values["rater"], values["competency"])
        if key in first_seen:
            raise ReliabilityError(
                f"line {line}: candidate {key[0]!r}, rater {key[1]!r}, competency {key[2]!r} "
                f"is already scored on line {first_seen[key]}"
            )
        first_seen[key] = line
        ratings.append(PanelScore(*key, score=score))
    return ratings
