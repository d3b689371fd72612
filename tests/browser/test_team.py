"""A sales manager in a real browser: imports the team's new quarter from a spreadsheet, checks
the preview, finds the strongest KAM candidate at the top of the talent pool and opens her
page, where her field results stand beside the competencies they are evidence for."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from hiring.catalogue_cache import current_catalogue
from hiring.domain.team_csv import read_team_csv
from hiring.extensions import db
from hiring.models import Interview, Person
from hiring.services.people import import_team
from hiring.services.team import start_assessment
from tests.browser.test_keyboard import wait_for_path
from tests.domain.test_team_csv import HEADER, line
from tests.factories import PASSWORD, fill, make_user

PEOPLE = (
    # employee id, name, email, territory, score on every KAM competency
    ("R1", "Pekka Prosessi", "pekka@example.test", "Tampere east", 3),
    ("R2", "Marina Rudenko", "marina@example.test", "Tampere city", 5),
    ("R3", "Satu Tasainen", "satu@example.test", "Nokia", 4),
)


def quarter(period: str, marina_plan: str) -> str:
    rows = [
        line(employee_id=eid, name=name, email=email, territory=territory, period=period,
             sales_vs_plan_pct=marina_plan if eid == "R2" else "98",
             report_compliance_pct="38" if eid == "R2" else "97")
        for eid, name, email, territory, _score in PEOPLE
    ]  # fmt: skip
    return "\n".join([HEADER, *rows]) + "\n"


def test_a_manager_imports_a_quarter_and_finds_the_strongest_kam(
    app, live_server, browser, tmp_path
):
    manager = make_user("manager", name="Maija Manageri", email="boss@example.test")
    rater = make_user("interviewer", name="Ilkka Independent")
    import_team(read_team_csv(quarter("2026-Q2", "126")), manager)
    db.session.commit()
    catalogue = current_catalogue()
    keys = [c.key for c in catalogue.role("kam").competencies]
    for eid, _name, _email, _territory, score in PEOPLE:
        person = db.session.execute(select_person(eid)).scalar_one()
        assessment = start_assessment(person, raters=[rater.id], by=manager, catalogue=catalogue)
        db.session.commit()
        interview = db.session.execute(
            db.select(Interview).where(Interview.candidate_id == assessment.id)
        ).scalar_one()
        for user in (manager, rater):
            fill(interview, user, dict.fromkeys(keys, score))
    path = tmp_path / "q3.csv"
    path.write_text(quarter("2026-Q3", "131"), encoding="utf-8")
    driver = browser

    driver.get(f"{live_server}/login")
    driver.find_element(By.NAME, "email").send_keys("boss@example.test")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_for_path(driver, "/my/interviews")

    driver.find_element(By.LINK_TEXT, "Talent pool").click()
    wait_for_path(driver, "/team")
    driver.find_element(By.LINK_TEXT, "Import a team").click()
    wait_for_path(driver, "/team/import")
    driver.find_element(By.NAME, "file").send_keys(str(path))
    driver.find_element(By.XPATH, "//button[normalize-space()='Check the file']").click()
    wait_for_text(driver, "Check the team file")  # the preview (same address as the form)
    assert "No problems found." in driver.page_source
    assert "3 rows, 3 without problems" in driver.page_source
    driver.find_element(By.XPATH, "//button[normalize-space()='Import 3 rows']").click()
    wait_for_text(driver, "0 people added, 3 updated")
    assert "0 people added, 3 updated, 3 periods of field data" in driver.page_source

    first = driver.find_element(By.CSS_SELECTOR, "table.candidates tbody tr th a")
    assert first.text == "Marina Rudenko"  # the best KAM score, whatever her reports
    first.click()
    wait_for_path(driver, "/team/people/")
    wait_for_text(driver, "<h1>Marina Rudenko</h1>")
    page = driver.page_source
    assert "<h1>Marina Rudenko</h1>" in page
    assert "Ready now" in page
    assert "Newest period: 2026-Q3" in page
    assert "Report compliance (%): 38" in page
    assert "Routine process (not a KAM competency)" in page
    assert "Maija Manageri · own manager (conflict of interest)" in page


def wait_for_text(driver, text: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: text in d.page_source)


def select_person(employee_id: str):
    return db.select(Person).where(Person.employee_id == employee_id)
