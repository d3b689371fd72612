"""An interviewer logs in and submits a scorecard with the keyboard alone."""

from __future__ import annotations

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from hiring.extensions import db
from hiring.models import ScorecardRevision
from tests.factories import PASSWORD, make_candidate, make_interview, make_opening, make_user

KEYS = ["persuasion", "listening", "negotiation"]


def active(driver) -> dict[str, str]:
    return driver.execute_script(
        "const e = document.activeElement;"
        "return {tag: e.tagName, name: e.name || '', id: e.id || '', type: e.type || '',"
        " text: (e.innerText || e.value || '').trim()};"
    )


def press(driver, *keys: str) -> None:
    ActionChains(driver).send_keys(*keys).perform()


def wait_for_url(driver, url: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: d.current_url == url)


def wait_for_path(driver, fragment: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: fragment in d.current_url)


def tab_to(driver, predicate, limit: int = 80) -> dict[str, str]:
    """Press Tab until the focused element matches, as a keyboard user would."""
    for _ in range(limit):
        press(driver, Keys.TAB)
        element = active(driver)
        if predicate(element):
            return element
    raise AssertionError("never reached the element with Tab")


def test_scorecard_with_keyboard_alone(app, live_server, browser):
    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter), name="Kalle Kandidaatti")
    me = make_user("interviewer", email="me@example.test")
    make_interview(candidate, [me], recruiter, competencies=KEYS)
    driver = browser

    driver.get(f"{live_server}/login")
    tab_to(driver, lambda e: e["name"] == "email")
    press(driver, "me@example.test", Keys.TAB, PASSWORD, Keys.ENTER)
    wait_for_url(driver, f"{live_server}/my/interviews")

    tab_to(driver, lambda e: e["tag"] == "A" and e["text"] == "Start scoring")
    press(driver, Keys.ENTER)
    wait_for_path(driver, "/scorecards/")

    for key in KEYS:
        # Tab lands on the checked radio of the group ("Not assessed"); arrows choose a point.
        tab_to(driver, lambda e, key=key: e["name"] == f"score_{key}")
        press(driver, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
        assert active(driver)["id"] == f"score_{key}-4"
        tab_to(driver, lambda e, key=key: e["name"] == f"note_{key}")
        press(driver, f"Evidence for {key}.")
    tab_to(driver, lambda e: e["name"] == "recommendation")
    press(driver, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)  # strong no -> no -> yes
    assert active(driver)["id"] == "recommendation-2"
    tab_to(driver, lambda e: e["name"] == "submit")
    press(driver, Keys.ENTER)

    wait_for_url(driver, f"{live_server}/my/candidates/{candidate.id}")
    db.session.expire_all()
    revision = db.session.execute(db.select(ScorecardRevision)).scalar_one()
    assert (revision.status, revision.recommendation) == ("submitted", "yes")
    assert {r.competency_key: r.score for r in revision.ratings} == dict.fromkeys(KEYS, 4)
    assert {r.note for r in revision.ratings} == {f"Evidence for {k}." for k in KEYS}


def test_focus_is_visible(app, live_server, browser):
    driver = browser
    driver.get(f"{live_server}/login")
    tab_to(driver, lambda e: e["name"] == "email")
    outline = driver.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [s.outlineStyle, s.outlineWidth];"
    )
    assert outline[0] != "none"
    assert outline[1] != "0px"


def test_a_refused_scorecard_starts_from_its_error_summary(app, live_server, browser):
    """The scorecard page is long: after a refused submit the browser lands on the summary of
    what is wrong, at the top, and the first Tab reaches the link to the first problem."""
    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter), name="Kalle Kandidaatti")
    me = make_user("interviewer", email="me@example.test")
    interview = make_interview(candidate, [me], recruiter, competencies=KEYS)
    driver = browser
    driver.get(f"{live_server}/login")
    tab_to(driver, lambda e: e["name"] == "email")
    press(driver, "me@example.test", Keys.TAB, PASSWORD, Keys.ENTER)
    wait_for_url(driver, f"{live_server}/my/interviews")
    card = interview.scorecards[0]
    driver.get(f"{live_server}/scorecards/{card.id}")
    driver.find_element("id", "score_persuasion-5").click()  # the highest point, no evidence
    driver.find_element("name", "submit").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements("css selector", ".error-summary"))
    focused = driver.execute_script("return document.activeElement.className")
    assert focused == "error-summary"
    assert driver.execute_script("return window.scrollY") == 0
    press(driver, Keys.TAB)
    link = active(driver)
    assert link["tag"] == "A"
    assert link["text"].startswith("Persuasion – Evidence: Write the evidence")
