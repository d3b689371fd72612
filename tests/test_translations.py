"""Every UI string has a Finnish translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "hiring" / "translations" / "fi" / "LC_MESSAGES" / "messages.po"
METHODS = [("hiring/**.py", "python"), ("templates/**.html", "jinja2")]


def finnish_catalogue():
    with PO.open("rb") as handle:
        return read_po(handle, locale="fi")


def test_finnish_catalogue_has_every_ui_string():
    catalogue = finnish_catalogue()
    extracted = {
        message if isinstance(message, str) else message[0]
        for _, _, message, *_ in extract_from_dir(
            str(ROOT), METHODS, keywords={"_": None, "_l": None, "gettext": None}
        )
    }
    extracted = {m for m in extracted if m}
    assert "Role profiles" in extracted  # the extraction itself works
    missing = sorted(m for m in extracted if m not in catalogue or not catalogue[m].string)
    assert missing == []


def test_finnish_catalogue_has_no_fuzzy_entries():
    assert [m.id for m in finnish_catalogue() if m.id and m.fuzzy] == []
