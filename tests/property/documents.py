"""Generated mutations of a document a person edits by hand (a rubric's YAML, an assessment's
JSON): a key deleted or renamed, a value of another type, a huge or non-finite number, deep
nesting, a duplicated line, YAML's surprises (anchors, tags, a second document), the file cut
short, bytes that are not UTF-8."""

from __future__ import annotations

import copy
import math
from typing import Any

from hypothesis import strategies as st

from tests.property.strategies import CONTROL, any_text, short_text

Path = tuple[Any, ...]


def paths(node: Any, prefix: Path = ()) -> list[Path]:
    """Every place in a tree of dicts and lists, the root first."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def _nested(depth: int) -> Any:
    value: Any = 1
    for level in range(depth):
        value = [value] if level % 2 else {"x": value}
    return value


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**15).map(lambda n: n * 10**300),  # past every float
    st.floats(),  # NaN and the infinities among them
    st.sampled_from([0, -1, 1, 2**31, 2**63, 1e308, -0.0, float("nan"), float("inf")]),
    any_text(),
    st.sampled_from(["", " ", "yes", "No", "2024-01-01", "~", "null", "1e999", ".nan"]),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.dictionaries(short_text(10), SCALARS, max_size=3),
    st.integers(50, 130).map(_nested),
)
"""What a value may be changed to."""


@st.composite
def mutated_tree(draw: st.DrawFn, tree: Any) -> Any:
    """The tree with one to three changes: a value replaced, a key or an item deleted, a key
    renamed or added."""
    tree = copy.deepcopy(tree)
    for _change in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(tree)))
        if not where:
            if draw(st.booleans()):
                tree = draw(VALUES)
            continue
        parent = tree
        for step in where[:-1]:
            parent = parent[step]
        last = where[-1]
        change = draw(st.sampled_from(["replace", "replace", "delete", "rename", "add"]))
        if change == "replace":
            parent[last] = draw(VALUES)
        elif change == "delete":
            del parent[last]
        elif change == "rename" and isinstance(parent, dict):
            parent[draw(st.one_of(short_text(12), SCALARS.filter(_hashable)))] = parent.pop(last)
        elif change == "add" and isinstance(parent, dict):
            parent[draw(short_text(12))] = draw(VALUES)
        elif change == "add" and isinstance(parent, list):
            parent.insert(last, draw(VALUES))
    return tree


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return not (isinstance(value, float) and math.isnan(value))  # a NaN key is no key


YAML_SNIPPETS = [
    "&a", "*a", "<<: *a", "!!python/object:os.system", "!!binary aGVsbG8=", "!!set {a}",
    "!!timestamp 2024-01-01", "!!int abc", "!!float x", "---", "...", "%YAML 1.1", "- - -",
    "? complex", "{", "[", "]", "}", '"unterminated', "'", "|", ">", "\t", "key: value: x",
    "9" * 5000, "1e999", ".nan", "-.inf", "0x1F", "0o17", "1_000", "[" * 150 + "]" * 150,
]  # fmt: skip


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> bytes:
    """The file's text changed line by line (a line repeated, so its key appears twice; a
    line deleted; something inserted), or its bytes damaged."""
    lines = text.splitlines(keepends=True) or [""]
    for _change in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(lines) - 1))
        change = draw(st.sampled_from(["repeat", "delete", "insert", "value", "cut"]))
        if change == "repeat":
            lines.insert(at, lines[at])
        elif change == "delete" and len(lines) > 1:
            del lines[at]
        elif change == "insert":
            snippet = draw(st.one_of(st.sampled_from(YAML_SNIPPETS), any_text(), CONTROL))
            column = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + snippet + lines[at][column:]
        elif change == "value" and ":" in lines[at]:
            key, _colon, _value = lines[at].partition(":")
            lines[at] = f"{key}: {draw(st.sampled_from(YAML_SNIPPETS))}\n"
        elif change == "cut":
            lines = lines[: at + 1]
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    data = "".join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.sampled_from([False] * 4 + [True])):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]
    if draw(st.sampled_from([False] * 9 + [True])):
        data = b"\xef\xbb\xbf" + data
    return data
