"""HTML to PDF with WeasyPrint, locked down.

Candidate-entered text ends up in these documents, so rendering must never reach outside the
project: the URL fetcher serves only files inside the bundled assets folder (stylesheet, fonts)
and refuses everything else (``http(s)://``, ``file://`` elsewhere, ``data:``, redirects, which
cannot happen without a network fetch). Templates escape all text, so markup typed into a form
stays text; the fetcher is the second line of defence.

Documents are tagged PDF/UA-1 (structure for screen readers) with title, author and language
metadata taken from the HTML. A render writes to a temporary file and renames it only when it is
complete, so a failed render leaves no partial file behind.
"""

from __future__ import annotations

import mimetypes
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

ASSETS_DIR = Path(__file__).resolve().parent.parent / "static"
"""The only folder a document may load anything from."""

PDF_VARIANT = "pdf/ua-1"


class AssetFetcher(URLFetcher):
    """Serves ``file://`` URLs inside :data:`ASSETS_DIR`; refuses every other URL."""

    def __init__(self, assets: Path = ASSETS_DIR) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False)
        self.assets = assets.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if (
            path is None
            or parts.netloc not in ("", "localhost")
            or not path.is_relative_to(self.assets)
        ):
            self.refused.append(url)
            raise ValueError(f"refused: {url[:200]}")
        if not path.is_file():
            raise ValueError(f"no such asset: {path.name}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


_font_config: FontConfiguration | None = None


def font_configuration() -> FontConfiguration:
    """One font configuration per process: building it (fontconfig, the @font-face fonts) is
    the costliest part of a first render, and it can be shared by every render."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def warm_up() -> None:
    """Render a tiny document once, so that the first real render in a worker is not slower
    than the ones after it (fonts, Pango and the CSS machinery are loaded here)."""
    render_pdf(
        '<html lang="en"><head><title>warm-up</title>'
        f'<link rel="stylesheet" href="{(ASSETS_DIR / "print.css").as_uri()}"></head>'
        "<body><h1>Warm-up</h1><p>Ä ö å 1 2 3</p><table><tr><td>x</td></tr></table>"
        "</body></html>"
    )


def render_pdf(html: str, *, fetcher: AssetFetcher | None = None) -> bytes:
    """The PDF of a complete HTML document (a string; nothing is fetched but bundled assets)."""
    document = HTML(
        string=html,
        base_url=ASSETS_DIR.as_uri() + "/",
        url_fetcher=fetcher or AssetFetcher(),
    )
    return document.write_pdf(
        pdf_variant=PDF_VARIANT,
        font_config=font_configuration(),
        uncompressed_pdf=False,
    )


def write_pdf(html: str, target: str | os.PathLike[str]) -> Path:
    """Render ``html`` into ``target`` atomically: the file appears only when complete."""
    target = Path(target)
    data = render_pdf(html)
    return write_atomically(data, target)


def write_atomically(data: bytes, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
