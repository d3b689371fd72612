"""Numbers as a person reads them in the page's language: Babel's decimal separator and minus
sign for the current locale (``9,0``, ``12,5 %``, ``−0,4`` in Finnish), no digit grouping (the
product's figures are scores, shares, years and counts), and "–" for a value not known.

Template filters (registered by the app factory): ``decimal(digits)``, ``short_number`` (a fact
as written: whole numbers without decimals, others to two places at most) and
``percent_number`` (a share from 0 to 1, as a whole percentage)."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import get_decimal_symbol, get_minus_sign_symbol

from hiring.i18n import language

UNKNOWN = "–"


@lru_cache(maxsize=16)
def _symbols(locale: str) -> tuple[str, str]:
    return get_decimal_symbol(locale), get_minus_sign_symbol(locale)


def localise(text: str) -> str:
    """``text``, a number Python wrote (``-3.5``), with the current locale's symbols."""
    code = language()
    if code == "en":
        return text
    point, minus = _symbols(code)
    return text.replace("-", minus).replace(".", point)


def decimal(value: float | None, digits: int = 2) -> str:
    if value is None:
        return UNKNOWN
    text = f"{value:.{digits}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")  # no "-0.0"
    return localise(text)


def short_number(value: float | None) -> str:
    if value is None:
        return UNKNOWN
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return localise("0" if text in ("-0", "") else text)


def percent_number(value: float | None) -> str:
    if value is None:
        return UNKNOWN
    return f"{decimal(value * 100, 0)} %"
