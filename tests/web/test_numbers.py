"""Numbers in the reader's language: a decimal comma and the Finnish minus sign in the Finnish
pages and PDFs, the decimal point in English, "–" for what is not known."""

from __future__ import annotations

import re

import pytest

from hiring.catalogue_cache import current_catalogue
from hiring.i18n import in_language
from hiring.numbers import decimal, percent_number, short_number
from hiring.services.documents import profile_html
from hiring.services.results import build_result, load_interviews
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["3.67", "-0.5", "0.0", "9", "12.5", "60000", "13 %", "–"]),
        ("fi", ["3,67", "−0,5", "0,0", "9", "12,5", "60000", "13 %", "–"]),
    ],
)
def test_formats(app, lang, expected):
    with app.test_request_context(), in_language(lang):
        got = [
            decimal(3.66667),
            decimal(-0.5, 1),
            decimal(-0.01, 1),
            short_number(9.0),
            short_number(12.5),
            short_number(60000),
            percent_number(0.126),
            decimal(None),
        ]
    assert got == expected


@pytest.fixture
def panel(auth):
    recruiter = make_user("recruiter", email="rekry@example.test")
    anna, bertta = make_user("interviewer"), make_user("interviewer")
    candidate = make_candidate(make_opening(recruiter), name="Kalle", sales_experience_years=2.5)
    interview = make_interview(candidate, [anna, bertta], recruiter, competencies=["persuasion"])
    fill(interview, anna, {"persuasion": 4})
    fill(interview, bertta, {"persuasion": 3})
    auth.login("rekry@example.test")
    return candidate


def test_the_candidate_page_in_finnish_has_decimal_commas(client, panel):
    from flask_babel import refresh

    client.get("/language/fi")
    refresh()
    html = client.get(f"/candidates/{panel.id}").get_data(as_text=True)
    assert "3,50" in html  # the panel's mean of 4 and 3
    assert not re.search(r">\s*3\.50?\s*<", html)
    client.get("/language/en")
    refresh()
    assert "3.50" in client.get(f"/candidates/{panel.id}").get_data(as_text=True)


def test_the_finnish_profile_has_decimal_commas(app, panel):
    result = build_result(panel, load_interviews([panel.id])[panel.id], current_catalogue())
    finnish, english = (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", profile_html(result, lang=lang, blind=False)))
        for lang in ("fi", "en")
    )
    assert "Vakuuttaminen (3,50 / 4)" in finnish  # the development plan's gap
    assert "= 2,500 / 3,00 = 0,833" in finnish  # how the fit was computed
    assert "myyntikokemusta 2,5 täyttyy" in finnish  # a fact against a requirement
    for english_only in ("3.50", "2.500", "0.833"):
        assert english_only not in finnish
        assert english_only in english


def test_duties_name_their_competencies_not_their_keys(client, app, panel):
    html = client.get(f"/candidates/{panel.id}").get_data(as_text=True)
    duties = html[html.index("Duties and the competencies they rely on") :]
    duties = duties[: duties.index("</table>")]
    assert "Account planning" in duties
    assert "account_planning" not in duties
    result = build_result(panel, load_interviews([panel.id])[panel.id], current_catalogue())
    profile = profile_html(result, lang="fi", blind=False)
    duties = profile[profile.index("<caption>Työtehtävät ja niiden") :]
    duties = duties[: duties.index("</table>")]
    assert "account_planning" not in duties
