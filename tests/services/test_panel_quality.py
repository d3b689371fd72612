"""Panel quality computed in the database equals the pure domain's figures over the same
ratings, keeps to the independence rule, and costs a fixed number of statements."""

from __future__ import annotations

from statistics import fmean

import pytest
from sqlalchemy import select

from hiring.catalogue_cache import current_catalogue
from hiring.domain.agreement import LEVELS, PanelAgreement, panel_agreement
from hiring.domain.reliability import PanelScore, rater_leniency
from hiring.domain.team_csv import read_team_csv, team_template
from hiring.extensions import db
from hiring.models import Interview, Person, User
from hiring.services.evaluations import rebuild_evaluations, refresh_evaluations
from hiring.services.interviews import ScorecardInput, amend_scorecard, save_scorecard
from hiring.services.panel_quality import MIN_SHARED_CANDIDATES, panel_quality
from hiring.services.people import import_team
from hiring.services.results import role_of_snapshot
from hiring.services.team import start_assessment
from tests.factories import (
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
    scorecard_of,
)

KEYS = ["persuasion", "listening", "negotiation"]


def scores_for(candidate: int, rater: int) -> dict[str, int | None]:
    """Varied, reproducible scores, with a competency now and then not assessed."""
    return {
        key: None if (candidate + rater + i) % 7 == 0 else 1 + (candidate * 3 + rater * i + i) % 5
        for i, key in enumerate(KEYS)
    }


class World:
    """Opening 1: six candidates seen by A and B, the first three and the sixth also by C,
    the fourth also by D (a nested design with missing cells). B's card on candidate 1 was
    amended (the second revision counts); A scored candidate 2 in a second interview too (the
    later scores count, an earlier one where the later card left it not assessed); C's card on
    candidate 6 is assigned, not submitted. Opening 2: one
    candidate seen by A and D. A manager's assessment of a representative, rated by the
    manager and A, stays out of every figure."""

    def __init__(self) -> None:
        self.recruiter = make_user("recruiter", name="Rita Recruiter")
        self.a, self.b, self.c, self.d = (
            make_user("interviewer", name=name) for name in ("Aino", "Bertta", "Cecilia", "Daniel")
        )
        self.one = make_opening(self.recruiter)
        self.two = make_opening(self.recruiter, title="KAM Tampere")
        self.given: dict[tuple[int, int, str], list[int]] = {}
        self.opening_of: dict[int, int] = {}
        self.candidates = []
        for number in range(1, 7):
            candidate = make_candidate(self.one, name=f"Candidate {number}")
            self.candidates.append(candidate)
            panel = [self.a, self.b]
            panel += [self.c] if number in (1, 2, 3, 6) else []
            panel += [self.d] if number == 4 else []
            interview = make_interview(candidate, panel, self.recruiter, competencies=KEYS)
            for user in panel:
                self.score(
                    interview,
                    user,
                    scores_for(number, user.id),
                    not (user is self.c and number == 6),
                )
        first = self.interview_of(self.candidates[0])
        card = scorecard_of(first, self.b)
        amend_scorecard(card, self.b, "A second look at the evidence.")
        amended = {"persuasion": 5, "listening": 1, "negotiation": 2}
        data = ScorecardInput(
            scores=amended, notes={k: "evidence" for k in amended}, recommendation="yes"
        )
        save_scorecard(card, self.b, role_of_snapshot(first.snapshot), data, submit=True)
        db.session.commit()
        for key, value in amended.items():
            self.given[(self.candidates[0].id, self.b.id, key)] = [value]
        again = make_interview(self.candidates[1], [self.a], self.recruiter, competencies=KEYS,
                               kind="case")  # fmt: skip
        self.score(again, self.a, {"persuasion": 1, "listening": 5, "negotiation": None})
        other = make_candidate(self.two, name="Candidate 7")
        interview = make_interview(other, [self.a, self.d], self.recruiter, competencies=KEYS)
        for user in (self.a, self.d):
            self.score(interview, user, scores_for(7, user.id))
        # a manager's assessment: out of scope, whoever rated it
        manager = make_user("manager")
        import_team(read_team_csv(team_template()), manager)
        person = db.session.execute(
            select(Person).where(Person.employee_id.is_not(None))
        ).scalar_one()
        assessment = start_assessment(
            person, raters=[self.a.id], by=manager, catalogue=current_catalogue()
        )
        db.session.commit()
        interview = self.interview_of(assessment)
        fill(interview, manager, {"persuasion": 1})
        fill(interview, self.a, {"persuasion": 5})

    def interview_of(self, candidate) -> Interview:
        return (
            db.session.execute(
                select(Interview)
                .where(Interview.candidate_id == candidate.id)
                .order_by(Interview.id)
            )
            .scalars()
            .first()
        )

    def score(self, interview, user, values, submit: bool = True) -> None:
        fill(interview, user, values, submit=submit)
        self.opening_of[interview.candidate_id] = interview.candidate.opening_id
        if submit:
            for key, value in values.items():
                if value is not None:
                    self.given[(interview.candidate_id, user.id, key)] = [value]

    def ratings(self, opening=None, leave_out=()) -> list[PanelScore]:
        """What the rule counts: each interviewer's latest score per candidate and
        competency."""
        return [
            PanelScore(str(candidate), str(rater), key, fmean(values))
            for (candidate, rater, key), values in sorted(self.given.items())
            if (opening is None or self.opening_of[candidate] == opening.id)
            and candidate not in leave_out
        ]


