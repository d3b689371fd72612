"""The demo data set: loads through the services and shows what the product is for."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from flask import Flask

from hiring.app import create_app
from hiring.catalogue_cache import current_catalogue
from hiring.demo import CANDIDATES, DEMO_LOGINS, load_demo
from hiring.demo_hires import NAMES as HIRED_NAMES
from hiring.demo_hires import OPENING as HIRES_OPENING
from hiring.demo_team import MARINA
from hiring.domain.assessment import Assessment, RaterInput
from hiring.domain.evaluation import rank_roles
from hiring.extensions import db
from hiring.models import (
    Candidate,
    Decision,
    EmploymentEnd,
    Opening,
    Person,
    Rating,
    Scorecard,
    ScorecardRevision,
    User,
)
from hiring.services.accounts import authenticate
from hiring.services.documents import profile_html
from hiring.services.results import CandidateResult, candidate_facts, results_for
from hiring.services.talent_pool import PoolFilter, pool_page, readiness_shown, recommends
from tests.conftest import SHIPPED_RUBRICS


def make_app() -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "RUBRICS_DIR": str(SHIPPED_RUBRICS),
        }
    )
    with app.app_context():
        db.create_all()
    return app


@pytest.fixture(scope="module")
def loaded_app() -> Iterator[Flask]:
    """One app with the demo loaded (in memory), shared by the module's tests."""
    app = make_app()
    with app.app_context():
        load_demo()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_app(loaded_app: Flask) -> Iterator[Flask]:
    """The loaded app with its context pushed for one test only (the CLI needs none pushed)."""
    with loaded_app.app_context():
        yield loaded_app


@pytest.fixture
def results(demo_app: Flask) -> dict[str, CandidateResult]:
    """The current candidates (not the 2024 intake's hires, :mod:`hiring.demo_hires`)."""
    query = (
        db.select(Candidate)
        .join(Opening)
        .where(Candidate.purpose == "application", Opening.title != HIRES_OPENING[0])
        .order_by(Candidate.id)
    )
    candidates = db.session.execute(query).scalars().all()
    return {r.candidate.name: r for r in results_for(candidates, current_catalogue())}


def test_users_one_per_role_and_three_interviewers(demo_app):
    roles = Counter(db.session.execute(db.select(User.role)).scalars())
    assert roles == {"admin": 1, "recruiter": 1, "interviewer": 3, "manager": 1}


def test_every_demo_login_authenticates(demo_app):
    assert len(DEMO_LOGINS["users"]) == 6
    for label, email in DEMO_LOGINS["users"].items():
        user = authenticate(email, DEMO_LOGINS["password"])
        assert user is not None, email
        assert user.role == label.split()[0]
    assert authenticate("admin@demo.example", "wrong-password-123") is None


def test_a_dozen_kam_candidates_on_every_level(results):
    assert len(results) >= 12
    assert all(r.candidate.opening.role_key == "kam" for r in results.values())
    levels = {name: r.evaluation.level.level for name, r in results.items()}
    assert set(levels.values()) == {0, 1, 2, 3}
    assert levels == {p.name: p.level for p in CANDIDATES}


def test_most_panels_agree_and_two_disagree_strongly(results):
    disagreeing = {
        name: [k for k, a in r.evaluation.aggregates.items() if a.disagreement]
        for name, r in results.items()
    }
    strong = [name for name, keys in disagreeing.items() if len(keys) >= 3]
    assert len(strong) >= 2
    assert sum(1 for keys in disagreeing.values() if not keys) >= len(results) - 3
    for name in strong:
        aggregates = results[name].evaluation.aggregates
        assert all(aggregates[k].range >= 2 for k in disagreeing[name])


def test_scorecards_submitted_with_evidence_for_extreme_scores(demo_app):
    revisions = db.session.execute(db.select(ScorecardRevision)).scalars().all()
    submitted = [r for r in revisions if r.status == "submitted"]
    assert len(submitted) > 40
    for revision in submitted:
        assert revision.recommendation is not None
        assert revision.takeaways
        for rating in revision.ratings:
            assert rating.score is not None
            if rating.score in (1, 5):
                assert rating.note.strip()
    assert any(r.red_flags for r in submitted)


