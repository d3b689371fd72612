"""Tests for hiring.domain.reliability: ICCs, rater leniency, panel reliability, CSV import."""

from __future__ import annotations

import re

import pytest

from hiring.domain.reliability import (
    PanelReliability,
    PanelScore,
    RaterLeniency,
    ReliabilityError,
    icc,
    panel_reliability,
    rater_leniency,
)
from hiring.domain.reliability_csv import read_long_csv

# Shrout & Fleiss (1979), Table 2: 6 targets (rows) rated by 4 judges (columns).
SHROUT_FLEISS_TABLE_2 = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

ICC_FIELDS = ("icc1_1", "icc2_1", "icc3_1", "icc1_k", "icc2_k", "icc3_k")


# --- icc -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "published"),
    [("bms", 11.24), ("wms", 6.26), ("jms", 32.49), ("ems", 1.02)],
)
def test_icc_shrout_fleiss_table2_mean_squares(field: str, published: float) -> None:
    result = icc(SHROUT_FLEISS_TABLE_2)
    assert getattr(result, field) == pytest.approx(published, abs=0.005)


@pytest.mark.parametrize(
    ("field", "published"),
    [
        ("icc1_1", 0.17),
        ("icc2_1", 0.29),
        ("icc3_1", 0.71),
        ("icc1_k", 0.44),
        ("icc2_k", 0.62),
        ("icc3_k", 0.91),
    ],
)
def test_icc_shrout_fleiss_table2_coefficients(field: str, published: float) -> None:
    result = icc(SHROUT_FLEISS_TABLE_2)
    assert (result.n, result.k) == (6, 4)
    assert getattr(result, field) == pytest.approx(published, abs=0.005)


def test_icc_hand_computed_3x2_exact() -> None:
    """A 3 x 2 matrix small enough to do by hand; every value is an exact fraction.

    matrix = [[1, 3], [4, 4], [7, 8]], n = 3 targets, k = 2 judges
    grand mean = (1 + 3 + 4 + 4 + 7 + 8) / 6 = 27 / 6 = 4.5
    row means  = 2, 4, 7.5          column means = (1 + 4 + 7) / 3 = 4, (3 + 4 + 8) / 3 = 5

    SS targets = k * sum (row mean - grand)^2 = 2 * (6.25 + 0.25 + 9) = 31
    SS judges  = n * sum (col mean - grand)^2 = 3 * (0.25 + 0.25)     = 1.5
    SS within  = sum (x - row mean)^2 = (1 + 1) + (0 + 0) + (0.25 + 0.25) = 2.5
    SS residual = SS within - SS judges = 2.5 - 1.5 = 1

    BMS = 31 / (n - 1)            = 31 / 2  = 15.5
    WMS = 2.5 / (n (k - 1))       = 2.5 / 3 = 5/6
    JMS = 1.5 / (k - 1)           = 1.5 / 1 = 1.5
    EMS = 1 / ((n - 1)(k - 1))    = 1 / 2   = 0.5

    ICC(1,1) = (15.5 - 5/6) / (15.5 + 5/6)                 = (88/6) / (98/6) = 44/49
    ICC(2,1) = (15.5 - 0.5) / (15.5 + 0.5 + 2 (1.5 - 0.5)/3) = 15 / (50/3)    = 9/10
    ICC(3,1) = (15.5 - 0.5) / (15.5 + 0.5)                 = 15 / 16
    ICC(1,k) = (15.5 - 5/6) / 15.5                         = (88/6) / (31/2) = 88/93
    ICC(2,k) = (15.5 - 0.5) / (15.5 + (1.5 - 0.5)/3)       = 15 / (95/6)     = 18/19
    ICC(3,k) = (15.5 - 0.5) / 15.5                         = 30/31
    """
    result = icc([[1, 3], [4, 4], [7, 8]])
    assert result.as_dict() == pytest.approx(
        {
            "n": 3,
            "k": 2,
            "bms": 15.5,
            "wms": 5 / 6,
            "jms": 1.5,
            "ems": 0.5,
            "icc1_1": 44 / 49,
            "icc2_1": 9 / 10,
            "icc3_1": 15 / 16,
            "icc1_k": 88 / 93,
            "icc2_k": 18 / 19,
            "icc3_k": 30 / 31,
        },
        rel=1e-12,
    )


