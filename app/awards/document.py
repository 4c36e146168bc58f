"""The piagam penghargaan PDF (DOMAIN.md §6): always A4 landscape, one page per certificate.

``Certificate.content`` already holds every printed value (frozen at numbering), so the template receives it
as is, plus the verification block (URL and QR). ``render_many`` puts many certificates in one document: how
bulk printing stays fast (fonts are loaded, laid out and embedded once per document, not once per page).

``render_chunk`` is what the bulk path (``app.awards.printing``) runs in worker processes, which have no Flask
app: it takes HTML already rendered by Jinja in the parent, draws the QR codes into their slots, renders,
checks the page count and splits the document into one single-page PDF per certificate.

What every sheet of a document shares is drawn once per document, not once per page: the sheet's *ground* (the
frame, ``piagam-frame.svg``; the signer's block below the date; the QR code's caption) and an SVG emblem.
WeasyPrint writes an SVG image's drawing into the content of every page that shows it (a raster image becomes
one shared image object): with the demo's simple emblem, 80 piagam took a third more CPU time (2.5 s instead
of 1.8 s) and twice the bytes; and it lays out the signer's lines again on every page, though they are the same
on all (a third of a page's layout with the caption). So each distinct ground (the template marks it
``<!--ground-->…<!--/ground-->``) and each SVG of the file store the HTML shows is rendered once into a one-page
PDF, the pages show a transparent placeholder image of the same proportions, and the placeholder is then
replaced by a form XObject holding the drawing (an incremental update of the PDF): every page draws that one
object. The signer's block and the code's block are placed from the sheet's top, so that a page's date and QR
code land where the ground leaves room for them.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from app.core.files import files_dir, store
from app.documents import pages, render
from app.documents.render import SCHEME, html_to_pdf, layout, render_html

TEMPLATE = "pdf/certificate.html"
FRAME = Path(__file__).resolve().parents[2] / "templates" / "pdf" / "piagam-frame.svg"  # the border and corners
PAPER = "A4-landscape"  # whatever the pemda's paper setting says
QR_SLOT = "qr-slot:{}"  # stands for the n-th QR code of a chunk until the worker draws it
SHEET = (281 / 25.4 * 72, 194 / 25.4 * 72)  # a sheet's width and height in points: the page less its margins
_GROUND = re.compile(r'<!--ground-->(.*?)<!--/ground-->(.*?)<div class="head"></div>', re.DOTALL)
_SVG_SRC = re.compile(r'src="(' + re.escape(SCHEME) + r'files/([0-9a-f]{64}\.svg))"')  # an SVG from the file store


def qr_png(url: str) -> str:
    """The QR code as a PNG data: URL (``render.qr_png``), printed sharp: ``image-rendering: pixelated``."""
    return render.qr_png(url)


def html(items: list[tuple[dict, dict | None]]) -> str:
    """The HTML of one document holding ``items`` (content, verify) in order, one page each."""
    certificates = [dict(content, verify=verify) for content, verify in items]
    title = certificates[0].get("title", "Piagam Penghargaan") if len(certificates) == 1 else "Piagam Penghargaan"
    frame = f"{SCHEME}files/{store(FRAME.read_bytes(), 'svg')}"  # stored once; drawn like an SVG emblem
    return render_html(TEMPLATE, {"certificates": certificates, "title": title, "frame": frame}, PAPER)


def render_many(items: list[tuple[dict, dict | None]]) -> bytes:
    """One document of ``items`` (in the app: the file store is the app's)."""
    return _render(html(items), files_dir())[1]


def render_one(content: dict, verify: dict | None = None) -> bytes:
    return render_many([(content, verify)])


def _render(page_html: str, files_root: str | Path) -> tuple[int, bytes]:
    """The document's page count and PDF: each sheet's ground and each SVG emblem drawn once."""
    page_html, layers = _grounds(page_html, files_root)
    page_html, emblems = _emblems(page_html, files_root)
    laid = layout(page_html, PAPER, files_root=files_root)
    pdf = laid.write_pdf()
    return len(laid.pages), _draw_layers(pdf, layers + emblems) if layers or emblems else pdf


@dataclass(frozen=True)
class _Layer:
    """A drawing shown on many pages of a document and written once: the pages show a transparent placeholder
    image, replaced by a form holding the drawing (one page of ``drawing``, ``width`` × ``height`` points)."""

    name: str  # what it is, for an error message
    placeholder: str  # a data: URL of a transparent PNG of the drawing's proportions
    drawing: bytes
    width: float
    height: float

    @property
    def image_key(self) -> str:
        """The start of the name WeasyPrint gives the placeholder's image object ('i' + md5 of its URL)."""
        return "/i" + hashlib.md5(self.placeholder.encode(), usedforsecurity=False).hexdigest()


def _placeholder(ratio: float, note: str) -> str:
    """A transparent PNG of the proportions ``ratio`` (width / height), told apart from others by ``note``."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    width, height = (100, max(1, round(100 / ratio))) if ratio >= 1 else (max(1, round(100 * ratio)), 100)
    info = PngInfo()
    info.add_text("layer", note)  # one placeholder per drawing, should a document hold two
    out = io.BytesIO()
    Image.new("LA", (width, height), (255, 0)).save(out, "PNG", pnginfo=info)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def _emblems(page_html: str, files_root: str | Path) -> tuple[str, list[_Layer]]:
    """Replace each SVG emblem of ``page_html`` by its placeholder; the emblems found."""
    from app.org.emblem import aspect_ratio

    found = []
    for url, name in dict.fromkeys(_SVG_SRC.findall(page_html)):
        ratio = aspect_ratio((Path(files_root) / name[:2] / name).read_bytes())
        width, height = 100 * ratio, 100.0
        emblem = _Layer(url, _placeholder(ratio, name), _drawing(url, width, height, str(files_root)), width, height)
        page_html = page_html.replace(f'src="{url}"', f'src="{emblem.placeholder}"')
        found.append(emblem)
    return page_html, found


def _grounds(page_html: str, files_root: str | Path) -> tuple[str, list[_Layer]]:
    """Replace each sheet's ground (the template's ``<!--ground-->…<!--/ground-->``: the frame, the letterhead's
    lines and the title, the signer, the QR code's caption) by the placeholder of its drawing, made once for all
    the sheets that share it, and give the sheet's empty ``div.head`` the height the ground's letterhead takes."""
    head = page_html[:page_html.index("<body>")]
    found: dict[str, tuple[_Layer, float]] = {}

    def placed(match: re.Match) -> str:
        part = match.group(1)
        if part not in found:
            digest = hashlib.sha256(part.encode()).hexdigest()
            drawing, height = _ground(head, part, str(files_root))
            found[part] = _Layer(f"ground {digest[:12]}", _placeholder(SHEET[0] / SHEET[1], digest), drawing,
                                 *SHEET), height
        layer, height = found[part]
        return (f'<img class="ground" src="{layer.placeholder}" alt="">{match.group(2)}'
                f'<div class="head" style="height: {height:.3f}px"></div>')

    return _GROUND.sub(placed, page_html), [layer for layer, _height in found.values()]


@functools.lru_cache(maxsize=16)
def _ground(head: str, part: str, files_root: str) -> tuple[bytes, float]:
    """A sheet holding only ``part`` alone on a page of the sheet's size, and the height of its letterhead (from
    ``#head`` to ``#head-end``, in CSS pixels). Kept by each (worker) process for the next chunks."""
    width, height = SHEET
    page = f"<style>@page {{ size: {width:.3f}pt {height:.3f}pt; margin: 0 }}</style></head>"
    laid = layout(f'{head.replace("</head>", page)}<body><div class="sheet">{part}</div></body></html>',
                  files_root=files_root)
    anchors = laid.pages[0].anchors
    return laid.write_pdf(), anchors["head-end"][1] - anchors["head"][1]


def _draw_layers(pdf: bytes, layers: list[_Layer]) -> bytes:
    """Put each layer's drawing where its placeholder image is drawn on every page."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    for layer in layers:
        width, height = layer.width, layer.height
        page = PdfReader(io.BytesIO(layer.drawing)).pages[0]
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
        if not sum(_replace(each["/Resources"].get_object(), layer.image_key, reference, seen)
                   for each in writer.pages):
            raise RuntimeError(f"the placeholder of {layer.name} is not in the rendered document")
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
    """Worker side: fill the QR slots, render (each ground and SVG emblem drawn once), check one page per
    certificate, split into single pages (``documents.pages``: the chunk's objects copied, nothing laid out
    again)."""
    for n, url in enumerate(qr_urls):
        page_html = page_html.replace(f'src="{QR_SLOT.format(n)}"', f'src="{qr_png(url)}"', 1)
    count, pdf = _render(page_html, files_root)
    if count != len(qr_urls):
        raise RuntimeError(f"{len(qr_urls)} certificates rendered to {count} pages")
    return pdf, pages.split(pdf, [(n,) for n in range(count)])
