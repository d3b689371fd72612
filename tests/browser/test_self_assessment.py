"""A candidate on a phone (360 x 740), in Finnish: opens the link, answers half, closes the
browser, opens the link again, finishes and submits. The first page is answered with the
keyboard alone."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import SelfAssessment
from hiring.services.self_assessments import issue_self_assessment, role_and_questionnaire
from tests.browser.test_keyboard import active, press, tab_to, wait_for_path
from tests.factories import make_candidate, make_opening, make_user


def no_sideways_scroll(driver) -> bool:
    return driver.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def answer_with_clicks(driver, *, enter: bool = False) -> None:
    """Agree (4 of 5) with each statement; in each situation the first option most likely
    and the second least likely: tapping the labels, as on a phone. Then "Save and continue",
    or with ``enter`` the Enter key on the last radio (which must save and go on, not back)."""
    for fieldset in driver.find_elements(By.CSS_SELECTOR, "fieldset.statement"):
        fieldset.find_elements(By.CSS_SELECTOR, ".likert label")[3].click()
    for situation in driver.find_elements(By.CSS_SELECTOR, "section.situation"):
        most, least = situation.find_elements(By.TAG_NAME, "fieldset")
        most.find_elements(By.CSS_SELECTOR, "label.choice")[0].click()
        least.find_elements(By.CSS_SELECTOR, "label.choice")[1].click()
    if enter:
        driver.find_elements(By.CSS_SELECTOR, "input[type=radio]:checked")[-1].send_keys(Keys.ENTER)
    else:
        driver.find_element(By.CSS_SELECTOR, "input[name=next]").click()


def test_self_assessment_on_a_phone_in_finnish(app, live_server, browser):
    recruiter = make_user("recruiter")
    candidate = make_candidate(make_opening(recruiter), name="Kaisa Kandidaatti")
    issued = issue_self_assessment(
        candidate, recruiter, days=14, lang="fi", catalogue=current_catalogue()
    )
    db.session.commit()
    pages = len(role_and_questionnaire(issued.assessment)[1].pages)
    half = pages // 2
    driver = browser
    driver.implicitly_wait(0)  # pages are loaded when wait_for_path returns; absent is absent
    driver.set_window_size(360, 740)
    link = f"{live_server}/s/{issued.token}"

    driver.get(link)
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fi"
    assert "Tietosuojaseloste" in driver.page_source
    assert no_sideways_scroll(driver)
    driver.find_element(By.CSS_SELECTOR, "input[name=consent]").click()
    wait_for_path(driver, "/page/1")

    # page 1 with the keyboard alone: into each group with Tab, to "agree" with the arrows
    statements = len(driver.find_elements(By.CSS_SELECTOR, "fieldset.statement"))
    assert statements > 0
    for _ in range(statements):
        tab_to(driver, lambda e: e["type"] == "radio")
        press(driver, Keys.SPACE, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    tab_to(driver, lambda e: e["name"] == "next")
    assert active(driver)["text"] == "Tallenna ja jatka"
    assert no_sideways_scroll(driver)
    press(driver, Keys.ENTER)
    wait_for_path(driver, "/page/2")

    for number in range(2, half + 1):
        answer_with_clicks(driver, enter=number == 2)  # a page with a way back, too
        wait_for_path(driver, f"/page/{number + 1}")
    assert no_sideways_scroll(driver)

    # the browser is closed: a new one, with nothing of the old session, opens the link
    driver.delete_all_cookies()
    driver.get("about:blank")
    driver.get(link)
    wait_for_path(driver, f"/page/{half + 1}")
    assert "Sivu" in driver.find_element(By.TAG_NAME, "h1").text

    for number in range(half + 1, pages + 1):
        answer_with_clicks(driver)
        wait_for_path(driver, "/review" if number == pages else f"/page/{number + 1}")
    assert "Olet vastannut kaikkiin kohtiin" in driver.page_source
    driver.find_element(By.CSS_SELECTOR, "input[name=submit]").click()
    # the address stays /review: wait for the page that answers the submit, not the URL
    WebDriverWait(driver, 10).until(lambda d: "Vastauksesi on lähetetty" in d.page_source)

    db.session.expire_all()
    stored = db.session.get(SelfAssessment, issued.assessment.id)
    assert stored.submitted_at is not None
    assert len(stored.answers) == len(role_and_questionnaire(stored)[1].items)
