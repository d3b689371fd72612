"""The reader's language is looked up once per request (``hiring.i18n``), and writing in
another language (a profile, a reminder) goes through ``in_language``, which keeps that
right inside and after its block."""

from __future__ import annotations

import re
from pathlib import Path

import flask_babel
import pytest

from hiring import i18n
from hiring.numbers import decimal
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

PACKAGE = Path(__file__).resolve().parents[2] / "hiring"


@pytest.fixture
def panel(auth):
    recruiter = make_user("recruiter", email="rekry@example.test")
    anna, bertta = make_user("interviewer"), make_user("interviewer")
    candidate = make_candidate(make_opening(recruiter), name="Kalle")
    interview = make_interview(candidate, [anna, bertta], recruiter, competencies=["persuasion"])
    fill(interview, anna, {"persuasion": 4})
    fill(interview, bertta, {"persuasion": 3})
    auth.login("rekry@example.test")
    return candidate


def test_a_page_finds_its_translations_once(client, panel, monkeypatch):
    """Flask-Babel's translations lookup ran for each of the candidate page's ~250 strings
    and ~300 numbers (about a tenth of the page's time); now once per request."""
    client.get("/language/fi")
    flask_babel.refresh()  # Flask-Babel keeps its locale in the app context tests share
    calls = []
    original = flask_babel.Domain.get_translations

    def counted(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(flask_babel.Domain, "get_translations", counted)
    html = client.get(f"/candidates/{panel.id}").get_data(as_text=True)
    assert "Yhteenveto" in html  # Finnish words
    assert "3,50" in html  # and numbers
    assert len(calls) == 1


def test_requests_sharing_an_app_context_each_read_their_own_language(client, panel):
    """Tests run several requests in one app context: what one request found is not the
    next one's language."""
    english = client.get(f"/candidates/{panel.id}").get_data(as_text=True)
    client.get("/language/fi")
    flask_babel.refresh()  # Flask-Babel's own locale is kept in the shared context too
    finnish = client.get(f"/candidates/{panel.id}").get_data(as_text=True)
    client.get("/language/en")
    flask_babel.refresh()
    again = client.get(f"/candidates/{panel.id}").get_data(as_text=True)
    for page, words, number in ((english, "Summary", "3.50"), (finnish, "Yhteenveto", "3,50"),
                                (again, "Summary", "3.50")):  # fmt: skip
        assert words in page
        assert number in page


def test_in_language_writes_in_it_and_then_in_the_readers_again(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert (i18n.language(), i18n.gettext("Summary"), decimal(-0.5, 1)) == (
            "en",
            "Summary",
            "-0.5",
        )
        with i18n.in_language("fi"):
            assert i18n.language() == "fi"
            assert i18n.gettext("Summary") == "Yhteenveto"
            assert decimal(-0.5, 1) == "−0,5"
            assert str(i18n.lazy_gettext("Summary")) == "Yhteenveto"
            with i18n.in_language("en"):
                assert i18n.gettext("Summary") == "Summary"
            assert i18n.gettext("Summary") == "Yhteenveto"
        assert (i18n.language(), i18n.gettext("Summary"), decimal(-0.5, 1)) == (
            "en",
            "Summary",
            "-0.5",
        )
        assert i18n.ngettext("%(num)d assessor", "%(num)d assessors", 2) == "2 assessors"


def test_an_error_inside_in_language_leaves_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        assert i18n.language() == "fi"
        seen = []

        def fails_in_english() -> None:
            with i18n.in_language("en"):
                seen.append(i18n.language())
                raise LookupError("mid-way")

        with pytest.raises(LookupError, match="mid-way"):
            fails_in_english()
        assert seen == ["en"]
        assert i18n.gettext("Summary") == "Yhteenveto"


def test_only_in_language_forces_a_locale():
    """A ``force_locale`` (or Flask-Babel's ``refresh``) elsewhere would leave the kept
    translations in the reader's language inside its block. Tests switch through
    ``in_language`` too (they call ``refresh`` only between requests)."""
    tests = PACKAGE.parent / "tests"
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{number}"
        for path in [*PACKAGE.rglob("*.py"), *tests.rglob("*.py")]
        if path.name not in ("i18n.py", "test_i18n.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bforce_locale\b", line)
        or (path.is_relative_to(PACKAGE) and re.search(r"(?<![.\w])refresh\(", line))
    ]
    assert offenders == []


def test_templates_have_every_gettext_form(app):
    """Flask-Babel gives templates ``pgettext`` and ``npgettext`` too; installing the kept
    translations must not take them away."""
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        page = app.jinja_env.from_string(
            "{{ _('Summary') }}|{{ pgettext('heading', 'Summary') }}|"
            "{{ npgettext('count', '%(num)d assessor', '%(num)d assessors', 2) }}"
        ).render()
    assert page.split("|")[0] == "Yhteenveto"
    assert page.split("|")[2] in ("2 arvioijaa", "2 assessors")
