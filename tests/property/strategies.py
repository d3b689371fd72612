"""What people (and scripts) type into a field: text in any script with control characters,
very long text, numbers of any size written any way, dates of any shape."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from hypothesis import strategies as st

CONTROL = st.sampled_from(
    [chr(c) for c in range(1, 32)]
    + ["\x7f", "\x85", "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffd"]
)
"""Control and format characters (never NUL: the app refuses NUL on purpose, see
:func:`form_data`)."""

ANY_CHARACTER = st.characters(codec="utf-8", exclude_characters="\x00")
"""Any character a browser can send in UTF-8."""

ODD_TEXT = st.sampled_from([
    "", " ", "\t", "\r\n", "None", "null", "0", "-1", "true", "<script>alert(1)</script>",
    "' OR 1=1 --", "%s", "%(name)s", "{0}", "{{ 7*7 }}", "=cmd|'/c calc'!A1", "../../etc",
    "Äijä Öljynen", "Ⅻ", "ﬁ", "İ", "ß", "🙂", "👩‍👩‍👧", "\u0301a", "x\u0308", "Ω",
])  # fmt: skip
ODD_NUMBERS = st.sampled_from([
    "1e309", "-1e309", "1e-400", "nan", "NaN", "inf", "-Infinity", "0x1F", "0b1", "1_000",
    "1 000", "1,5", "1.5", ".5", "5.", "+3", "-0", " 7 ", "\t8\n", "１２", "١٢٣", "²", "Ⅻ", "𝟗",
    "00000000042", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
    "9223372036854775808", "1e3", "3e", "--1", "",
])  # fmt: skip
ODD_DATES = st.sampled_from([
    "2026-02-30T10:00", "2026-02-29", "2028-02-29T23:59", "0001-01-01T00:00", "0000-01-01T00:00",
    "9999-12-31T23:59", "1899-12-31T23:59", "1900-01-01T00:00", "9000-12-31T23:59",
    "9001-01-01T00:00", "2026-13-01T00:00", "2026-12-01T24:00", "+002026-01-01", "2026-W01-1",
    "20261201", "01.12.2026", "12/01/2026", "2026-12-01 10:00", "2026-12-01T10:00:00Z",
    "2026-12-01T10:00+02:00", "",
])  # fmt: skip


@cache
def short_text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(st.one_of(ANY_CHARACTER, CONTROL), max_size=max_size)


@cache
def long_text() -> st.SearchStrategy[str]:
    """Text past every length limit (up to 30,000 characters), built by repetition so that
    generating it costs nothing."""
    return st.builds(
        lambda piece, size: (piece * (size // len(piece) + 1))[:size],
        st.text(ANY_CHARACTER, min_size=1, max_size=4),
        st.sampled_from([119, 120, 121, 199, 200, 201, 254, 255, 2000, 2001, 4001, 5001, 10_001])
        | st.integers(min_value=1, max_value=30_000),
    )


@cache
def number_text() -> st.SearchStrategy[str]:
    """A number as text: any size, sign, notation or script, and the near misses."""
    return st.one_of(
        st.integers().map(str),
        st.integers(min_value=-(10**40), max_value=10**40).map(str),
        st.floats().map(repr),
        st.decimals(allow_nan=True).map(str),
        st.integers(min_value=1, max_value=5000).map(lambda n: "9" * n),
        ODD_NUMBERS,
    )


@cache
def date_text() -> st.SearchStrategy[str]:
    """A date or date and time as text: valid, impossible (30 February, month 13), very old
    or far ahead, in other formats, or not a date at all."""
    fields = st.integers(min_value=-5, max_value=100_000)
    return st.one_of(
        st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
        st.datetimes().map(lambda d: d.isoformat()),
        st.dates().map(str),
        st.tuples(fields, fields, fields, fields, fields).map(
            lambda parts: "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}".format(*parts)
        ),
        st.builds(lambda y, m, d: f"{y}-{m}-{d}", fields, fields, fields),
        ODD_DATES,
    )


@cache
def any_text() -> st.SearchStrategy[str]:
    """Whatever might arrive in a text field."""
    return st.one_of(short_text(), long_text(), number_text(), date_text(), ODD_TEXT)


@cache
def text_within(max_size: int, min_size: int = 0) -> st.SearchStrategy[str]:
    """Text a field of at most ``max_size`` characters takes: any script, control
    characters, and now and then exactly the limit."""
    short = st.text(st.one_of(ANY_CHARACTER, CONTROL), min_size=min_size, max_size=40)
    exact = st.builds(
        lambda piece: (piece * max_size)[:max_size], st.text(ANY_CHARACTER, min_size=1, max_size=3)
    )
    return st.one_of(short.map(lambda text: text[:max_size]), exact)


@cache
def number_within(low: int, high: int, whole: bool = False) -> st.SearchStrategy[str]:
    """A number from ``low`` to ``high`` written as people write it: padded, signed, with
    decimals (unless ``whole``), in exponent notation, at the bounds."""
    integers = st.integers(low, high)
    written = [
        integers.map(str),
        integers.map(lambda n: f" {n} "),
        integers.map(lambda n: f"+{n}" if n >= 0 else str(n)),
        st.sampled_from([str(low), str(high)]),
    ]
    if not whole:
        floats = st.floats(low, high, allow_nan=False, allow_infinity=False)
        written += [floats.map(repr), floats.map("{:e}".format), floats.map("{:.2f}".format)]
    return st.one_of(*written)


def choice(values: Sequence[str]) -> st.SearchStrategy[str]:
    """One of the values a select, radio or checkbox offers."""
    return _choice(tuple(values))


@cache
def _choice(values: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(values)


@cache
def _valid_or_any(valid: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(valid, any_text())


Field = tuple[str, st.SearchStrategy[str]]
"""A form field's name, and the values it takes (anything else is generated as well)."""
WILDNESS = st.sampled_from(["valid", "one", "some", "wild"])
REPEATS = st.sampled_from([1, 1, 1, 0, 2, 3])
SOMETIMES = st.sampled_from([False, False, False, True])
RARELY = st.sampled_from([False] * 19 + [True])
"""True once in twenty (hypothesis leans towards the first choice, and shrinks towards it)."""


@st.composite
def form_data(draw: st.DrawFn, fields: Sequence[Field], nul: bool = True) -> list[tuple[str, str]]:
    """Form fields as a browser or a script might post them. Either every field takes a value
    it accepts (so that saves are tried too), or one, some or all of them get anything at all:
    missing, sent several times, text of any kind. Now and then a field the form does not
    have, and (unless ``nul`` is off) in one request in twenty a NUL character in one value,
    which the app refuses whole."""
    wildness = draw(WILDNESS)
    odd_one = draw(st.integers(0, max(len(fields) - 1, 0)))
    pairs: list[tuple[str, str]] = []
    for position, (name, valid) in enumerate(fields):
        wild = (
            wildness == "wild"
            or (wildness == "one" and position == odd_one)
            or (wildness == "some" and draw(SOMETIMES))
        )
        if not wild:
            pairs.append((name, draw(valid)))
            continue
        pairs.extend((name, draw(_valid_or_any(valid))) for _time in range(draw(REPEATS)))
    if draw(RARELY):
        pairs.append((draw(short_text(20)), draw(any_text())))
    if nul and pairs and draw(RARELY):
        which = draw(st.integers(0, len(pairs) - 1))
        name, value = pairs[which]
        at = draw(st.integers(0, len(value)))
        pairs[which] = (name, value[:at] + "\x00" + value[at:])
    return pairs
