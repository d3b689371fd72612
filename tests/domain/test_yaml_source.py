"""Tests for hiring.domain.yaml_source: safe YAML loading with line numbers for every node."""

from __future__ import annotations

import hashlib
import pickle
import textwrap
import time
from pathlib import Path

import pytest

from hiring.domain.yaml_source import (
    MAX_BYTES,
    Problem,
    YamlDocument,
    YamlSourceError,
    format_location,
    load_yaml,
    load_yaml_file,
)

RUBRIC = """\
# Competency library (line 1 is a comment)
version: 1
competencies:
  - key: charisma
    name: {en: Charisma, fi: Karisma}
    anchors:
      1: Avoids attention
      5: Commands the room
  - key: persuasion
    name:
      en: Persuasion
      fi: Vakuuttavuus
    anchors:
      3: Makes a fair case
"""


def yml(text: str) -> bytes:
    return textwrap.dedent(text).encode()


def rejected(source: bytes, path: str = "rubric.yaml", **kwargs: int) -> list[Problem]:
    with pytest.raises(YamlSourceError) as info:
        load_yaml(source, path, **kwargs)
    return info.value.problems


@pytest.fixture
def doc() -> YamlDocument:
    return load_yaml(RUBRIC.encode(), "rubrics/library.yaml")


# --- valid files -----------------------------------------------------------------------------


def test_load_yaml_valid_nested_file_returns_plain_data(doc: YamlDocument) -> None:
    assert doc.path == "rubrics/library.yaml"
    assert doc.data["version"] == 1
    first, second = doc.data["competencies"]
    assert first["name"] == {"en": "Charisma", "fi": "Karisma"}
    assert first["anchors"] == {1: "Avoids attention", 5: "Commands the room"}
    assert list(second["anchors"]) == [3]  # YAML `3:` stays an int key


def test_line_of_mapping_key_returns_key_line(doc: YamlDocument) -> None:
    assert doc.line_of(("version",)) == 2
    assert doc.line_of(("competencies",)) == 3
    assert doc.line_of(("competencies", 1, "name", "fi")) == 12


def test_line_of_list_item_returns_item_start_line(doc: YamlDocument) -> None:
    assert doc.line_of(("competencies", 0)) == 4
    assert doc.line_of(("competencies", 1)) == 9


def test_line_of_nested_int_key_returns_key_line(doc: YamlDocument) -> None:
    assert doc.line_of(("competencies", 0, "anchors", 5)) == 8
    assert doc.line_of(("competencies", 1, "anchors", 3)) == 14


def test_line_of_missing_key_returns_parent_line(doc: YamlDocument) -> None:
    assert doc.line_of(("competencies", 1, "anchors", 5)) == 13
    assert doc.line_of(("competencies", 0, "description")) == 4
    assert doc.line_of(("competencies", 7, "key")) == 3
    assert doc.line_of(("missing_top_level",)) == 1


def test_line_of_empty_loc_returns_one(doc: YamlDocument) -> None:
    assert doc.line_of(()) == 1


def test_format_location_module_assumes_ints_are_indices() -> None:
    assert format_location(("competencies", 3, "anchors", 5)) == "competencies[3].anchors[5]"
    assert format_location(("name",)) == "name"
    assert format_location(()) == ""


def test_format_location_method_tells_int_keys_from_indices(doc: YamlDocument) -> None:
    loc = ("competencies", 0, "anchors", 5)
    assert doc.format_location(loc) == "competencies[0].anchors.5"
    # a missing int key under a mapping is still a key
    assert doc.format_location(("competencies", 1, "anchors", 4)) == "competencies[1].anchors.4"
    # past the end of the data, ints fall back to list indices
    assert doc.format_location(("competencies", 9, "tags", 0)) == "competencies[9].tags[0]"


def test_problem_from_document_uses_line_and_location(doc: YamlDocument) -> None:
    problem = doc.problem(("competencies", 0, "anchors", 5), "too long")
    assert problem == Problem("rubrics/library.yaml", 8, "competencies[0].anchors.5", "too long")
    assert str(problem) == "rubrics/library.yaml:8: competencies[0].anchors.5: too long"


def test_load_yaml_bom_accepted() -> None:
    raw = b"\xef\xbb\xbf" + b"a: 1\nb: 2\n"
    loaded = load_yaml(raw, "bom.yaml")
    assert loaded.data == {"a": 1, "b": 2}
    assert loaded.line_of(("b",)) == 2
    assert loaded.sha256 == hashlib.sha256(raw).hexdigest()


