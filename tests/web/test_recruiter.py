"""The recruiter's pages: openings, candidates, interviews, results, decisions, shortlist."""

from __future__ import annotations

import csv
import io
import re

import flask_babel
import pytest

from hiring.extensions import db
from hiring.models import Candidate, Decision, Interview, Opening
from hiring.services.recruiting import record_decision, update_candidate
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user


@pytest.fixture
def recruiter(auth):
    user = make_user("recruiter", name="Riikka Rekrytoija", email="r@example.test")
    auth.login("r@example.test")
    return user


@pytest.fixture
def opening(recruiter):
    return make_opening(recruiter)


def test_create_opening(client, recruiter):
    response = client.post(
        "/openings/new",
        data={
            "title": "KAM Turku",
            "role_key": "kam",
            "territory": "Varsinais-Suomi",
            "hiring_manager": "Petri",
            "status": "open",
        },
    )
    opening = db.session.execute(db.select(Opening)).scalar_one()
    assert response.headers["Location"] == f"/candidates?opening={opening.id}"
    assert (opening.title, opening.role_key, opening.created_by_id) == (
        "KAM Turku",
        "kam",
        recruiter.id,
    )


def test_opening_form_role_starts_with_an_empty_choice(client, recruiter):
    html = client.get("/openings/new").get_data(as_text=True)
    select = html[html.index('<select id="role_key"') :]
    first = select[select.index("<option") : select.index("</option>")]
    assert 'value=""' in first
    assert '<option selected value="kam">' in select[: select.index("</select>")]
    response = client.post("/openings/new", data={"title": "X", "role_key": "", "status": "open"})
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert db.session.execute(db.select(Opening)).first() is None


def test_create_opening_unknown_role_rejected_beside_field(client, recruiter):
    response = client.post(
        "/openings/new", data={"title": "X", "role_key": "cto", "status": "open"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Not a valid choice" in html
    assert db.session.execute(db.select(Opening)).first() is None
    # ... and summarised at the top, linked to the field
    assert html.index('class="error-summary"') < html.index("<h1>")
    assert '<a href="#role_key">Role profile: Not a valid choice' in html


CANDIDATE = {
    "name": "Maija Meikäläinen",
    "email": "maija@example.com",
    "phone": "+358 40 123 4567",
    "education": "higher",
    "sales_experience_years": "6",
    "kam_experience_years": "2.5",
    "languages": "fi, EN",
    "long_term_clients": "12",
    "repeat_transactions": "40",
    "sales_growth_pct": "18",
    "source": "external",
    "notes": "Met at Pharma Days.",
}


def test_create_candidate(client, opening):
    response = client.post("/candidates/new", data={**CANDIDATE, "opening_id": str(opening.id)})
    candidate = db.session.execute(db.select(Candidate)).scalar_one()
    assert response.headers["Location"] == f"/candidates/{candidate.id}"
    assert candidate.language_list == ["fi", "en"]
    assert (candidate.sales_experience_years, candidate.long_term_clients) == (6.0, 12)
    assert candidate.opening_id == opening.id


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("email", "not-an-email", "Invalid email address."),
        ("sales_experience_years", "-1", "Number must be between 0 and 70."),
        ("sales_experience_years", "lots", "Not a valid float value."),
        ("long_term_clients", "2.5", "Not a valid integer value."),
        ("languages", "finnish; english", "Two- or three-letter codes separated by commas"),
        ("education", "phd", "Not a valid choice"),
        ("opening_id", "999", "Not a valid choice"),
    ],
)
def test_create_candidate_bad_input_message_beside_field_and_nothing_saved(
    client, opening, field, value, message
):
    response = client.post(
        "/candidates/new", data={**CANDIDATE, "opening_id": str(opening.id), field: value}
    )
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.execute(db.select(Candidate)).first() is None


