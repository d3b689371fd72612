"""``hiring evaluate`` and ``hiring reliability`` with generated input: mutations of a valid
assessment's JSON, JSON of any shape, panels' score files of every kind. A result, or a clear
error and exit code 2; never a traceback."""

from __future__ import annotations

import json
import math

from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from hiring.cli.rubrics import evaluate_command, reliability_command
from tests.cli.test_commands import ASSESSMENT
from tests.conftest import FIXTURE_RUBRICS
from tests.property.documents import mutated_text, mutated_tree
from tests.property.spreadsheets import panel_files
from tests.property.strategies import number_text
from tests.property.web import examples

BASE = {
    **ASSESSMENT,
    "candidate": {
        "education": "higher",
        "sales_experience_years": 3,
        "kam_experience_years": 1.5,
        "languages": ["fi", "en"],
        "evidence": {"long_term_clients": 4, "repeat_transactions": 10, "sales_growth_pct": 5},
    },
    "self_assessment": {"answers": {"statement.persuasion.1": 4}},
}
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)


def no_constant(name: str) -> None:
    raise AssertionError(f"{name} in the output: JSON has no such number")


CLICK_USAGE = ("Usage: ", "Try ", "Error: ")
"""The lines of click's own answer to an option it cannot take (``--threshold abc``)."""


def ran_cleanly(result: Result) -> None:
    """Exit 0, or 2 with every line an ``error: ...`` (or click's usage message); never a
    traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), (result.exit_code, result.output)
    if result.exit_code == 2:
        lines = [line for line in result.stderr.splitlines() if line]
        assert lines, result.output
        ours = all(line.startswith("error: ") for line in lines)
        clicks = all(line.startswith(CLICK_USAGE) for line in lines)
        assert ours or clicks, result.stderr


@st.composite
def assessments(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["tree", "tree", "tree", "text", "any"]))
    data = draw(JSON_VALUES) if kind == "any" else draw(mutated_tree(BASE))
    text = json.dumps(data, ensure_ascii=draw(st.booleans()))  # NaN and Infinity as Python writes
    if kind == "text":
        return draw(mutated_text(text))
    return text.encode("utf-8", errors="surrogatepass")


@examples(120)
@given(content=assessments(), all_roles=st.booleans())
def test_evaluate_gives_a_result_or_a_clear_error(tmp_path, content, all_roles):
    path = tmp_path / "assessment.json"
    path.write_bytes(content)
    args = [str(path), "--rubrics", str(FIXTURE_RUBRICS), *(["--all-roles"] if all_roles else [])]
    result = CliRunner().invoke(evaluate_command, args)
    ran_cleanly(result)
    if result.exit_code == 0:
        output = json.loads(result.stdout, parse_constant=no_constant)
        assert all(not isinstance(v, float) or math.isfinite(v) for v in _leaves(output))


def _leaves(node: object):
    if isinstance(node, dict):
        for value in node.values():
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)
    else:
        yield node


@examples(200)
@given(
    content=panel_files(),
    as_json=st.booleans(),
    threshold=st.one_of(
        st.none(), st.sampled_from(["0.5", "1", "0", "-1", "nan", "inf"]), number_text()
    ),
)
def test_reliability_gives_a_result_or_a_clear_error(tmp_path, content, as_json, threshold):
    path = tmp_path / "panel.csv"
    path.write_bytes(content)
    args = [str(path), *(["--json"] if as_json else [])]
    if threshold is not None:
        args += ["--threshold", threshold]
    result = CliRunner().invoke(reliability_command, args)
    ran_cleanly(result)
    if result.exit_code == 0 and as_json:
        json.loads(result.stdout, parse_constant=no_constant)
