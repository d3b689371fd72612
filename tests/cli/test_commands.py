"""The command line through Flask's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_RUBRICS

FIXTURE_LIBRARY = (FIXTURE_RUBRICS / "library.yaml").read_text(encoding="utf-8")
ROLE = (FIXTURE_RUBRICS / "roles" / "account.yaml").read_text(encoding="utf-8")
ASSESSMENT = {
    "role": "account",
    "candidate": {"education": "higher", "sales_experience_years": 3},
    "ratings": [
        {"rater": "a", "kind": "interview", "scores": {"persuasion": 4, "listening": None}},
        {"rater": "me", "kind": "self", "scores": {"persuasion": 5}},
    ],
}


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def test_rubric_check_shipped_rubrics_summary(runner):
    result = runner.invoke(args=["rubric", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 4 files, 1 library (")
    assert "3 roles (kam, medical_rep, sales_manager)" in result.output


def test_rubric_check_lists_problems_and_exits_1(runner, tmp_path):
    (tmp_path / "library.yaml").write_text(
        FIXTURE_LIBRARY.replace("trainable: false", "trainable: maybe", 1), encoding="utf-8"
    )
    (tmp_path / "role.yaml").write_text(ROLE.replace("weight: 2}", "weight: 0}", 1), "utf-8")
    result = runner.invoke(args=["rubric", "check", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.output.replace(f"{tmp_path}/", "").splitlines()
    line = line_of(FIXTURE_LIBRARY, "trainable: false")
    assert lines == [
        f"library.yaml:{line}: competencies[0].trainable: Input should be a valid boolean, "
        "unable to "
        "interpret input (got 'maybe')",
    ]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_rubric_check_refuses_a_weight_that_is_no_number(runner, tmp_path, value):
    (tmp_path / "library.yaml").write_text(FIXTURE_LIBRARY, encoding="utf-8")
    (tmp_path / "role.yaml").write_text(
        ROLE.replace("weight: 2}", f"weight: {value}}}", 1), "utf-8"
    )
    result = runner.invoke(args=["rubric", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert "competencies[1].weight: Input should be a finite number" in result.output


def test_reliability_on_a_file_that_is_not_utf8_says_so(runner, tmp_path):
    path = tmp_path / "panel.csv"
    path.write_bytes("candidate,rater,competency,score\nÖ,a,b,3\n".encode("latin-1"))
    result = runner.invoke(args=["reliability", str(path)])
    assert result.exit_code == 2
    assert "error: the file is not UTF-8 text" in result.output
    assert "Traceback" not in result.output


def test_reliability_with_a_score_whose_square_overflows_exits_2_without_traceback(
    runner, tmp_path
):
    path = tmp_path / "panel.csv"
    path.write_text("candidate,rater,competency,score\nc1,a,b,1e200\nc1,b,b,3\n", "utf-8")
    result = runner.invoke(args=["reliability", str(path)])
    assert result.exit_code == 2
    assert "error: line 2: score '1e200' is on no rating scale" in result.output
    assert "Traceback" not in result.output


def test_reliability_with_an_infinite_threshold_exits_2_instead_of_writing_infinity(
    runner, tmp_path
):
    path = tmp_path / "panel.csv"
    path.write_text("candidate,rater,competency,score\nc1,a,b,4\nc1,b,b,3\n", "utf-8")
    result = runner.invoke(args=["reliability", str(path), "--json", "--threshold", "inf"])
    assert result.exit_code == 2
    assert result.output == "error: the leniency threshold must be positive and finite, got inf\n"


def test_rubric_check_shows_a_key_with_a_line_break_on_the_problems_line(runner, tmp_path):
    (tmp_path / "library.yaml").write_text(FIXTURE_LIBRARY + '"\\rnote": x\n', "utf-8")
    result = runner.invoke(args=["rubric", "check", str(tmp_path)])
    assert result.exit_code == 1
    line = len(FIXTURE_LIBRARY.splitlines()) + 1
    assert result.output.replace(f"{tmp_path}/", "") == (
        f"library.yaml:{line}: \\rnote: unknown key '\\rnote' (not part of the rubric format; "
        "check the spelling)\n"
    )


def test_rubric_check_names_file_and_line_for_role_problem(runner, tmp_path):
    (tmp_path / "library.yaml").write_text(FIXTURE_LIBRARY, encoding="utf-8")
    (tmp_path / "role.yaml").write_text(ROLE.replace("weight: 2}", "weight: 0}", 1), "utf-8")
    result = runner.invoke(args=["rubric", "check", str(tmp_path)])
    assert result.exit_code == 1
    line = line_of(ROLE, "weight: 2}")
    assert result.output.replace(f"{tmp_path}/", "") == (
        f"role.yaml:{line}: competencies[1].weight: weight must be positive (got 0); leave the "
        "competency out of the role instead of giving it no weight\n"
    )


def test_rubric_show_json_resolved_profile(runner):
    result = runner.invoke(args=["rubric", "show", "kam", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["key"] == "kam"
    assert data["name"]["fi"] == "Avainasiakaspäällikkö"
    first = data["competencies"][0]
    assert set(first) == {
        "key",
        "name",
        "cluster",
        "cluster_name",
        "scale",
        "weight",
        "target",
        "floor",
        "trainable",
    }
    assert [d["id"] for d in data["duties"]] == [f"2.{i}" for i in range(1, 24)]
    assert [lv["level"] for lv in data["levels"]["levels"]] == [1, 2, 3]
    assert {r["id"] for r in data["requirements"]} >= {"1.5-education", "1.5-experience"}


def test_rubric_show_text_in_finnish(runner):
    result = runner.invoke(args=["rubric", "show", "kam", "--lang", "fi"])
    assert result.exit_code == 0
    assert result.output.startswith("Avainasiakaspäällikkö (kam, version 2026.3)")


def test_rubric_show_unknown_role_exits_2(runner):
    result = runner.invoke(args=["rubric", "show", "cto"])
    assert result.exit_code == 2
    assert "error: unknown role 'cto' (known: kam, medical_rep, sales_manager)" in result.output


def test_evaluate_file_prints_result(runner, tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(ASSESSMENT), encoding="utf-8")
    result = runner.invoke(args=["evaluate", str(path), "--rubrics", str(FIXTURE_RUBRICS)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # persuasion 4 of target 4 (weight 3): attainment 1; nothing else assessed.
    assert (data["fit"], data["coverage"]) == (1.0, 0.375)
    assert data["self_gap"] == [
        {"key": "persuasion", "self": 5.0, "assessors": 4.0, "gap": 1.0, "estimate": None}
    ]
    assert "roles" not in data


def test_evaluate_stdin_with_all_roles(runner):
    result = runner.invoke(
        args=["evaluate", "-", "--all-roles", "--rubrics", str(FIXTURE_RUBRICS)],
        input=json.dumps(ASSESSMENT),
    )
    assert result.exit_code == 0, result.output
    roles = json.loads(result.output)["roles"]
    assert [(r["role"], r["fit"], r["coverage"]) for r in roles] == [
        ("account", 1.0, 0.375),
        ("clerk", None, 0.0),
    ]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{not json", "error: invalid JSON at line 1, column 2: Expecting property name"),
        (json.dumps({"role": "cto"}), "error: role: unknown role 'cto' (known: account, clerk)"),
        (
            json.dumps(
                {
                    "role": "account",
                    "ratings": [{"rater": "a", "kind": "interview", "scores": {"persuasion": 9}}],
                }
            ),
            "error: ratings[0].scores.persuasion: score 9 is outside the scale 1-5",
        ),
        (
            json.dumps(
                {
                    "role": "account",
                    "ratings": [{"rater": "a", "kind": "interview", "scores": {"charm": 3}}],
                }
            ),
            "error: ratings[0].scores.charm: unknown competency 'charm'",
        ),
        (
            json.dumps({"role": "account", "ratings": "lots"}),
            "error: ratings: Input should be a valid list",
        ),
        # found from outside: each printed a traceback or was taken for a number
        ("[" * 100_000 + "]" * 100_000, "error: the JSON nests too deeply to be an assessment"),
        (
            '{"role": "account", "candidate": {"sales_experience_years": -Infinity}}',
            "error: -Infinity is not a number JSON allows",
        ),
        (
            json.dumps(
                {
                    "role": "account",
                    "ratings": [
                        {"rater": "a", "kind": "interview", "scores": {"persuasion": True}}
                    ],
                }
            ),
            "error: ratings[0].scores.persuasion: Input should be a valid integer",
        ),
    ],
)
def test_evaluate_malformed_input_exits_2_without_traceback(runner, payload, message):
    result = runner.invoke(args=["evaluate", "-", "--rubrics", str(FIXTURE_RUBRICS)], input=payload)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_evaluate_shows_a_key_with_a_line_break_on_the_errors_line(runner):
    payload = json.dumps({**ASSESSMENT, "\r": 1, "ratings": [{"rater": "a\nb", "kind": "x"}]})
    result = runner.invoke(args=["evaluate", "-", "--rubrics", str(FIXTURE_RUBRICS)], input=payload)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: ratings[0].kind: Input should be 'interview', 'manager' or 'self'",
        "error: \\r: Extra inputs are not permitted",
    ]


def test_reliability_prints_icc_and_leniency(runner, tmp_path):
    # Shrout & Fleiss (1979) Table 2: ICC(1,1) .17, (2,1) .29, (3,1) .71, (1,4) .44,
    # (2,4) .62, (3,4) .91.
    table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    rows = ["candidate,rater,competency,score"]
    for target, scores in enumerate(table, 1):
        rows += [f"c{target},judge{j},persuasion,{s}" for j, s in enumerate(scores, 1)]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = runner.invoke(args=["reliability", str(path)])
    assert result.exit_code == 0, result.output
    out = result.output
    for name, value in [
        ("ICC(1,1)", "0.166"),
        ("ICC(2,1)", "0.290"),
        ("ICC(3,1)", "0.715"),
        ("ICC(1,4)", "0.443"),
        ("ICC(2,4)", "0.620"),
        ("ICC(3,4)", "0.909"),
    ]:
        line = next(x for x in out.splitlines() if x.startswith(name))
        assert line.endswith(value), line
    # judge1 minus the mean of the other three, per target: +4, +4, +2, +4, +10/3, +5/3;
    # mean 19/6 = +3.17.
    judge1 = next(x for x in out.splitlines() if x.startswith("judge1"))
    assert judge1.split()[1:] == ["6", "+3.17", "lenient"]


def test_reliability_bad_csv_exits_2(runner, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("candidate,rater,competency,score\nc1,a,persuasion,abc\n", encoding="utf-8")
    result = runner.invoke(args=["reliability", str(path)])
    assert result.exit_code == 2
    assert "error: line 2: score 'abc' is not a number" in result.output


def test_console_script_help_lists_commands():
    import subprocess
    import sys

    script = Path(sys.executable).parent / "hiring"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True)
    for command in ("rubric", "evaluate", "reliability", "run", "routes"):
        assert f"  {command}" in result.stdout


def test_user_create_then_login(runner, app):
    from hiring.services.accounts import authenticate

    result = runner.invoke(
        args=[
            "user",
            "create",
            "Boss@Example.com",
            "--role",
            "admin",
            "--password",
            "long password 1",
        ]
    )
    assert result.exit_code == 0, result.output
    assert result.output == "created admin boss@example.com\n"
    assert authenticate("boss@example.com", "long password 1") is not None
    again = runner.invoke(
        args=[
            "user",
            "create",
            "boss@example.com",
            "--role",
            "admin",
            "--password",
            "long password 1",
        ]
    )
    assert again.exit_code == 2
    assert "error: A user with this email already exists." in again.output


def test_app_refuses_to_start_with_invalid_rubric(tmp_path):
    from hiring.app import create_app
    from hiring.domain.catalogue import RubricError

    (tmp_path / "library.yaml").write_text(FIXTURE_LIBRARY, encoding="utf-8")
    (tmp_path / "role.yaml").write_text(ROLE.replace("weight: 2}", "weight: -1}", 1), "utf-8")
    with pytest.raises(RubricError) as caught:
        create_app({"TESTING": True, "RUBRICS_DIR": str(tmp_path), "SECRET_KEY": "x"})
    line = line_of(ROLE, "weight: 2}")
    assert str(caught.value).startswith(f"{tmp_path}/role.yaml:{line}: competencies[1].weight:")


def test_console_script_reports_rubric_problem_instead_of_starting(tmp_path):
    import os
    import subprocess
    import sys

    (tmp_path / "library.yaml").write_text(FIXTURE_LIBRARY, encoding="utf-8")
    (tmp_path / "role.yaml").write_text(ROLE.replace("weight: 2}", "weight: -1}", 1), "utf-8")
    script = Path(sys.executable).parent / "hiring"
    env = {
        **os.environ,
        "HIRING_RUBRICS_DIR": str(tmp_path),
        "HIRING_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}",
    }
    result = subprocess.run([str(script), "routes"], capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert f"{tmp_path}/role.yaml:{line_of(ROLE, 'weight: 2}')}: competencies[1].weight" in (
        result.stderr
    )
    assert "the app cannot start until these rubric problems are fixed" in result.stderr


NESTED = """candidate,rater,competency,score
c1,A,persuasion,4
c1,B,persuasion,5
c2,B,persuasion,2
c2,C,persuasion,3
c2,D,persuasion,2
c3,A,persuasion,5
c3,D,persuasion,5
"""


def test_reliability_of_a_real_panel_with_different_raters_per_candidate(runner, tmp_path):
    """No candidate was seen by every interviewer, so the two-way ICCs cannot be computed;
    the one-way ICC and Krippendorff's alpha still can (the hand-computed case of
    tests/domain/test_agreement.py)."""
    path = tmp_path / "nested.csv"
    path.write_text(NESTED, encoding="utf-8")
    result = runner.invoke(args=["reliability", str(path)])
    assert result.exit_code == 0, result.output
    assert "ICC: not computed: only 0 item(s) scored by all 4 raters" in result.output
    row = next(x for x in result.output.splitlines() if x.startswith("persuasion"))
    assert row.split()[:5] == ["persuasion", "3", "7", "0.879", "0.943"]
    as_json = runner.invoke(args=["reliability", str(path), "--json"])
    data = json.loads(as_json.output)
    competency = data["agreement"]["by_competency"]["persuasion"]
    assert competency["icc"]["icc1_1"] == 0.8789
    assert competency["alpha"]["interval"]["units"] == 3
    assert data["agreement"]["warning"] is None
    assert data["overall"] is None


def test_validity_prints_the_figures_and_json(runner, app):
    """``hiring validity``: the page's figures as a table or JSON, aggregates only."""
    import json

    from tests.services.test_validity import World, _constructed

    _constructed(World(), 12)
    result = runner.invoke(args=["validity", "--as-of", "2027-06-01"])
    assert result.exit_code == 0, result.output
    assert "12 hire(s) with a stored result, the outcome known for 12" in result.output
    assert "Persuasion" in result.output
    assert "r = +" in result.output
    assert "Aino Arvioija" in result.output  # the operator sees each interviewer's figure
    data = json.loads(
        runner.invoke(
            args=["validity", "--outcome", "retained_6m", "--months", "6", "--json",
                  "--as-of", "2027-06-01"]
        ).output
    )  # fmt: skip
    assert (data["outcome"], data["months"], data["with_outcome"]) == ("retained_6m", 6, 12)
    fit = next(p for p in data["predictors"] if p["predictor"] == "fit")
    assert (fit["r"], fit["reason"]) == (None, "no_spread")  # everyone stayed
    assert "Hire 1" not in json.dumps(data)  # no person named
    few = runner.invoke(args=["validity", "--as-of", "2025-01-01"])
    assert "too few hires to say" in few.output or "the outcome known for 0" in few.output
    bad = runner.invoke(args=["validity", "--outcome", "happiness"])
    assert bad.exit_code == 2
    assert "Traceback" not in bad.output


