"""Text folded for searching, the same way for what is stored and what is typed.

SQLite's ``lower()`` folds ASCII letters only, and PostgreSQL's follows the database's locale,
so searching "öörni" for "Öörni" found nothing on SQLite. The app folds instead: Unicode case
folding, accents and other marks removed (so "oorni" finds "Öörni" too, for a keyboard without
Finnish letters, and "Åkerlund" is found as "akerlund"), hyphens and dashes as spaces (so
"anna liisa" finds "Anna-Liisa"), white space collapsed.
"""

from __future__ import annotations

import re
import unicodedata

_DASHES = re.compile(r"[\-\u2010-\u2015\u2212]+")
_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", _DASHES.sub(" ", bare)).strip()


def search_text(*parts: str | None) -> str:
    """The folded text of a record's searchable fields, one line each (so that a search never
    matches across two fields)."""
    return "\n".join(fold(part or "") for part in parts)