def test_sha256_equals_hashlib_of_bytes(doc: YamlDocument) -> None:
    assert doc.sha256 == hashlib.sha256(RUBRIC.encode()).hexdigest()


def test_load_yaml_timestamps_and_equals_stay_strings() -> None:
    loaded = load_yaml(b"since: 2024-01-31\nop: =\n", "x.yaml")
    assert loaded.data == {"since": "2024-01-31", "op": "="}


def test_load_yaml_file_valid_uses_path_as_given(tmp_path: Path) -> None:
    target = tmp_path / "library.yaml"
    target.write_bytes(RUBRIC.encode())
    loaded = load_yaml_file(target)
    assert loaded.path == str(target)
    assert loaded.line_of(("competencies", 1)) == 9


# --- rejections --------------------------------------------------------------------------------


def test_load_yaml_too_large_rejected() -> None:
    (problem,) = rejected(b"#" * (600 * 1024))
    assert problem.line == 0
    assert problem.message == "file is 600 KiB; the limit is 512 KiB"


def test_load_yaml_just_over_limit_reads_larger_than_limit() -> None:
    (problem,) = rejected(b"#" * (MAX_BYTES + 1))
    assert problem.message == "file is 512.1 KiB; the limit is 512 KiB"


def test_load_yaml_file_too_large_rejected(tmp_path: Path) -> None:
    target = tmp_path / "huge.yaml"
    target.write_bytes(b"#" * 2048)
    with pytest.raises(YamlSourceError) as info:
        load_yaml_file(target, max_bytes=1024)
    assert str(info.value) == f"{target}:0: file is 2 KiB; the limit is 1 KiB"


def test_load_yaml_invalid_utf8_rejected_with_line_and_offset() -> None:
    source = b"a: 1\nb: caf\xe9\n"
    (problem,) = rejected(source)
    assert problem.line == 2
    assert problem.message == "not valid UTF-8 (byte 0xe9 at offset 11)"


def test_load_yaml_invalid_utf8_after_bom_counts_offset_in_file() -> None:
    (problem,) = rejected(b"\xef\xbb\xbfa: \xff\n")
    assert (problem.line, problem.message) == (1, "not valid UTF-8 (byte 0xff at offset 6)")


def test_load_yaml_control_character_rejected_with_line() -> None:
    (problem,) = rejected(b"a: 1\nb: x\x00y\n")
    assert problem.line == 2
    assert "U+0000" in problem.message


def test_load_yaml_syntax_error_rejected_with_problem_line() -> None:
    source = yml("""\
        name: x
        level: 3
        bad: a: b
        """)
    (problem,) = rejected(source)
    assert problem.line == 3
    assert "mapping values are not allowed here" in problem.message


def test_load_yaml_unclosed_quote_rejected_with_context_line() -> None:
    source = yml("""\
        a: 1
        b: 'unterminated
        c: 2
        """)
    (problem,) = rejected(source)
    assert problem.line == 4
    assert "while scanning a quoted scalar at line 2" in problem.message


def test_load_yaml_tab_indentation_rejected_with_line() -> None:
    (problem,) = rejected(b"a:\n  b: 1\n\tc: 2\n")
    assert problem.line == 3
    assert "'\\t'" in problem.message


def test_load_yaml_anchor_rejected() -> None:
    source = yml("""\
        defaults: &base
          weight: 1
        other: 2
        """)
    (problem,) = rejected(source)
    assert problem.line == 1
    assert "anchors and aliases (&name / *name) are not allowed" in problem.message
    assert "&base" in problem.message


def test_load_yaml_alias_rejected_at_each_line() -> None:
    source = yml("""\
        a: &x 1
        b: 2
        c: *x
        d: [*x, *x]
        """)
    problems = rejected(source)
    assert [(p.line, p.message.rsplit(" ", 1)[-1]) for p in problems] == [
        (1, "&x"),
        (3, "*x"),
        (4, "*x"),
    ]


def test_load_yaml_billion_laughs_rejected_quickly() -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    source = "\n".join(lines).encode()
    start = time.perf_counter()
    problems = rejected(source)
    assert time.perf_counter() - start < 1.0
    assert problems[0].line == 1
    assert {p.line for p in problems} == set(range(1, 10))
    assert all("anchors and aliases" in p.message for p in problems)


def test_load_yaml_merge_key_rejected() -> None:
    source = yml("""\
        base:
          weight: 1
        role:
          <<: {weight: 2}
          name: x
        """)
    (problem,) = rejected(source)
    assert (problem.line, problem.location) == (4, "role")
    assert "merge keys (<<) are not allowed" in problem.message