def test_edit_candidate_stale_version_refused(client, opening):
    candidate = make_candidate(opening)
    first = client.get(f"/candidates/{candidate.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in first
    # Someone else saves first.
    client.post(
        f"/candidates/{candidate.id}/edit",
        data={**CANDIDATE, "opening_id": str(opening.id), "version": "1", "notes": "first"},
    )
    stale = client.post(
        f"/candidates/{candidate.id}/edit",
        data={**CANDIDATE, "opening_id": str(opening.id), "version": "1", "notes": "second"},
    )
    assert stale.status_code == 200
    assert "Someone else changed this candidate" in stale.get_data(as_text=True)
    db.session.refresh(candidate)
    assert (candidate.notes, candidate.version) == ("first", 2)


def test_schedule_interview_creates_scorecards(client, recruiter, opening):
    candidate = make_candidate(opening)
    a, b = make_user("interviewer"), make_user("interviewer")
    response = client.post(
        f"/candidates/{candidate.id}/interviews/new",
        data={
            "scheduled_at": "2026-11-30T10:00",
            "kind": "role_play",
            "interviewers": [str(a.id), str(b.id)],
            "competencies": ["persuasion", "listening", "negotiation"],
        },
    )
    assert response.headers["Location"] == f"/candidates/{candidate.id}"
    interview = db.session.execute(db.select(Interview)).scalar_one()
    assert interview.competencies == ["persuasion", "listening", "negotiation"]
    assert sorted(s.interviewer_id for s in interview.scorecards) == sorted([a.id, b.id])
    assert interview.snapshot.role_key == "kam"
    # Entered in the organisation's zone (Helsinki, UTC+2 in November), stored in UTC, and
    # shown back in local time.
    assert interview.scheduled_at.isoformat() == "2026-11-30T08:00:00+00:00"
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "2026-11-30 10:00" in page


def test_schedule_interview_without_interviewer_rejected(client, recruiter, opening):
    candidate = make_candidate(opening)
    response = client.post(
        f"/candidates/{candidate.id}/interviews/new",
        data={"scheduled_at": "2026-11-30T10:00", "kind": "case"},
    )
    assert response.status_code == 200
    assert "Assign at least one interviewer." in response.get_data(as_text=True)
    assert db.session.execute(db.select(Interview)).first() is None


def test_schedule_interview_in_1900_gets_a_message_beside_the_date(client, recruiter, opening):
    candidate = make_candidate(opening)
    a = make_user("interviewer")
    response = client.post(
        f"/candidates/{candidate.id}/interviews/new",
        data={"scheduled_at": "1900-01-01T09:00", "kind": "case", "interviewers": [str(a.id)]},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'id="scheduled_at-errors">\s*<li>Choose a date from \d{4}-', page)
    assert db.session.execute(db.select(Interview)).first() is None


def test_schedule_interview_needs_opening(client, recruiter):
    candidate = make_candidate(None)
    response = client.get(f"/candidates/{candidate.id}/interviews/new")
    assert response.headers["Location"] == f"/candidates/{candidate.id}/edit"


def panel(recruiter, opening):
    candidate = make_candidate(
        opening,
        name="Kalle Kandidaatti",
        education="higher",
        sales_experience_years=6,
        kam_experience_years=3,
        languages="fi,en",
    )
    a = make_user("interviewer", name="Anna Arvioija")
    b = make_user("interviewer", name="Bertta Haastattelija")
    interview = make_interview(
        candidate,
        [a, b],
        recruiter,
        competencies=["persuasion", "listening", "negotiation", "reporting"],
    )
    fill(
        interview,
        a,
        {"persuasion": 5, "listening": 4, "negotiation": 4, "reporting": None},
        red_flags=["late"],
        notes={"persuasion": "Won the role play cleanly."},
    )
    fill(
        interview,
        b,
        {"persuasion": 3, "listening": 4, "negotiation": 4, "reporting": 2},
        recommendation="strong_yes",
    )
    return candidate, a, b


def test_candidate_page_shows_panel_result(client, recruiter, opening):
    candidate, _a, _b = panel(recruiter, opening)
    html = client.get(f"/candidates/{candidate.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "decision support" in html
    assert "Anna Arvioija" in html
    assert "Bertta Haastattelija" in html
    assert "Won the role play cleanly." in html
    assert "⚠ disagreement" in html  # persuasion 5 vs 3
    assert "<svg" in html
    assert 'role="img"' in html
    assert "<strong>Being late</strong>: Anna Arvioija" in html
    assert "How this was computed" in html
    assert "Strong yes" in html


def test_candidate_page_hides_panel_from_recruiter_who_interviews_until_submitted(
    client, recruiter, opening
):
    candidate = make_candidate(opening)
    other = make_user("interviewer", name="Other Person")
    interview = make_interview(
        candidate,
        [recruiter, other],
        recruiter,
        competencies=["persuasion", "listening", "negotiation"],
    )
    fill(
        interview,
        other,
        {"persuasion": 4, "listening": 2, "negotiation": 3},
        notes={"listening": "SECRET NOTE"},
    )
    html = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Submit your own scorecard for this candidate first" in html
    assert "SECRET NOTE" not in html
    fill(interview, recruiter, {"persuasion": 4, "listening": 3, "negotiation": 3})
    assert "SECRET NOTE" in client.get(f"/candidates/{candidate.id}").get_data(as_text=True)


def test_record_decision(client, recruiter, opening):
    candidate = make_candidate(opening)
    response = client.post(
        f"/candidates/{candidate.id}/decisions",
        data={"decision": "advance", "reason": "Strong panel."},
    )
    assert response.headers["Location"] == f"/candidates/{candidate.id}#decisions"
    decision = db.session.execute(db.select(Decision)).scalar_one()
    assert (decision.decision, decision.reason, decision.decided_by_id) == (
        "advance",
        "Strong panel.",
        recruiter.id,
    )
    db.session.refresh(candidate)
    assert candidate.status == "advanced"
    html = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Strong panel." in html
    assert "Riikka Rekrytoija" in html


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "advance", "reason": " "},
        {"decision": "promote", "reason": "x"},
        {"reason": "x"},
    ],
)
def test_record_decision_needs_valid_decision_and_reason(client, recruiter, opening, data):
    candidate = make_candidate(opening)
    client.post(f"/candidates/{candidate.id}/decisions", data=data)
    assert db.session.execute(db.select(Decision)).first() is None
    db.session.refresh(candidate)
    assert candidate.status == "active"