def test_debrief_show_and_record(runner, app):
    """``hiring debrief``: the agenda as text or JSON, and notes recorded in a recruiter's
    name through the page's checks."""
    import json

    from hiring.extensions import db
    from hiring.models import DebriefNote
    from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

    recruiter = make_user("recruiter", name="Riikka Rekrytoija", email="r@example.test")
    first = make_user("interviewer", name="Ilkka Ensimmäinen")
    second = make_user("interviewer", name="Outi Toinen")
    candidate = make_candidate(make_opening(recruiter), name="Marina Myyjä")
    interview = make_interview(candidate, [first, second], recruiter, ["persuasion", "listening"])
    fill(interview, first, {"persuasion": 1, "listening": 4}, notes={"persuasion": "Scripted."})
    waiting = runner.invoke(args=["debrief", "show", str(candidate.id)])
    assert waiting.exit_code == 1
    assert "still to submit: Outi Toinen" in waiting.output
    assert "Scripted." not in waiting.output
    fill(interview, second, {"persuasion": 5, "listening": 4})
    shown = runner.invoke(args=["debrief", "show", str(candidate.id)])
    assert shown.exit_code == 0, shown.output
    text = shown.output
    assert (
        text.index("The panel disagrees on 1")
        < text.index("Persuasion")
        < text.index("Where the panel agrees")
    )
    assert "Ilkka Ensimmäinen · Competency interview: 1  Scripted." in text
    recorded = runner.invoke(
        args=["debrief", "record", str(candidate.id), "--by", "r@example.test",
              "--note", "persuasion=Convincing with people, not with a script.",
              "--summary", "Advance to the case."]
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    assert "recorded 2 note(s)" in recorded.output
    notes = db.session.execute(db.select(DebriefNote)).scalars().all()
    assert {(n.competency_key, n.written_by_id) for n in notes} == {
        ("persuasion", recruiter.id), (None, recruiter.id),
    }  # fmt: skip
    data = json.loads(runner.invoke(args=["debrief", "show", str(candidate.id), "--json"]).output)
    assert data["disputed"][0]["consensus"]["text"] == "Convincing with people, not with a script."
    assert data["summary"]["by"] == "Riikka Rekrytoija"
    for args, message in (
        (["--by", "nobody@example.test", "--summary", "x"], "not an active recruiter"),
        (["--by", first.email, "--summary", "x"], "not an active recruiter"),
        (["--by", "r@example.test", "--note", "persuasion"], "write KEY=TEXT"),
        (["--by", "r@example.test", "--note", "juggling=x"], "Not a competency of this profile"),
        (["--by", "r@example.test", "--summary", "Advance to the case."], "Nothing new"),
    ):
        refused = runner.invoke(args=["debrief", "record", str(candidate.id), *args])
        assert refused.exit_code == 2, args
        assert message in refused.output
        assert "Traceback" not in refused.output
    assert len(db.session.execute(db.select(DebriefNote)).scalars().all()) == 2
    # a note recorded after the one the operator read refuses theirs
    stale = runner.invoke(
        args=["debrief", "record", str(candidate.id), "--by", "r@example.test",
              "--summary", "Reject after all.", "--seen", "1"]
    )  # fmt: skip
    assert stale.exit_code == 2
    assert "someone recorded a note on the same subject after note 1" in stale.output
    assert len(db.session.execute(db.select(DebriefNote)).scalars().all()) == 2
    assert runner.invoke(args=["debrief", "show", "999"]).exit_code == 2
