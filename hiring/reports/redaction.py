"""What a blind document leaves out of who the candidate is: a pseudonym instead of the name,
and the name blanked where an interviewer wrote it in free text."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Callable

PSEUDONYM_BITS = 40
"""Eight base-32 characters. Six hex digits (24 bits) made two of 2,000 candidates share a
code about once in nine openings (the birthday bound); at 40 bits it is about once in 500,000."""


def blind_code(candidate_id: int, secret: str) -> str:
    """A stable pseudonym for blind review, ``XXXX-XXXX`` in letters and digits that cannot be
    misread for each other (base 32), that cannot be turned back into the id without the app's
    secret key."""
    digest = hmac.new(secret.encode(), f"candidate:{candidate_id}".encode(), hashlib.sha256)
    code = base64.b32encode(digest.digest()).decode()[: PSEUDONYM_BITS // 5]
    return f"{code[:4]}-{code[4:]}"


BLANK = "[…]"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.,])(?:\+|0)\d(?:[\s-]?\d){6,}")
"""A phone number as people write one: from + or 0, at least eight digits, spaces or hyphens
between them (so "2024", "12 %" or "0.83" are left alone)."""
PUBLIC_MAIL = frozenset({"gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
                         "live.com", "luukku.com", "suomi24.fi", "kolumbus.fi", "elisanet.fi",
                         "example.com", "example.test"})  # fmt: skip
"""Mail providers whose name says nothing of the person (an employer's domain would)."""


def _stems(part: str) -> list[str]:
    """A name part and the stem its Finnish inflections start with when they do not start
    with the name itself: "Virtanen" also as "Virtas" (Virtasen, Virtaselle). ("Kallen"
    starts with "Kalle" already.)"""
    if part.lower().endswith("nen") and len(part) > 5:
        return [part, part[:-3] + "s"]
    return [part]


def name_redactor(name: str, email: str = "") -> Callable[[str | None], str]:
    """A function that blanks, in a text, every part of ``name`` and the words its Finnish
    inflections make (words starting with the part or its stem: "Kallen", "Virtasen"), also
    written in full-width letters; every e-mail address and phone number; and the domain of
    the person's own e-mail address unless it is a public mail provider's."""
    parts = [
        p for p in re.split(r"\s+", unicodedata.normalize("NFKC", name).strip()) if len(p) >= 2
    ]
    words = sorted({stem for part in parts for stem in _stems(part)}, key=len, reverse=True)
    domain = email.rpartition("@")[2].lower()
    if domain and domain not in PUBLIC_MAIL:
        words.insert(0, domain)
    pattern = (
        re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")[\w.-]*", re.IGNORECASE)
        if words
        else None
    )

    def clean(text: str | None) -> str:
        plain = unicodedata.normalize("NFKC", text or "")
        plain = PHONE.sub(BLANK, EMAIL.sub(BLANK, plain))
        return pattern.sub(BLANK, plain) if pattern is not None else plain

    return clean
