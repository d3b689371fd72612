"""The read-only catalogue pages."""

from __future__ import annotations

import pytest
from markupsafe import escape

from hiring.web.catalogue import is_safe_path


def test_index_lists_roles_and_clusters(client):
    page = client.get("/rubrics", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="en">' in html
    for name in ("Key Account Manager", "Medical representative", "Red flags"):
        assert name in html
    assert 'href="/rubrics/roles/kam"' in html


def test_index_in_finnish_from_browser_language(client):
    html = client.get("/rubrics", headers={"Accept-Language": "fi-FI,fi;q=0.9"}).get_data(
        as_text=True
    )
    assert '<html lang="fi">' in html
    assert "Roolikuvaukset" in html
    assert "Avainasiakaspäällikkö" in html


def test_language_choice_is_remembered_and_redirects_back(client):
    response = client.get("/language/fi?next=/rubrics/roles/kam")
    assert response.status_code in (302, 303)
    assert response.headers["Location"] == "/rubrics/roles/kam"
    html = client.get("/rubrics/roles/kam", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert '<html lang="fi">' in html
    assert "2. Työtehtävät" in html


def test_language_unknown_code_is_404(client):
    assert client.get("/language/sv").status_code == 404


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/rubrics/roles/kam", True),
        ("/?lang=fi", True),
        ("//evil.example/x", False),
        ("https://evil.example/", False),
        ("/\\evil.example", False),
        ("/rubrics\r\nSet-Cookie: x=1", False),
        ("/\t/evil.example", False),
        ("", False),
        ("roles/kam", False),
    ],
)
def test_is_safe_path(target, safe):
    assert is_safe_path(target) is safe


def test_language_refuses_offsite_next(client):
    response = client.get("/language/en?next=//evil.example/")
    assert response.headers["Location"] == "/"  # home, never the other site


@pytest.mark.parametrize("target", ["/%0D", "/rubrics%0D%0ASet-Cookie:%20x=1"])
def test_language_with_a_line_break_in_next_goes_home(client, target):
    response = client.get(f"/language/en?next={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_role_page_shows_targets_duties_levels(client, shipped):
    html = client.get("/rubrics/roles/kam", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    role = shipped.roles["kam"]
    assert html.count('<th scope="row">') == len(role.competencies)
    assert "2.23" in html
    assert "Experience levels" in html
    assert role.provenance.sha256[:12] in html


def test_role_page_unknown_is_404(client):
    assert client.get("/rubrics/roles/cto").status_code == 404


def test_competency_page_shows_every_anchor(client, shipped):
    library = next(iter(shipped.libraries.values()))
    competency = next(c for c in library.competencies if c.key == "persuasion")
    html = client.get(
        "/rubrics/competencies/persuasion", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    for point in range(1, 6):
        assert str(escape(competency.anchors[point].en)) in html
    assert str(escape(competency.questions[0].en)) in html


@pytest.mark.parametrize(("lang", "heading"), [("en", "From the source"), ("fi", "Lähteestä")])
def test_competency_page_keeps_the_source_note(client, lang, heading):
    # The Marina story left the development text that profiles print; the catalogue keeps it.
    html = client.get(
        "/rubrics/competencies/relationship_building", headers={"Accept-Language": lang}
    ).get_data(as_text=True)
    assert heading in html
    assert "Marina" in html[html.index(heading) :]


def test_competency_page_unknown_is_404(client):
    assert client.get("/rubrics/competencies/charm").status_code == 404


def test_pages_escape_text(client):
    html = client.get("/rubrics").get_data(as_text=True)
    assert "<script" not in html


def test_role_page_labels_source_pay_and_names_what_it_omits(client):
    html = client.get("/rubrics/roles/kam", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert html.count("Market context from the source, not pay advice:") == 3
    assert "up to 60,000 RUB." in html
    assert "a month" not in html
    assert "Not scored in this profile, on purpose" in html
    for key in ("leadership", "visit_discipline", "foreign_language"):
        assert f'href="/rubrics/competencies/{key}"' in html
    for scored in ("Sense of humour", "Conversational range", "Business acumen"):
        assert scored in html


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "<strong>Pay band:</strong>\n3,800–5,200 EUR a month. our band</p>"),
        ("fi", "<strong>Palkkahaarukka:</strong>\n3\u00a0800–5\u00a0200 EUR kuukaudessa. oma"),
    ],
)
def test_organisation_pay_band_shows_its_figures_and_period(app, mini, lang, expected):
    from flask import get_template_attribute

    from hiring.i18n import in_language

    level2 = mini.roles["account"].profile.levels.levels[1]
    with app.test_request_context(), in_language(lang):
        html = str(get_template_attribute("shared/_macros.html", "pay")(level2.pay, lang))
    assert expected in html
