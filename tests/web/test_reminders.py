"""Scorecards that do not get forgotten: the overdue ones on the recruiters' start page and first
on their interviewer's, and ``hiring remind`` e-mailing reminders at most once per interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hiring.catalogue_cache import current_catalogue
from hiring.extensions import db
from hiring.models import ScorecardReminder
from hiring.models.base import utcnow
from hiring.services.interviews import cancel_interview, schedule_interview
from hiring.services.reminders import overdue_for, remind
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

KEYS = ["persuasion"]


@pytest.fixture
def world(app):
    recruiter = make_user("recruiter", email="r@example.test")
    anna = make_user("interviewer", name="Anna Arvioija", email="anna@example.test")
    bertta = make_user("interviewer", name="Bertta Haastattelija", email="bertta@example.test")
    opening = make_opening(recruiter)
    late = make_candidate(opening, name="Kalle Myöhässä")
    old = make_interview(late, [anna, bertta], recruiter, competencies=KEYS)  # 2026-11-20
    fill(old, anna, {"persuasion": 4})  # Anna submitted; Bertta did not
    recent = make_candidate(opening, name="Ulla Tuore")
    schedule_interview(
        recent, scheduled_at=utcnow() - timedelta(hours=20), kind="competency_interview",
        interviewer_ids=[bertta.id], competencies=KEYS, by=recruiter,
        catalogue=current_catalogue(),
    )  # fmt: skip
    called_off = make_candidate(opening, name="Peruttu Pekka")
    cancelled = make_interview(called_off, [bertta], recruiter, competencies=KEYS)
    cancel_interview(cancelled, "The candidate fell ill.", recruiter)
    db.session.commit()
    return {"recruiter": recruiter, "anna": anna, "bertta": bertta, "late": late}


def test_the_recruiters_start_page_lists_what_is_overdue(client, auth, world):
    overdue = overdue_for(world["recruiter"])
    assert overdue.total == 1
    (row,) = overdue.rows
    assert (row.interviewer, row.candidate) == ("Bertta Haastattelija", "Kalle Myöhässä")
    assert row.days_since == (utcnow() - datetime(2026, 11, 20, 9, tzinfo=UTC)).days
    auth.login("r@example.test")
    page = client.get("/candidates").get_data(as_text=True)
    assert "1 scorecard overdue" in page
    block = page[page.index('class="overdue notice"') : page.index("</details>")]
    assert "Bertta Haastattelija" in block
    assert "Kalle Myöhässä" in block
    assert "Ulla Tuore" not in block  # her interview was yesterday
    assert "Peruttu Pekka" not in block  # cancelled


def test_a_draft_is_overdue_too_and_a_submitted_one_is_not(world):
    from hiring.models import Interview

    interview = db.session.execute(
        db.select(Interview).where(Interview.candidate_id == world["late"].id)
    ).scalar_one()
    fill(interview, world["bertta"], {"persuasion": 3}, submit=False)
    assert overdue_for(world["recruiter"]).total == 1
    fill(interview, world["bertta"], {"persuasion": 3})
    assert overdue_for(world["recruiter"]).total == 0


def test_the_interviewer_sees_their_overdue_ones_first(client, auth, world):
    auth.login("bertta@example.test")
    page = client.get("/my/interviews").get_data(as_text=True)
    assert "1 scorecard to submit" in page
    rows = page[page.index("<tbody>") : page.index("</tbody>")].split("<tr")[1:]
    assert "Kalle Myöhässä" in rows[0]
    assert 'class="late"' in rows[0]
    assert "overdue: 11 days ago" in rows[0] or "overdue:" in rows[0]
    assert "Ulla Tuore" in rows[1]
    assert 'class="late"' not in rows[1]
    auth.logout()
    auth.login("anna@example.test")
    assert "scorecard to submit" not in client.get("/my/interviews").get_data(as_text=True)


def test_remind_sends_once_per_interval_in_the_interviewers_language(client, auth, world, smtp):
    auth.login("bertta@example.test")
    client.get("/language/fi")  # Bertta works in Finnish
    auth.logout()
    summary = remind()
    assert (summary.overdue, summary.sent, summary.recently, summary.failed) == (1, 1, 0, 0)
    (message,) = smtp.sent
    assert message["To"] == "Bertta Haastattelija <bertta@example.test>"
    body = message.get_content()
    assert "Kalle Myöhässä" in body
    assert message["Subject"] == "Lähetettävä arviointilomake: Kalle Myöhässä"
    assert "vielä lähettämättä" in body
    assert "/scorecards/" in body
    again = remind()
    assert (again.sent, again.recently) == (0, 1)
    assert len(smtp.sent) == 1
    # three days on: Kalle's again, and Ulla's (her interview is now past the two days) first
    later = remind(now=utcnow() + timedelta(hours=73))
    assert (later.overdue, later.sent) == (2, 2)
    counts = db.session.execute(
        db.select(ScorecardReminder.count).order_by(ScorecardReminder.scorecard_id)
    ).scalars()
    assert list(counts) == [2, 1]


def test_a_failed_reminder_is_tried_again_next_time(world, smtp):
    smtp.fail = True
    assert remind().failed == 1
    assert db.session.execute(db.select(ScorecardReminder)).first() is None
    smtp.fail = False
    assert remind().sent == 1


def test_the_command_line(app, runner, world, smtp):
    dry = runner.invoke(args=["remind", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 overdue scorecards" in dry.output
    assert "dry run: nothing sent" in dry.output
    assert smtp.sent == []
    sent = runner.invoke(args=["remind"])
    assert sent.exit_code == 0, sent.output
    assert "sent 1; 0 reminded within the interval already; 0 failed" in sent.output
    app.config.update(MAIL_SERVER=None)
    unconfigured = runner.invoke(args=["remind"])
    assert unconfigured.exit_code == 0
    assert "nothing sent" in unconfigured.output


def test_the_command_line_fails_when_a_message_cannot_go(runner, world, smtp):
    smtp.fail = True
    result = runner.invoke(args=["remind"])
    assert result.exit_code == 1
    assert "could not be sent" in result.output


def test_a_withdrawn_or_rejected_candidates_scorecards_are_not_waited_for(world):
    from hiring.services.recruiting import record_decision

    record_decision(world["late"], "withdraw", "Took another offer.", world["recruiter"])
    db.session.commit()
    assert overdue_for(world["recruiter"]).total == 0
    assert remind().overdue == 0


def test_nothing_is_held_while_the_mail_server_answers(world, smtp, monkeypatch, database):
    """The claim is committed before the message goes: another connection can write (and
    sees the claim) while the server is being talked to, so a slow server holds up nobody."""
    from sqlalchemy import text

    seen = []
    send = smtp.send_message

    def slow_server(self, message):
        with db.engine.connect() as other:
            if database == "sqlite":
                other.exec_driver_sql("PRAGMA busy_timeout = 0")
            other.execute(text("UPDATE users SET name = name WHERE id = 1"))
            seen.append(other.execute(text("SELECT count(*) FROM scorecard_reminders")).scalar())
            other.commit()
        send(self, message)

    monkeypatch.setattr(smtp, "send_message", slow_server)
    assert remind().sent == 1
    assert seen == [1]


def test_a_failed_reminder_gives_back_only_its_own_claim(world, smtp):
    assert remind().sent == 1
    smtp.fail = True
    later = utcnow() + timedelta(hours=73)
    assert remind(now=later).failed == 2  # Kalle's again, and Ulla's, now overdue too
    reminder = db.session.execute(db.select(ScorecardReminder)).scalar_one()  # Ulla's: gone
    assert reminder.count == 1  # Kalle's: as before the failed try
    assert reminder.sent_at < later - timedelta(hours=72)
    smtp.fail = False
    assert remind(now=later).sent == 2


def test_very_many_pending_candidates_are_sought_without_naming_them(world, monkeypatch):
    import hiring.services.reminders as reminders

    monkeypatch.setattr(reminders, "NAMED", 0)  # one pending candidate is already "very many"
    assert overdue_for(world["recruiter"]).total == 1


def test_a_short_overdue_list_is_counted_from_its_rows_and_a_full_one_by_the_database(
    app, world, count_queries
):
    assert world["recruiter"].role == "recruiter"  # loaded again after the commit
    with count_queries() as counter:
        overdue = overdue_for(world["recruiter"])
    # the candidates with one pending, then their overdue scorecards: all are on the page,
    # so their number is known without a count
    assert (overdue.total, counter.count) == (1, 2)
    # their interviews are found by candidate (its index), not by a join over every interview
    assert "interviews.candidate_id IN" in counter.statements[1]

    more = make_interview(world["late"], [world["anna"], world["bertta"]], world["recruiter"],
                          competencies=KEYS)  # fmt: skip
    assert more.scheduled_at < utcnow() - timedelta(days=2)  # overdue: two more scorecards
    db.session.commit()
    assert world["recruiter"].role == "recruiter"
    with count_queries() as counter:
        full = overdue_for(world["recruiter"], limit=2)
    assert (len(full.rows), full.total, counter.count) == (2, 3, 3)
    with count_queries() as counter:
        exact = overdue_for(world["recruiter"], limit=3)
    assert (len(exact.rows), exact.total, counter.count) == (3, 3, 3)
