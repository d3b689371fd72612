"""Safe loading of one YAML file, remembering where every node came from.

The rubric files are edited by hand by HR people, so a mistake must be reported as
``path:line: location: message`` rather than as a stack trace or, worse, silently accepted.
This module does the YAML half of that: it refuses everything that makes YAML surprising or
dangerous (arbitrary tags, anchors and aliases, merge keys, duplicate keys, several documents)
and records the line of every key and list item, so that a later validation error -- a pydantic
``loc`` made of ``str`` keys and ``int`` list indices -- can be mapped back to a line.

Only the standard library and PyYAML are used; nothing here knows about Flask or pydantic.

Contract of the data produced: plain Python only -- ``dict``, ``list``, ``str``, ``int``,
``float``, ``bool`` and ``None``. To keep that promise, scalars that YAML 1.1 would turn into
dates/timestamps (``2024-01-01``) or the odd ``=`` "value" scalar are kept as strings, and the
explicit tags that would produce other types (``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``,
``!!timestamp``) are refused along with every custom or ``!!python/...`` tag.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml

from hiring.domain.one_line import one_line

__all__ = [
    "MAX_BYTES",
    "Problem",
    "YamlDocument",
    "YamlSourceError",
    "format_location",
    "load_yaml",
    "load_yaml_file",
]

MAX_BYTES = 512 * 1024
"""Default size limit. Rubric files are a few KiB; anything near this is a mistake or an attack."""

MAX_DEPTH = 100
"""Deepest nesting accepted. PyYAML's composer recurses per level, so without a limit a file of
``[[[[...`` would end in a ``RecursionError`` instead of a useful message."""

_BOM = b"\xef\xbb\xbf"
_YAML_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_YAML_TAG + t for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP, _MERGE = (_YAML_TAG + t for t in ("seq", "map", "merge"))
_YAML12_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_SCALAR_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL})

_ANCHOR_MESSAGE = "anchors and aliases (&name / *name) are not allowed"
_NOT_A_MAPPING = "the file must contain a mapping (key: value pairs) at the top level"

Loc = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, precise enough for a person to find and fix it.

    ``line`` is 1-based, or 0 when no line applies (e.g. the file is too large).
    ``location`` is a dotted path such as ``competencies[3].anchors.5``, or ``""`` when the
    problem concerns the file as a whole.
    """

    path: str
    line: int
    location: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the file holds: a line break or other control character in a
        key (``"a\\rb": 1``) is shown escaped, so that it can neither start a line that looks
        like another problem nor, with a carriage return, hide the file and line."""
        if self.location:
            return one_line(f"{self.path}:{self.line}: {self.location}: {self.message}")
        return one_line(f"{self.path}:{self.line}: {self.message}")


class YamlSourceError(ValueError):
    """A file was refused. ``problems`` lists every problem found, ordered by line.

    ``str(exc)`` is the problems joined by newlines, ready to show to the person who edited the
    file. At least one problem is always present.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("YamlSourceError needs at least one problem")
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild from the problems, not from the joined message (keeps pickling faithful).
        return (type(self), (self.problems,))


_NO_DATA: Any = object()


def format_location(loc: Sequence[str | int], data: Any = _NO_DATA) -> str:
    """Render a pydantic-style ``loc`` as ``competencies[3].anchors.5``.

    An ``int`` may be a list index or an ``int`` mapping key (anchors are keyed 1..5), which the
    ``loc`` alone cannot tell apart. When ``data`` is given it is walked alongside ``loc``: a step
    into a list renders as ``[i]`` and a step into a mapping as ``.key``. Without ``data`` (or once
    the walk leaves the data), ints are assumed to be list indices. ``()`` renders as ``""``.
    """
    out: list[str] = []
    node, known = data, data is not _NO_DATA
    for step in loc:
        is_int = isinstance(step, int) and not isinstance(step, bool)
        if known and isinstance(node, list):
            as_index = is_int
            if isinstance(step, int) and is_int and -len(node) <= step < len(node):
                node = node[step]
            else:
                known = False
        elif known and isinstance(node, dict):
            as_index = False
            try:
                node = node[step]
            except (KeyError, TypeError):
                known = False
        else:
            as_index, known = is_int, False
        if as_index:
            out.append(f"[{step}]")
        else:
            out.append(f".{step}" if out else str(step))
    return "".join(out)


@dataclass(frozen=True)
class YamlDocument:
    """A successfully loaded file: its plain data plus the line of every key and list item.

    ``sha256`` is the hex digest of the raw bytes as read (BOM included), so callers can tell
    whether a file changed. ``_lines`` maps a location tuple (constructed Python keys and list
    indices) to the 1-based line of that mapping key or list item; it is filled by
    :func:`load_yaml` and should not be built by hand.
    """

    path: str
    data: Any
    sha256: str
    _lines: Mapping[Loc, int] = field(default_factory=dict, repr=False, compare=False)

    def line_of(self, loc: Sequence[str | int]) -> int:
        """Line of the deepest node that exists along ``loc``.

        For ``mapping[key]`` that is the line of the key; for a list item, the line where the item
        starts. If a step is missing (a required key the author forgot, or a pydantic-internal
        step), the line of the last existing step is returned -- for a missing key, where its
        parent mapping is introduced. ``()`` and anything not found at all give 1.
        """
        line = 1
        for depth in range(1, len(loc) + 1):
            found = self._lines.get(tuple(loc[:depth]))
            if found is None:
                break
            line = found
        return line

    def format_location(self, loc: Sequence[str | int]) -> str:
        """Like the module-level :func:`format_location`, but tells list indices from int keys
        by walking ``data``."""
        return format_location(loc, self.data)

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        """A :class:`Problem` for ``loc`` in this file, e.g. from a pydantic error's ``loc``."""
        return Problem(self.path, self.line_of(loc), self.format_location(loc), message)


def load_yaml(source: bytes, path: str, *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Parse ``source`` (the raw bytes of the file at ``path``) into a :class:`YamlDocument`.

    ``path`` is only used in messages. Raises :class:`YamlSourceError` when the file is too large,
    not UTF-8 (a UTF-8 BOM is allowed), not valid YAML, uses anchors/aliases, merge keys, tags
    beyond plain scalars/lists/mappings, duplicate keys, holds more than one document, or has
    something other than a mapping at the top level. Every check runs before any Python object
    is built from the YAML, so hostile input (e.g. "billion laughs") cannot expand.
    """
    if isinstance(source, str):
        raise TypeError("load_yaml expects the raw bytes of the file, not str")
    source = bytes(source)
    if len(source) > max_bytes:
        raise YamlSourceError([_too_large(path, len(source), max_bytes)])
    text = _decode(source, path)
    root, lines = _compose_and_check(text, path)
    return YamlDocument(path, root, hashlib.sha256(source).hexdigest(), lines)


def load_yaml_file(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> YamlDocument:
    """Read and load the file at ``path``; see :func:`load_yaml`.

    At most ``max_bytes + 1`` bytes are read, so an oversized file is refused without being read
    in full. ``OSError`` (missing file, permissions) propagates unchanged: it is not a problem
    with the file's content.
    """
    name = os.fsdecode(path)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise YamlSourceError([_too_large(name, max(size, len(raw)), max_bytes)])
    return load_yaml(raw, name, max_bytes=max_bytes)


# --- internals -------------------------------------------------------------------------------


def _kib(n: int) -> str:
    if n % 1024 == 0:
        return f"{n // 1024} KiB"
    if n < 1024:
        return f"{n} bytes"
    # Round up so a file just over the limit never reads as equal to it.
    return f"{math.ceil(n * 10 / 1024) / 10:.1f} KiB"


def _too_large(path: str, size: int, max_bytes: int) -> Problem:
    return Problem(path, 0, "", f"file is {_kib(size)}; the limit is {_kib(max_bytes)}")


def _decode(source: bytes, path: str) -> str:
    skip = len(_BOM) if source.startswith(_BOM) else 0
    try:
        return source[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start  # offset in the file as stored, BOM included
        line = source.count(b"\n", 0, offset) + 1
        message = f"not valid UTF-8 (byte 0x{source[offset]:02x} at offset {offset})"
        raise YamlSourceError([Problem(path, line, "", message)]) from None


def _line(mark: Any) -> int:
    return mark.line + 1 if mark is not None else 0


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML_TAG) :] if tag.startswith(_YAML_TAG) else tag


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors/aliases while composing, before anything is built.

    Anchors and aliases are recorded as problems and then neutralised (the anchor is dropped,
    an alias becomes a null placeholder), so every occurrence in the file is reported in one go
    and nothing is ever expanded.
    """

    # Keep dates and "=" as strings: the data contract is plain Python types only. Booleans
    # follow YAML 1.2 (true/false only): under YAML 1.1 a scale label "No" or "Yes" (or a
    # language code "no") would silently become a boolean.
    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, Any]]]] = {  # type: ignore[misc]  # PyYAML's stubs declare it per instance
        first: [
            (tag, _YAML12_BOOL if tag == _BOOL else regexp)
            for tag, regexp in resolvers
            if tag not in (_YAML_TAG + "timestamp", _YAML_TAG + "value")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text)
        self.path = path
        self.problems: list[Problem] = []
        self._depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.get_event()
            self._refuse_anchor(event.start_mark, f"*{event.anchor}")
            return yaml.ScalarNode(_NULL, "", event.start_mark, event.end_mark)  # type: ignore[arg-type]
        if event.anchor is not None:
            self._refuse_anchor(event.start_mark, f"&{event.anchor}")
            event.anchor = None  # never registered, so nothing can refer to it
        if self._depth >= MAX_DEPTH:
            message = f"nesting is too deep (more than {MAX_DEPTH} levels)"
            raise YamlSourceError([Problem(self.path, _line(event.start_mark), "", message)])
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
            assert node is not None  # an event was peeked above, so there is a node
            return node
        finally:
            self._depth -= 1

    def _refuse_anchor(self, mark: Any, name: str) -> None:
        message = f"{_ANCHOR_MESSAGE}: found {name}"
        self.problems.append(Problem(self.path, _line(mark), "", message))


def _compose_and_check(text: str, path: str) -> tuple[Any, dict[Loc, int]]:
    try:
        loader = _Loader(text, path)
    except yaml.reader.ReaderError as exc:  # control characters; no mark, only a position
        line = text.count("\n", 0, exc.position) + 1
        message = f"character U+{exc.character:04X} is not allowed in YAML"
        raise YamlSourceError([Problem(path, line, "", message)]) from None
    try:
        root = _compose_single(loader, path)
        if loader.problems:
            raise YamlSourceError(_sorted(loader.problems))
        if not isinstance(root, yaml.MappingNode):
            line = _line(root.start_mark) if root is not None else 1
            raise YamlSourceError([Problem(path, line, "", _NOT_A_MAPPING)])
        lines = _walk(loader, root, path)
        return loader.construct_document(root), lines
    except yaml.MarkedYAMLError as exc:
        raise YamlSourceError([_syntax_problem(exc, path)]) from None
    finally:
        loader.dispose()


def _compose_single(loader: _Loader, path: str) -> yaml.Node | None:
    """Compose the only document (None for an empty file); refuse a second one."""
    loader.get_event()  # StreamStartEvent
    root = None
    if not loader.check_event(yaml.StreamEndEvent):
        root = loader.compose_document()
    if not loader.check_event(yaml.StreamEndEvent):
        event = loader.get_event()
        message = "only one YAML document is allowed per file; a second one starts here"
        loader.problems.append(Problem(path, _line(event.start_mark), "", message))
    return root


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    if exc.problem and exc.context and exc.context_mark is not None:
        # e.g. "found unexpected end of stream (while scanning a quoted scalar at line 3)"
        message = f"{message} ({exc.context} at line {_line(exc.context_mark)})"
    return Problem(path, _line(mark), "", message)


def _walk(loader: _Loader, root: yaml.MappingNode, path: str) -> dict[Loc, int]:
    """Check every node and key, collecting all problems; return the location -> line index.

    Iterative (no recursion) and run on nodes only, before any collection is constructed.
    """
    lines: dict[Loc, int] = {}
    problems: list[Problem] = []
    # (location tuple, or None under a shadowed duplicate; rendered location; node)
    stack: list[tuple[Loc | None, str, yaml.Node]] = [((), "", root)]

    def child_loc(where: str, key: Any, index: bool) -> str:
        if index:
            return f"{where}[{key}]"
        return f"{where}.{key}" if where else str(key)

    while stack:
        loc, where, node = stack.pop()
        if not _tag_allowed(node):
            message = f"the tag {_short_tag(node.tag)} is not allowed"
            problems.append(Problem(path, _line(node.start_mark), where, message))
            continue
        if isinstance(node, yaml.ScalarNode):
            bad = _check_scalar(loader, node)
            if bad:
                problems.append(Problem(path, _line(node.start_mark), where, bad))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                item_loc = None if loc is None else (*loc, i)
                if item_loc is not None:
                    lines[item_loc] = _line(item.start_mark)
                stack.append((item_loc, child_loc(where, i, True), item))
        else:
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key_line = _line(key_node.start_mark)
                if key_node.tag == _MERGE:
                    message = "merge keys (<<) are not allowed"
                    problems.append(Problem(path, key_line, where, message))
                    continue
                if not isinstance(key_node, yaml.ScalarNode):
                    message = "mapping keys must be plain values, not lists or mappings"
                    problems.append(Problem(path, key_line, where, message))
                    continue
                if key_node.tag not in _SCALAR_TAGS:
                    message = f"the tag {_short_tag(key_node.tag)} is not allowed"
                    problems.append(Problem(path, key_line, where, message))
                    continue
                bad = _check_scalar(loader, key_node)
                if bad:
                    problems.append(Problem(path, key_line, where, bad))
                    continue
                key = loader.construct_object(key_node)
                if key in seen:
                    message = f"duplicate key {key_node.value!r} (first at line {seen[key]})"
                    problems.append(Problem(path, key_line, where, message))
                    # Still check the shadowed value, but do not index it.
                    stack.append((None, child_loc(where, key, False), value_node))
                    continue
                seen[key] = key_line
                value_loc = None if loc is None else (*loc, key)
                if value_loc is not None:
                    lines[value_loc] = key_line
                stack.append((value_loc, child_loc(where, key, False), value_node))
    if problems:
        raise YamlSourceError(_sorted(problems))
    return lines


def _tag_allowed(node: yaml.Node) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return node.tag in _SCALAR_TAGS
    if isinstance(node, yaml.SequenceNode):
        return node.tag == _SEQ
    return node.tag == _MAP


def _check_scalar(loader: _Loader, node: yaml.ScalarNode) -> str | None:
    """Build a scalar now so a bad explicit value (``!!int abc``) or an int beyond Python's
    digit limit becomes a Problem rather than a stray exception during construction."""
    if node.tag == _STR:
        return None
    try:
        loader.construct_object(node)
    except (yaml.YAMLError, ArithmeticError, LookupError, ValueError, TypeError):
        shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
        return f"{shown!r} is not a valid {_short_tag(node.tag)}"
    return None


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Order by line (stable) and drop exact repeats, e.g. several aliases on one line."""
    return sorted(dict.fromkeys(problems), key=lambda p: p.line)
