"""The pemda's emblem (issue 12, item 6): SVG or PNG (or JPEG), checked by content; refused when it could do
more than draw; printed on the letterhead of official PDFs and on the piagam (an SVG drawn once per document)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from app.awards import document
from app.core import files
from app.documents.context import letterhead
from app.documents.render import render_pdf
from app.extensions import db
from app.org import emblem
from app.org.models import Pemda
from tests.awards.test_certificate_pdf import person_content, unit_content

SETTINGS = {"name": "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta", "level": "provinsi", "city": "Jakarta",
            "timezone": "WIB", "paper_size": "A4"}
# A drawing in a colour found nowhere else on the documents: where it is painted, the emblem is there.
MARK = (0x12, 0x34, 0x56)
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 48">'
       b'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
       b'<path d="M20 1 L39 8 L39 26 C39 38 30 44 20 47 C10 44 1 38 1 26 L1 8 Z" fill="#123456"/>'
       b'<circle cx="20" cy="20" r="6" style="fill: url(#g)"/></svg>')
HOSTILE = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    "xhtml script": b'<svg xmlns="http://www.w3.org/2000/svg"><h:script xmlns:h="http://www.w3.org/1999/xhtml">'
                    b'alert(1)</h:script></svg>',
    "foreignObject": b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="9" height="9">'
                     b'<iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.test/"/></foreignObject></svg>',
    "onload": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
    "onclick": b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9" onclick="alert(1)"/></svg>',
    "external use": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
                    b'<use x:href="https://evil.test/a.svg#b"/></svg>',
    "external image": b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>',
    "css url": b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(\'https://evil.test/x\')"/></svg>',
    "css import": b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(#a); @import "//evil.test/c.css";'
                  b'</style></svg>',
    "link": b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><rect/></a></svg>',
    "animation": b'<svg xmlns="http://www.w3.org/2000/svg"><rect><set attributeName="fill" to="red"/></rect></svg>',
    "stylesheet instruction": b'<?xml-stylesheet href="https://evil.test/s.css"?>'
                              b'<svg xmlns="http://www.w3.org/2000/svg"/>',
    "entities": b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
    "not svg": b'<html xmlns="http://www.w3.org/1999/xhtml"><body onload="alert(1)"/></html>',
}


def png(width: int = 37, height: int = 41, colour: tuple[int, int, int] = MARK) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def upload(client, data: bytes, name: str):
    return client.post("/settings", data=dict(SETTINGS, logo=(io.BytesIO(data), name)),
                       content_type="multipart/form-data")


def pemda_emblem() -> str | None:
    db.session.expire_all()
    return db.session.query(Pemda).first().logo_file


@pytest.fixture
def admin(client, world):
    client.login_as(world.users["admin"])
    assert upload(client, png(), "lambang.png").status_code == 303  # an emblem in place: a refusal keeps it
    return client


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_svg_is_refused_with_the_reason_and_the_emblem_kept(admin, case):
    before = pemda_emblem()
    response = upload(admin, HOSTILE[case], "lambang.svg")
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "SVG" in text and 'class="error"' in text
    assert pemda_emblem() == before


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40),
    png()[:60],  # a real PNG cut short
    b"\xff\xd8\xff\xe0 not a jpeg at all",
], ids=["png-signature-then-svg", "png-signature-then-zeros", "truncated-png", "fake-jpeg"])
def test_a_fake_png_is_refused(admin, data):
    before = pemda_emblem()
    response = upload(admin, data, "lambang.png")
    assert response.status_code == 422 and "bukan gambar yang utuh" in response.get_data(as_text=True)
    assert pemda_emblem() == before


def test_an_image_too_large_is_refused(admin):
    huge = png(7000, 10, (255, 255, 255))
    assert len(huge) < emblem.MAX_BYTES
    response = upload(admin, huge, "lambang.png")
    assert response.status_code == 422 and "7000 × 10 piksel" in response.get_data(as_text=True)
    with pytest.raises(emblem.EmblemRefused, match="1 MB"):  # (checked directly: the test client leaves a
        emblem.check(b"<svg" + b" " * emblem.MAX_BYTES + b"/>")  # body this large in an unclosed file)


def test_a_clean_svg_is_kept_and_served_as_svg_that_may_run_nothing(admin):
    inkscape = SVG.replace(b'viewBox="0 0 40 48">', b'viewBox="0 0 40 48" xmlns:inkscape='
                           b'"http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3">'
                           b'<!-- drawn by hand --><inkscape:grid/>')
    assert upload(admin, inkscape, "lambang.svg").status_code == 303
    assert pemda_emblem().endswith(".svg")
    with admin.get("/logo") as served:
        assert served.status_code == 200 and served.mimetype == "image/svg+xml" and served.data == inkscape
        assert "sandbox" in served.headers["Content-Security-Policy"]
        assert "default-src 'none'" in served.headers["Content-Security-Policy"]


def test_the_demo_emblem_passes_the_check():
    from app.demo.awards import EMBLEM

    assert emblem.check(EMBLEM.read_bytes()) == "svg"
    assert emblem.aspect_ratio(EMBLEM.read_bytes()) == pytest.approx(200 / 236)


# -- printed ---------------------------------------------------------------------------------------------------

def painted(pdf: bytes, page: int = 0) -> tuple[dict, set[tuple[int, int]]]:
    """What a page paints: {where: fill colours} (where: "page", or the object number of a form the page
    draws, at any depth) and the pixel sizes of its images."""
    colours: dict = {}
    images: set = set()

    def walk(where, content: bytes, resources) -> None:
        colours.setdefault(where, set()).update(
            tuple(round(float(v) * 255) for v in rgb)
            for rgb in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|scn|sc)\b", content))
        xobjects = resources.get("/XObject") if resources else None
        for ref in (xobjects.get_object().values() if xobjects else ()):
            drawn = ref.get_object()
            if drawn.get("/Subtype") == "/Image":
                images.add((int(drawn["/Width"]), int(drawn["/Height"])))
            elif drawn.get("/Subtype") == "/Form" and ref.idnum not in colours:
                walk(ref.idnum, drawn.get_data(), drawn.get("/Resources"))

    shown = PdfReader(io.BytesIO(pdf)).pages[page]
    walk("page", shown.get_contents().get_data(), shown["/Resources"].get_object())
    return colours, images


def marked(pdf: bytes, page: int = 0) -> set:
    """Where the emblem's colour is painted on a page."""
    return {where for where, colours in painted(pdf, page)[0].items() if MARK in colours}


