"""The piagam penghargaan PDF (DOMAIN.md §6): always A4 landscape, one page per certificate.

``Certificate.content`` already holds every printed value (frozen at numbering), so the template receives it
as is, plus the verification block (URL and QR). ``render_many`` puts many certificates in one document: how
bulk printing stays fast (fonts are loaded, laid out and embedded once per document, not once per page).

``render_chunk`` is what the bulk path (``app.awards.printing``) runs in worker processes, which have no Flask
app: it takes HTML already rendered by Jinja in the parent, draws the QR codes into their slots, renders,
checks the page count and splits the document into one single-page PDF per certificate.

The frame's drawing (``piagam-frame.svg``) and an SVG emblem are drawn once per document, not once per page.
WeasyPrint writes an SVG image's drawing into the content of every page that shows it (a raster image becomes
one shared image object): with the demo's simple emblem, 80 piagam took a third more CPU time (2.5 s instead
of 1.8 s) and twice the bytes. So each SVG of the file store the HTML shows is rendered once into a one-page
PDF, the pages show a transparent placeholder image of the same proportions, and the placeholder is then
replaced by a form XObject holding the drawing (an incremental update of the PDF): every page draws that one
object.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import segno

from app.core.files import files_dir, store
from app.documents import pages
from app.documents.render import SCHEME, html_to_pdf, layout, render_html

TEMPLATE = "pdf/certificate.html"
FRAME = Path(__file__).resolve().parents[2] / "templates" / "pdf" / "piagam-frame.svg"  # the border and corners
PAPER = "A4-landscape"  # whatever the pemda's paper setting says
QR_SLOT = "qr-slot:{}"  # stands for the n-th QR code of a chunk until the worker draws it
_SVG_SRC = re.compile(r'src="(' + re.escape(SCHEME) + r'files/([0-9a-f]{64}\.svg))"')  # an SVG from the file store


def qr_png(url: str) -> str:
    """The QR code as a PNG data: URL, one pixel per module (printed sharp: ``image-rendering: pixelated``).
    Cheaper for WeasyPrint to place than the SVG of ``render.qr_data_uri``; the same code, error level M."""
    return segno.make(url, error="m", micro=False).png_data_uri(scale=1, border=0)


def html(items: list[tuple[dict, dict | None]]) -> str:
    """The HTML of one document holding ``items`` (content, verify) in order, one page each."""
    certificates = [dict(content, verify=verify) for content, verify in items]
    title = certificates[0].get("title", "Piagam Penghargaan") if len(certificates) == 1 else "Piagam Penghargaan"
    frame = f"{SCHEME}files/{store(FRAME.read_bytes(), 'svg')}"  # stored once; drawn like an SVG emblem
    return render_html(TEMPLATE, {"certificates": certificates, "title": title, "frame": frame}, PAPER)


def render_many(items: list[tuple[dict, dict | None]]) -> bytes:
    """One document of ``items`` (in the app: the file store is the app's)."""
    root = files_dir()
    page_html, emblems = _emblems(html(items), root)
    pdf = html_to_pdf(page_html, PAPER, files_root=root)
    return _draw_emblems(pdf, emblems, root) if emblems else pdf


def render_one(content: dict, verify: dict | None = None) -> bytes:
    return render_many([(content, verify)])


@dataclass(frozen=True)
class _Emblem:
    url: str  # kinerja:files/<sha256>.svg
    placeholder: str  # a data: URL of a transparent PNG of the emblem's proportions
    ratio: float  # width / height

    @property
    def image_key(self) -> str:
        """The start of the name WeasyPrint gives the placeholder's image object ('i' + md5 of its URL)."""
        return "/i" + hashlib.md5(self.placeholder.encode(), usedforsecurity=False).hexdigest()


def _emblems(page_html: str, files_root: str | Path) -> tuple[str, list[_Emblem]]:
    """Replace each SVG emblem of ``page_html`` by its placeholder; the emblems found."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    from app.org.emblem import aspect_ratio

    found = []
    for url, name in dict.fromkeys(_SVG_SRC.findall(page_html)):
        ratio = aspect_ratio((Path(files_root) / name[:2] / name).read_bytes())
        width, height = (100, max(1, round(100 / ratio))) if ratio >= 1 else (max(1, round(100 * ratio)), 100)
        note = PngInfo()
        note.add_text("emblem", name)  # one placeholder per emblem, should a chunk hold two
        out = io.BytesIO()
        Image.new("LA", (width, height), (255, 0)).save(out, "PNG", pnginfo=note)
        emblem = _Emblem(url, "data:image/png;base64," + base64.b64encode(out.getvalue()).decode(), ratio)
        page_html = page_html.replace(f'src="{url}"', f'src="{emblem.placeholder}"')
        found.append(emblem)
    return page_html, found


def _draw_emblems(pdf: bytes, emblems: list[_Emblem], files_root: str | Path) -> bytes:
    """Put each emblem's drawing, rendered once, where its placeholder image is drawn on every page."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    for emblem in emblems:
        width, height = 100 * emblem.ratio, 100.0
        page = PdfReader(io.BytesIO(_drawing(emblem.url, width, height, str(files_root)))).pages[0]
        form = DecodedStreamObject()
        form.set_data(page.get_contents().get_data())
        form = form.flate_encode()
        form.update({
            NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in (0, 0, width, height)),
            # The placeholder was drawn as an image: in a 1 × 1 square. The drawing is scaled into it.
            NameObject("/Matrix"): ArrayObject(FloatObject(v) for v in (1 / width, 0, 0, 1 / height, 0, 0)),
            NameObject("/Resources"): page["/Resources"].get_object().clone(writer),
        })
        reference = writer._add_object(form)
        seen: set[int] = set()
        if not sum(_replace(each["/Resources"].get_object(), emblem.image_key, reference, seen)
                   for each in writer.pages):
            raise RuntimeError(f"the placeholder of {emblem.url} is not in the rendered document")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@functools.lru_cache(maxsize=16)