@pytest.fixture
def world(app) -> World:
    return World()


def assert_same(found: PanelAgreement, expected: PanelAgreement) -> None:
    assert sorted(found.by_competency) == sorted(expected.by_competency)
    pairs = [(found.overall, expected.overall)] + [
        (found.by_competency[k], expected.by_competency[k]) for k in expected.by_competency
    ]
    for got, want in pairs:
        assert (got.icc.items, got.icc.ratings) == (want.icc.items, want.icc.ratings)
        assert got.icc.icc1_1 == pytest.approx(want.icc.icc1_1, abs=1e-9)
        assert got.icc.icc1_k == pytest.approx(want.icc.icc1_k, abs=1e-9)
        assert got.icc.k0 == pytest.approx(want.icc.k0)
        for level in LEVELS:
            assert got.alpha[level].value == pytest.approx(want.alpha[level].value, abs=1e-9)
            assert got.alpha[level].units == want.alpha[level].units
    assert found.warning == expected.warning


def test_agreement_over_every_candidacy_equals_the_domain_figures(world):
    quality = panel_quality(world.recruiter)
    assert_same(quality.agreement, panel_agreement(world.ratings()))
    assert quality.candidates == 7
    assert quality.withheld == 0
    # the figures are real numbers, not all undefined
    assert quality.agreement.overall.alpha["interval"].value is not None
    assert quality.agreement.by_competency["persuasion"].icc.icc1_1 is not None


def test_agreement_of_one_opening(world):
    quality = panel_quality(world.recruiter, world.one)
    assert_same(quality.agreement, panel_agreement(world.ratings(world.one)))
    assert quality.candidates == 6
    two = panel_quality(world.recruiter, world.two)
    assert two.candidates == 1
    for figures in two.agreement.by_competency.values():  # one candidate: too few to say
        assert figures.icc.icc1_1 is None
        assert "needs at least 2" in figures.icc.note


def test_calibration_is_each_interviewers_mean_difference_on_shared_candidates(world):
    quality = panel_quality(world.recruiter, world.one)
    by_name = {c.name: c for c in quality.calibration}
    expected = {e.rater: e for e in rater_leniency(world.ratings(world.one))}
    shared = {"Aino": 6, "Bertta": 6, "Cecilia": 3, "Daniel": 1}
    assert {name: c.candidates for name, c in by_name.items()} == shared
    for name, user in (("Aino", world.a), ("Bertta", world.b)):
        line = by_name[name]
        assert line.items == expected[str(user.id)].items
        assert line.mean_difference == pytest.approx(expected[str(user.id)].mean_deviation)
        assert line.tendency in ("lenient", "severe", "in_line")
    for name in ("Cecilia", "Daniel"):  # under the documented minimum: no figure at all
        assert shared[name] < MIN_SHARED_CANDIDATES
        assert (by_name[name].mean_difference, by_name[name].tendency) == (None, "too_few")


def test_the_viewer_sees_nothing_of_candidates_they_have_not_yet_scored(world):
    """C has not submitted on candidate 6: every figure C is shown leaves that candidate out,
    so C learns neither the colleagues' scores there nor their calibration on it."""
    sixth = world.candidates[5].id
    quality = panel_quality(world.c, world.one)
    assert quality.withheld == 1
    assert quality.candidates == 5
    assert_same(quality.agreement, panel_agreement(world.ratings(world.one, leave_out={sixth})))
    expected = {e.rater: e for e in rater_leniency(world.ratings(world.one, leave_out={sixth}))}
    aino = next(c for c in quality.calibration if c.name == "Aino")
    assert aino.candidates == 5
    assert aino.mean_difference == pytest.approx(expected[str(world.a.id)].mean_deviation)
    # once C submits, the candidate counts for C as for everyone
    fill(world.interview_of(world.candidates[5]), world.c, scores_for(6, world.c.id))
    assert panel_quality(world.c, world.one).withheld == 0


def test_a_fixed_number_of_statements(world, count_queries):
    with count_queries() as small:
        panel_quality(world.recruiter)
    for number in range(8, 12):
        candidate = make_candidate(world.one, name=f"Candidate {number}")
        interview = make_interview(
            candidate, [world.a, world.b], world.recruiter, competencies=KEYS
        )
        for user in (world.a, world.b):
            fill(interview, user, scores_for(number, user.id))
    with count_queries() as large:
        panel_quality(world.recruiter)
    assert small.count == large.count <= 8