def test_icc_shifted_scores_unchanged() -> None:
    """Adding a constant to every score moves no mean square, so no coefficient moves."""
    shifted = [[x + 10 for x in row] for row in SHROUT_FLEISS_TABLE_2]
    assert icc(shifted).as_dict() == pytest.approx(icc(SHROUT_FLEISS_TABLE_2).as_dict())


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([], "at least 2 targets"),
        ([[1, 2, 3]], "at least 2 targets"),
        ([[1], [2], [3]], "at least 2 raters"),
        ([[1, 2], [3]], "row 2 has 1 scores, row 1 has 2: the matrix must be rectangular"),
        ([[1, 2], [3, 4, 5]], "row 2 has 3 scores"),
        ([[1, 2], [3, None]], "row 2, column 2: None is not a number"),
        ([[1, float("nan")], [3, 4]], "row 1, column 2: nan is not a number"),
        ([[1, "2"], [3, 4]], "row 1, column 2: '2' is not a number"),
        ([[1, True], [3, 4]], "row 1, column 2: True is not a number"),
    ],
)
def test_icc_invalid_matrix_raises(matrix: list[list[object]], message: str) -> None:
    with pytest.raises(ReliabilityError, match=re.escape(message)):
        icc(matrix)  # type: ignore[arg-type]


def test_icc_reliability_error_is_value_error() -> None:
    assert issubclass(ReliabilityError, ValueError)


@pytest.mark.parametrize(
    "matrix",
    [
        [[3, 3, 3], [3, 3, 3]],
        [[0, 0], [0, 0], [0, 0]],
        # 0.1 is not exact in binary: the means carry rounding residue, the result must not.
        [[0.1, 0.1, 0.1]] * 4,
    ],
)
def test_icc_all_equal_scores_values_none(matrix: list[list[float]]) -> None:
    result = icc(matrix)
    assert all(getattr(result, name) is None for name in ICC_FIELDS)
    assert result.bms == pytest.approx(0.0, abs=1e-30)
    assert result.ems == pytest.approx(0.0, abs=1e-30)


def test_icc_zero_between_target_variance_only_k_and_3_none() -> None:
    """[[1, 2], [2, 1]]: both row means are 1.5, so BMS = 0 and ICC(1,k), ICC(3,k) divide by 0.

    JMS = 0, WMS = (0.25 * 4) / 2 = 0.5, EMS = 1 / 1 = 1.
    ICC(1,1) = (0 - 0.5) / (0 + 0.5) = -1; ICC(3,1) = (0 - 1) / (0 + 1) = -1;
    ICC(2,1) denominator = 0 + 1 + 2 (0 - 1) / 2 = 0 -> None;
    ICC(2,k) = (0 - 1) / (0 + (0 - 1) / 2) = 2.
    """
    result = icc([[1, 2], [2, 1]])
    assert (result.icc1_1, result.icc2_1, result.icc3_1) == (-1.0, None, -1.0)
    assert (result.icc1_k, result.icc2_k, result.icc3_k) == (None, 2.0, None)


def test_icc_as_dict_plain_unrounded() -> None:
    result = icc(SHROUT_FLEISS_TABLE_2)
    data = result.as_dict()
    assert list(data) == [
        "n",
        "k",
        "bms",
        "wms",
        "jms",
        "ems",
        *ICC_FIELDS,
    ]
    assert data["bms"] == result.bms
    assert data["icc2_1"] == result.icc2_1
    assert icc([[2, 2], [2, 2]]).as_dict()["icc3_k"] is None


def test_icc_result_frozen() -> None:
    result = icc(SHROUT_FLEISS_TABLE_2)
    with pytest.raises(AttributeError):
        result.n = 7  # type: ignore[misc]


# --- rater_leniency ------------------------------------------------------------------------

# Raters B and C agree on every item; A always gives one point more. D scores a third
# candidate nobody else saw.
BASE_SCORES = {
    ("c1", "negotiation"): 3,
    ("c1", "listening"): 2,
    ("c2", "negotiation"): 4,
    ("c2", "listening"): 3,
}
PANEL = [
    *(PanelScore(cand, "A", comp, score + 1) for (cand, comp), score in BASE_SCORES.items()),
    *(PanelScore(cand, "B", comp, score) for (cand, comp), score in BASE_SCORES.items()),
    *(PanelScore(cand, "C", comp, score) for (cand, comp), score in BASE_SCORES.items()),
    PanelScore("c3", "D", "negotiation", 5),
]


def test_rater_leniency_one_rater_always_one_point_higher() -> None:
    # A on every item: (b + 1) - mean(b, b)     = +1
    # B on every item: b - mean(b + 1, b)       = -0.5 (= -threshold: severe, inclusive)
    # C likewise -0.5. D shares no item.
    assert rater_leniency(PANEL) == [
        RaterLeniency("A", 4, pytest.approx(1.0), "lenient"),
        RaterLeniency("B", 4, pytest.approx(-0.5), "severe"),
        RaterLeniency("C", 4, pytest.approx(-0.5), "severe"),
        RaterLeniency("D", 0, None, "not enough data"),
    ]