def test_a_refused_decision_keeps_what_was_typed(client, recruiter, opening):
    """Seen: a decision refused for a missing choice or reason lost the text typed. The page
    comes back with the reason and the choice as they were, and the error beside its field."""
    candidate = make_candidate(opening)
    reason = "Strong references from two KOLs; the panel disagreed on negotiation."
    response = client.post(f"/candidates/{candidate.id}/decisions", data={"reason": reason})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert reason.replace("'", "&#39;") in page
    assert "Choose a decision." in page
    response = client.post(
        f"/candidates/{candidate.id}/decisions", data={"decision": "on_hold", "reason": " "}
    )
    page = response.get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="on_hold"', page)
    assert "Give the reason for the decision." in page


def test_candidate_list_search_filter_and_sort_by_fit(client, recruiter, opening):
    _strong, *_ = panel(recruiter, opening)
    make_candidate(opening, name="Ulla Unscored")
    other_opening = make_opening(recruiter, title="Other")
    make_candidate(other_opening, name="Olli Other")
    html = client.get(f"/candidates?opening={opening.id}&sort=fit").get_data(as_text=True)
    assert html.index("Kalle Kandidaatti") < html.index("Ulla Unscored")
    assert "Olli Other" not in html
    found = client.get("/candidates?q=ulla").get_data(as_text=True)
    assert "Ulla Unscored" in found
    assert "Kalle Kandidaatti" not in found


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Öörni", "Pirjo Öörni"),
        ("öörni", "Pirjo Öörni"),
        ("oorni", "Pirjo Öörni"),
        ("Åkerlund", "Björn Åkerlund"),
        ("ÅKERLUND", "Björn Åkerlund"),
        ("björn", "Björn Åkerlund"),
        ("anna-liisa", "Anna-Liisa Mäkelä"),
        ("anna liisa", "Anna-Liisa Mäkelä"),
        ("MÄKELÄ", "Anna-Liisa Mäkelä"),
        ("kol dinner", "Anna-Liisa Mäkelä"),
    ],
)
def test_search_finds_finnish_and_swedish_names(client, recruiter, opening, typed, found):
    """Seen: "Öörni", "öörni" and "Åkerlund" found nothing (SQLite folds ASCII only). The
    stored text and the query are folded alike, on SQLite and PostgreSQL."""
    for name, notes in (
        ("Pirjo Öörni", ""),
        ("Björn Åkerlund", ""),
        ("Anna-Liisa Mäkelä", "Met at the KOL dinner"),
        ("Matti Virtanen", ""),
    ):
        make_candidate(opening, name=name, notes=notes)
    html = client.get("/candidates", query_string={"q": typed}).get_data(as_text=True)
    names = {"Pirjo Öörni", "Björn Åkerlund", "Anna-Liisa Mäkelä", "Matti Virtanen"}
    assert [n for n in sorted(names) if n in html] == [found]


