"""The scorecard form is built from the rubric: one rating and one note per competency."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from hiring.forms.scorecard import build_scorecard_form, scorecard_form_class
from hiring.services.interviews import ScorecardInput


def test_form_class_has_a_field_pair_per_competency(app, shipped):
    role = shipped.roles["kam"]
    keys = ["persuasion", "listening"]
    form_class = scorecard_form_class(role, keys, "fi")
    with app.test_request_context():
        form = form_class()
        assert form.competency_keys == ("persuasion", "listening")
        persuasion = form["score_persuasion"]
        assert persuasion.label.text == role.competency("persuasion").competency.name.fi
        assert [c[0] for c in persuasion.iter_choices()] == ["", "1", "2", "3", "4", "5"]
        assert "note_listening" in form
        assert "score_negotiation" not in form


def test_each_set_of_competencies_and_language_has_a_class_of_its_own(shipped):
    role = shipped.roles["kam"]
    first = scorecard_form_class(role, ["persuasion"], "en")
    second = scorecard_form_class(role, ["listening"], "en")
    assert first is not second
    assert not hasattr(first, "score_listening")
    assert scorecard_form_class(role, ["persuasion"], "fi") is not first
    assert scorecard_form_class(role, ["persuasion"], "en") is first  # built once, kept


def test_form_round_trips_input(app, shipped):
    role = shipped.roles["kam"]
    posted = MultiDict(
        {
            "score_persuasion": "4",
            "note_persuasion": "clear case",
            "score_listening": "",
            "note_listening": "",
            "red_flags": "late",
            "recommendation": "strong_yes",
            "takeaways": "good",
        }
    )
    with app.test_request_context(method="POST", data=posted):
        form = build_scorecard_form(role, ["persuasion", "listening"], "en", ScorecardInput())
        assert form.validate(), form.errors
        data = form.to_input()
    assert data.scores == {"persuasion": 4, "listening": None}
    assert data.notes == {"persuasion": "clear case", "listening": ""}
    assert (data.red_flags, data.recommendation, data.takeaways) == (["late"], "strong_yes", "good")


def test_form_prefills_from_stored_input(app, shipped):
    role = shipped.roles["kam"]
    stored = ScorecardInput(
        scores={"persuasion": 2}, notes={"persuasion": "n"}, recommendation="no"
    )
    with app.test_request_context():
        form = build_scorecard_form(role, ["persuasion"], "en", stored)
        assert (form["score_persuasion"].data, form["note_persuasion"].data) == ("2", "n")
        assert form.recommendation.data == "no"