@pytest.mark.parametrize(
    ("threshold", "tendencies"),
    [
        (0.5, ["lenient", "severe", "severe", "not enough data"]),
        (0.6, ["lenient", "in line", "in line", "not enough data"]),
        (1.0, ["lenient", "in line", "in line", "not enough data"]),
        (1.1, ["in line", "in line", "in line", "not enough data"]),
    ],
)
def test_rater_leniency_threshold_inclusive(threshold: float, tendencies: list[str]) -> None:
    assert [r.tendency for r in rater_leniency(PANEL, threshold=threshold)] == tendencies


def test_rater_leniency_leave_one_out_uneven_coverage() -> None:
    ratings = [
        PanelScore("c1", "A", "x", 4),
        PanelScore("c1", "B", "x", 3),
        PanelScore("c1", "C", "x", 2),
        PanelScore("c2", "A", "x", 5),
        PanelScore("c2", "B", "x", 3),
    ]
    # A: c1 4 - mean(3, 2) = 1.5; c2 5 - 3 = 2      -> mean 1.75 over 2 items
    # B: c1 3 - mean(4, 2) = 0;   c2 3 - 5 = -2     -> mean -1.0 over 2 items
    # C: c1 2 - mean(4, 3) = -1.5                   -> mean -1.5 over 1 item
    assert rater_leniency(ratings) == [
        RaterLeniency("A", 2, pytest.approx(1.75), "lenient"),
        RaterLeniency("B", 2, pytest.approx(-1.0), "severe"),
        RaterLeniency("C", 1, pytest.approx(-1.5), "severe"),
    ]


def test_rater_leniency_small_deviation_in_line() -> None:
    ratings = [PanelScore("c1", "A", "x", 3.2), PanelScore("c1", "B", "x", 3.0)]
    assert [(r.mean_deviation, r.tendency) for r in rater_leniency(ratings)] == [
        (pytest.approx(0.2), "in line"),
        (pytest.approx(-0.2), "in line"),
    ]


def test_rater_leniency_empty_input_empty_list() -> None:
    assert rater_leniency([]) == []


def test_rater_leniency_duplicate_row_raises() -> None:
    ratings = [PanelScore("c1", "A", "x", 4), PanelScore("c1", "A", "x", 5)]
    with pytest.raises(
        ReliabilityError, match="candidate 'c1', rater 'A', competency 'x' is scored more than"
    ):
        rater_leniency(ratings)


@pytest.mark.parametrize("threshold", [0.0, -0.5, float("nan"), float("inf")])
def test_rater_leniency_nonpositive_or_infinite_threshold_raises(threshold: float) -> None:
    with pytest.raises(ReliabilityError, match="threshold must be positive"):
        rater_leniency(PANEL, threshold=threshold)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (("", "A", "x", 3), "needs a candidate"),
        (("c1", "", "x", 3), "needs a rater"),
        (("c1", "A", "", 3), "needs a competency"),
        (("c1", "A", "x", float("inf")), "score inf is not a number"),
        (("c1", "A", "x", None), "score None is not a number"),
    ],
)
def test_rating_invalid_raises(fields: tuple[object, ...], message: str) -> None:
    with pytest.raises(ReliabilityError, match=message):
        PanelScore(*fields)  # type: ignore[arg-type]


# --- panel_reliability ---------------------------------------------------------------------

# R1..R3 score negotiation for c1..c3 completely; communication is complete only for c1
# (c2 lacks R3, c3 lacks R2): 4 complete items, 2 dropped.
PANEL_SCORES = {
    ("c1", "negotiation"): {"R1": 4, "R2": 5, "R3": 4},
    ("c2", "negotiation"): {"R1": 2, "R2": 3, "R3": 2},
    ("c3", "negotiation"): {"R1": 3, "R2": 3, "R3": 1},
    ("c1", "communication"): {"R1": 5, "R2": 4, "R3": 4},
    ("c2", "communication"): {"R1": 3, "R2": 2},
    ("c3", "communication"): {"R1": 1, "R3": 2},
}
PANEL_RATINGS = [
    PanelScore(cand, rater, comp, score)
    for (cand, comp), scores in PANEL_SCORES.items()
    for rater, score in scores.items()
]


