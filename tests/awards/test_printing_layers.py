"""What a bulk print draws once per document: each sheet's ground (the frame, the letterhead's lines, the title, the
signer, the QR code's caption), one for each letterhead and signer of the chunk, the page leaving the room the
ground's letterhead takes, also when a long agency name wraps."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from app.awards import document
from app.core import files
from tests.awards.test_certificate_pdf import person_content

SHORT = {"logo": None, "government": "PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA", "name": "DINAS SOSIAL",
         "lines": ["", ""]}
LONG = dict(SHORT, name="BADAN PERENCANAAN PEMBANGUNAN, PENELITIAN DAN PENGEMBANGAN DAERAH SERTA PENANAMAN MODAL DAN "
                        "PELAYANAN TERPADU SATU PINTU PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA")


def _chunk(app, kops: list[dict]) -> tuple[str, list[str]]:
    urls = [f"https://kinerja.test/v/kode{n}" for n in range(len(kops))]
    with app.test_request_context():
        page_html = document.html([(person_content(kop, number=f"800/{n}/DINSOS/II/2018", name=f"Pegawai {n}"),
                                    {"code": f"kode{n}", "url": url, "qr": document.QR_SLOT.format(n)})
                                   for n, (kop, url) in enumerate(zip(kops, urls, strict=True))])
    return page_html, urls


def test_one_ground_for_each_letterhead_and_the_room_it_takes(app):
    page_html, urls = _chunk(app, [SHORT, LONG, SHORT])
    with app.test_request_context():
        placed, layers = document._grounds(page_html, files.files_dir())
    assert len(layers) == 2 and "<!--ground-->" not in placed and "PIAGAM PENGHARGAAN" not in placed
    heights = [float(h) for h in re.findall(r'<div class="head" style="height: ([\d.]+)px">', placed)]
    assert heights[0] == heights[2] < heights[1]  # the long name wraps: more room for it
    with app.test_request_context():
        chunk, singles = document.render_chunk(page_html, urls, files.files_dir())
    texts = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(chunk)).pages]
    assert len(texts) == 3
    assert "PELAYANAN TERPADU SATU PINTU" in texts[1] and "PELAYANAN TERPADU" not in texts[0] + texts[2]
    assert all("Drs. Masrokhan, M.Si." in text and "Nomor: 800/" in text for text in texts)
    forms = [{key for key, value in page["/Resources"]["/XObject"].items() if value.get_object()["/Subtype"] == "/Form"}
             for page in (PdfReader(io.BytesIO(single)).pages[0] for single in singles)]
    assert forms[0] == forms[2] != forms[1]  # a sheet draws its own letterhead's ground


def test_the_room_left_matches_where_the_number_was_before_the_ground(app):
    """The number line sits where it sat when the page laid the letterhead out itself."""
    from app.documents.render import layout

    page_html, urls = _chunk(app, [LONG])
    for n, url in enumerate(urls):
        page_html = page_html.replace(f'src="{document.QR_SLOT.format(n)}"', f'src="{document.qr_png(url)}"', 1)
    whole = re.sub(r"<!--/?ground-->", "", page_html).replace('<div class="head"></div>', "")
    whole = whole.replace('<div class="logo-space"></div>', "")
    with app.test_request_context():
        placed, _layers = document._grounds(page_html, files.files_dir())
        marked = '<div class="number" id="number">'
        own = layout(whole.replace('<div class="number">', marked), document.PAPER, files.files_dir()).pages[0]
        laid = layout(placed.replace('<div class="number">', marked), document.PAPER, files.files_dir()).pages[0]
    assert abs(own.anchors["number"][1] - laid.anchors["number"][1]) < 0.5  # CSS pixels
