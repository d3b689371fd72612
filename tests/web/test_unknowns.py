"""Unknown is never shown as good, on the page, the shortlist and the PDF."""

from __future__ import annotations

from hiring.catalogue_cache import current_catalogue
from hiring.services.documents import profile_html
from hiring.services.results import build_result, load_interviews
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user


def test_floors_nobody_assessed_are_named_as_not_assessed(client, auth):
    recruiter = make_user("recruiter", email="rekry@example.test")
    interviewer = make_user("interviewer")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, name="Kaisa Kandidaatti")
    interview = make_interview(candidate, [interviewer], recruiter, competencies=["persuasion"])
    fill(interview, interviewer, {"persuasion": 4})
    kam = current_catalogue().role("kam")
    floored = [c for c in kam.competencies if c.floor is not None and c.key != "persuasion"]
    auth.login("rekry@example.test")
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Floors not assessed" in page
    assert floored[0].competency.name.en in page
    shortlist = client.get(f"/openings/{opening.id}/shortlist").get_data(as_text=True)
    row = shortlist[shortlist.index("Floors not assessed") :]
    assert f'<td class="num">{len(floored)}</td>' in row[: row.index("</tr>")]
    result = build_result(
        candidate, load_interviews([candidate.id])[candidate.id], current_catalogue()
    )
    html = profile_html(result, lang="en", blind=False)
    line = html[html.index("Floors not assessed") :]
    assert floored[0].competency.name.en in line[: line.index("</tr>")]


def test_an_undetermined_level_is_no_level_and_says_what_to_collect(client, auth):
    recruiter = make_user("recruiter", email="rekry@example.test")
    interviewer = make_user("interviewer")
    opening = make_opening(recruiter)
    unknown = make_candidate(opening, name="Tuntematon Tapio")  # no facts at all
    short = make_candidate(opening, name="Lyhyt Liisa", sales_experience_years=0.5)
    for candidate in (unknown, short):
        interview = make_interview(candidate, [interviewer], recruiter, competencies=["persuasion"])
        fill(interview, interviewer, {"persuasion": 4})
    auth.login("rekry@example.test")
    page = client.get(f"/candidates/{unknown.id}").get_data(as_text=True)
    assert "KAM level not yet determined" in page
    assert "until then no level is shown, high or low" in page
    page = client.get(f"/candidates/{short.id}").get_data(as_text=True)
    assert "KAM level 0" in page
    assert "Level 1 is not reached because of:" in page
    result = build_result(unknown, load_interviews([unknown.id])[unknown.id], current_catalogue())
    assert "not yet determined" in profile_html(result, lang="en", blind=False)


def test_the_list_ranks_by_the_share_of_the_profile_attained_by_default(client, auth):
    """One assessed competency at fit 1.0 does not rank above a full assessment at 0.98."""
    recruiter = make_user("recruiter", email="rekry@example.test")
    interviewer = make_user("interviewer")
    opening = make_opening(recruiter)
    few = make_candidate(opening, name="Yksi Osaaminen")
    full = make_candidate(opening, name="Koko Profiili")
    keys = [c.key for c in current_catalogue().role("kam").competencies]
    fill(make_interview(few, [interviewer], recruiter, competencies=["persuasion"]),
         interviewer, {"persuasion": 5})  # fmt: skip
    scores = dict.fromkeys(keys, 4)
    scores[keys[-1]] = 3
    fill(make_interview(full, [interviewer], recruiter), interviewer, scores)
    auth.login("rekry@example.test")
    page = client.get("/candidates").get_data(as_text=True)
    assert page.index("Koko Profiili") < page.index("Yksi Osaaminen")
    assert '<option value="score" selected>' in page
    export = client.get("/candidates/export.csv").data.decode("utf-8-sig").splitlines()
    assert export[0].split(",")[6:9] == ["Share of the profile attained", "Fit", "Coverage"]
    assert export[1].startswith("Koko Profiili")


def test_beside_the_fit_how_sure_it_is(client, auth):
    recruiter = make_user("recruiter", email="rekry@example.test")
    one, two = make_user("interviewer"), make_user("interviewer")
    opening = make_opening(recruiter)
    panel = make_candidate(opening, name="Paneeli Paula")
    alone = make_candidate(opening, name="Yksin Yrjö")
    interview = make_interview(
        panel, [one, two], recruiter, competencies=["persuasion", "listening"]
    )
    fill(interview, one, {"persuasion": 5, "listening": 3}, red_flags=["late"])
    fill(interview, two, {"persuasion": 3, "listening": 3})
    fill(
        make_interview(alone, [one], recruiter, competencies=["persuasion"]), one, {"persuasion": 4}
    )
    auth.login("rekry@example.test")
    page = client.get(f"/candidates/{panel.id}").get_data(as_text=True)
    assert "95 % band" in page
    assert "2 assessors" in page
    assert "disagree on 1 competency" in page
    assert "1 red flag seen" in page
    page = client.get(f"/candidates/{alone.id}").get_data(as_text=True)
    assert "band unknown: one rater" in page
    shortlist = client.get(f"/openings/{opening.id}/shortlist").get_data(as_text=True)
    assert "How sure" in shortlist
    assert "band unknown: one rater" in shortlist
    result = build_result(panel, load_interviews([panel.id])[panel.id], current_catalogue())
    assert "95 % band" in profile_html(result, lang="en", blind=False)


def test_a_candidate_nobody_assessed_has_no_level_yet(client, auth):
    """Nine years of sales entered, no scorecard: no level at all ("–", "not yet assessed"),
    not "level 0" nor "? or higher", on the page, in the list and in the profile."""
    recruiter = make_user("recruiter", email="rekry@example.test")
    candidate = make_candidate(make_opening(recruiter), name="Uusi Urho", sales_experience_years=9)
    auth.login("rekry@example.test")
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    summary = page[page.index("<dt>KAM level</dt>") :]
    summary = summary[: summary.index("</div>")]
    assert '<dd class="big">–</dd>' in summary
    assert "not yet assessed" in summary
    assert "or higher" not in summary
    assert "KAM level 0" not in page
    listed = client.get("/candidates").get_data(as_text=True)
    row = listed[listed.index("Uusi Urho") :]
    assert '<td class="num">–</td>' in row[: row.index("</tr>")]
    result = build_result(
        candidate, load_interviews([candidate.id])[candidate.id], current_catalogue()
    )
    profile = profile_html(result, lang="en", blind=False)
    line = profile[profile.index('<th scope="row">KAM level</th>') :]
    assert "not yet assessed</td>" in line[: line.index("</tr>")]