def test_a_period_keeps_only_scorecards_submitted_in_it(world):
    """Candidate 7's scorecards were submitted two years ago: a one-year period leaves them
    out, any time keeps them."""
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from hiring.models import Interview, Scorecard, ScorecardRevision

    seventh = db.session.execute(
        select(Interview.candidate_id).where(Interview.candidate_id.not_in(
            [c.id for c in world.candidates]
        ), Interview.kind != "manager_assessment")
    ).scalar_one()  # fmt: skip
    long_ago = datetime.now(UTC) - timedelta(days=730)
    cards = select(Scorecard.id).join(Interview).where(Interview.candidate_id == seventh)
    db.session.execute(
        update(ScorecardRevision)
        .where(ScorecardRevision.scorecard_id.in_(cards))
        .values(submitted_at=long_ago)
    )
    refresh_evaluations([seventh])  # as after an edit: its share moves to that month
    db.session.commit()
    year_ago = datetime.now(UTC) - timedelta(days=365)
    assert panel_quality(world.recruiter).candidates == 7
    recent = panel_quality(world.recruiter, since=year_ago)
    assert recent.candidates == 6
    assert_same(recent.agreement, panel_agreement(world.ratings(leave_out={seventh})))


def test_the_kept_totals_equal_a_rebuild_from_nothing(world):
    """After submissions, an amendment and a second interview, the running totals are what
    recomputing every share from nothing gives."""
    before = panel_quality(world.recruiter)
    recruiter = world.recruiter.id
    rebuild_evaluations()
    db.session.commit()
    after = panel_quality(db.session.get(User, recruiter))
    assert_same(before.agreement, after.agreement)
    assert before.candidates == after.candidates
    assert [(c.name, c.candidates, c.items) for c in before.calibration] == [
        (c.name, c.candidates, c.items) for c in after.calibration
    ]
    for old, new in zip(before.calibration, after.calibration, strict=True):
        assert old.mean_difference == pytest.approx(new.mean_difference)


def test_a_share_not_yet_computed_is_counted_and_rebuilt(world):
    from hiring.services.evaluations import stale_count
    from hiring.services.panel_quality import reset_panel_statistics

    reset_panel_statistics()  # as right after the upgrade that brought the statistics
    db.session.commit()
    quality = panel_quality(world.recruiter)
    assert (quality.candidates, quality.missing) == (0, 7)
    assert stale_count() == 8  # every candidate, the manager's assessment too
    recruiter = world.recruiter.id
    assert rebuild_evaluations(missing_only=True) == 8
    db.session.commit()
    assert panel_quality(db.session.get(User, recruiter)).candidates == 7
    assert stale_count() == 0


def test_a_refresh_holds_the_candidates_share_until_it_commits(world, database):
    """Two requests refreshing one candidate at once must not both take its old share away
    from the sums: the first holds the share's row (PostgreSQL: a row lock; SQLite: the write
    lock) until it commits, and the second waits for it."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    candidate = world.candidates[0].id
    refresh_evaluations([candidate])  # not committed: the row stays held
    with db.engine.connect() as other:
        if database == "sqlite":
            other.exec_driver_sql("PRAGMA busy_timeout = 0")
            statement = "UPDATE panel_shares SET stats = stats WHERE candidate_id = :c"
        else:
            statement = "SELECT stats FROM panel_shares WHERE candidate_id = :c FOR UPDATE NOWAIT"
        with pytest.raises(OperationalError, match="lock"):
            other.execute(text(statement), {"c": candidate})
    db.session.commit()


@pytest.mark.parametrize("in_opening", [False, True])
def test_the_count_of_shares_to_compute_reads_only_what_is_missing(world, in_opening):
    """Measured at 50,000 candidates on SQLite: the page learned whether any share was missing
    by counting every candidate and every share on each view (about 11 ms, the page twice as
    slow as at 500). Now the count reads the partial index of shares without statistics: no
    statement of it scans the candidates or the shares."""
    from sqlalchemy import event

    from hiring.services.panel_quality import _missing_count

    statements: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "panel_shares" in statement:  # not the opening's own load
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    opening = world.one if in_opening else None
    try:
        assert _missing_count(opening) == 0
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert statements
    with db.engine.connect() as connection:
        for statement, parameters in statements:
            if db.engine.dialect.name == "sqlite":
                rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                plan = " | ".join(row[3] for row in rows)
                assert "ix_panel_shares_missing" in plan, plan
                whole = plan.replace("SCAN panel_shares USING INDEX ix_panel_shares_missing", "")
                assert "SCAN candidates" not in whole, plan
                assert "SCAN panel_shares" not in whole, plan
                assert "ix_candidates_opening" not in plan, plan  # the opening's every row
            else:  # on a few rows PostgreSQL would rather scan: ask what it does when that is dear
                connection.exec_driver_sql("SET enable_seqscan = off")
                rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
                plan = " | ".join(row[0] for row in rows)
                assert "ix_panel_shares_missing" in plan, plan
                connection.exec_driver_sql("RESET enable_seqscan")
