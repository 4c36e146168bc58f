"""The piagam PDF (DOMAIN.md §6): its printed text, one A4 landscape page each, the unit award, the QR code."""

from __future__ import annotations

import io
import os
from datetime import date

from pypdf import PdfReader

from app.awards import document
from app.awards.models import Category, Certificate, Instrument, Nomination, Round
from app.core import files
from app.documents.context import letterhead, verification
from app.extensions import db
from tests.documents.test_documents import decode_qr

SIGNER = {"position": "Kepala Dinas Sosial Provinsi DKI Jakarta", "name": "Drs. Masrokhan, M.Si.",
          "pangkat": "Pembina Utama Muda (IV/c)", "nip": "19620101 198603 1 010"}
CATEGORY = "Kepala Satuan Pelaksana Sosial Kecamatan"


def person_content(kop: dict | None = None, number: str = "800/12/DINSOS/II/2018", name: str = "Sumadi, S.Sos.",
                   kind: str = "winner") -> dict:
    citation = (f"sebagai Pegawai Terbaik Bulan Februari 2018 Kategori {CATEGORY}" if kind == "winner" else
                f"atas partisipasinya sebagai Nominasi Pegawai Terbaik Bulan Februari 2018 Kategori {CATEGORY}")
    return {"kop": kop or {"logo": None, "government": "PEMERINTAH PROVINSI DAERAH KHUSUS IBUKOTA JAKARTA",
                           "name": "DINAS SOSIAL", "lines": ["", ""]},
            "number": number, "kind": kind,
            "recipient": {"is_unit": False, "name": name, "id_label": "NIP", "id": "19660801 198803 1 001",
                          "pangkat": "Penata Tk. I (III/d)",
                          "position": "Kepala Satuan Pelaksana Sosial Kecamatan Mampang Prapatan",
                          "unit": "Suku Dinas Sosial Jakarta Selatan"},
            "citation": citation, "place_date": "Jakarta, 5 Maret 2018", "signer": SIGNER,
            "title": f"Piagam Penghargaan — Pegawai Terbaik Februari 2018 — {name}"}


def unit_content(kop: dict | None = None, number: str = "800/13/DINSOS/II/2018") -> dict:
    return dict(person_content(kop, number),
                recipient={"is_unit": True, "name": "Suku Dinas Sosial Jakarta Selatan",
                           "unit": "Dinas Sosial Provinsi DKI Jakarta"},
                citation="sebagai Pegawai Terbaik Bulan Februari 2018 Kategori Petugas P3S",
                title="Piagam Penghargaan — Pegawai Terbaik Februari 2018 — Suku Dinas Sosial Jakarta Selatan")


