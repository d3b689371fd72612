"""Readiness for the opening's role and the comparison with every role profile, on the
candidate page and in the PDF profile."""

from __future__ import annotations

from hiring.catalogue_cache import current_catalogue
from hiring.services.documents import profile_html
from hiring.services.results import build_result, load_interviews, role_ranking
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user


def candidate_scored(scores_of):
    recruiter = make_user("recruiter", email="rekry@example.test")
    interviewer = make_user("interviewer")
    candidate = make_candidate(make_opening(recruiter), name="Marja Myyjä")
    role = current_catalogue().roles["kam"]
    interview = make_interview(candidate, [interviewer], recruiter)
    fill(interview, interviewer, {entry.key: scores_of(entry) for entry in role.competencies})
    return candidate


def test_everyone_at_target_is_ready_now_and_compared_with_every_role(app, client, auth):
    candidate = candidate_scored(lambda entry: entry.target)
    auth.login("rekry@example.test")
    html = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Readiness for Key Account Manager" in html
    assert "Ready now" in html
    assert "The verdict informs; people decide." in html
    for role in current_catalogue().roles.values():
        assert role.profile.name.get("en") in html  # every role profile in the comparison
    ranking = role_ranking(
        build_result(candidate, load_interviews([candidate.id])[candidate.id], current_catalogue()),
        current_catalogue(),
    )
    assert [r.current for r in ranking].count(True) == 1
    assert ranking == sorted(ranking, key=lambda r: -r.score)


def test_gaps_to_close_come_with_a_horizon(app, client, auth):
    # two points below target on every trainable competency, at target on the others
    candidate = candidate_scored(
        lambda entry: (
            max(entry.scale.min, entry.target - 2) if entry.competency.trainable else entry.target
        )
    )
    auth.login("rekry@example.test")
    html = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Ready with development" in html
    assert "Horizon: about 12 months" in html
    assert "trainable" in html


def test_too_little_assessed_says_what_to_assess(app, client, auth):
    recruiter = make_user("recruiter", email="rekry@example.test")
    interviewer = make_user("interviewer")
    candidate = make_candidate(make_opening(recruiter), name="Marja Myyjä")
    interview = make_interview(candidate, [interviewer], recruiter, competencies=["persuasion"])
    fill(interview, interviewer, {"persuasion": 4})
    auth.login("rekry@example.test")
    html = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Not yet known" in html
    assert "Not assessed yet, heaviest first" in html


def test_the_pdf_profile_has_the_verdict_and_the_comparison_in_finnish(app):
    candidate = candidate_scored(lambda entry: entry.target)
    result = build_result(
        candidate, load_interviews([candidate.id])[candidate.id], current_catalogue()
    )
    html = profile_html(result, lang="fi", blind=False)
    assert "Valmis nyt" in html
    assert current_catalogue().roles["medical_rep"].profile.name.get("fi") in html
