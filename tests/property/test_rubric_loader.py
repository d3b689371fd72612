"""The rubric loader with generated files: mutations of the test rubrics and of a shipped role
profile, and bytes of any kind. Every problem is reported as ``file:line: ...`` and
``hiring rubric check`` exits 0 or 1, never with a traceback."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from hiring.cli.rubrics import rubric_cli
from hiring.domain.catalogue import check_rubrics
from hiring.domain.yaml_source import YamlSourceError, load_yaml
from tests.conftest import FIXTURE_RUBRICS, SHIPPED_RUBRICS
from tests.property.documents import mutated_text, mutated_tree
from tests.property.strategies import ANY_CHARACTER
from tests.property.web import examples

FIXTURE_FILES = {
    "library.yaml": FIXTURE_RUBRICS / "library.yaml",
    "roles/account.yaml": FIXTURE_RUBRICS / "roles" / "account.yaml",
}
SHIPPED_ROLES = ["sales_manager.yaml", "medical_rep.yaml"]
PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+): \S")


@cache
def source(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@cache
def tree(path: Path) -> object:
    return yaml.safe_load(source(path))


@st.composite
def mutated(draw: st.DrawFn, path: Path) -> bytes:
    """The file with its data changed (written out again as YAML) or its text changed."""
    if draw(st.booleans()):
        data = draw(mutated_tree(tree(path)))
        flow = draw(st.sampled_from([False, None, True]))
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=flow)
        return text.encode("utf-8", errors="surrogatepass")
    return draw(mutated_text(source(path)))


YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def lines_of(data: bytes) -> int:
    """The file's lines, as YAML counts them (a carriage return alone ends a line too)."""
    text = data.decode("utf-8", errors="replace")
    return max(data.count(b"\n"), len(YAML_LINE_BREAK.findall(text))) + 1


def assert_problems_say_where(output: str, files: dict[str, bytes]) -> None:
    for text in output.splitlines():
        found = PROBLEM.match(text)
        assert found, f"not file:line: {text!r}"
        path, line = found["path"], int(found["line"])
        assert path in files, f"{text!r} names no file that was checked"
        assert 0 <= line <= lines_of(files[path]), f"{text!r}: past the end of the file"


@examples(120)
@given(which=st.sampled_from(sorted(FIXTURE_FILES)), data=st.data())
def test_rubric_check_reports_file_and_line_or_ok(tmp_path, which, data):
    content = data.draw(mutated(FIXTURE_FILES[which]))
    files = {}
    for name, original in FIXTURE_FILES.items():
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content if name == which else original.read_bytes())
        files[str(path)] = path.read_bytes()
    result = CliRunner().invoke(rubric_cli, ["check", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        assert result.output.startswith("ok: 2 files, 1 library ("), result.output
    else:
        assert result.output
        assert_problems_say_where(result.output, files)


@examples(80)
@given(name=st.sampled_from(SHIPPED_ROLES), data=st.data())
def test_a_mutated_shipped_role_profile_gives_file_and_line(tmp_path, name, data):
    content = data.draw(mutated(SHIPPED_RUBRICS / "roles" / name))
    path = tmp_path / name
    path.write_bytes(content)
    catalogue, problems = check_rubrics([path])
    # alone, without its library, a role profile that is otherwise fine says so
    assert catalogue is None
    assert problems
    assert_problems_say_where("\n".join(map(str, problems)), {str(path): content})


@examples(300)
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.text(
            st.one_of(ANY_CHARACTER, st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\n\t "))),
            max_size=300,
        ).map(lambda text: text.encode("utf-8")),
    )
)
def test_any_bytes_load_as_a_mapping_or_a_source_error(content):
    try:
        document = load_yaml(content, "any.yaml")
    except YamlSourceError as error:
        problems = str(error)
    else:
        problems = ""
        assert isinstance(document.data, dict)
    assert_problems_say_where(problems, {"any.yaml": content})