def logo_kop(unit) -> dict:
    """The unit's letterhead with a pemda logo in the file store (a small drawn emblem)."""
    from PIL import Image, ImageDraw

    from app.org.models import Pemda

    image = Image.new("RGBA", (240, 280), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(120, 4), (236, 60), (210, 230), (120, 276), (30, 230), (4, 60)], fill=(180, 30, 40, 255))
    draw.ellipse((60, 80, 180, 200), fill=(240, 200, 60, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    pemda = db.session.query(Pemda).first()
    if pemda is None:
        pemda = Pemda(name="Provinsi DKI Jakarta", level="provinsi", city="Jakarta")
        db.session.add(pemda)
    pemda.logo_file = files.store(out.getvalue(), "png")
    db.session.flush()
    return letterhead(unit)


def make_round(world, month: int = 2, category: str = CATEGORY) -> Round:
    instrument = Instrument(opd_id=world.opd_a.id, family=f"pt-{month}-{category[:20]}", name="Instrumen Pegawai Terbaik")
    db.session.add(instrument)
    db.session.flush()
    cat = Category(opd_id=world.opd_a.id, name=category, instrument_id=instrument.id)
    db.session.add(cat)
    db.session.flush()
    round_ = Round(category_id=cat.id, opd_id=world.opd_a.id, year=2018, month=month, instrument_id=instrument.id,
                   nomination_opens=date(2018, month, 1), nomination_closes=date(2018, month, 20), status="decided")
    db.session.add(round_)
    db.session.flush()
    return round_


def make_certificates(world, round_: Round, contents: list[dict], first_seq: int = 1) -> list[Certificate]:
    """Numbered certificates built directly (as the decision service leaves them), one nomination each."""
    from app.documents.services import new_code
    from tests.factories import make_employee

    made = []
    for n, content in enumerate(contents):
        seq = first_seq + n
        unit_award = content["recipient"]["is_unit"]
        employee = None if unit_award else make_employee(world.bidang_a, f"Pegawai {round_.id}-{seq}")
        nomination = Nomination(round_id=round_.id, employee_id=employee.id if employee else None,
                                unit_id=world.bidang_a.id, justification="Kinerja terbaik")
        db.session.add(nomination)
        db.session.flush()
        content = dict(content, number=f"800/{seq}/DINSOS/II/2018")
        certificate = Certificate(nomination_id=nomination.id, kind=content["kind"], opd_id=round_.opd_id,
                                  year=round_.year, seq=seq, number=content["number"], code=new_code(),
                                  issued_on=date(2018, 3, 5), content=content)
        db.session.add(certificate)
        made.append(certificate)
    db.session.flush()
    return made


def pages(pdf: bytes) -> list:
    return PdfReader(io.BytesIO(pdf)).pages


def text_of(page) -> str:
    return " ".join(page.extract_text().split())


def keep(name: str, pdf: bytes, tmp_path) -> None:
    if os.environ.get("KINERJA_KEEP_PDF"):
        (tmp_path / name).write_bytes(pdf)
        print(tmp_path / name)


def test_person_certificate_prints_every_value_on_one_landscape_page(app, tmp_path):
    with app.test_request_context():
        pdf = document.render_one(person_content(), verification("kode123", "https://kinerja.test/v/kode123"))
    keep("winner.pdf", pdf, tmp_path)
    [page] = pages(pdf)
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)
    text = text_of(page)
    for expected in ("PIAGAM PENGHARGAAN", "Nomor: 800/12/DINSOS/II/2018", "diberikan kepada", "Sumadi, S.Sos.",
                     "NIP 19660801 198803 1 001", "Penata Tk. I (III/d)",
                     "Kepala Satuan Pelaksana Sosial Kecamatan Mampang Prapatan", "Suku Dinas Sosial Jakarta Selatan",
                     f"Pegawai Terbaik Bulan Februari 2018 Kategori {CATEGORY}", "Jakarta, 5 Maret 2018",
                     "Kepala Dinas Sosial Provinsi DKI Jakarta", "Drs. Masrokhan, M.Si.", "Pembina Utama Muda (IV/c)",
                     "NIP 19620101 198603 1 010", "https://kinerja.test/v/kode123"):
        assert expected in text, expected


def test_unit_award_names_the_unit_and_its_parent_and_no_person_lines(app):
    with app.test_request_context():
        [page] = pages(document.render_one(unit_content()))
    text = text_of(page)
    assert "Suku Dinas Sosial Jakarta Selatan" in text and "Dinas Sosial Provinsi DKI Jakarta" in text
    assert "Kategori Petugas P3S" in text
    assert "NIP 19660801" not in text and "Penata" not in text
    assert "https://" not in text  # no verification block without a code


def test_appreciation_prints_its_own_citation(app):
    with app.test_request_context():
        [page] = pages(document.render_one(person_content(kind="appreciation")))
    assert "atas partisipasinya sebagai Nominasi Pegawai Terbaik Bulan Februari 2018" in text_of(page)


def test_many_certificates_one_page_each_in_order_even_with_long_names(app, world, tmp_path):
    long_name = "Prof. Dr. Raden Ayu Siti Nurhaliza Kusumawardhani Puspitasari Wijayakusuma, S.H., M.H., M.Si."
    long_citation = person_content()["citation"] + " atas dedikasi, integritas dan pelayanan prima " * 4
    with app.test_request_context():
        kop = logo_kop(world.seksi_a)
        items = [(person_content(kop, number=f"800/{n}/DINSOS/II/2018", name=f"Pegawai Nomor {n}"), None)
                 for n in range(1, 4)]
        items.append((dict(person_content(kop, number="800/4/DINSOS/II/2018", name=long_name),
                           citation=long_citation), None))
        items.append((unit_content(kop, number="800/5/DINSOS/II/2018"), None))
        pdf = document.render_many(items)
    keep("many.pdf", pdf, tmp_path)
    texts = [text_of(p) for p in pages(pdf)]
    assert len(texts) == 5
    for n, text in enumerate(texts, 1):
        assert f"800/{n}/DINSOS/II/2018" in text and "Drs. Masrokhan, M.Si." in text  # nothing cut off
    assert long_name in texts[3]
    assert all("NIP 19620101 198603 1 010" in t for t in texts)


def test_split_pages_each_carry_only_their_own_certificate_and_qr_code(app, world, tmp_path):
    urls = [f"https://kinerja.test/v/kode{n}" for n in (1, 2, 3)]
    with app.test_request_context():
        kop = logo_kop(world.seksi_a)
        page_html = document.html([(person_content(kop, number=f"800/{n}/DINSOS/II/2018", name=f"Pegawai {n}"),
                                    {"code": f"kode{n}", "url": url, "qr": document.QR_SLOT.format(n - 1)})
                                   for n, url in enumerate(urls, 1)])
        chunk, singles = document.render_chunk(page_html, urls, files.files_dir())
    assert len(pages(chunk)) == len(singles) == 3
    for n, single in enumerate(singles, 1):
        [page] = pages(single)
        text = text_of(page)
        assert f"Pegawai {n}" in text and all(f"Pegawai {m}" not in text for m in (1, 2, 3) if m != n)
        assert len(page["/Resources"]["/XObject"]) == 3  # the frame, the logo and its own QR code, not the others'
    assert decode_qr(singles[1], tmp_path) == [urls[1]]


def test_qr_code_decodes_to_the_verification_url(app, tmp_path):
    with app.test_request_context():
        pdf = document.render_one(person_content(), verification("kode123", "https://kinerja.test/v/kode123"))
    assert decode_qr(pdf, tmp_path) == ["https://kinerja.test/v/kode123"]