def test_pending_draft_and_amended_scorecards(results, demo_app):
    pending = [s for r in results.values() for s in r.pending]
    assert any(s.latest is None for s in pending)  # an interview nobody has scored
    assert any(s.latest is not None and s.latest.status == "draft" for s in pending)
    amended = [
        s for s in db.session.execute(db.select(Scorecard)).scalars() if len(s.revisions) == 2
    ]
    assert len(amended) == 1
    first, second = amended[0].revisions
    assert first.status == second.status == "submitted"
    assert second.amendment_reason
    assert {r.competency_key: r.score for r in first.ratings} != {
        r.competency_key: r.score for r in second.ratings
    }


def test_decisions_recorded_by_the_recruiter(results):
    decisions = [d for r in results.values() for d in r.candidate.decisions]
    assert {d.decision for d in decisions} >= {"advance", "on_hold", "reject"}
    assert all(d.decided_by.role == "recruiter" and d.reason for d in decisions)


def test_interviews_scheduled_in_the_past_with_subsets(results):
    interviews = [e.interview for r in results.values() for e in r.panel]
    assert {i.kind for i in interviews} == {"competency_interview", "role_play", "case"}
    assert any(i.competencies for i in interviews)
    assert all(i.scheduled_at.tzinfo is not None for i in interviews)
    assert all(1 <= len(i.scorecards) <= 3 for i in interviews)
    assert max(i.scheduled_at for i in interviews).isoformat() < "2026-03-02"


def test_marina_like_representative_fits_kam_better(results):
    person = next(p for p in CANDIDATES if p.source == "internal" and "representative" in p.note)
    result = results[person.name]
    assessment = Assessment(
        role="kam",
        candidate=candidate_facts(result.candidate),
        ratings=[
            RaterInput(
                rater=entry.rater,
                kind="interview",
                scores={r.competency_key: r.score for r in entry.revision.ratings},
                red_flags=list(entry.revision.red_flags),
            )
            for entry in result.panel
        ],
    )
    ranking = {r.role: r for r in rank_roles(assessment, current_catalogue())}
    roles = list(ranking)
    assert roles.index("kam") < roles.index("medical_rep")
    assert "reporting" in ranking["medical_rep"].floors_not_met
    assert result.fit is not None
    assert result.fit >= 0.85
    aggregates = result.evaluation.aggregates
    assert aggregates["relationship_building"].mean >= 4.5
    assert aggregates["reporting"].mean < 3  # below the medical representative's floor


def test_a_team_of_twenty_with_a_year_of_field_data(demo_app):
    manager = db.session.execute(db.select(User).where(User.role == "manager")).scalar_one()
    team = list(
        db.session.execute(db.select(Person).where(Person.manager_id == manager.id)).scalars()
    )
    assert len(team) == 20
    assert {len(p.periods) for p in team} == {4}
    assert {p.latest_period for p in team} == {"2025-Q4"}


def test_marina_tops_the_talent_pool_despite_her_process_scores(demo_app):
    """The source's case: poor reports and visit standards, excellent results, rated strong on
    relationships and persuasion by her manager and an independent rater. She comes out as the
    strongest KAM fit of the team, with a verdict that may recommend the move, and both her
    page and her profile say why her process figures do not count against her."""
    manager = db.session.execute(db.select(User).where(User.role == "manager")).scalar_one()
    top = pool_page(PoolFilter(), manager).people
    marina = top[0]
    assert marina.name == MARINA.name
    assert marina.kam_fit >= 0.9
    assert recommends(marina)
    assert marina.independent_raters == 1
    newest = max(marina.periods, key=lambda p: p.period)
    assert newest.report_compliance_pct < 50
    assert newest.visit_compliance_pct < 50
    assert newest.sales_vs_plan_pct > 120
    assert newest.vip_kol_known / newest.vip_kol_total >= 0.9
    assessed = [p for p in top if p.kam_score is not None]
    best_process = max(assessed, key=lambda p: p.periods[-1].report_compliance_pct)
    assert best_process.periods[-1].report_compliance_pct > 90
    assert best_process.kam_score < marina.kam_score
    # a representative assessed by the manager alone awaits an independent rater
    assert any(readiness_shown(p) == "awaiting_independent" for p in top)

    assessment = db.session.execute(
        db.select(Candidate).where(Candidate.person_id == marina.id)
    ).scalar_one()
    result = results_for([assessment], current_catalogue())[0]
    html = profile_html(result, lang="en", blind=False)
    assert "Field results, 2025-Q4" in html
    assert "not counted in the fit" in html
    assert "own manager (conflict of interest)" in html


