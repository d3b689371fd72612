"""The locked-down renderer: only bundled assets are fetched, output is tagged PDF/UA with
metadata, and a failed render leaves no file behind."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from hiring.reports import pdf
from hiring.reports.pdf import ASSETS_DIR, AssetFetcher, render_pdf, write_pdf


def html(body: str, head: str = "") -> str:
    return (
        '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>Otsikko</title>'
        '<meta name="author" content="hiring"><link rel="stylesheet" href="print.css">'
        f"{head}</head><body>{body}</body></html>"
    )


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.css",
        "https://example.com/font.ttf",
        "file:///etc/passwd",
        (ASSETS_DIR / ".." / ".." / "setup.cfg").as_uri(),
        "data:text/plain,hello",
        "ftp://example.com/x",
        "file://otherhost" + str(ASSETS_DIR / "print.css"),
    ],
)
def test_fetcher_refuses_everything_outside_assets(url):
    fetcher = AssetFetcher()
    with pytest.raises(ValueError, match="refused"):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_bundled_assets():
    response = AssetFetcher().fetch((ASSETS_DIR / "print.css").as_uri())
    assert response.content_type == "text/css"
    assert b"@font-face" in response.read()


def test_render_refuses_external_resources_in_markup():
    fetcher = AssetFetcher()
    secret = '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
    data = render_pdf(html("<p>Hei</p>" + secret), fetcher=fetcher)
    assert set(fetcher.refused) == {"file:///etc/passwd", "http://127.0.0.1:9/x.css"}
    assert "root:" not in text_of(data)


def test_render_tagged_pdf_with_metadata():
    data = render_pdf(html("<h1>Pääotsikko</h1><p>Ääkköset toimivat.</p>"))
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Otsikko"
    assert reader.metadata.author == "hiring"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fi"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert "Ääkköset toimivat." in text_of(data)


def test_fonts_are_the_bundled_ones_and_embedded():
    data = render_pdf(html("<p>Hei</p>"))
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
            assert "/FontFile2" in descriptor
    assert fonts == {"Report-Sans"}  # the @font-face family of the bundled DejaVu files


def test_write_pdf_failure_leaves_no_file(tmp_path, monkeypatch):
    def broken(_html: str) -> bytes:
        raise RuntimeError("render failed")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    target = tmp_path / "out.pdf"
    with pytest.raises(RuntimeError):
        write_pdf("<p>x</p>", target)
    assert list(tmp_path.iterdir()) == []


def test_write_pdf_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.pdf"

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pdf.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write_pdf(html("<p>x</p>"), target)
    assert list(tmp_path.iterdir()) == []


def test_write_pdf_creates_the_file(tmp_path):
    target = write_pdf(html("<p>valmis</p>"), tmp_path / "sub" / "out.pdf")
    assert Path(target).read_bytes().startswith(b"%PDF-1.7")


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def test_long_unbroken_text_stays_on_the_page(app):
    """A 300-character web address in the notes, the evidence and a name wraps inside the
    page's content area of a profile and a shortlist, instead of running off its right edge."""
    from weasyprint import HTML

    from hiring.catalogue_cache import current_catalogue
    from hiring.services.documents import profile_html, shortlist_html
    from hiring.services.results import build_result, load_interviews
    from tests.factories import fill, make_candidate, make_interview, make_opening, make_user

    unbroken = "https://example.test/" + "evidence" * 35
    recruiter = make_user("recruiter")
    interviewer = make_user("interviewer")
    opening = make_opening(recruiter, title="KAM " + "Helsinki" * 20)
    candidate = make_candidate(opening, name="Kalle " + "Kandidaatti" * 10, notes=unbroken)
    interview = make_interview(candidate, [interviewer], recruiter, competencies=["persuasion"])
    fill(interview, interviewer, {"persuasion": 5}, notes={"persuasion": unbroken})
    result = build_result(
        candidate, load_interviews([candidate.id])[candidate.id], current_catalogue()
    )
    profile = profile_html(result, lang="en", blind=False)
    assert unbroken in profile
    for html in (
        profile,
        shortlist_html(opening, [result], lang="en"),
    ):
        assert "Kandidaatti" * 10 in html
        document = HTML(
            string=html, base_url=ASSETS_DIR.as_uri() + "/", url_fetcher=AssetFetcher()
        ).render()
        for page in document.pages:
            box = page._page_box
            right = box.content_box_x() + box.width
            content = [c for c in box.children if type(c).__name__ != "MarginBox"]
            over = [
                f"{type(b).__name__} {getattr(b, 'text', '')[:30]!r}"
                for top in content
                for b in _boxes(top)
                if b.position_x + b.margin_width() > right + 1
            ]
            assert over == []
