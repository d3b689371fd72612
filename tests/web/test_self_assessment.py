"""A candidate's self-assessment through a private link: issuing, the link's life (open,
consent, resume, submit, decline, expire, revoke, tamper), and what a link may open."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest

from hiring.catalogue_cache import current_catalogue
from hiring.domain.self_assessment import SituationItem
from hiring.extensions import db
from hiring.models import AuditEntry, SelfAnswer, SelfAssessment
from hiring.models.base import utcnow
from hiring.services.self_assessments import (
    issue_self_assessment,
    role_and_questionnaire,
    token_hash,
)
from tests.factories import make_candidate, make_opening, make_user

LINK = re.compile(r'value="(http://localhost/s/([A-Za-z0-9_-]+))"')


@pytest.fixture
def setting(app, auth):
    recruiter = make_user("recruiter", name="Riikka Rekry", email="rekry@example.test")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, name="Kaisa Kandidaatti")
    db.session.commit()
    return {"recruiter": recruiter, "candidate": candidate}


def issue(candidate, by, **kwargs):
    issued = issue_self_assessment(
        candidate,
        by,
        days=kwargs.pop("days", 14),
        lang=kwargs.pop("lang", "en"),
        catalogue=current_catalogue(),
    )
    db.session.commit()
    return issued


def page_data(assessment: SelfAssessment, number: int, agree: int = 4) -> dict[str, str]:
    """Answers to every item of page ``number``, as the form posts them."""
    _role, questionnaire = role_and_questionnaire(assessment)
    data: dict[str, str] = {"next": "1"}
    for position, item in enumerate(questionnaire.pages[number - 1].items, start=1):
        if isinstance(item, SituationItem):
            data[f"most_{position}"] = item.situation.options[0].key
            data[f"least_{position}"] = item.situation.options[1].key
        else:
            data[f"item_{position}"] = str(agree)
    return data


def pages_of(assessment: SelfAssessment) -> int:
    return len(role_and_questionnaire(assessment)[1].pages)


def fresh(assessment: SelfAssessment) -> SelfAssessment:
    db.session.expire_all()
    return db.session.get(SelfAssessment, assessment.id)


def test_recruiter_issues_a_link_shown_once_and_stored_as_a_hash(client, auth, setting):
    auth.login("rekry@example.test")
    candidate = setting["candidate"]
    response = client.post(
        f"/candidates/{candidate.id}/self-assessments", data={"days": "10", "lang": "fi"}
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    _link, token = LINK.search(html).groups()
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    stored = db.session.execute(db.select(SelfAssessment)).scalar_one()
    assert stored.token_hash == token_hash(token)
    assert token not in repr(db.session.execute(db.text("SELECT * FROM self_assessments")).all())
    assert stored.lang == "fi"
    assert stored.issuer == "Riikka Rekry"
    assert timedelta(days=9, hours=23) < stored.expires_at - stored.issued_at <= timedelta(days=10)
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Link issued, not opened yet" in page
    assert token not in page  # shown only once


@pytest.mark.parametrize("days", ["0", "91", "x", ""])
def test_issue_refuses_bad_days_with_a_message(client, auth, setting, days):
    auth.login("rekry@example.test")
    candidate = setting["candidate"]
    response = client.post(
        f"/candidates/{candidate.id}/self-assessments",
        data={"days": days, "lang": "fi"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "Valid for (days)" in response.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(SelfAssessment.id))).scalar_one() == 0


def test_a_new_link_revokes_the_open_one(setting):
    first = issue(setting["candidate"], setting["recruiter"])
    second = issue(setting["candidate"], setting["recruiter"])
    assert fresh(first.assessment).revoked_at is not None
    assert fresh(second.assessment).revoked_at is None


def test_the_whole_way_consent_pages_resume_and_submit(app, client, setting):
    issued = issue(setting["candidate"], setting["recruiter"])
    token, assessment = issued.token, issued.assessment
    start = client.get(f"/s/{token}")
    html = start.get_data(as_text=True)
    assert start.status_code == 200
    assert "Privacy notice" in html
    assert "Kaisa" not in html  # the page is about the questionnaire, not the person
    assert start.headers["Referrer-Policy"] == "no-referrer"
    assert fresh(assessment).opened_at is not None
    # questionnaire pages need consent first
    assert client.get(f"/s/{token}/page/1").headers["Location"] == f"/s/{token}"
    consent = client.post(f"/s/{token}", data={"consent": "1"})
    assert consent.headers["Location"] == f"/s/{token}/page/1"
    # an incomplete page is refused and saves nothing
    incomplete = page_data(assessment, 1)
    incomplete.pop(next(k for k in incomplete if k != "next"))
    refused = client.post(f"/s/{token}/page/1", data=incomplete)
    assert refused.status_code == 200
    assert "Choose an answer." in refused.get_data(as_text=True)
    assert re.search(r'aria-describedby="item_\d+-errors"', refused.get_data(as_text=True))
    assert db.session.execute(db.select(db.func.count()).select_from(SelfAnswer)).scalar_one() == 0
    # page 1 saved, then the link resumes at page 2
    saved = client.post(f"/s/{token}/page/1", data=page_data(assessment, 1))
    assert saved.headers["Location"] == f"/s/{token}/page/2"
    assert client.get(f"/s/{token}").headers["Location"] == f"/s/{token}/page/2"
    # the saved answers come back on the page
    again = client.get(f"/s/{token}/page/1").get_data(as_text=True)
    assert again.count("checked") >= len(role_and_questionnaire(assessment)[1].pages[0].items)
    total = pages_of(assessment)
    for number in range(2, total + 1):
        response = client.post(f"/s/{token}/page/{number}", data=page_data(assessment, number))
        assert response.status_code == 302, number
    assert response.headers["Location"] == f"/s/{token}/review"
    review = client.get(f"/s/{token}/review").get_data(as_text=True)
    assert "You have answered everything" in review
    done = client.post(f"/s/{token}/review", data={"submit": "1"}, follow_redirects=True)
    assert "Your answers are submitted" in done.get_data(as_text=True)
    # a second submit (another tab, a double click) changes nothing
    submitted_at = fresh(assessment).submitted_at
    twice = client.post(f"/s/{token}/review", data={"submit": "1"}, follow_redirects=True)
    assert "Your answers are submitted" in twice.get_data(as_text=True)
    assert fresh(assessment).submitted_at == submitted_at
    # someone else holding the used link learns nothing
    other = app.test_client()
    assert other.get(f"/s/{token}").status_code == 404
    # the audit log: issued by the recruiter; opened and submitted once by the link's holder,
    # whose address is not kept
    logged = db.session.execute(
        db.select(
            AuditEntry.action, AuditEntry.actor, AuditEntry.subject_id, AuditEntry.address
        ).order_by(AuditEntry.id)
    ).all()
    assert [tuple(row) for row in logged] == [
        ("self_assessment_issued", "rekry@example.test", assessment.id, None),
        ("self_assessment_opened", "candidate", assessment.id, None),
        ("self_assessment_submitted", "candidate", assessment.id, None),
    ]


def test_order_within_a_page_is_the_same_on_every_visit(client, setting):
    issued = issue(setting["candidate"], setting["recruiter"])
    client.post(f"/s/{issued.token}", data={"consent": "1"})

    def legends() -> list[str]:
        html = client.get(f"/s/{issued.token}/page/1").get_data(as_text=True)
        return re.findall(r"<legend>(.*?)</legend>", html)

    first = legends()
    assert len(first) > 3
    assert legends() == first


def test_declining_stores_only_the_refusal(app, client, setting):
    issued = issue(setting["candidate"], setting["recruiter"])
    client.get(f"/s/{issued.token}")
    response = client.post(f"/s/{issued.token}", data={"decline": "1"})
    assert "You chose not to take part" in response.get_data(as_text=True)
    stored = fresh(issued.assessment)
    assert stored.declined_at is not None
    assert stored.consented_at is None
    logged = db.session.execute(db.select(AuditEntry.action).order_by(AuditEntry.id)).scalars()
    assert list(logged) == [
        "self_assessment_issued",
        "self_assessment_opened",
        "self_assessment_declined",
    ]
    assert db.session.execute(db.select(db.func.count()).select_from(SelfAnswer)).scalar_one() == 0
    assert app.test_client().get(f"/s/{issued.token}").status_code == 404


def test_wrong_expired_revoked_and_used_links_look_the_same(app, setting):
    recruiter, candidate = setting["recruiter"], setting["candidate"]
    expired = issue(candidate, recruiter)
    expired.assessment.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    revoked = issue(make_candidate(candidate.opening, name="Toinen"), recruiter)
    revoked.assessment.revoked_at = utcnow()
    db.session.commit()
    valid = issue(make_candidate(candidate.opening, name="Kolmas"), recruiter)
    tampered = valid.token[:-2] + ("AA" if not valid.token.endswith("AA") else "BB")
    bodies = set()
    for token in (expired.token, revoked.token, tampered, "x" * 43, "nothing"):
        for path in (f"/s/{token}", f"/s/{token}/page/1", f"/s/{token}/review"):
            response = app.test_client().get(path)
            assert response.status_code == 404, path
            bodies.add(response.get_data(as_text=True))
    assert len(bodies) == 1
    (body,) = bodies
    assert "This link cannot be used" in body
    assert "Kaisa" not in body
    assert app.test_client().get(f"/s/{valid.token}").status_code == 200


def test_a_link_opens_nothing_but_its_questionnaire(app, client, setting):
    issued = issue(setting["candidate"], setting["recruiter"])
    client.post(f"/s/{issued.token}", data={"consent": "1"})
    candidate_id = setting["candidate"].id
    for path in (f"/candidates/{candidate_id}", "/candidates", "/my/interviews", "/openings"):
        assert client.get(path).headers["Location"].startswith("/login"), path
    other = issue(make_candidate(setting["candidate"].opening, name="Muu"), setting["recruiter"])
    # the other link's pages need their own consent: this browser's consent is not theirs
    assert client.get(f"/s/{other.token}/page/1").headers["Location"] == f"/s/{other.token}"


def test_recruiter_revokes_a_link(app, client, auth, setting):
    issued = issue(setting["candidate"], setting["recruiter"])
    auth.login("rekry@example.test")
    candidate_id = setting["candidate"].id
    response = client.post(
        f"/candidates/{candidate_id}/self-assessments/{issued.assessment.id}/revoke",
        follow_redirects=True,
    )
    assert "The link is revoked" in response.get_data(as_text=True)
    assert fresh(issued.assessment).revoked_at is not None
    assert app.test_client().get(f"/s/{issued.token}").status_code == 404
    other = make_candidate(setting["candidate"].opening, name="Muu")
    db.session.commit()
    wrong = client.post(f"/candidates/{other.id}/self-assessments/{issued.assessment.id}/revoke")
    assert wrong.status_code == 404


def test_candidate_page_shows_progress(client, auth, setting):
    issued = issue(setting["candidate"], setting["recruiter"])
    anonymous = client.application.test_client()
    anonymous.post(f"/s/{issued.token}", data={"consent": "1"})
    anonymous.post(f"/s/{issued.token}/page/1", data=page_data(issued.assessment, 1))
    auth.login("rekry@example.test")
    page = client.get(f"/candidates/{setting['candidate'].id}").get_data(as_text=True)
    answered = len(role_and_questionnaire(issued.assessment)[1].pages[0].items)
    total = len(role_and_questionnaire(issued.assessment)[1].items)
    assert "In progress" in page
    assert f"{answered} of {total} items answered" in page


def test_the_token_never_reaches_a_log(app, client, setting, caplog):
    from hiring.logs import RedactLinks, redact

    issued = issue(setting["candidate"], setting["recruiter"])
    token = issued.token
    assert redact(f'"GET /s/{token}/page/2 HTTP/1.1" 200') == '"GET /s/[link]/page/2 HTTP/1.1" 200'
    assert token not in redact(f"/language/fi?next=%2Fs%2F{token}%2Fpage%2F1")
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '"%s" %s', (f"GET /s/{token} HTTP/1.1", 200), None
    )
    RedactLinks().filter(record)
    assert token not in record.getMessage()
    access = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "%(r)s", ({"r": f"GET /s/{token}"},), None
    )
    RedactLinks().filter(access)
    assert token not in access.getMessage()
    # the filters are on the loggers that write request lines
    for name in ("werkzeug", "gunicorn.access"):
        assert any(isinstance(f, RedactLinks) for f in logging.getLogger(name).filters)
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('"%s" %s', f"GET /s/{token} HTTP/1.1", 200)
    assert token not in caplog.text


def test_cli_issues_a_link_on_the_last_line(app, runner, setting):
    candidate_id = setting["candidate"].id
    result = runner.invoke(
        args=["self-assessment", "issue", str(candidate_id), "--days", "3", "--lang", "fi"]
    )
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("http://127.0.0.1:5000/s/")
    token = link.rsplit("/", 1)[1]
    db.session.expire_all()
    stored = db.session.execute(db.select(SelfAssessment)).scalar_one()
    assert stored.token_hash == token_hash(token)
    assert stored.issuer.startswith("cli")
    assert (stored.lang, (stored.expires_at - stored.issued_at).days) == ("fi", 3)
    response = app.test_client().get(f"/s/{token}")
    assert response.status_code == 200
    assert 'lang="fi"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["999"], "no candidate with id 999"),
        (["{id}", "--days", "0"], "1 to 90 days"),
        (["{id}", "--lang", "sv"], "Invalid value for '--lang'"),
    ],
)
def test_cli_bad_input_gets_a_message(runner, setting, args, message):
    args = [a.format(id=setting["candidate"].id) for a in args]
    result = runner.invoke(args=["self-assessment", "issue", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def answer_everything(assessment: SelfAssessment, agree: int = 5) -> None:
    """Consent, every page answered (``agree`` to every statement; the first option most
    likely, the second least likely), submitted: through the services the pages use."""
    from hiring.domain.self_assessment import Choice
    from hiring.services.self_assessments import give_consent, save_page, submit

    give_consent(assessment)
    _role, questionnaire = role_and_questionnaire(assessment)
    for page in questionnaire.pages:
        answers = {
            item.id: Choice(item.situation.options[0].key, item.situation.options[1].key)
            if isinstance(item, SituationItem)
            else agree
            for item in page.items
        }
        save_page(assessment, page.number, answers)
    assert submit(assessment)
    db.session.commit()


@pytest.fixture
def panel(setting):
    from tests.factories import fill, make_interview

    interviewer = make_user("interviewer", name="Ilkka Haastattelija", email="ilkka@example.test")
    member = make_user("interviewer", name="Paula Paneeli", email="paula@example.test")
    interview = make_interview(
        setting["candidate"],
        [interviewer, member],
        setting["recruiter"],
        competencies=["persuasion", "listening", "negotiation"],
    )
    fill(interview, interviewer, {"persuasion": 2, "listening": 3, "negotiation": 4})
    db.session.commit()
    return {**setting, "interview": interview, "member": member}


def test_candidate_page_sets_the_self_profile_beside_the_panel(client, auth, panel):
    issued = issue(panel["candidate"], panel["recruiter"])
    answer_everything(issued.assessment, agree=5)
    auth.login("rekry@example.test")
    html = client.get(f"/candidates/{panel['candidate'].id}").get_data(as_text=True)
    assert "Self-assessment beside the panel" in html
    assert "How to read this" in html
    # persuasion: the panel gave 2; agreeing fully with every statement (and so also with
    # the reverse-keyed one, which counts as 1) is still far above it
    assert "rates self higher than the panel" in html
    assert "How the self values were computed" in html
    # agreeing with a statement and with its reverse-keyed twin is noted, as information
    assert "answered alike" in html
    assert "statements in a row got the same answer" in html
    assert "Finished in" in html  # answered in a moment: faster than skimming


def test_the_self_assessment_is_withheld_with_the_panel(client, auth, panel):
    """Someone on the panel who has not submitted sees no self-assessment either."""
    issued = issue(panel["candidate"], panel["recruiter"])
    answer_everything(issued.assessment)
    auth.login("paula@example.test")
    html = client.get(f"/my/candidates/{panel['candidate'].id}").get_data(as_text=True)
    assert "Self-assessment beside the panel" not in html
    assert "rates self" not in html


def test_the_self_assessment_never_moves_the_stored_figures(app, panel):
    from hiring.models import StoredEvaluation
    from hiring.services.evaluations import refresh_evaluations
    from hiring.services.results import build_result, load_interviews, load_self_assessments

    candidate = panel["candidate"]
    refresh_evaluations([candidate.id])
    db.session.commit()
    before = db.session.get(StoredEvaluation, candidate.id)
    figures = (before.fit, before.coverage, before.score, before.kam_level)
    issued = issue(candidate, panel["recruiter"])
    answer_everything(issued.assessment, agree=5)
    refresh_evaluations([candidate.id])
    db.session.commit()
    db.session.expire_all()
    after = db.session.get(StoredEvaluation, candidate.id)
    assert (after.fit, after.coverage, after.score, after.kam_level) == figures
    interviews = load_interviews([candidate.id])[candidate.id]
    with_self = build_result(
        candidate,
        interviews,
        current_catalogue(),
        load_self_assessments([candidate.id])[candidate.id],
    )
    without = build_result(candidate, interviews, current_catalogue())
    assert with_self.evaluation.self_profile
    assert (with_self.fit, with_self.summary.coverage) == (without.fit, without.summary.coverage)


def test_web_and_cli_give_the_same_self_profile(app, runner, panel, tmp_path):
    """The answers stored by the web, given to 'hiring evaluate', make the same self profile."""
    import json

    from hiring.cli.common import rounded
    from hiring.services.results import build_result, load_interviews, load_self_assessments

    candidate = panel["candidate"]
    issued = issue(candidate, panel["recruiter"])
    answer_everything(issued.assessment, agree=2)
    own = load_self_assessments([candidate.id])[candidate.id]
    web = build_result(
        candidate, load_interviews([candidate.id])[candidate.id], current_catalogue(), own
    ).summary
    path = tmp_path / "input.json"
    path.write_text(
        json.dumps({"role": "kam", "self_assessment": {"answers": own.answers}}), "utf-8"
    )
    result = runner.invoke(args=["evaluate", str(path)])
    assert result.exit_code == 0, result.output
    cli = json.loads(result.output)
    assert cli["self_profile"] == rounded([v.as_dict() for v in web.self_profile])  # as printed
    assert any(v["value"] is not None for v in cli["self_profile"])


def test_shortlist_and_pdf_show_the_gap_markers(client, auth, panel):
    issued = issue(panel["candidate"], panel["recruiter"])
    answer_everything(issued.assessment, agree=5)
    auth.login("rekry@example.test")
    opening_id = panel["candidate"].opening_id
    html = client.get(f"/openings/{opening_id}/shortlist?id={panel['candidate'].id}").get_data(
        as_text=True
    )
    assert '▲<span class="visually-hidden">rates self higher than the panel' in html
    pdf = client.get(f"/candidates/{panel['candidate'].id}/profile.pdf")
    assert pdf.status_code == 200
    from hiring.services.documents import profile_html
    from hiring.services.results import build_result, load_interviews, load_self_assessments

    candidate = panel["candidate"]
    result = build_result(
        candidate,
        load_interviews([candidate.id])[candidate.id],
        current_catalogue(),
        load_self_assessments([candidate.id])[candidate.id],
    )
    document = profile_html(result, lang="fi", blind=False)
    assert "arvioi itsensä korkeammalle kuin haastattelijat" in document


def test_the_link_is_sent_by_email_in_its_language(client, auth, setting, smtp):
    candidate = setting["candidate"]
    candidate.email = "kaisa@example.test"
    db.session.commit()
    auth.login("rekry@example.test")
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Send the link to the candidate by e-mail" in page
    response = client.post(
        f"/candidates/{candidate.id}/self-assessments",
        data={"days": "14", "lang": "fi", "send": "y"},
    )
    html = response.get_data(as_text=True)
    assert "The link was sent to kaisa@example.test" in html
    (message,) = smtp.sent
    token = LINK.search(html).group(2)
    body = message.get_content()
    assert message["To"] == "Kaisa Kandidaatti <kaisa@example.test>"
    assert message["Subject"].startswith("Itsearvio")
    assert f"http://localhost/s/{token}" in body
    assert "Hei Kaisa Kandidaatti" in body


def test_a_failed_email_leaves_the_link_to_copy(client, auth, setting, smtp):
    candidate = setting["candidate"]
    candidate.email = "kaisa@example.test"
    db.session.commit()
    smtp.fail = True
    auth.login("rekry@example.test")
    response = client.post(
        f"/candidates/{candidate.id}/self-assessments",
        data={"days": "14", "lang": "en", "send": "y"},
    )
    html = response.get_data(as_text=True)
    assert "The e-mail could not be sent" in html
    assert LINK.search(html)  # the link is still shown to copy
    assert smtp.sent == []


def test_without_a_mail_server_there_is_no_send_option(client, auth, setting):
    auth.login("rekry@example.test")
    page = client.get(f"/candidates/{setting['candidate'].id}").get_data(as_text=True)
    assert "Send the link to the candidate by e-mail" not in page


def test_feedback_shows_strengths_without_numbers_when_switched_on(app, client, setting):
    issued = issue(setting["candidate"], setting["recruiter"])
    client.post(f"/s/{issued.token}", data={"consent": "1"})
    for number in range(1, pages_of(issued.assessment) + 1):
        client.post(f"/s/{issued.token}/page/{number}", data=page_data(issued.assessment, number))
    plain = client.post(f"/s/{issued.token}/review", data={"submit": "1"}, follow_redirects=True)
    assert "Strengths you can build on" not in plain.get_data(as_text=True)
    app.config["SELF_FEEDBACK"] = True
    html = client.get(f"/s/{issued.token}/review").get_data(as_text=True)
    assert "Strengths you can build on" in html
    section = html.split('id="strengths-h">', 1)[1].split("</section>")[0]
    assert section.count("<li>") == 3
    import html as html_module

    text = html_module.unescape(re.sub(r"<[^>]+>", " ", section))
    role = role_and_questionnaire(issued.assessment)[0]
    for entry in role.competencies:  # the rubric's own texts may cite clause numbers
        text = text.replace(entry.competency.description.get("en"), "")
    assert not re.search(r"\d", text)  # no numbers of the person's


def test_two_tabs_submitting_at_once_record_one_submission(setting):
    """The second tab read the link before the first submitted: its submit changes nothing."""
    from sqlalchemy.orm.attributes import set_committed_value

    from hiring.services.self_assessments import submit

    issued = issue(setting["candidate"], setting["recruiter"])
    answer_everything(issued.assessment)  # the first tab submits
    first = fresh(issued.assessment).submitted_at
    stale = fresh(issued.assessment)
    set_committed_value(stale, "submitted_at", None)  # what the second tab read
    assert submit(stale) is False
    assert stale.submitted_at == first


# --- found in review: consent withdrawn, writes refused at the moment of writing, no CSRF
# token to expire, logs with gunicorn's atoms ---------------------------------------------


def test_consent_can_be_withdrawn_from_any_page_and_the_answers_go(app, client, setting):
    issued = issue(setting["candidate"], setting["recruiter"])
    client.post(f"/s/{issued.token}", data={"consent": "1"})
    client.post(f"/s/{issued.token}/page/1", data=page_data(issued.assessment, 1))
    assert db.session.execute(db.select(db.func.count()).select_from(SelfAnswer)).scalar_one()
    page = client.get(f"/s/{issued.token}/page/2").get_data(as_text=True)
    assert "Stop and delete my answers" in page
    response = client.post(f"/s/{issued.token}", data={"decline": "1"})
    assert "You chose not to take part" in response.get_data(as_text=True)
    stored = fresh(issued.assessment)
    assert stored.declined_at is not None
    assert db.session.execute(db.select(db.func.count()).select_from(SelfAnswer)).scalar_one() == 0
    assert app.test_client().get(f"/s/{issued.token}/page/1").status_code == 404


@pytest.mark.parametrize("change", ["submitted_at", "revoked_at", "expires_at"])
def test_a_write_after_the_link_closed_meanwhile_is_refused(setting, change):
    """The page was read while the link was open; it closed before the save arrived."""
    from sqlalchemy import update

    from hiring.services import ServiceError
    from hiring.services.self_assessments import give_consent, save_page, submit

    issued = issue(setting["candidate"], setting["recruiter"])
    give_consent(issued.assessment)
    db.session.commit()
    stale = issued.assessment
    _role, questionnaire = role_and_questionnaire(stale)
    answers = {item.id: 4 for item in questionnaire.pages[0].items}
    value = utcnow() - timedelta(seconds=1)
    db.session.execute(  # behind the ORM's back: the object still looks open
        update(SelfAssessment).where(SelfAssessment.id == stale.id).values({change: value})
    )
    with pytest.raises(ServiceError, match="can no longer be used"):
        save_page(stale, 1, answers)
    db.session.rollback()
    assert db.session.execute(db.select(db.func.count()).select_from(SelfAnswer)).scalar_one() == 0
    if change != "submitted_at":
        db.session.execute(
            update(SelfAssessment).where(SelfAssessment.id == stale.id).values({change: value})
        )
        with pytest.raises(ServiceError):
            submit(stale)  # a closed link is never submitted either


def test_revoking_erases_answers_never_handed_in(client, auth, setting):
    from hiring.services.self_assessments import revoke_self_assessment

    issued = issue(setting["candidate"], setting["recruiter"])
    anonymous = client.application.test_client()
    anonymous.post(f"/s/{issued.token}", data={"consent": "1"})
    anonymous.post(f"/s/{issued.token}/page/1", data=page_data(issued.assessment, 1))
    revoke_self_assessment(fresh(issued.assessment), setting["recruiter"])
    db.session.commit()
    assert db.session.execute(db.select(db.func.count()).select_from(SelfAnswer)).scalar_one() == 0


def test_the_questionnaire_needs_no_csrf_token_while_staff_forms_still_do(app, client, setting):
    app.config["WTF_CSRF_ENABLED"] = True
    issued = issue(setting["candidate"], setting["recruiter"])
    page = client.get(f"/s/{issued.token}").get_data(as_text=True)
    assert "csrf_token" not in page
    assert client.post(f"/s/{issued.token}", data={"consent": "1"}).status_code == 302
    saved = client.post(f"/s/{issued.token}/page/1", data=page_data(issued.assessment, 1))
    assert saved.status_code == 302  # a break of any length on a page loses nothing
    assert (
        client.post("/login", data={"email": "x@example.test", "password": "x"}).status_code == 400
    )


def test_used_links_look_like_wrong_ones_to_anyone_else(app, setting):
    submitted = issue(setting["candidate"], setting["recruiter"])
    answer_everything(submitted.assessment)
    declined = issue(
        make_candidate(setting["candidate"].opening, name="Toinen"), setting["recruiter"]
    )
    app.test_client().post(f"/s/{declined.token}", data={"decline": "1"})
    wrong = app.test_client().get("/s/" + "x" * 43).get_data(as_text=True)
    for token in (submitted.token, declined.token):
        response = app.test_client().get(f"/s/{token}")
        assert response.status_code == 404
        assert response.get_data(as_text=True) == wrong


def test_gunicorn_access_lines_keep_their_atoms_and_lose_the_token(setting):
    from gunicorn.glogging import SafeAtoms

    from hiring.logs import RedactLinks

    token = issue(setting["candidate"], setting["recruiter"]).token
    atoms = SafeAtoms(
        {"r": f"GET /s/{token}/page/2 HTTP/1.1", "s": "200", "{x-forwarded-for}i": "-"}
    )
    record = logging.LogRecord(
        "gunicorn.access",
        logging.INFO,
        __file__,
        1,
        "%(r)s %(s)s %({x-forwarded-for}i)s %({referer}i)s",
        (atoms,),
        None,
    )
    RedactLinks().filter(record)
    line = record.getMessage()  # a header the request lacked still reads "-"
    assert token not in line
    assert line == "GET /s/[link]/page/2 HTTP/1.1 200 - -"