def test_load_yaml_duplicate_key_rejected() -> None:
    source = yml("""\
        competencies:
          - key: x
            weights:
              charisma: 1
              persuasion: 2
              persuasion: 3
        """)
    (problem,) = rejected(source)
    assert problem.line == 6
    assert problem.location == "competencies[0].weights"
    assert problem.message == "duplicate key 'persuasion' (first at line 5)"


def test_load_yaml_duplicate_keys_all_reported() -> None:
    source = yml("""\
        name: a
        anchors:
          1: low
          1: still low
        items:
          - x: 1
            x: 2
        name: b
        """)
    problems = rejected(source)
    assert [(p.line, p.location, p.message) for p in problems] == [
        (4, "anchors", "duplicate key '1' (first at line 3)"),
        (7, "items[0]", "duplicate key 'x' (first at line 6)"),
        (8, "", "duplicate key 'name' (first at line 1)"),
    ]


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
        ("!custom x", "!custom"),
        ("!!set {a, b}", "!!set"),
        ("!!binary aGk=", "!!binary"),
    ],
)
def test_load_yaml_unsafe_tag_rejected_with_line(value: str, tag: str) -> None:
    (problem,) = rejected(f"a: 1\nb:\n  c: {value}\n".encode())
    assert (problem.line, problem.location) == (3, "b.c")
    assert problem.message == f"the tag {tag} is not allowed"


def test_load_yaml_bad_explicit_scalar_rejected_with_line() -> None:
    (problem,) = rejected(b"a: 1\nb: !!int lots\n")
    assert (problem.line, problem.location) == (2, "b")
    assert problem.message == "'lots' is not a valid !!int"


def test_load_yaml_complex_key_rejected_with_line() -> None:
    (problem,) = rejected(b"a: 1\n? [x, y]\n: 2\n")
    assert problem.line == 2
    assert "mapping keys must be plain values" in problem.message


@pytest.mark.parametrize(
    ("source", "line"),
    [
        (b"- a\n- b\n", 1),
        (b"# only a comment\njust text\n", 2),
        (b"", 1),
    ],
)
def test_load_yaml_top_level_not_mapping_rejected(source: bytes, line: int) -> None:
    (problem,) = rejected(source)
    assert problem.line == line
    assert problem.message == "the file must contain a mapping (key: value pairs) at the top level"


def test_load_yaml_second_document_rejected_with_its_line() -> None:
    source = yml("""\
        ---
        a: 1
        b: 2
        ---
        c: 3
        """)
    (problem,) = rejected(source)
    assert problem.line == 4
    assert "only one YAML document" in problem.message


def test_load_yaml_deep_nesting_rejected() -> None:
    (problem,) = rejected(b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n")
    assert problem.line == 1
    assert "nesting is too deep" in problem.message


def test_load_yaml_str_source_rejected() -> None:
    with pytest.raises(TypeError):
        load_yaml("a: 1", "x.yaml")  # type: ignore[arg-type]


# --- Problem and YamlSourceError -----------------------------------------------------------------


def test_problem_str_with_location() -> None:
    problem = Problem("r.yaml", 12, "competencies[3].anchors.5", "field required")
    assert str(problem) == "r.yaml:12: competencies[3].anchors.5: field required"


def test_problem_str_without_location() -> None:
    assert str(Problem("r.yaml", 0, "", "file is too big")) == "r.yaml:0: file is too big"


def test_problem_str_about_a_key_with_line_breaks_stays_one_line() -> None:
    document = load_yaml(b'"top\\rkey":\n  "in\\u2028ner": 1\n', "r.yaml")
    problem = document.problem(("top\rkey", "in\u2028ner"), "unknown key 'in\u2028ner'")
    assert str(problem) == "r.yaml:2: top\\rkey.in\\u2028ner: unknown key 'in\\u2028ner'"


def test_yaml_source_error_str_joins_problems_and_pickles() -> None:
    problems = [Problem("r.yaml", 1, "", "one"), Problem("r.yaml", 2, "a", "two")]
    error = YamlSourceError(problems)
    assert isinstance(error, ValueError)
    assert str(error) == "r.yaml:1: one\nr.yaml:2: a: two"
    clone = pickle.loads(pickle.dumps(error))
    assert clone.problems == problems
    assert str(clone) == str(error)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: No\n", "No"),
        ("a: yes\n", "yes"),
        ("a: off\n", "off"),
        ("a: true\n", True),
        ("a: False\n", False),
    ],
)
def test_load_yaml_booleans_follow_yaml_1_2(text, expected):
    assert load_yaml(text.encode(), "f.yaml").data == {"a": expected}