def test_cli_demo_loads_once_and_prints_logins():
    app = make_app()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded." in result.output
    for email in DEMO_LOGINS["users"].values():
        assert email in result.output
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "already has data" in again.output
    assert "Demo data loaded." not in again.output


def test_the_demo_reads_like_a_real_panels_work(demo_app):
    """Varied evidence and take-aways drawn from the source's situations, not one sentence
    repeated: every note is a text of the demo's evidence bank, no two extreme scores of one
    scorecard share a note by chance more than the bank allows, and candidates' notes and
    decision reasons are written out."""
    from hiring.demo_evidence import HIGH, LOW, SPLIT, TAKEAWAYS

    bank = {text.split("{name}")[0][:30] for texts in (*HIGH.values(), *LOW.values())
            for pair in texts for text in pair}  # fmt: skip
    notes = [
        r.note for r in db.session.execute(db.select(Rating).where(Rating.note != "")).scalars()
    ]
    assert len(set(notes)) >= 25
    assert all(any(n.startswith(b) or b in n for b in bank) or any(
        n in pair for shifts in SPLIT.values() for pair in shifts) for n in notes)  # fmt: skip
    takeaways = set(db.session.execute(db.select(ScorecardRevision.takeaways)).scalars())
    assert len(takeaways) >= 5
    assert takeaways <= {text for texts in TAKEAWAYS.values() for pair in texts for text in pair}
    assert any("KOL" in n or "chief physician" in n or "tender" in n for n in notes)
    assert not any("Concrete example with names" in n for n in notes)


def test_the_demo_in_finnish():
    app = make_app()
    result = app.test_cli_runner().invoke(args=["demo", "--lang", "fi"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        notes = list(db.session.execute(db.select(Rating.note).where(Rating.note != "")).scalars())
        reasons = list(db.session.execute(db.select(Decision.reason)).scalars())
        candidates = dict(db.session.execute(db.select(Candidate.name, Candidate.notes)).all())
    assert "Vahva ja yksimielinen paneeli; kutsutaan loppukierrokselle." in reasons
    assert candidates["Marja Laine"].startswith("Lääke-esittelijä")
    from hiring.demo_evidence import HIGH, LOW, SPLIT

    pairs = [pair for texts in (*HIGH.values(), *LOW.values(), *SPLIT.values()) for pair in texts]
    english = {pair[0].split("{name}")[-1][:25] for pair in pairs}
    assert len(notes) > 20
    assert not [n for n in notes if any(e in n for e in english)]


def test_the_2024_intake_gives_what_predicted_success_real_figures(demo_app):
    """Twenty-four earlier hires, linked by the director's import to employee records with
    their quarters; their sales follow the relationships cluster, so the page finds it."""
    from datetime import date

    from hiring.services.validity import validity

    hired = (
        db.session.execute(
            db.select(Person).where(Person.name.in_(HIRED_NAMES), Person.employee_id.is_not(None))
        )
        .scalars()
        .all()
    )
    assert len(hired) == len(HIRED_NAMES) == 24
    assert all(p.periods for p in hired)
    assert db.session.execute(db.select(db.func.count()).select_from(EmploymentEnd)).scalar() >= 2
    report = validity("sales_vs_plan_pct", 12, date(2026, 3, 2))
    assert report.with_outcome == 24
    assert report.figures["fit"].r > 0.3
    role = current_catalogue().role("kam")

    def cluster_r(cluster: str) -> float:
        keys = [c.key for c in role.competencies if c.competency.cluster == cluster]
        return sum(report.figures[k].r for k in keys) / len(keys)

    # the relation built in is found: relationships predict better than routine process
    assert cluster_r("relationships") > cluster_r("process_documentation") + 0.1
    retention = validity("retained_12m", 12, date(2026, 3, 2))
    assert retention.with_outcome == 24
    assert retention.figures["fit"].shown
    assert all(figure.shown for _, _, figure in report.interviewers)


def test_the_figures_refreshed_once_at_the_end_are_the_ones_a_rebuild_makes(demo_app):
    """The demo defers the services' refreshes to one at the end (``refreshes_deferred``):
    every stored figure and panel statistic is what recomputing everything gives."""
    from hiring.services.evaluations import rebuild_evaluations
    from tests.web.test_concurrency import panel_statistics

    loaded = panel_statistics()
    assert loaded["evaluations"]
    try:
        rebuild_evaluations(commit=False)
        assert panel_statistics() == loaded
    finally:
        db.session.rollback()
