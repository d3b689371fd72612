"""The independence rule holds on every page and document, for everyone on the panel,
recruiters included: until their own scorecards for a candidate are submitted they see no
other interviewer's ratings, and nothing computed from them."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from hiring.extensions import db
from hiring.models import ReportJob
from tests.factories import (
    fill,
    make_candidate,
    make_interview,
    make_opening,
    make_user,
    scorecard_of,
)

KEYS = ["persuasion", "listening", "negotiation"]


@pytest.fixture
def panel(auth):
    """A recruiter on a panel with a draft of their own; the other interviewer submitted."""
    recruiter = make_user("recruiter", email="r@example.test")
    opening = make_opening(recruiter)
    candidate = make_candidate(opening, name="Kalle Kandidaatti")
    other = make_user("interviewer", name="Olli Other")
    interview = make_interview(candidate, [recruiter, other], recruiter, competencies=KEYS)
    fill(
        interview,
        other,
        {"persuasion": 5, "listening": 2, "negotiation": 4},
        notes={"listening": "SECRET NOTE"},
    )
    fill(interview, recruiter, {"persuasion": 3, "listening": 3, "negotiation": 3}, submit=False)
    auth.login("r@example.test")
    return {
        "recruiter": recruiter,
        "opening": opening,
        "candidate": candidate,
        "other": other,
        "interview": interview,
    }


def test_other_scorecard_is_closed_until_own_submitted(client, panel):
    card = scorecard_of(panel["interview"], panel["other"])
    assert client.get(f"/scorecards/{card.id}").status_code == 404
    fill(
        panel["interview"], panel["recruiter"], {"persuasion": 3, "listening": 3, "negotiation": 3}
    )
    assert "SECRET NOTE" in client.get(f"/scorecards/{card.id}").get_data(as_text=True)


def test_candidate_list_and_csv_withhold_the_fit(client, panel):
    listing = client.get("/candidates").get_data(as_text=True)
    assert "Kalle Kandidaatti" in listing
    assert "%" not in listing.split("Kalle Kandidaatti")[1].split("</tr>")[0]
    rows = list(
        csv.reader(io.StringIO(client.get("/candidates/export.csv").data.decode("utf-8-sig")))
    )
    header, row = rows[0], rows[1]
    assert row[header.index("Fit")] == ""
    assert row[header.index("Coverage")] == ""


def test_shortlist_page_and_pdf_withhold(client, panel):
    page = client.get(f"/openings/{panel['opening'].id}/shortlist").get_data(as_text=True)
    assert 'role="img"' not in page
    assert "Submit your own scorecard for these candidates first" in page
    # seen: the withheld column read "–", as if nothing had been assessed; it says "hidden"
    fit_row = page.split(">Fit</th>")[1].split("</tr>")[0]
    assert ">hidden</span>" in fit_row
    assert "–" not in fit_row
    from pypdf import PdfReader

    pdf = client.get(f"/openings/{panel['opening'].id}/shortlist.pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Kalle Kandidaatti" in text
    assert "Persuasion" not in text  # no competency rows from a withheld result
    assert "hidden" in text


def test_batch_lists_withheld_candidates_as_not_made(client, panel):
    client.post(f"/openings/{panel['opening'].id}/profiles", data={"lang": "en"})
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    assert job.status == "done"
    assert job.candidate_ids == []
    assert [f["candidate_id"] for f in job.failures] == [panel["candidate"].id]
    download = client.get(f"/report-jobs/{job.id}/download")
    names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    download.close()
    assert names == ["FAILURES.txt"]


def test_profile_pdf_refused(client, panel):
    assert client.get(f"/candidates/{panel['candidate'].id}/profile.pdf").status_code == 403


def test_batch_of_another_recruiter_is_not_served(client, auth, panel):
    """The hole: a recruiter on the panel with a draft could download a zip made by another
    recruiter, which held the full profile. A batch is its creator's only."""
    maker = make_user("recruiter", email="maker@example.test")
    auth.logout()
    auth.login("maker@example.test")
    client.post(f"/openings/{panel['opening'].id}/profiles", data={"lang": "en"})
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    assert job.created_by_id == maker.id
    assert job.candidate_ids == [panel["candidate"].id]
    auth.logout()
    auth.login("r@example.test")  # on the panel, with a draft of their own
    assert client.get(f"/report-jobs/{job.id}").status_code == 404
    assert client.get(f"/report-jobs/{job.id}/download").status_code == 404


def test_batch_creator_whose_access_closed_again_gets_nothing(client, panel):
    fill(panel["interview"], panel["recruiter"], {"persuasion": 3}, submit=True)
    client.post(f"/openings/{panel['opening'].id}/profiles", data={"lang": "en"})
    job = db.session.execute(db.select(ReportJob)).scalar_one()
    assert job.candidate_ids == [panel["candidate"].id]
    # The creator is put on the panel of a new interview: the rule closes again.
    make_interview(panel["candidate"], [panel["recruiter"]], panel["recruiter"], competencies=KEYS)
    refused = client.get(f"/report-jobs/{job.id}/download")
    assert refused.headers["Location"] == f"/report-jobs/{job.id}"
    assert "Nothing was downloaded" in client.get(f"/report-jobs/{job.id}").get_data(as_text=True)


def test_recruiter_candidate_page_builds_no_withheld_result(client, panel, monkeypatch):
    """The view builds nothing the template would have to hide."""
    import hiring.web.result_view as view

    seen = []
    original = view.result_context

    def spy(result, lang):
        seen.append(result)
        return original(result, lang)

    monkeypatch.setattr("hiring.web.recruiter.result_context", spy)
    page = client.get(f"/candidates/{panel['candidate'].id}").get_data(as_text=True)
    assert seen[0].withheld
    assert seen[0].evaluation is None
    assert seen[0].panel == []
    assert "SECRET NOTE" not in page
