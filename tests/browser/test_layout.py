"""Pages that fit the screen: long unbroken text wraps, a wide shortlist scrolls in its own box
with the competency column kept in view, on a desktop and on a 390-pixel phone."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from tests.browser.test_tour import log_in
from tests.factories import (
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
)

KEYS = ["persuasion", "listening", "negotiation"]
UNBROKEN = "https://example.test/" + "evidence" * 40  # 341 characters without a break


def sideways(driver) -> list[str]:
    """The elements that stick out of the page sideways (none: it fits). What scrolls inside a
    box of its own (a wide table) does not move the page and is left out."""
    return driver.execute_script(
        "const width = document.documentElement.clientWidth; const out = [];"
        "const boxed = (e) => { for (let a = e.parentElement; a && a !== document.body;"
        "  a = a.parentElement) { if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX))"
        "  return true; } return false; };"
        "for (const e of document.querySelectorAll('body *')) {"
        "  const r = e.getBoundingClientRect();"
        "  if (r.width && r.right > width + 0.5 && !boxed(e))"
        "    out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));"
        "}"
        "if (document.documentElement.scrollWidth > width) out.push('page ' +"
        "  document.documentElement.scrollWidth);"
        "return out;"
    )


@pytest.fixture
def world():
    recruiter = make_user("recruiter", email="r@example.test")
    opening = make_opening(recruiter, title="KAM " + "Helsinki" * 20)
    first = make_candidate(opening, name="Kalle " + "Kandidaatti" * 12, notes=UNBROKEN)
    anna = make_user("interviewer", email="anna@example.test")
    interview = make_interview(first, [anna], recruiter, competencies=KEYS)
    fill(
        interview,
        anna,
        dict.fromkeys(KEYS, 4),
        notes=dict.fromkeys(KEYS, UNBROKEN),
    )
    others = [make_candidate(opening, name=f"Hakija Numero {n:02d}") for n in range(10)]
    return {"opening": opening, "candidate": first, "ids": [first.id, *(c.id for c in others)]}


@pytest.mark.parametrize("width", [1280, 390])
def test_long_text_wraps_and_pages_fit(app, live_server, browser, world, width):
    driver = browser
    driver.set_window_size(width, 900)
    log_in(driver, live_server, "r@example.test")
    opening, candidate = world["opening"], world["candidate"]
    query = "&".join(f"id={i}" for i in world["ids"])
    for path in (
        "/candidates",
        f"/candidates/{candidate.id}",
        f"/openings/{opening.id}/shortlist?{query}",
    ):
        driver.get(live_server + path)
        assert driver.find_element(By.TAG_NAME, "h1")
        assert sideways(driver) == [], f"{path}: {sideways(driver)}"


def test_shortlist_keeps_the_competency_column_in_view(app, live_server, browser, world):
    driver = browser
    driver.set_window_size(1024, 900)
    log_in(driver, live_server, "r@example.test")
    query = "&".join(f"id={i}" for i in world["ids"])
    driver.get(f"{live_server}/openings/{world['opening'].id}/shortlist?{query}")
    box = driver.find_element(By.CSS_SELECTOR, "div.table-scroll")
    moved = driver.execute_script(
        "const box = arguments[0]; box.scrollLeft = box.scrollWidth;"
        "const row = box.querySelector('tbody th[scope=row]');"
        "return {scrolled: box.scrollLeft,"
        " gap: row.getBoundingClientRect().left - box.getBoundingClientRect().left};",
        box,
    )
    assert moved["scrolled"] > 0  # eleven candidates do not fit beside each other
    assert abs(moved["gap"]) < 1  # the competency names stayed where they were


def test_the_candidate_page_leads_with_the_summary_and_the_decision(app, live_server, browser):
    """With a full panel (every KAM competency, three interviewers), the decision form is in
    the first screens, not at the bottom of a very long page, and a contents bar reaches each
    section."""
    from hiring.catalogue_cache import current_catalogue

    recruiter = make_user("recruiter", email="r@example.test")
    candidate = make_candidate(make_opening(recruiter), name="Kalle Kandidaatti")
    keys = [c.key for c in current_catalogue().role("kam").competencies]
    panel = [make_user("interviewer") for _ in range(3)]
    interview = make_interview(candidate, panel, recruiter, competencies=keys)
    for number, person in enumerate(panel):
        fill(interview, person, {k: 2 + (i + number) % 3 for i, k in enumerate(keys)})
    driver = browser
    driver.set_window_size(1280, 900)
    log_in(driver, live_server, "r@example.test")
    driver.get(f"{live_server}/candidates/{candidate.id}")
    figures = driver.execute_script(
        "const form = document.querySelector('#decisions form');"
        "return {form: form.getBoundingClientRect().top + window.scrollY,"
        " height: document.documentElement.scrollHeight};"
    )
    assert figures["form"] < 2 * 900, figures  # within the first two screens
    targets = driver.execute_script(
        "return [...document.querySelectorAll('nav.contents a')].map(a => a.hash)"
        ".filter(h => !document.querySelector(h));"
    )
    assert targets == []  # every link of the contents bar has its section
