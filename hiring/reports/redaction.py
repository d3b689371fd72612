"""What a blind document leaves out of who the candidate is: a pseudonym instead of the name,
and the name blanked where an interviewer wrote it in free text."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable


def blind_code(candidate_id: int, secret: str) -> str:
    """A stable pseudonym for blind review that cannot be turned back into the id without the
    app's secret key."""
    digest = hmac.new(
        secret.encode(), f"candidate:{candidate_id}".encode(), hashlib.sha256
    ).hexdigest()
    return digest[:6].upper()


def name_redactor(name: str) -> Callable[[str | None], str]:
    """A function that blanks every part of ``name`` (and words starting with one, such as
    Finnish inflections: "Kallen") in a text."""
    parts = [p for p in re.split(r"\s+", name.strip()) if len(p) >= 2]
    if not parts:
        return lambda text: text or ""
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)) + r")\w*",
        re.IGNORECASE,
    )
    return lambda text: pattern.sub("[…]", text or "")