def test_search_takes_like_wildcards_literally_and_follows_edits(client, recruiter, opening):
    candidate = make_candidate(opening, name="Maija Meikäläinen")
    make_candidate(opening, name="Percy 100% Sure")
    html = client.get("/candidates", query_string={"q": "100%"}).get_data(as_text=True)
    assert "Percy 100% Sure" in html
    assert "Maija" not in html
    assert "Maija" not in client.get("/candidates?q=_").get_data(as_text=True)
    update_candidate(candidate, {"name": "Maija Öhman"}, seen_version=candidate.version)
    db.session.commit()
    assert "Maija Öhman" in client.get("/candidates?q=ohman").get_data(as_text=True)


def test_requirements_read_in_words_with_rounded_values(client, recruiter, opening):
    """Seen: the requirements table showed ids and rule expressions (q-vip-experience,
    sales_experience_years >= 2, one of: en) and raw floats (3.66667), and its counts left out
    the rows that apply only if needed. The page and the profile PDF read in words."""
    import io

    from pypdf import PdfReader

    candidate = make_candidate(opening, name="Kaisa Kolmas", sales_experience_years=9,
                               languages="fi,sv", education="higher")  # fmt: skip
    raters = [make_user("interviewer") for _ in range(3)]
    interview = make_interview(candidate, raters, recruiter, competencies=["objection_handling"])
    for rater, score in zip(raters, (4, 4, 3), strict=True):
        fill(interview, rater, {"objection_handling": score})
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    pdf = client.get(f"/candidates/{candidate.id}/profile.pdf?lang=en")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    for shown in (page, " ".join(text.split())):
        assert "at least 2 years of sales experience" in shown
        assert "Objection handling rated at least 3" in shown
        assert "3.7" in shown
        assert "2 more apply only if the opening needs them." in shown
        for internal in ("q-objections", "sales_experience_years", "one of: en", "3.66667"):
            assert internal not in shown, internal


def test_candidate_list_export_csv_excel_safe(client, recruiter, opening):
    make_candidate(opening, name='=HYPERLINK("http://x")', languages="fi")
    response = client.get("/candidates/export.csv?delimiter=;")
    assert response.mimetype == "text/csv"
    body = response.data
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Name"
    assert rows[1][0] == '\'=HYPERLINK("http://x")'


def test_shortlist_side_by_side(client, recruiter, opening):
    panel(recruiter, opening)
    make_candidate(opening, name="Ulla Unscored")
    html = client.get(f"/openings/{opening.id}/shortlist").get_data(as_text=True)
    assert "Kalle Kandidaatti" in html
    assert "Ulla Unscored" in html
    assert html.count('role="img"') == 1  # only the scored candidate has a chart


def add_scored_candidates(recruiter, opening, how_many: int) -> None:
    for n in range(how_many):
        candidate = make_candidate(opening, name=f"C{n}")
        a, b = make_user("interviewer"), make_user("interviewer")
        interview = make_interview(
            candidate, [a, b], recruiter, competencies=["persuasion", "listening", "negotiation"]
        )
        fill(interview, a, {"persuasion": 4, "listening": 3, "negotiation": 3})
        fill(interview, b, {"persuasion": 3, "listening": 3, "negotiation": 4})
    db.session.expire_all()


@pytest.mark.parametrize("path", ["/candidates", "/openings/{opening}/shortlist"])
def test_list_pages_use_constant_queries(client, recruiter, opening, count_queries, path):
    """The same number of SQL statements for 1 scored candidate as for 6 (no N+1)."""
    url = path.format(opening=opening.id)
    add_scored_candidates(recruiter, opening, 1)
    with count_queries() as one:
        assert client.get(url).status_code == 200
    add_scored_candidates(recruiter, opening, 5)
    with count_queries() as six:
        assert client.get(url).status_code == 200
    assert one.count == six.count


def test_candidate_page_constant_queries(client, recruiter, opening, count_queries):
    candidate = make_candidate(opening)
    people = [make_user("interviewer") for _ in range(4)]
    first = make_interview(candidate, people[:2], recruiter, competencies=["persuasion"])
    for person in people[:2]:
        fill(first, person, {"persuasion": 3})
    db.session.expire_all()
    with count_queries() as few:
        assert client.get(f"/candidates/{candidate.id}").status_code == 200
    for _ in range(3):
        more = make_interview(
            candidate, people, recruiter, competencies=["persuasion", "listening"]
        )
        for person in people:
            fill(more, person, {"persuasion": 4, "listening": 3})
    for person in (recruiter, make_user("recruiter")):
        record_decision(candidate, "on_hold", "waiting", person)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as many:
        assert client.get(f"/candidates/{candidate.id}").status_code == 200
    assert few.count == many.count


