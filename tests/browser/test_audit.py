"""The audit every browser test ends with finds what it is there to find: a checker that
answered nothing for every page would pass every tour."""

from __future__ import annotations

from tests.browser.conftest import axe_violations, markup_errors

UNDECLARED = b"""<!doctype html>
<html lang="en"><head><title>No charset</title></head><body><p>Hello</p></body></html>"""

VALID = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fine</title></head>
<body><main><h1>Fine</h1><p>Nothing wrong here.</p></main></body></html>"""

BROKEN = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Broken</title></head>
<body><main><h1>Broken</h1>
<p id="twice">One</p><p id="twice">Two</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
</div></main></body></html>"""


def test_the_markup_checker_reports_each_error_with_its_page_and_line(nu_checker):
    assert markup_errors(nu_checker, [("GET /fine (200 OK)", VALID)]) == []
    found = markup_errors(nu_checker, [("GET /fine (200 OK)", VALID), ("GET /x (200)", BROKEN)])
    assert any(
        "Duplicate ID" in line and line.startswith("GET /x (200) line 4") for line in found
    ), found
    assert any("Stray end tag" in line and "div" in line for line in found), found
    # a page must declare its character encoding itself, as a file read from disk must
    assert any(
        "character encoding" in line for line in markup_errors(nu_checker, [("u", UNDECLARED)])
    )
    assert any("must have an “alt” attribute" in line for line in found), found


def test_axe_reports_a_violation_in_the_browser(live_server, browser, recorder):
    recorder.pages.append(("GET /x (200)", BROKEN))
    try:
        found = axe_violations(browser, live_server, recorder.pages)
    finally:
        recorder.pages.clear()  # the audit after this test has nothing left to check
    assert any(line.startswith("GET /x (200): image-alt") for line in found), found
