"""HTML + print CSS → PDF with WeasyPrint, using shipped fonts and a fetcher that never leaves the server.

Templates receive plain values (dicts, strings, numbers), never ORM objects, so a document can be built and
tested apart from its rendering. Resources are addressed as ``kinerja:fonts/<file>`` (static/fonts) and
``kinerja:files/<name>`` (the content-addressed file store, e.g. the pemda logo); ``data:`` URLs are allowed
(QR codes). Anything else, http(s), file: or otherwise, is refused.

WeasyPrint's own stylesheet for HTML gives every element of a document a ``::marker`` and five footnote and note
pseudo-elements (``::footnote-call`` …), each with its computed style: about 15 % of laying out a certificate. Our
documents have no footnotes and markers only on list items, so they are rendered with that stylesheet less those
rules (``LEAN_UA``); nothing else of it changes.

Every new ``FontConfiguration`` keeps about 0.2 MiB of fontconfig's memory that is never given back: a process
that rendered a document at a time grew past 450 MiB after a few thousand. Each thread uses one for all the
documents it renders (``font_config``): the shipped fonts of the ``@font-face`` rules are loaded into it once.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import segno
from flask import render_template
from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_COUNTER_STYLE
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.core import files

FONTS_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
PAPER_SIZES = {"A4": "210mm 297mm", "F4": "215mm 330mm", "A4-landscape": "297mm 210mm"}
SCHEME = "kinerja:"


def lean_ua(text: str) -> str:
    """WeasyPrint's HTML stylesheet without its rules for footnotes and notes, and its ``::marker`` rule for list
    items only (the only elements of ours that have a marker)."""
    text = re.sub(r"^::(footnote|note)-[a-z]+ \{[^}]*\}\n", "", text, flags=re.MULTILINE)
    return re.sub(r"^::marker \{", "li::marker, summary::marker {", text, flags=re.MULTILINE)


LEAN_UA = CSS(string=lean_ua(UA), counter_style=UA_COUNTER_STYLE)


class _HTML(HTML):
    def _ua_stylesheets(self, forms=False):
        return [LEAN_UA]


_fonts = threading.local()  # Pango and fontconfig objects are not shared between threads


def font_config() -> FontConfiguration:
    """This thread's font configuration, made at its first document."""
    if getattr(_fonts, "config", None) is None:
        _fonts.config = FontConfiguration()
    return _fonts.config


class LocalFetcher(URLFetcher):
    """Serves only the shipped fonts, the file store and data: URLs; refuses every other URL."""

    def __init__(self, files_root: Path | str | None = None):
        # ``files_root``: the file store's directory, for worker processes that have no Flask app.
        super().__init__(allowed_protocols=("data", "kinerja"), fail_on_errors=True)
        self.files_root = Path(files_root) if files_root else None

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if not url.startswith(SCHEME):
            raise ValueError(f"refused URL in a document: {url[:80]}")
        area, _, name = url[len(SCHEME):].partition("/")
        if "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"refused path in a document: {url[:80]}")
        if area == "fonts":
            path = FONTS_DIR / name
        elif area == "files":
            path = self.files_root / name[:2] / name if self.files_root else files.path_of(name)
        else:
            raise ValueError(f"refused URL in a document: {url[:80]}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _mime(name)})


def _mime(name: str) -> str:
    return {"ttf": "font/ttf", "png": "image/png", "jpg": "image/jpeg", "svg": "image/svg+xml"}.get(
        name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def qr_data_uri(text: str) -> str:
    """An SVG QR code (error correction M) as a data: URL for an <img>."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=0)


def qr_png(text: str) -> str:
    """The same QR code as a PNG data: URL, one pixel per module: cheaper for WeasyPrint to place and draw on many
    pages than the SVG (printed sharp with ``image-rendering: pixelated``)."""
    return segno.make(text, error="m", micro=False).png_data_uri(scale=1, border=0)


def css_string(text: str) -> str:
    """``text`` as a CSS string, quotes included (a value printed in a stylesheet: never closes the string, nor
    the <style> element)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3c ")
    return f'"{escaped}"'



def render_html(template: str, context: dict, paper: str = "A4") -> str:
    return render_template(template, paper_size=PAPER_SIZES.get(paper, PAPER_SIZES["A4"]), **context)


def render_pdf(template: str, context: dict, paper: str = "A4") -> bytes:
    """Render ``templates/<template>`` (an HTML page with its print CSS) to PDF bytes."""
    return html_to_pdf(render_html(template, context, paper), paper)


def layout(html: str, paper: str = "A4", files_root: Path | str | None = None):
    """Rendered HTML → WeasyPrint's laid-out document (its pages, their anchors), ready to write as PDF. Needs
    no Flask app when ``files_root`` is given (worker processes)."""
    fonts = font_config()
    fetcher = LocalFetcher(files_root)
    document = _HTML(string=html, base_url=SCHEME + "/", url_fetcher=fetcher)
    page_css = CSS(string=f"@page {{ size: {PAPER_SIZES.get(paper, PAPER_SIZES['A4'])}; }}",
                   font_config=fonts, url_fetcher=fetcher)
    return document.render(stylesheets=[page_css], font_config=fonts)


def html_to_pdf(html: str, paper: str = "A4", files_root: Path | str | None = None) -> bytes:
    """Rendered HTML → PDF. Needs no Flask app when ``files_root`` is given (worker processes)."""
    return layout(html, paper, files_root).write_pdf()
