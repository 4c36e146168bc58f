"""The official PDF: its data, its text (pypdf), its QR code, and that it is stored once."""

from __future__ import annotations

import io
import os
from datetime import date

from pypdf import PdfReader

from app.agreements import document, services
from app.documents.services import read_pdf
from app.extensions import db
from tests.agreements.conftest import fill, indicator_data
from tests.documents.test_documents import decode_qr


def _signed(officials, app, n_indicators=1, public_url="https://kinerja.jakarta.go.id"):
    app.config["PUBLIC_URL"] = public_url
    kabid, kadis = officials.users["kabid"], officials.users["kadis"]
    agreement = services.create(2018, officials.world.bidang_a, officials.kabid)
    version = fill(agreement, kabid)
    sasaran = version.sasaran[0]
    for n in range(1, n_indicators):
        services.save_indicator(sasaran, kabid, indicator_data(name=f"Indikator tambahan {n}", target="40.5",
                                                               quarters=(None,) * 4, satuan="%"))
    services.submit(version, kabid)
    services.sign(version, kabid, pakta=True, on=date(2018, 3, 5), place="Jakarta")
    try:
        with app.test_request_context():
            services.countersign(version, kadis)
    finally:
        app.config["PUBLIC_URL"] = ""
    return version


def test_build_gives_plain_values(officials, app):
    version = _signed(officials, app)
    data = document.build(version)
    assert data["title"] == "PERJANJIAN KINERJA TAHUN 2018"
    assert data["place_date"] == "Jakarta, 5 Maret 2018"
    assert data["first"]["nip_display"] == officials.kabid.display_id
    assert data["rows"][0]["target"] == "276 titik" and data["rows"][0]["quarters"] == ["60", "70", "70", "76"]
    assert data["budget_total"] == "Rp1.250.000.000" and data["draft"] is False


def test_pdf_text_qr_and_byte_identical_storage(officials, app, client, tmp_path):
    version = _signed(officials, app)
    stored = read_pdf(version.document)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(stored)).pages).split())
    for expected in ("PERJANJIAN KINERJA TAHUN 2018", "PIHAK PERTAMA", "PIHAK KEDUA", "PAKTA INTEGRITAS",
                     "Mariana", officials.kabid.display_id, "Drs. Masrokhan, M.Si.", officials.kadis.display_id,
                     "Jumlah titik rawan PMKS yang diawasi", "276 titik", "Rp1.250.000.000", "Jakarta, 5 Maret 2018"):
        assert expected in text, expected
    assert "DRAF" not in text
    assert decode_qr(stored, tmp_path) == [f"https://kinerja.jakarta.go.id/v/{version.document.code}"]
    if os.environ.get("KINERJA_KEEP_PDF"):
        (tmp_path / "agreement.pdf").write_bytes(stored)
        print(tmp_path / "agreement.pdf")
    # served byte-identical, whoever asks and however often
    client.login_as(officials.users["kadis"])
    first = client.get(f"/agreements/{version.agreement_id}/pdf").data
    second = client.get(f"/agreements/{version.agreement_id}/pdf").data
    assert first == second == stored


def test_a_superseded_version_keeps_its_pdf_and_the_verification_says_so(officials, app, client):
    version = _signed(officials, app)
    kabid = officials.users["kabid"]
    revision = services.revise(version.agreement, kabid, "programme_changed", "APBD Perubahan")
    services.submit(revision, kabid)
    services.sign(revision, kabid, pakta=True, on=date(2018, 9, 1), place="Jakarta")
    with app.test_request_context():
        services.countersign(revision, officials.users["kadis"])
    db.session.flush()
    assert version.document.status == "superseded" and revision.document.status == "in_force"
    page = client.get(f"/v/{version.document.code}").get_data(as_text=True)
    assert "digantikan" in page
    text = PdfReader(io.BytesIO(read_pdf(revision.document))).pages[0].extract_text()
    assert "(PERUBAHAN)" in text
