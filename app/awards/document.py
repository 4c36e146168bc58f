"""The piagam penghargaan PDF (DOMAIN.md §6): always A4 landscape, one page per certificate.

``Certificate.content`` already holds every printed value (frozen at numbering), so the template receives it
as is, plus the verification block (URL and QR). ``render_many`` puts many certificates in one document: how
bulk printing stays fast (fonts are loaded, laid out and embedded once per document, not once per page).

``render_chunk`` is what the bulk path (``app.awards.printing``) runs in worker processes, which have no Flask
app: it takes HTML already rendered by Jinja in the parent, draws the QR codes into their slots, renders,
checks the page count and splits the document into one single-page PDF per certificate.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import segno

from app.documents.render import html_to_pdf, render_html

TEMPLATE = "pdf/certificate.html"
PAPER = "A4-landscape"  # whatever the pemda's paper setting says
QR_SLOT = "qr-slot:{}"  # stands for the n-th QR code of a chunk until the worker draws it
_DRAWS = re.compile(rb"/([A-Za-z0-9_.#-]+)\s+Do\b")  # "/name Do" in a content stream: an XObject drawn


def qr_png(url: str) -> str:
    """The QR code as a PNG data: URL, one pixel per module (printed sharp: ``image-rendering: pixelated``).
    Cheaper for WeasyPrint to place than the SVG of ``render.qr_data_uri``; the same code, error level M."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=0)


def html(items: list[tuple[dict, dict | None]]) -> str:
    """The HTML of one document holding ``items`` (content, verify) in order, one page each."""
    certificates = [dict(content, verify=verify) for content, verify in items]
    title = certificates[0].get("title", "Piagam Penghargaan") if len(certificates) == 1 else "Piagam Penghargaan"
    return render_html(TEMPLATE, {"certificates": certificates, "title": title}, PAPER)


def render_many(items: list[tuple[dict, dict | None]]) -> bytes:
    return html_to_pdf(html(items), PAPER)


def render_one(content: dict, verify: dict | None = None) -> bytes:
    return render_many([(content, verify)])


def split(pdf: bytes) -> list[bytes]:
    """One PDF per page, each carrying only what its page draws.

    WeasyPrint gives all pages one resource dictionary listing every image of the document; copied as is,
    each single page would carry all the chunk's QR codes (other people's verification codes, and the size of
    the whole chunk). Each page gets its own resources instead, with only the images its content draws."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page["/Resources"].get_object()
        images = resources.get("/XObject")
        if images:
            drawn = {"/" + name.decode() for name in _DRAWS.findall(page.get_contents().get_data())}
            own = DictionaryObject(resources)
            own[NameObject("/XObject")] = DictionaryObject(
                {key: value for key, value in images.items() if key in drawn})
            page[NameObject("/Resources")] = own
        writer = PdfWriter()
        writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        pages.append(out.getvalue())
    return pages


def render_chunk(page_html: str, qr_urls: list[str], files_root: str | Path) -> tuple[bytes, list[bytes]]:
    """Worker side: fill the QR slots, render, check one page per certificate, split into single pages."""
    for n, url in enumerate(qr_urls):
        page_html = page_html.replace(f'src="{QR_SLOT.format(n)}"', f'src="{qr_png(url)}"', 1)
    pdf = html_to_pdf(page_html, PAPER, files_root=files_root)
    pages = split(pdf)
    if len(pages) != len(qr_urls):
        raise RuntimeError(f"{len(qr_urls)} certificates rendered to {len(pages)} pages")
    return pdf, pages
