"""An opening's hiring manager is a user: they see that opening, its candidates' results and
their profiles, and nothing of other openings; the independence rule holds for them too."""

from __future__ import annotations

import pytest

from hiring.extensions import db
from hiring.models import Opening
from hiring.services import ServiceError
from hiring.services.recruiting import update_opening
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

KEYS = ["persuasion", "listening", "negotiation"]


@pytest.fixture
def setting(auth):
    recruiter = make_user("recruiter", email="rekry@example.test")
    boss = make_user("manager", name="Petri Päällikkö", email="petri@example.test")
    interviewer = make_user("interviewer")
    mine = make_opening(recruiter, title="KAM Tampere")
    mine.hiring_manager_id = boss.id
    other = make_opening(recruiter, title="KAM Oulu")
    candidate = make_candidate(mine, name="Kaisa Kandidaatti")
    stranger = make_candidate(other, name="Olli Oululainen")
    for person in (candidate, stranger):
        fill(make_interview(person, [interviewer], recruiter, competencies=KEYS), interviewer,
             {"persuasion": 4, "listening": 3, "negotiation": 3})  # fmt: skip
    db.session.commit()
    return {"boss": boss, "mine": mine, "other": other, "candidate": candidate,
            "stranger": stranger, "recruiter": recruiter, "interviewer": interviewer}  # fmt: skip


def test_a_recruiter_names_a_user_as_the_hiring_manager(client, auth, setting):
    auth.login("rekry@example.test")
    form = client.get("/openings/new").get_data(as_text=True)
    assert "Petri Päällikkö (Sales manager)" in form
    response = client.post(
        "/openings/new",
        data={
            "title": "KAM Turku",
            "role_key": "kam",
            "territory": "",
            "status": "open",
            "hiring_manager_id": str(setting["boss"].id),
            "hiring_manager": "",
        },
    )
    assert response.status_code == 302
    opening = db.session.execute(
        db.select(Opening).where(Opening.title == "KAM Turku")
    ).scalar_one()
    assert opening.hiring_manager_id == setting["boss"].id
    assert opening.hiring_manager == "Petri Päällikkö"  # printed in documents


def test_an_inactive_user_cannot_be_the_hiring_manager(client, auth, setting):
    setting["boss"].active = False
    db.session.commit()
    auth.login("rekry@example.test")
    response = client.post(
        f"/openings/{setting['other'].id}/edit",
        data={
            "title": "KAM Oulu",
            "role_key": "kam",
            "status": "open",
            "hiring_manager_id": str(setting["boss"].id),
        },
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)  # not offered at all
    with pytest.raises(ServiceError, match="Choose an active user"):  # nor taken another way
        update_opening(setting["other"], {"hiring_manager_id": setting["boss"].id})
    db.session.rollback()
    db.session.expire_all()
    assert db.session.get(Opening, setting["other"].id).hiring_manager_id is None


def test_the_hiring_manager_sees_their_opening_and_its_results_only(client, auth, setting):
    auth.login("petri@example.test")
    mine, other = setting["mine"], setting["other"]
    assert "KAM Tampere" in client.get("/my/interviews").get_data(as_text=True)
    listing = client.get("/my/openings").get_data(as_text=True)
    assert "KAM Tampere" in listing
    assert "KAM Oulu" not in listing
    page = client.get(f"/my/openings/{mine.id}").get_data(as_text=True)
    assert "Kaisa Kandidaatti" in page
    assert "Olli Oululainen" not in page
    assert "%" in page  # the stored fit
    result = client.get(f"/my/candidates/{setting['candidate'].id}").get_data(as_text=True)
    assert "Readiness for" in result
    assert client.get(f"/my/openings/{other.id}").status_code == 404
    assert client.get(f"/my/candidates/{setting['stranger'].id}").status_code == 404
    assert client.get(f"/candidates/{setting['candidate'].id}").status_code == 403
    pdf = client.get(f"/candidates/{setting['candidate'].id}/profile.pdf")
    assert pdf.status_code == 200
    assert client.get(f"/candidates/{setting['stranger'].id}/profile.pdf").status_code == 404


def test_on_the_panel_the_hiring_manager_scores_first(client, auth, setting):
    candidate = make_candidate(setting["mine"], name="Paneeli Pekka")
    make_interview(candidate, [setting["boss"]], setting["recruiter"], competencies=KEYS)
    auth.login("petri@example.test")
    page = client.get(f"/my/openings/{setting['mine'].id}").get_data(as_text=True)
    row = page.split("Paneeli Pekka", 1)[1].split("</tr>", 1)[0]
    assert "hidden" in row
    result = client.get(f"/my/candidates/{candidate.id}").get_data(as_text=True)
    assert "Readiness for" not in result
    assert client.get(f"/candidates/{candidate.id}/profile.pdf").status_code == 403


def test_the_hiring_manager_compares_their_candidates(client, auth, setting):
    auth.login("petri@example.test")
    mine, other = setting["mine"], setting["other"]
    page = client.get(f"/my/openings/{mine.id}/shortlist").get_data(as_text=True)
    assert "Kaisa Kandidaatti" in page
    assert f"/my/candidates/{setting['candidate'].id}" in page  # their own view of each
    assert "Every profile of this opening as a zip file" not in page  # the recruiters' tools
    chosen = client.get(
        f"/my/openings/{mine.id}/shortlist?id={setting['candidate'].id}&id={setting['stranger'].id}"
    ).get_data(as_text=True)
    assert "Olli Oululainen" not in chosen  # another opening's candidate cannot be slipped in
    assert client.get(f"/my/openings/{other.id}/shortlist").status_code == 404
