"""A blind document blanks who the candidate is wherever an interviewer wrote it: the name and
its Finnish inflections, full-width letters, e-mail addresses, phone numbers, and the domain of
the candidate's own (non-public) e-mail address; figures stay."""

from __future__ import annotations

import pytest

from hiring.reports.redaction import name_redactor

clean = name_redactor("Kalle Testinen", "kalle@virtanen-consulting.fi")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kallen esitys", "[…] esitys"),
        ("Testisen esitys; Testiseltä kysyttiin", "[…] esitys; […] kysyttiin"),
        ("Testinen ja TESTINEN", "[…] ja […]"),
        ("Ｋａｌｌｅ ＴＥＳＴＩＮＥＮ", "[…] […]"),
        ("soita +358 40 111 2222 tai 040-1112222", "soita […] tai […]"),
        ("mail kalle.t@firma.fi", "mail […]"),
        ("works at virtanen-consulting.fi now", "works at […] now"),
        (
            "fit 0.83, 12 % in 2024, budget 2 000 000 EUR",
            "fit 0.83, 12 % in 2024, budget 2 000 000 EUR",
        ),
        ("Kallio is a different person", "Kallio is a different person"),
    ],
)
def test_the_blind_text(text, expected):
    assert clean(text) == expected


def test_a_public_mail_providers_name_stays():
    assert name_redactor("Anna Aalto", "anna@gmail.com")("uses gmail.com") == "uses gmail.com"


def test_pseudonyms_are_long_enough_not_to_collide():
    """Found from outside: six hex digits (24 bits) gave two of 2,000 candidates of one
    opening the same code about once in nine openings."""
    import re

    from hiring.reports.redaction import blind_code

    codes = [blind_code(candidate_id, "a-secret") for candidate_id in range(1, 20_001)]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z2-7]{4}-[A-Z2-7]{4}", code) for code in codes)
    assert blind_code(1, "a-secret") == blind_code(1, "a-secret")
    assert blind_code(1, "a-secret") != blind_code(1, "another-secret")
