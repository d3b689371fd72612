"""CSV downloads that open correctly in Excel and cannot smuggle formulas into it.

Excel guesses the encoding and separator of a double-clicked CSV: a UTF-8 byte-order mark makes
it read ä/ö correctly, and a Finnish/European locale expects ``;`` between cells and a decimal
comma. Cell text comes from candidates and raters, so anything Excel would evaluate as a formula
(OWASP "CSV injection") is neutralised with a leading apostrophe, which Excel shows as plain text.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Sequence

# Excel starts a formula (or DDE call) with these; TAB and CR are included because a cell's
# leading whitespace may be dropped on import, exposing what follows.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_DELIMITERS = (",", ";")
_DECIMALS = 4


def _neutralise(text: str) -> str:
    """Prefix ``'`` when the text, or the text after leading whitespace, could start a formula."""
    if text.startswith(_FORMULA_STARTS) or text.lstrip().startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _float(value: float, decimal_comma: bool) -> str:
    text = f"{value:.{_DECIMALS}f}".rstrip("0").rstrip(".")
    if text == "-0":  # a tiny negative rounds to zero; "-0" would read as a formula sign
        text = "0"
    return text.replace(".", ",") if decimal_comma else text


def safe_cell(value: object, *, decimal_comma: bool = False) -> str:
    """One cell's text, safe to open in a spreadsheet.

    * ``None`` is an empty cell; ``bool`` is ``true``/``false`` (checked before ``int``, which
      it subclasses).
    * ``int`` is written as is, and a finite ``float`` with at most 4 decimals and no trailing
      zeros (``2.5``, ``3``, ``0.8333``), with ``,`` as decimal separator when ``decimal_comma``.
      Numbers are never prefixed, even when negative: Excel reads ``-2`` as a number, not a
      formula, and a prefix would turn it into text that cannot be summed.
    * Anything else, including ``nan``/``inf`` (which Excel does not read as numbers), is
      ``str()``-ed and prefixed with ``'`` if it starts with ``=``, ``+``, ``-``, ``@``, TAB or
      CR, directly or after leading whitespace.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float) and math.isfinite(value):
        return _float(float(value), decimal_comma)
    return _neutralise(str(value))


def csv_chunks(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
    bom: bool = True,
    rows_per_chunk: int = 500,
) -> Iterator[bytes]:
    """The header and rows as CSV bytes, in chunks of ``rows_per_chunk`` rows, so a download
    of any size is written in constant memory. The format is that of :func:`csv_bytes`."""
    if delimiter not in _DELIMITERS:
        raise ValueError(f"delimiter must be ',' or ';', not {delimiter!r}")
    decimal_comma = delimiter == ";"
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
    )
    writer.writerow([safe_cell(cell) for cell in header])
    first = True
    for n, row in enumerate(rows, 1):
        writer.writerow([safe_cell(cell, decimal_comma=decimal_comma) for cell in row])
        if n % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8-sig" if bom and first else "utf-8")
            first = False
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8-sig" if bom and first else "utf-8")


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ",",
    bom: bool = True,
) -> bytes:
    """The header and rows as CSV bytes, every cell (header included) passed through ``safe_cell``.

    UTF-8 with a byte-order mark by default (``bom=False`` for tools that choke on one), CRLF
    line ends, minimal quoting: cells holding the delimiter, a quote or a line break are quoted.
    ``delimiter`` is ``","`` or ``";"``; ``";"`` is the Finnish/European Excel dialect, so numbers
    then get a decimal comma. Any other delimiter raises ``ValueError``. Rows are written as given;
    their length is not checked against the header.
    """
    return b"".join(csv_chunks(header, rows, delimiter=delimiter, bom=bom, rows_per_chunk=10**9))