def test_create_candidate_with_unknown_education(client, opening):
    response = client.post(
        "/candidates/new", data={**CANDIDATE, "opening_id": str(opening.id), "education": ""}
    )
    candidate = db.session.execute(db.select(Candidate)).scalar_one()
    assert response.headers["Location"] == f"/candidates/{candidate.id}"
    assert candidate.education is None
    edit = client.get(f"/candidates/{candidate.id}/edit").get_data(as_text=True)
    assert '<option selected value="">' in edit
    again = client.post(
        f"/candidates/{candidate.id}/edit",
        data={**CANDIDATE, "opening_id": str(opening.id), "education": "", "version": "1"},
    )
    assert again.headers["Location"] == f"/candidates/{candidate.id}"


def test_concurrent_decision_gets_a_message_not_an_error(client, recruiter, opening, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    import hiring.web.recruiter as views

    def stale(*args, **kwargs):
        raise StaleDataError("changed meanwhile")

    monkeypatch.setattr(views, "record_decision", stale)
    candidate = make_candidate(opening)
    response = client.post(
        f"/candidates/{candidate.id}/decisions", data={"decision": "hire", "reason": "x"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Someone else changed this candidate at the same moment" in page


def test_the_candidate_form_shows_the_notice_the_applicant_is_given(app, client, auth):
    """Wherever data are collected a privacy notice applies: the recruiter who types an
    applicant's details sees which notice the applicant received (the standard one, or the
    organisation's own in the reader's language)."""
    make_user("recruiter", email="rekry@example.test")
    db.session.commit()
    auth.login("rekry@example.test")
    standard = client.get("/candidates/new").get_data(as_text=True)
    assert "The privacy notice the applicant is given" in standard
    assert "At most 24 months after the last activity in your application" in standard
    app.config["APPLICANT_NOTICE_EN"] = "Our own notice.\n\nSecond paragraph."
    app.config["APPLICANT_NOTICE_FI"] = "Oma ilmoituksemme."
    own = client.get("/candidates/new").get_data(as_text=True)
    assert "<p>Our own notice.</p>" in own
    assert "<p>Second paragraph.</p>" in own
    assert "At most 24 months" not in own
    client.get("/language/fi")
    flask_babel.refresh()
    assert "<p>Oma ilmoituksemme.</p>" in client.get("/candidates/new").get_data(as_text=True)


def test_candidate_page_calls_no_template_macro_per_competency(
    client, recruiter, opening, monkeypatch
):
    """The page's tables wrote each number through a macro (a Jinja call per cell, ~270 on a
    full panel's page). The macros a page calls do not grow with the competencies rated."""
    from jinja2.runtime import Macro

    calls: list[str] = []
    original = Macro._invoke

    def counted(self, arguments, autoescape):
        calls.append(self.name)
        return original(self, arguments, autoescape)

    from hiring.catalogue_cache import current_catalogue

    keys = [c.key for c in current_catalogue().role("kam").competencies]
    pages = []
    for rated in (keys[:2], keys):
        candidate = make_candidate(opening, name=f"Rated on {len(rated)}")
        a, b = make_user("interviewer"), make_user("interviewer")
        interview = make_interview(candidate, [a, b], recruiter, competencies=rated)
        fill(interview, a, dict.fromkeys(rated, 3))
        fill(interview, b, dict.fromkeys(rated, 4))
        db.session.expire_all()
        calls.clear()
        monkeypatch.setattr(Macro, "_invoke", counted)
        assert client.get(f"/candidates/{candidate.id}").status_code == 200
        monkeypatch.undo()
        pages.append(sorted(calls))
    assert len(keys) > 30
    assert pages[0] == pages[1]


def test_a_shortlist_column_makes_only_what_it_shows(client, recruiter, opening, monkeypatch):
    """Thirty columns made each candidate's evidence notes and comparison with every role,
    which only a candidate's page shows; a column makes its summary and chart alone."""
    import hiring.web.result_view as result_view

    def not_for_a_column(*_args, **_kwargs):
        raise AssertionError("made for a shortlist column, which does not show it")

    panel(recruiter, opening)
    monkeypatch.setattr(result_view, "rating_notes", not_for_a_column)
    monkeypatch.setattr(result_view, "role_ranking", not_for_a_column)
    html = client.get(f"/openings/{opening.id}/shortlist").get_data(as_text=True)
    assert "Kalle Kandidaatti" in html
    assert html.count('role="img"') == 1
