"""A profile speaks of the candidate, the role and the organisation's own figures only: the
rubric's notes on its source (the source text, its Marina story, its market's pay) stay on
the rubric catalogue's pages."""

from __future__ import annotations

import re

import pytest

from hiring.catalogue_cache import current_catalogue
from hiring.services.documents import profile_html
from hiring.services.results import build_result, load_interviews
from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

SOURCE_WORDS = re.compile(
    r"\bthe source\b|\bsource's\b|\bMarina|\blähde|\blähteen|\blähteessä|\bRUB\b|Pietari|"
    r"Petersburg",
    re.IGNORECASE,
)


@pytest.mark.parametrize("lang", ["en", "fi"])
@pytest.mark.parametrize("score", [1, 3])
def test_profile_has_no_source_notes(app, lang, score):
    recruiter = make_user("recruiter")
    interviewer = make_user("interviewer")
    candidate = make_candidate(
        make_opening(recruiter),
        sales_experience_years=9,
        kam_experience_years=4,
        long_term_clients=6,
        repeat_transactions=20,
        sales_growth_pct=15.0,
    )
    keys = [c.key for c in current_catalogue().role("kam").competencies]
    interview = make_interview(candidate, [interviewer], recruiter, competencies=keys)
    fill(interview, interviewer, dict.fromkeys(keys, score))  # every competency a gap
    result = build_result(
        candidate, load_interviews([candidate.id])[candidate.id], current_catalogue()
    )
    text = re.sub(r"<[^>]+>", " ", profile_html(result, lang=lang, blind=False))
    found = sorted(
        {text[max(0, m.start() - 60) : m.end() + 20] for m in SOURCE_WORDS.finditer(text)}
    )
    assert found == []


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_job_description_has_no_source_notes(app, lang):
    from hiring.services.documents import job_description_html

    for role in current_catalogue().roles.values():
        html = job_description_html(role, lang=lang)
        text = re.sub(r"<[^>]+>", " ", html)
        found = sorted(
            {text[max(0, m.start() - 60) : m.end() + 20] for m in SOURCE_WORDS.finditer(text)}
        )
        assert found == [], role.key