def set_emblem(data: bytes, extension: str) -> None:
    pemda = db.session.query(Pemda).first()
    if pemda is None:
        pemda = Pemda(name="Pemerintah Provinsi Daerah Khusus Ibukota Jakarta", level="provinsi", city="Jakarta")
        db.session.add(pemda)
    pemda.logo_file = files.store(data, extension)
    db.session.flush()


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_the_emblem_is_on_the_letterhead(app, world, kind):
    with app.test_request_context():
        set_emblem(SVG if kind == "svg" else png(), kind)
        kop = letterhead(world.seksi_a)
        pdf = render_pdf("pdf/base.html", {"title": "Surat", "kop": kop, "verify": None})
        without = render_pdf("pdf/base.html", {"title": "Surat", "kop": dict(kop, logo=None), "verify": None})
    if kind == "svg":
        assert marked(pdf) and not marked(without)
    else:
        assert (37, 41) in painted(pdf)[1] and not painted(without)[1]


def test_the_emblem_is_on_the_issued_agreement(app, world):
    from app.documents.services import read_pdf
    from tests.agreements.conftest import build_officials
    from tests.agreements.test_pdf import _signed

    set_emblem(SVG, "svg")
    stored = read_pdf(_signed(build_officials(world), app).document)
    assert marked(stored, 0) and marked(stored, 1)  # the agreement's letterhead, and the pakta integritas's


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_the_emblem_is_on_every_piagam_and_an_svg_is_drawn_once_per_document(app, world, kind):
    urls = [f"https://kinerja.test/v/kode{n}" for n in range(4)]
    with app.test_request_context():
        set_emblem(SVG if kind == "svg" else png(), kind)
        kop = letterhead(world.seksi_a)
        contents = [unit_content(kop, number=f"800/{n}/DINSOS/II/2018") if n % 2 else
                    person_content(kop, number=f"800/{n}/DINSOS/II/2018") for n in range(4)]
        page_html = document.html([(content, {"code": f"kode{n}", "url": url, "qr": document.QR_SLOT.format(n)})
                                   for n, (content, url) in enumerate(zip(contents, urls, strict=True))])
        chunk, singles = document.render_chunk(page_html, urls, files.files_dir())
        one = document.render_one(person_content(kop))
    if kind == "png":
        for pdf, page in [(chunk, n) for n in range(4)] + [(single, 0) for single in singles] + [(one, 0)]:
            assert (37, 41) in painted(pdf, page)[1]
        return
    # Every page paints the emblem, and all of them through one and the same form, never in their own content.
    assert len({frozenset(marked(chunk, n)) for n in range(4)}) == 1
    [where] = marked(chunk, 0)
    assert where != "page"
    for pdf in (*singles, one):
        assert marked(pdf) and "page" not in marked(pdf)
