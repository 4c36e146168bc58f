"""The payment list: only from a closed month, the workbook's rows and totals, the PDF issued with its QR
verification, issued again superseding the earlier version."""

from __future__ import annotations

import re
import subprocess
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core.errors import Refused
from app.documents.models import IssuedDocument
from app.documents.services import read_pdf
from app.extensions import db
from app.tpp import payment
from app.tpp.services import periods, presets, ratings
from tests.factories import make_employee, make_position


@pytest.fixture
def closed(world):
    presets.install_presets()
    hr = world.users["hr"]
    treasurer = make_employee(world.bidang_a, "Wati Bendahara", make_position(world.bidang_a, "Bendahara Pengeluaran",
                                                                              kelas_jabatan=6), golongan="II/c")
    long = make_employee(world.bidang_a, "Raden Roro Kusumawardhani Puspitasari Hadiningrat",
                         make_position(world.bidang_a, "Kepala Seksi Perlindungan Sosial Korban Bencana Alam dan "
                                       "Bencana Sosial"), front_title="Dr.", back_title="S.Sos., M.Kesos.")
    for person in (world.person_a, treasurer, long):
        ratings.save(person, 2018, 3, {"hasil_kerja": "sesuai", "perilaku": "sesuai"}, hr, None, {})
    period = periods.start(world.opd_a, 2018, 3, "A", hr)
    return period, treasurer


def test_an_open_month_has_no_payment_list(closed, world):
    period, treasurer = closed
    with pytest.raises(Refused):
        payment.workbook(period)
    with pytest.raises(Refused):
        payment.issue(period, treasurer, world.users["hr"])


def test_the_workbook_has_a_row_per_person_and_the_totals(closed, world):
    period, _treasurer = closed
    periods.close(period, world.users["hr"], period.version)
    sheet = load_workbook(BytesIO(payment.workbook(period))).active
    header = [c.value for c in sheet[2]]
    assert header[:8] == ["No", "Nama", "NIP", "Gol", "Jabatan", "Kelas Jabatan", "Besaran TPP", "Total % Penilaian"]
    rows = {row[1]: dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=3, values_only=True)
            if isinstance(row[0], int)}
    siti = rows[world.person_a.display_name]  # kelas 7, III/a: 3.000.000, PPh 21 5 % of the gross
    assert (siti["Besaran TPP"], siti["Jumlah TPP"], siti["Subsidi BPJS 4%"], siti["Kotor"], siti["PPh 21"],
            siti["Diterima"]) == (3_000_000, 3_000_000, 120_000, 3_120_000, 156_000, 3_120_000 - 120_000 - 30_000
                                  - 156_000)
    wati = rows["Wati Bendahara"]  # kelas 6, II/c: no PPh 21
    assert (wati["Besaran TPP"], wati["PPh 21"]) == (2_750_000, 0)
    totals = next(row for row in sheet.iter_rows(min_row=3, values_only=True) if row[1] == "Jumlah")
    assert totals[header.index("Diterima")] == sum(row["Diterima"] for row in rows.values()) and len(rows) == 3


def test_the_pdf_is_issued_verifiable_and_superseded_when_issued_again(closed, world, client):
    period, treasurer = closed
    hr = world.users["hr"]
    periods.close(period, hr, period.version)
    first = payment.issue(period, treasurer, hr)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=read_pdf(first), capture_output=True,
                          check=True).stdout.decode()
    assert "DAFTAR PEMBAYARAN TAMBAHAN PENGHASILAN PEGAWAI" in text and "BULAN MARET 2018" in text
    assert world.person_a.display_name in text and "Wati Bendahara" in text and "Bendahara Pengeluaran" in text
    flat = " ".join(text.split())  # a long name in smaller type, a long position over two lines: nothing cut
    assert "Dr. Raden Roro Kusumawardhani Puspitasari Hadiningrat, S.Sos., M.Kesos." in flat
    assert "Korban Bencana Alam dan Bencana Sosial" in flat or "Korban" in flat and "Bencana Sosial" in flat
    assert "penggajian" in text  # the BPJS and tax columns say they are configured percentages
    client.login_as(hr)
    assert client.get(f"/v/{first.code}").status_code == 200
    second = payment.issue(period, None, hr)
    db.session.refresh(first)
    assert (first.status, second.version, second.status) == ("superseded", 2, "in_force")
    assert db.session.scalar(select(IssuedDocument.id).where(IssuedDocument.kind == "tpp_payment_list")) is not None


def test_the_month_page_offers_the_payment_list_once_closed(closed, world, client):
    period, treasurer = closed
    client.login_as(world.users["hr"])
    page = client.get(f"/tpp/units/{world.opd_a.id}?year=2018&month=3").text
    assert "Terbitkan daftar pembayaran" not in page
    assert client.get(f"/tpp/periods/{period.id}/payment.xlsx").status_code == 302
    periods.close(period, world.users["hr"], period.version)
    page = client.get(f"/tpp/units/{world.opd_a.id}?year=2018&month=3").text
    assert "Terbitkan daftar pembayaran" in page
    assert re.search(rf'<option (selected value="{treasurer.id}"|value="{treasurer.id}" selected)', page)
    issued = client.post(f"/tpp/periods/{period.id}/payment", data={"treasurer_id": treasurer.id})
    assert issued.status_code in (302, 303)
    assert payment.issued(period)[0].parties[1]["name"] == "Wati Bendahara"
    xlsx = client.get(f"/tpp/periods/{period.id}/payment.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
