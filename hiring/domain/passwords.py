"""What makes a password too easy to guess, as a pure rule: too short, one of the passwords
people use most (or one with a few digits added), a single character repeated, a run of the
keyboard or of digits, or the person's own e-mail address or name."""

from __future__ import annotations

import itertools
import re
from typing import Literal

MIN_LENGTH = 10

Problem = Literal["too_short", "common", "personal"]

COMMON = frozenset(
    """
    password passw0rd passwort salasana salasana1 qwerty qwertyuiop qwertyui asdfghjkl
    zxcvbnm iloveyou letmein welcome welcome1 admin administrator changeme secret football
    baseball monkey dragon sunshine princess master shadow superman batman trustno1
    starwars whatever freedom computer internet summer winter spring autumn kesä talvi
    syksy kevät hello helloworld abcdef abcdefg abcdefgh abcdefghij abc123 abcd1234
    qwerty123 qwertyuiop123 password1 password12 password123 password1234 1q2w3e4r
    1q2w3e4r5t 1qaz2wsx zaq12wsx qazwsxedc asdf1234 test test1234 testtest guest user demo
    login default
    """.split()  # noqa: SIM905 - a list of words, kept readable
)
"""Words people choose most (English and Finnish): a password that is one of them, or one
of them with digits and punctuation around it, is refused."""

KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")


def password_problem(password: str, *, email: str = "", name: str = "") -> Problem | None:
    """Why ``password`` would be refused, or None."""
    if len(password) < MIN_LENGTH:
        return "too_short"
    lowered = password.lower()
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    if lowered in COMMON or core in COMMON or (not core and _is_run(lowered)):
        return "common"
    if len(set(lowered)) <= 2 or _is_run(lowered):
        return "common"
    personal = [email.lower(), email.lower().split("@")[0]]
    personal += [part for part in re.split(r"\W+", name.lower()) if len(part) >= 4]
    if any(part and len(part) >= 4 and part in lowered for part in personal):
        return "personal"
    return None


def _is_run(text: str) -> bool:
    """The whole text is a stretch of a keyboard row or of the alphabet, either way round."""
    return any(text in row or text in row[::-1] for row in KEYBOARD_ROWS) or all(
        abs(ord(b) - ord(a)) == 1 for a, b in itertools.pairwise(text)
    )