def _drawing(url: str, width: float, height: float, files_root: str) -> bytes:
    """The SVG at ``url`` alone on a page of its size. Kept by each (worker) process for the next chunks: the
    URL names the file by its content."""
    return html_to_pdf(
        f'<!doctype html><html><head><style>@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0 }} '
        f'body {{ margin: 0 }} img {{ display: block; width: {width:.3f}pt; height: {height:.3f}pt }}'
        f'</style></head><body><img src="{url}" alt=""></body></html>', files_root=files_root)


def _replace(resources, image_key: str, reference, seen: set[int]) -> int:
    """Point every image named ``image_key…`` in ``resources`` to ``reference``, also inside the forms a page
    draws (an image with opacity is drawn from a transparency group of its own). How many were replaced."""
    from pypdf.generic import NameObject

    images = resources.get("/XObject")
    if images is None or id(images.get_object()) in seen:
        return 0
    images = images.get_object()
    seen.add(id(images))
    replaced = 0
    for key in list(images):
        if key.startswith(image_key):
            images[NameObject(key)] = reference
            replaced += 1
            continue
        drawn = images[key].get_object()
        if drawn.get("/Subtype") == "/Form" and "/Resources" in drawn:
            replaced += _replace(drawn["/Resources"].get_object(), image_key, reference, seen)
    return replaced


def render_chunk(page_html: str, qr_urls: list[str], files_root: str | Path) -> tuple[bytes, list[bytes]]:
    """Worker side: fill the QR slots, render (each SVG emblem drawn once), check one page per certificate,
    split into single pages (``documents.pages``: the chunk's objects copied, nothing laid out again)."""
    for n, url in enumerate(qr_urls):
        page_html = page_html.replace(f'src="{QR_SLOT.format(n)}"', f'src="{qr_png(url)}"', 1)
    page_html, emblems = _emblems(page_html, files_root)
    laid = layout(page_html, PAPER, files_root=files_root)
    if len(laid.pages) != len(qr_urls):
        raise RuntimeError(f"{len(qr_urls)} certificates rendered to {len(laid.pages)} pages")
    pdf = laid.write_pdf()
    if emblems:
        pdf = _draw_emblems(pdf, emblems, files_root)
    return pdf, pages.split(pdf, [(n,) for n in range(len(laid.pages))])
