"""Results come from the stored rubric snapshot, whatever happens to the YAML later."""

from __future__ import annotations

import shutil

from hiring.app import create_app
from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import Candidate, Interview
from hiring.services.results import build_result, load_interviews
from tests.conftest import SHIPPED_RUBRICS
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user


def result_of(candidate_id: int):
    candidate = db.session.get(Candidate, candidate_id)
    return build_result(
        candidate, load_interviews([candidate_id])[candidate_id], current_catalogue()
    )


def test_editing_the_yaml_never_changes_an_old_result(app, tmp_path):
    rubrics = tmp_path / "rubrics"
    shutil.copytree(SHIPPED_RUBRICS, rubrics)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    config = {
        "TESTING": True,
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": url,
        "RUBRICS_DIR": str(rubrics),
    }
    before_app = create_app(config)
    with before_app.app_context():
        recruiter = make_user("recruiter")
        candidate = make_candidate(make_opening(recruiter))
        person = make_user("interviewer")
        interview = make_interview(
            candidate, [person], recruiter, competencies=["persuasion", "listening"]
        )
        fill(interview, person, {"persuasion": 3, "listening": 3})
        before = result_of(candidate.id)
        candidate_id, old_sha = candidate.id, interview.snapshot.sha256
        db.session.remove()
        db.engine.dispose()
    kam = rubrics / "roles" / "kam.yaml"
    kam.write_text(
        kam.read_text(encoding="utf-8").replace("target: 4", "target: 5"), encoding="utf-8"
    )
    after_app = create_app(config)
    with after_app.app_context():
        assert current_catalogue().roles["kam"].provenance.sha256 != old_sha
        after = result_of(candidate_id)
        assert after.fit == before.fit
        assert after.evaluation.role.provenance.sha256 == old_sha
        # A new interview takes today's rubric, and the result says versions are mixed.
        candidate = db.session.get(Candidate, candidate_id)
        person = make_user("interviewer")
        make_interview(candidate, [person], make_user("recruiter"), competencies=["persuasion"])
        assert len(result_of(candidate_id).rubric_versions) == 2
        db.session.remove()
        db.engine.dispose()


def test_result_counts_only_submitted_revisions(app):
    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter))
    a, b = make_user("interviewer", name="A"), make_user("interviewer", name="B")
    interview = make_interview(
        candidate, [a, b], recruiter, competencies=["persuasion", "listening"]
    )
    fill(interview, a, {"persuasion": 4, "listening": 4})
    fill(interview, b, {"persuasion": 1, "listening": 1}, submit=False)
    result = result_of(candidate.id)
    assert [e.rater for e in result.panel] == ["A · Competency interview"]
    assert [s.interviewer.name for s in result.pending] == ["B"]
    assert result.evaluation.aggregates["persuasion"].mean == 4.0


def test_same_interviewer_in_several_interviews_is_several_raters(app):
    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter))
    a = make_user("interviewer", name="Anna")
    interviews = [
        make_interview(candidate, [a], recruiter, competencies=["persuasion"], kind=kind)
        for kind in ("competency_interview", "role_play", "role_play")
    ]
    for interview, score in zip(interviews, (2, 4, 3), strict=True):
        fill(interview, a, {"persuasion": score})
    result = result_of(candidate.id)
    assert [e.rater for e in result.panel] == [
        "Anna · Competency interview",
        "Anna · Role play 2026-11-20",
        "Anna · Role play 2026-11-20 #2",
    ]
    assert result.evaluation.aggregates["persuasion"].mean == 3.0
    assert result.evaluation.aggregates["persuasion"].count == 3


def test_candidate_without_opening_has_no_result(app):
    candidate = make_candidate(None)
    result = result_of(candidate.id)
    assert (result.role, result.evaluation, result.fit) == (None, None, None)
    assert db.session.execute(db.select(Interview)).first() is None


def test_mixed_rubric_versions_read_each_rating_against_its_own_rubric(app):
    """The first interview rated 'listening' on 1-5; a newer rubric rates it 1-4. That score
    is left out as not comparable, never reread on the other scale, the rest counts, and the
    result names the rubric it compares with."""
    import dataclasses

    from hiring.models import RubricSnapshot
    from hiring.services import results

    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter))
    old_rater, new_rater = make_user("interviewer"), make_user("interviewer")
    old = make_interview(
        candidate, [old_rater], recruiter, competencies=["persuasion", "listening"]
    )
    fill(old, old_rater, {"persuasion": 4, "listening": 4})
    current = results.role_of_snapshot(old.snapshot)
    library = current.library
    four = library.scale.model_copy(
        update={"max": 4, "labels": {k: v for k, v in library.scale.labels.items() if k <= 4}}
    )
    newer_library = library.model_copy(
        update={
            "competencies": [
                c.model_copy(update={"scale": four}) if c.key == "listening" else c
                for c in library.competencies
            ]
        }
    )
    fake_sha = "f" * 64
    results._roles_by_sha[fake_sha] = dataclasses.replace(current, library=newer_library)
    try:
        newer = RubricSnapshot(
            sha256=fake_sha,
            role_key="kam",
            role_version="9.0",
            library_key=old.snapshot.library_key,
            library_version="9.0",
            data=old.snapshot.data,
        )
        db.session.add(newer)
        db.session.flush()
        new = make_interview(candidate, [new_rater], recruiter, competencies=["persuasion"])
        new.snapshot_id = newer.id
        db.session.commit()
        fill(new, new_rater, {"persuasion": 2})
        result = result_of(candidate.id)
    finally:
        del results._roles_by_sha[fake_sha]
    assert len(result.rubric_versions) == 2
    assert result.rubric_versions[-1].startswith("kam 9.0 ")
    assert [key for _rater, key in result.not_comparable] == ["listening"]
    values = {c.key: c for c in result.summary.competencies}
    assert values["listening"].value is None
    assert values["persuasion"].value == 3.0  # both raters' persuasion counts
