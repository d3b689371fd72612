"""A walk through every page a recruiter, an administrator and an interviewer reach, in English
and in Finnish, on a desktop: the audit after the test (``conftest.accessible_and_valid``)
runs axe-core and the Nu Html Checker on each page served, refused forms included."""

from __future__ import annotations

from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from hiring.extensions import db
from hiring.models import ApplicantActivity
from hiring.models.base import utcnow
from hiring.services.recruiting import record_decision
from tests.factories import (
    PASSWORD,
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
)

KEYS = ["persuasion", "listening", "negotiation"]


def log_in(driver, base: str, email: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.NAME, "email").send_keys(email)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/login" not in d.current_url)


def visit(driver, base: str, path: str) -> None:
    driver.get(base + path)
    assert driver.find_element(By.TAG_NAME, "h1").text, path
    refused = [
        e["message"] for e in driver.get_log("browser") if "Content Security" in e["message"]
    ]
    assert refused == [], path  # the policy refuses nothing the pages use


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_every_page_of_the_office(app, live_server, browser, lang):
    make_user("admin", email="admin@example.test")
    recruiter = make_user("recruiter", email="r@example.test")
    anna = make_user("interviewer", email="anna@example.test")
    bertta = make_user("interviewer", email="bertta@example.test")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, name="Kalle Kandidaatti", sales_experience_years=6)
    ulla = make_candidate(opening, name="Ulla Unscored")
    interview = make_interview(candidate, [anna, bertta], recruiter, competencies=KEYS)
    fill(interview, anna, {"persuasion": 4, "listening": 3, "negotiation": 4})
    fill(interview, bertta, {"persuasion": 2, "listening": 4, "negotiation": 4}, submit=False)
    # a hired candidate whose panel is complete and disagrees: the debrief is open
    dora = make_candidate(opening, name="Dora Debrief", email="dora@example.test")
    panel = make_interview(dora, [anna, bertta], recruiter, competencies=KEYS)
    fill(panel, anna, {"persuasion": 1, "listening": 3, "negotiation": 4})
    fill(panel, bertta, {"persuasion": 5, "listening": 4, "negotiation": 4})
    record_decision(dora, "hire", "The panel agreed after the debrief.", recruiter)
    db.session.commit()
    driver = browser

    log_in(driver, live_server, "r@example.test")
    driver.get(f"{live_server}/language/{lang}")
    for path in (
        "/openings",
        "/openings/new",
        f"/openings/{opening.id}/edit",
        "/candidates",
        f"/candidates?opening={opening.id}&sort=fit",
        "/candidates/new",
        f"/candidates/{candidate.id}",
        f"/candidates/{candidate.id}/edit",
        f"/candidates/{candidate.id}/interviews/new",
        f"/interviews/{interview.id}/edit",
        f"/openings/{opening.id}/shortlist",
        "/panel-quality",
        "/rubrics",
        "/rubrics/roles/kam",
        "/rubrics/competencies/relationship_building",
        "/account/password",
        "/account/two-step",
        "/account/api-tokens",
        "/api/v1/docs",
        f"/candidates/{candidate.id}/debrief",  # not open yet: a scorecard is in draft
        f"/candidates/{dora.id}/debrief",
    ):
        visit(driver, live_server, path)
    # a consensus note and a summary, recorded
    visit(driver, live_server, f"/candidates/{dora.id}/debrief")
    driver.find_element(By.ID, "note_persuasion").send_keys("Strong with people, not scripted.")
    driver.find_element(By.ID, "summary").send_keys("Hire: the panel agrees.")
    driver.find_element(By.CSS_SELECTOR, "#summary-note button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "blockquote"))
    # a new API token, shown once
    visit(driver, live_server, "/account/api-tokens")
    driver.find_element(By.ID, "name").send_keys("Raportti")
    driver.find_element(By.ID, "scopes-0").click()
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form.narrow button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "code.token"))
    # a refused form: the opening without a title
    visit(driver, live_server, "/openings/new")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".error-summary"))

    log_in(driver, live_server, "admin@example.test")
    driver.get(f"{live_server}/language/{lang}")
    # Ulla applied three years ago: past her retention date
    activity = db.session.get(ApplicantActivity, ulla.person_id)
    activity.last_activity_at = utcnow() - timedelta(days=3 * 365)
    db.session.commit()
    for path in (
        "/admin/users",
        "/admin/audit",
        "/admin/retention",
        f"/candidates/{candidate.id}",
        f"/admin/people/{candidate.person_id}/erase",
        "/team",
        "/team/import",
        "/team/development",
        "/team/nine-box",
        "/validity",
        "/validity/people",
        "/my/validity",
        f"/candidates/{dora.id}",
    ):
        visit(driver, live_server, path)
    # the hire made an employee: their page, with the employment section
    driver.find_element(By.ID, "employee_id").send_keys("K0001")
    driver.find_element(By.CSS_SELECTOR, "#employee button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/team/people/" in d.current_url)
    # a password reset: the page that shows the temporary password once
    visit(driver, live_server, "/admin/users")
    driver.find_element(
        By.CSS_SELECTOR, f"form[action='/admin/users/{anna.id}/password'] button"
    ).click()
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "temporary"))

    log_in(driver, live_server, "bertta@example.test")
    driver.get(f"{live_server}/language/{lang}")
    card = next(c for c in interview.scorecards if c.interviewer_id == bertta.id)
    for path in ("/my/interviews", "/my/openings", f"/scorecards/{card.id}", "/my/validity"):
        visit(driver, live_server, path)
