"""Quality of hire from the database: the figures of constructed hires are the ones computed
by hand from the same people, the window and minimum hold, the people behind the figures are
shown only to those allowed, and the queries do not grow with the hires."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from statistics import correlation

import pytest
from sqlalchemy import select

from hiring.domain.validity import MIN_PEOPLE, fisher_interval
from hiring.extensions import db
from hiring.models import Decision, EmploymentEnd, FieldPeriod, Interview, StoredEvaluation
from hiring.services.evaluations import refreshes_deferred
from hiring.services.recruiting import record_decision
from hiring.services.validity import hires_page, validity
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

TODAY = date(2027, 6, 1)


class World:
    def __init__(self) -> None:
        self.recruiter = make_user("recruiter")
        self.admin = make_user("admin")
        self.manager = make_user("manager")
        self.other_manager = make_user("manager")
        self.first = make_user("interviewer", name="Aino Arvioija")
        self.second = make_user("interviewer", name="Bertta Arvioija")
        self.opening = make_opening(self.recruiter)
        self.hires: list[dict] = []
        self.count = 0

    def hire(
        self,
        persuasion: int,
        negotiation: int,
        sales: list[float],
        *,
        hired_on: date = date(2025, 3, 10),
        both: bool = True,
        employee: bool = True,
        manager=None,
        left_on: date | None = None,
    ) -> None:
        """A hire scored by the first interviewer (and the second, unless ``both`` is off),
        with quarterly sales against plan from the quarter after the hire on."""
        self.count += 1
        n = self.count
        with refreshes_deferred():  # one refresh per hire, as the demo makes its hires
            candidate = make_candidate(self.opening, name=f"Hire {n}", email=f"hire{n}@example.com")
            panel = [self.first, self.second] if both else [self.first]
            interview = make_interview(
                candidate, panel, self.recruiter, competencies=["persuasion", "negotiation"]
            )
            for user in panel:
                fill(interview, user, {"persuasion": persuasion, "negotiation": negotiation})
        decision = record_decision(candidate, "hire", "Hired.", self.recruiter)
        decision.created_at = datetime(hired_on.year, hired_on.month, hired_on.day, 9, tzinfo=UTC)
        person = candidate.person
        if employee:
            person.employee_id = f"E{n}"
            person.manager_id = (manager or self.manager).id
        year, quarter = hired_on.year, (hired_on.month - 1) // 3 + 2
        for value in sales:
            if quarter > 4:
                year, quarter = year + 1, 1
            db.session.add(
                FieldPeriod(
                    person_id=person.id, period=f"{year}-Q{quarter}", ends_year=year,
                    ends_month=3 * quarter, sales_vs_plan_pct=value,
                )
            )  # fmt: skip
            quarter += 1
        if left_on is not None:
            db.session.add(EmploymentEnd(person_id=person.id, left_on=left_on))
        db.session.commit()
        self.hires.append(
            {"id": candidate.id, "persuasion": persuasion, "negotiation": negotiation,
             "sales": sales, "both": both}
        )  # fmt: skip


@pytest.fixture
def world(app) -> World:
    return World()


def _constructed(world: World, people: int, seed: int = 2026) -> None:
    """Hires whose sales follow persuasion with noise (a known positive relation)."""
    rng = random.Random(seed)
    for _ in range(people):
        persuasion = rng.randint(1, 5)
        negotiation = rng.randint(2, 5)
        base = 70 + 8 * persuasion
        world.hire(persuasion, negotiation, [base + rng.gauss(0, 6) for _ in range(3)])


def test_the_figures_are_pearson_and_fisher_of_the_same_people(world):
    _constructed(world, 14)
    report = validity("sales_vs_plan_pct", 12, TODAY)
    assert (report.hires, report.with_outcome) == (14, 14)
    # sales are the means of the quarters counted (all three lie within 12 months)
    sales = [sum(h["sales"]) / 3 for h in world.hires]
    fits = {e.candidate_id: e.fit for e in db.session.scalars(select(StoredEvaluation))}
    expected = {
        "fit": correlation([fits[h["id"]] for h in world.hires], sales),
        # a share of the scale is linear in the score: r is the score's own
        "persuasion": correlation([h["persuasion"] for h in world.hires], sales),
        "negotiation": correlation([h["negotiation"] for h in world.hires], sales),
    }
    for key, r in expected.items():
        figure = report.figures[key]
        assert figure.n == 14
        assert figure.r == pytest.approx(r, abs=1e-9)
        assert (figure.low, figure.high) == pytest.approx(fisher_interval(r, 14), abs=1e-9)
    assert report.figures["persuasion"].r > 0.5  # the relation that was built in is found
    assert report.predictors[:2] == ["fit", "kam_level"]
    # each interviewer's own value: the mean share of their two ratings on a 1-5 scale
    own = [((h["persuasion"] - 1) / 4 + (h["negotiation"] - 1) / 4) / 2 for h in world.hires]
    (first_id, first_name, first), (_, _, second) = report.interviewers
    assert (first_id, first_name) == (world.first.id, "Aino Arvioija")
    assert first.r == pytest.approx(correlation(own, sales), abs=1e-9)
    assert second.r == pytest.approx(first.r, abs=1e-9)  # both scored alike
    assert report.as_dict()["predictors"][0]["predictor"] == "fit"


def test_below_the_minimum_there_is_no_number(world):
    _constructed(world, MIN_PEOPLE - 1)
    report = validity("sales_vs_plan_pct", 12, TODAY)
    assert report.with_outcome == MIN_PEOPLE - 1
    assert all(f.r is None and f.reason == "too_few" for f in report.figures.values())
    world.hire(3, 3, [95.0])
    report = validity("sales_vs_plan_pct", 12, TODAY)
    assert report.figures["fit"].n == MIN_PEOPLE
    assert report.figures["persuasion"].r is not None


def test_hires_whose_window_has_not_passed_wait(world):
    _constructed(world, 3)
    world.hire(4, 4, [100.0], hired_on=date(2026, 10, 15))  # 12 months not yet over
    world.hire(2, 2, [], employee=False)  # no employee record, no field data: no outcome
    report = validity("sales_vs_plan_pct", 12, TODAY)
    assert (report.hires, report.with_outcome) == (5, 3)
    retention = validity("retained_6m", 12, TODAY)
    assert retention.with_outcome == 4  # the October hire is 6 months on; unlinked: unknown


def test_retention_counts_the_leavers(world):
    for n in range(12):
        left = date(2025, 6, 1) if n % 3 == 0 else None
        world.hire(1 + n % 5, 3, [90.0], left_on=left)
    report = validity("retained_6m", 12, TODAY)
    assert report.with_outcome == 12
    stayed = [0.0 if n % 3 == 0 else 1.0 for n in range(12)]
    expected = correlation([1 + n % 5 for n in range(12)], stayed)
    assert report.figures["persuasion"].r == pytest.approx(expected, abs=1e-9)


def test_the_people_behind_the_figures_are_shown_only_to_those_allowed(world):
    world.hire(4, 4, [101.0])
    world.hire(2, 3, [88.0], manager=world.other_manager)
    world.hire(3, 3, [90.0], employee=False)
    everyone = hires_page(world.admin, "sales_vs_plan_pct", 12, TODAY)
    assert everyone.total == 3
    own = hires_page(world.manager, "sales_vs_plan_pct", 12, TODAY)
    assert [row.hire.name for row in own.rows] == ["Hire 1"]
    assert own.rows[0].outcome == pytest.approx(101.0)
    assert hires_page(world.recruiter, "sales_vs_plan_pct", 12, TODAY).total == 0
    assert hires_page(world.first, "sales_vs_plan_pct", 12, TODAY).total == 0
    by_first = hires_page(
        world.admin, "sales_vs_plan_pct", 12, TODAY, interviewer_id=world.second.id
    )
    assert by_first.total == 3
    assert by_first.rows[0].rater_value == pytest.approx(((3 - 1) / 4 + (3 - 1) / 4) / 2)


def test_a_bad_choice_is_refused():
    with pytest.raises(ValueError, match="not an outcome"):
        validity("happiness", 12, TODAY)
    with pytest.raises(ValueError, match="months"):
        validity("sales_vs_plan_pct", 7, TODAY)


def test_queries_do_not_grow_with_the_hires(world, count_queries):
    _constructed(world, 3)
    with count_queries() as few:
        validity("sales_vs_plan_pct", 12, TODAY)
        hires_page(world.admin, "sales_vs_plan_pct", 12, TODAY)
    _constructed(world, 9, seed=1)
    with count_queries() as more:
        validity("sales_vs_plan_pct", 12, TODAY)
        hires_page(world.admin, "sales_vs_plan_pct", 12, TODAY)
    assert few.count == more.count
    assert db.session.scalar(select(db.func.count()).select_from(Decision)) == 12


def test_the_managers_later_assessment_is_an_outcome(world):
    """The fit of the newest assessment begun within the window after the hire."""
    from hiring.catalogue_cache import current_catalogue
    from hiring.models import Interview, Person
    from hiring.services.team import start_assessment

    world.hire(4, 4, [100.0])
    person = db.session.scalars(select(Person).where(Person.employee_id.is_not(None))).one()
    assessment = start_assessment(
        person, raters=[], by=world.manager, catalogue=current_catalogue(),
        when=datetime(2025, 10, 1, 9, tzinfo=UTC),
    )  # fmt: skip
    db.session.commit()
    interview = db.session.scalars(
        select(Interview).where(Interview.candidate_id == assessment.id)
    ).one()
    fill(interview, world.manager, {"persuasion": 4, "negotiation": 2})
    stored = db.session.get(StoredEvaluation, assessment.id).fit
    assert stored is not None
    page = hires_page(world.admin, "manager_rating", 12, TODAY)
    assert [row.outcome for row in page.rows] == [pytest.approx(stored)]
    assert validity("manager_rating", 12, TODAY).with_outcome == 1
    # an assessment held after the window (six months: to 10 September) does not count
    assert hires_page(world.admin, "manager_rating", 6, TODAY).rows[0].outcome is None


def test_a_cancelled_interview_does_not_date_the_managers_assessment(world):
    """An assessment first scheduled before the hire, cancelled, and held in the window
    counts on the day it was held."""
    from hiring.catalogue_cache import current_catalogue
    from hiring.models import Person
    from hiring.services.interviews import cancel_interview, schedule_interview
    from hiring.services.team import start_assessment

    world.hire(4, 4, [100.0])
    person = db.session.scalars(select(Person).where(Person.employee_id.is_not(None))).one()
    assessment = start_assessment(
        person, raters=[], by=world.manager, catalogue=current_catalogue(),
        when=datetime(2025, 1, 15, 9, tzinfo=UTC),  # before the hire: would not count
    )  # fmt: skip
    early = assessment_interview = db.session.scalars(
        select(Interview).where(Interview.candidate_id == assessment.id)
    ).one()
    cancel_interview(early, "Moved to the autumn.", world.manager)
    held = schedule_interview(
        assessment, scheduled_at=datetime(2025, 10, 1, 9, tzinfo=UTC),
        kind="manager_assessment", interviewer_ids=[world.manager.id], competencies=None,
        by=world.manager, catalogue=current_catalogue(), role_key="kam",
    )  # fmt: skip
    db.session.commit()
    fill(held, world.manager, {"persuasion": 4, "negotiation": 2})
    assert assessment_interview.id != held.id
    stored = db.session.get(StoredEvaluation, assessment.id).fit
    page = hires_page(world.admin, "manager_rating", 12, TODAY)
    assert [row.outcome for row in page.rows] == [pytest.approx(stored)]


def test_whose_interviewer_figures_are_made(world):
    """All of them, none, or one interviewer's: then only the hires they scored are read."""
    _constructed(world, 6)
    for _ in range(6):
        world.hire(3, 4, [95.0], both=False)  # scored by the first interviewer alone
    every = validity("sales_vs_plan_pct", 12, TODAY)
    assert [name for _, name, _ in every.interviewers] == ["Aino Arvioija", "Bertta Arvioija"]
    assert validity("sales_vs_plan_pct", 12, TODAY, raters=None).interviewers == []
    own = validity("sales_vs_plan_pct", 12, TODAY, raters=world.second.id)
    assert [uid for uid, _, _ in own.interviewers] == [world.second.id]
    assert own.hires == 6  # the hires the second interviewer scored, and no other
    assert own.predictors == []


def test_an_interviewer_on_several_interviews_counts_every_rating_once(world):
    """Their value of a hire is the mean of all their ratings, not of the interviews' means."""
    candidate = make_candidate(world.opening, name="Kolmesti", email="kolmesti@example.com")
    scores = ({"persuasion": 1}, {"persuasion": 5, "negotiation": 5}, {"negotiation": 3})
    for given in scores:
        interview = make_interview(candidate, [world.first], world.recruiter, list(given))
        fill(interview, world.first, given)
    record_decision(candidate, "hire", "Hired.", world.recruiter)
    db.session.commit()
    page = hires_page(world.admin, "sales_vs_plan_pct", 12, TODAY, interviewer_id=world.first.id)
    shares = [(1 - 1) / 4, (5 - 1) / 4, (5 - 1) / 4, (3 - 1) / 4]
    assert page.rows[0].rater_value == pytest.approx(sum(shares) / len(shares))
