"""Text about a file a person edited, kept on one line.

A problem is printed as one line (``path:line: location: message``, ``row 4: column: ...``,
``error: field: message``), and its location can be a key or a column name taken from the file
itself, which can hold a line break or a carriage return. Printed as it is, it would start a
line that looks like another problem, or return the terminal's cursor over the file and line.
"""

from __future__ import annotations

import re

_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters, and the characters Unicode breaks lines at."""


def one_line(text: str) -> str:
    """``text`` with every control character and line break escaped as Python writes it in a
    string literal (``\\r``, ``\\x85``, ``\\u2028``); anything else is left as it is."""
    return _LINE_BREAKING.sub(lambda found: repr(found.group())[1:-1], text)