def test_panel_reliability_drops_incomplete_items() -> None:
    result = panel_reliability(PANEL_RATINGS)
    assert result.raters == ("R1", "R2", "R3")
    assert (result.complete_items, result.dropped_items) == (4, 2)
    assert result.note is None
    # Rows in (candidate, competency) order; ICCs do not depend on row order anyway.
    expected = icc([[5, 4, 4], [4, 5, 4], [2, 3, 2], [3, 3, 1]])
    assert result.overall is not None
    assert result.overall.as_dict() == pytest.approx(expected.as_dict())


def test_panel_reliability_by_competency_none_when_fewer_than_two_complete_targets() -> None:
    result = panel_reliability(PANEL_RATINGS)
    assert list(result.by_competency) == ["communication", "negotiation"]
    assert result.by_competency["communication"] is None
    negotiation = result.by_competency["negotiation"]
    assert negotiation is not None
    assert negotiation.as_dict() == pytest.approx(icc([[4, 5, 4], [2, 3, 2], [3, 3, 1]]).as_dict())


def test_panel_reliability_leniency_uses_incomplete_items_too() -> None:
    result = panel_reliability(PANEL_RATINGS)
    assert result.leniency == rater_leniency(PANEL_RATINGS)
    assert [entry.items for entry in result.leniency] == [6, 5, 5]


def test_panel_reliability_competency_filter() -> None:
    result = panel_reliability(PANEL_RATINGS, competency="negotiation")
    assert result.competency == "negotiation"
    assert (result.complete_items, result.dropped_items) == (3, 0)
    assert list(result.by_competency) == ["negotiation"]
    assert result.overall is not None
    assert result.overall.as_dict() == pytest.approx(
        icc([[4, 5, 4], [2, 3, 2], [3, 3, 1]]).as_dict()
    )
    assert [entry.items for entry in result.leniency] == [3, 3, 3]


@pytest.mark.parametrize(
    ("ratings", "competency", "note"),
    [
        ([], None, "no ratings"),
        (PANEL_RATINGS, "closing", "no ratings for competency 'closing'"),
        (
            [PanelScore("c1", "R1", "x", 3), PanelScore("c2", "R1", "x", 4)],
            None,
            "only 1 rater (R1); an ICC needs at least 2",
        ),
        (
            [
                PanelScore("c1", "R1", "x", 3),
                PanelScore("c1", "R2", "x", 4),
                PanelScore("c2", "R1", "x", 4),
            ],
            None,
            "only 1 item(s) scored by all 2 raters; an ICC needs at least 2",
        ),
    ],
)
def test_panel_reliability_overall_none_with_note(
    ratings: list[PanelScore], competency: str | None, note: str
) -> None:
    result = panel_reliability(ratings, competency=competency)
    assert result.overall is None
    assert result.note == note
    assert all(value is None for value in result.by_competency.values())


def test_panel_reliability_duplicate_row_raises() -> None:
    with pytest.raises(ReliabilityError, match="duplicate rating"):
        panel_reliability([*PANEL_RATINGS, PanelScore("c1", "R1", "negotiation", 1)])


def test_panel_reliability_as_dict_json_ready() -> None:
    result = panel_reliability(PANEL_RATINGS)
    data = result.as_dict()
    assert isinstance(result, PanelReliability)
    assert data["raters"] == ["R1", "R2", "R3"]
    assert data["by_competency"] == {
        "communication": None,
        "negotiation": result.by_competency["negotiation"].as_dict(),  # type: ignore[union-attr]
    }
    assert data["overall"] == result.overall.as_dict()  # type: ignore[union-attr]
    assert data["leniency"][0] == {  # type: ignore[index]
        "rater": "R1",
        "items": 6,
        "mean_deviation": result.leniency[0].mean_deviation,
        "tendency": result.leniency[0].tendency,
    }
    assert (data["note"], data["dropped_items"], data["threshold"]) == (None, 2, 0.5)


# --- read_long_csv -------------------------------------------------------------------------

