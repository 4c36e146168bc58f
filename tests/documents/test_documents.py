"""The shared documents module: local-only rendering, the issued-document store and public verification."""

from __future__ import annotations

import hashlib
import io
import subprocess

import pytest
from pypdf import PdfReader

from app.core.errors import Refused
from app.documents import services
from app.documents.context import letterhead, verification
from app.documents.render import LocalFetcher, render_pdf
from app.extensions import db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def decode_qr(pdf: bytes, tmp_path) -> list[str]:
    """Rasterise page 1 with pdftoppm and read every QR code on it."""
    import zxingcpp
    from PIL import Image

    (tmp_path / "doc.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "doc.pdf"),
                    str(tmp_path / "page")], check=True)
    with Image.open(tmp_path / "page.png") as image:
        return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("url", ["http://example.com/a.png", "https://127.0.0.1/x", "file:///etc/passwd",
                                 "kinerja:fonts/../../etc/passwd", "kinerja:other/x", "ftp://x/y"])
def test_fetcher_refuses_everything_but_local_assets(url):
    with pytest.raises(ValueError):
        LocalFetcher().fetch(url)


def test_fetcher_serves_shipped_fonts_and_data_urls():
    font = LocalFetcher().fetch("kinerja:fonts/LiberationSerif-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    assert LocalFetcher().fetch("data:text/plain,hi").read() == b"hi"


def _issue(world, code=None, **kw):
    code = code or services.new_code()
    context = {"title": "UJI", "kop": letterhead(world.seksi_a), "verify": verification(code, f"https://k.test/v/{code}")}
    pdf = render_pdf("pdf/base.html", context)
    document = services.issue(code=code, pdf=pdf, kind="perjanjian_kinerja", title="Perjanjian Kinerja Tahun 2018",
                              source=("test", kw.pop("source_id", 1)), unit_id=world.opd_a.id,
                              parties=[{"role": "PIHAK PERTAMA", "name": "Siti Aminah", "nip": "198001152005012001",
                                        "position": "Analis"}], **kw)
    return document, pdf


def test_letterhead_comes_from_the_nearest_unit_with_one_and_uses_shipped_fonts(app, world):
    world.opd_a.kop_government = "Pemerintah Provinsi Daerah Khusus Ibukota Jakarta"
    world.opd_a.kop_name = "Dinas Sosial"
    world.opd_a.address = "Jl. Gunung Sahari II No. 5"
    world.opd_a.postal_code = "10610"
    db.session.flush()
    with app.test_request_context():
        document, pdf = _issue(world)
    text = pdf_text(pdf)
    assert "PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA" in text and "DINAS SOSIAL" in text
    assert "Kode Pos 10610" in text
    fonts = {str(f.get("/BaseFont")) for page in PdfReader(io.BytesIO(pdf)).pages
             for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("Kinerja-Serif" in f for f in fonts), fonts  # only the shipped font


def test_qr_code_decodes_to_the_verification_url(app, world, tmp_path):
    with app.test_request_context():
        document, pdf = _issue(world)
    assert decode_qr(pdf, tmp_path) == [f"https://k.test/v/{document.code}"]


def test_issue_stores_the_bytes_once_and_serves_them_unchanged(app, world):
    with app.test_request_context():
        document, pdf = _issue(world)
        assert document.sha256 == hashlib.sha256(pdf).hexdigest() and document.size == len(pdf)
        assert services.read_pdf(document) == pdf
        with pytest.raises(Refused):
            _issue(world)  # the same source cannot be issued twice


def test_a_changed_file_is_never_served(app, world):
    from app.core import files

    with app.test_request_context():
        document, pdf = _issue(world)
        path = files.path_of(document.file_name)
        original = path.read_bytes()
        try:
            path.write_bytes(original + b"%tampered")
            with pytest.raises(RuntimeError):
                services.read_pdf(document)
        finally:
            path.write_bytes(original)


def test_public_verification_page(client, app, world):
    with app.test_request_context():
        document, pdf = _issue(world)
    page = client.get(f"/v/{document.code}")  # no login
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Perjanjian Kinerja Tahun 2018" in html and "Siti Aminah" in html and "19800115 200501 2 001" in html
    assert document.sha256 in html and "berlaku" in html
    assert "Dinas Sosial A" not in html  # nothing beyond the document's own facts
    services.supersede(document, "PK Perubahan")
    assert "digantikan" in client.get(f"/v/{document.code}").get_data(as_text=True)


@pytest.mark.parametrize("code", ["nope", "x" * 300, "abc%27%20OR%201=1", "<script>"])
def test_unknown_or_tampered_code_answers_404_with_a_clear_message(client, code):
    page = client.get(f"/v/{code}")
    assert page.status_code == 404
    assert "Tidak ada dokumen dengan kode verifikasi ini" in page.get_data(as_text=True)


def test_revoking_needs_a_reason_and_happens_once(app, world):
    with app.test_request_context():
        document, _ = _issue(world)
    with pytest.raises(Refused):
        services.revoke(document, "  ")
    services.revoke(document, "Salah cetak")
    assert document.status == "revoked"
    with pytest.raises(Refused):
        services.supersede(document, "x")


def test_stored_pdf_download_respects_unit_scope(client, app, world):
    with app.test_request_context():
        document, pdf = _issue(world)
    assert client.login_as(world.users["hr"]).get(f"/documents/{document.id}/pdf").data == pdf
    assert client.login_as(world.outsider).get(f"/documents/{document.id}/pdf").status_code == 404
