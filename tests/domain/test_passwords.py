"""Passwords that are too easy to guess are refused; ordinary passphrases pass."""

from __future__ import annotations

import pytest

from hiring.domain.passwords import password_problem


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "too_short"),
        ("aaaaaaaaaa", "common"),
        ("1234567890", "common"),
        ("0987654321", "common"),
        ("password12", "common"),
        ("Password!2026", "common"),
        ("salasana123", "common"),
        ("qwertyuiop", "common"),
        ("abababababab", "common"),
        ("anna@example.test", "personal"),
        ("virtanen2026!", "personal"),
        ("correct horse battery", None),
        ("demo-password-2026", None),
        ("kolme sanaa riittää", None),
    ],
)
def test_password_problems(password, problem):
    assert password_problem(password, email="anna@example.test", name="Anna Virtanen") == problem


def test_the_forms_refuse_them_with_a_message(client, auth):
    from tests.factories import PASSWORD, make_user

    make_user("admin", email="a@example.test", name="Aino Admin")
    auth.login("a@example.test")
    data = {"email": "new@example.com", "name": "New Person", "role": "interviewer",
            "password": "password12"}  # fmt: skip
    refused = client.post("/admin/users", data=data)
    assert "among the easiest to guess" in refused.get_data(as_text=True)
    changed = client.post(
        "/account/password",
        data={"current": PASSWORD, "password": "a@example.test!", "confirm": "a@example.test!"},
    )
    assert "Leave your e-mail address and your name out" in changed.get_data(as_text=True)