EXPECTED_CSV_RATINGS = [
    PanelScore("Anna", "R1", "negotiation", 4.0),
    PanelScore("Anna", "R2", "negotiation", 3.5),
    PanelScore("Ben", "R1", "listening", 2.0),
]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "candidate,rater,competency,score\n"
            "Anna,R1,negotiation,4\n"
            "Anna,R2,negotiation,3.5\n"
            "Ben,R1,listening,2\n",
            id="comma",
        ),
        pytest.param(
            "candidate;rater;competency;score\n"
            "Anna;R1;negotiation;4\n"
            "Anna;R2;negotiation;3,5\n"
            "Ben;R1;listening;2\n",
            id="semicolon-decimal-comma",
        ),
        pytest.param(
            " Score ;RATER; Candidate;Competency \r\n"
            "4;R1;Anna;negotiation\r\n"
            "3.5;R2;Anna;negotiation\r\n"
            "2;R1;Ben;listening\r\n",
            id="semicolon-header-case-whitespace-order-crlf",
        ),
        pytest.param(
            "\ufeffCANDIDATE, Rater ,competency,score\n"
            "\n"
            '"Anna", R1 ,negotiation, 4 \n'
            "Anna,R2,negotiation,3.5\n"
            "Ben,R1,listening,2\n"
            ",,,\n",
            id="bom-blank-lines-quotes-padding",
        ),
        pytest.param(
            "candidate,rater,competency,score\n"
            "Anna,R1,negotiation,4\n"
            "Anna,R3,negotiation,\n"
            "Anna,R2,negotiation,3.5\n"
            "Ben,R2,listening,  \n"
            "Ben,R1,listening,2\n",
            id="blank-score-skipped",
        ),
    ],
)
def test_read_long_csv_valid(text: str) -> None:
    assert read_long_csv(text) == EXPECTED_CSV_RATINGS


def test_read_long_csv_header_only_empty_list() -> None:
    assert read_long_csv("candidate,rater,competency,score\n") == []


GOOD_ROWS = "candidate,rater,competency,score\nA,R1,x,1\nA,R2,x,2\nB,R1,x,3\nB,R2,x,4\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("", "line 1: no header row; expected candidate, rater, competency, score"),
        pytest.param(
            "candidate,rater,score\nA,R1,3\n",
            "line 1: missing column 'competency'",
            id="missing-column",
        ),
        pytest.param(
            "candidate,rater,competency,score,notes\n",
            "line 1: unexpected column 'notes'; expected candidate, rater, competency, score",
            id="extra-column",
        ),
        pytest.param(
            "\ncandidate,rater,rater,score\n",
            "line 2: column 'rater' appears more than once",
            id="repeated-column",
        ),
        pytest.param(
            GOOD_ROWS + "C,R1,x,5\nC,R2,x,abc\n",
            "line 7: score 'abc' is not a number",
            id="non-numeric-score",
        ),
        pytest.param(
            "candidate,rater,competency,score\nA,R1,x,nan\n",
            "line 2: score 'nan' is not a number",
            id="nan-score",
        ),
        pytest.param(
            "candidate,rater,competency,score\nA,R1,x,1e200\nA,R2,x,2e200\n",
            "line 2: score '1e200' is on no rating scale (from -1000000 to 1000000 at most)",
            id="score-whose-square-overflows",
        ),
        pytest.param(
            "candidate,rater,competency,score\nA,R1,x,1\nA,R2,3\n",
            "line 3: expected 4 fields, got 3",
            id="too-few-fields",
        ),
        pytest.param(
            "candidate,rater,competency,score\nA,R1,x,3,5\n",
            "line 2: expected 4 fields, got 5",
            id="decimal-comma-with-comma-delimiter",
        ),
        pytest.param(
            "candidate;rater;competency;score\n\nA;;x;3\n",
            "line 3: rater is empty",
            id="empty-rater-after-blank-line",
        ),
        pytest.param(
            'candidate,rater,competency,score\n"A\nB",R1,x,1\nC,R1,x,oops\n',
            "line 4: score 'oops' is not a number",
            id="multiline-quoted-field",
        ),
        pytest.param(
            GOOD_ROWS + "A,R1,x,5\n",
            "line 6: candidate 'A', rater 'R1', competency 'x' is already scored on line 2",
            id="duplicate-row",
        ),
    ],
)
def test_read_long_csv_error_names_line(text: str, message: str) -> None:
    with pytest.raises(ReliabilityError) as excinfo:
        read_long_csv(text)
    assert str(excinfo.value) == message


def test_read_long_csv_malformed_csv_names_line() -> None:
    huge = "x" * 200_000  # beyond csv.field_size_limit()
    text = f"candidate,rater,competency,score\nA,R1,x,1\n{huge},R1,x,2\n"
    with pytest.raises(ReliabilityError, match=r"^line 3: malformed CSV \(field larger"):
        read_long_csv(text)


def test_read_long_csv_feeds_panel_reliability() -> None:
    ratings = read_long_csv(GOOD_ROWS)
    result = panel_reliability(ratings)
    assert (result.complete_items, result.dropped_items) == (2, 0)
    assert result.overall == icc([[1, 2], [3, 4]])
