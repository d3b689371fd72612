"""One input model for a candidate, whichever way the values arrive."""

from __future__ import annotations

import pytest

from hiring.domain.records import CANDIDATE_RANGES, CandidateRecord
from hiring.extensions import db
from hiring.forms.recruiting import CandidateForm
from hiring.models import Candidate
from hiring.services.recruiting import RecordInvalid, create_candidate, update_candidate
from tests.factories import make_candidate


def test_record_normalises_what_a_form_or_a_csv_sends():
    record = CandidateRecord.model_validate(
        {
            "name": "  Maija  ",
            "education": "",
            "sales_experience_years": "",
            "languages": "FI, en en",
            "email": None,
            "long_term_clients": "12",
        }
    )
    assert record.name == "Maija"
    assert record.education is None
    assert record.sales_experience_years is None
    assert record.languages == ("fi", "en")
    assert record.email == ""
    assert record.long_term_clients == 12
    assert record.columns()["languages"] == "fi,en"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("education", "phd", "Not a valid choice."),
        ("sales_experience_years", -1, "Enter a number from 0 to 70."),
        ("sales_growth_pct", 20000, "Enter a number from -100 to 10000."),
        ("long_term_clients", "many", "Enter a number."),
        ("languages", "english", "Two- or three-letter codes separated by commas, e.g. fi, en."),
        ("phone", "call me", "Digits, spaces and + ( ) - . only."),
        ("email", "not-an-address", "Enter an email address."),
        ("source", "agency", "Not a valid choice."),
        ("opening_id", 999, "Not a valid choice."),
        ("shoe_size", 43, "Unknown field."),
    ],
)
def test_service_refuses_what_bypasses_the_form(app, field, value, message):
    data = {"name": "Maija", field: value}
    with pytest.raises(RecordInvalid) as caught:
        create_candidate(data)
    assert [(p.field, str(p.message)) for p in caught.value.problems] == [(field, message)]
    db.session.rollback()
    assert db.session.execute(db.select(Candidate)).first() is None


def test_update_checks_the_whole_record_and_changes_nothing_on_refusal(app):
    candidate = make_candidate(name="Maija", kam_experience_years=2)
    with pytest.raises(RecordInvalid):
        update_candidate(candidate, {"kam_experience_years": 99}, candidate.version)
    db.session.rollback()
    assert db.session.get(Candidate, candidate.id).kam_experience_years == 2
    update_candidate(candidate, {"kam_experience_years": 3, "languages": "sv"}, candidate.version)
    db.session.commit()
    assert (candidate.kam_experience_years, candidate.languages) == (3, "sv")


def test_form_limits_come_from_the_input_model(app):
    with app.test_request_context():
        form = CandidateForm()
        for name, (low, high) in CANDIDATE_RANGES.items():
            bounds = [(v.min, v.max) for v in form[name].validators if hasattr(v, "min")]
            assert bounds == [(low, high)]
