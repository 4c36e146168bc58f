"""The unit's monthly recap (app/attendance/recap.py, grid.recap_select): one GROUP BY over the daily statuses,
the page, the workbook and the official PDF showing the same numbers; issuing again supersedes; who may do what."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.attendance import grid, recap
from app.documents.models import IssuedDocument
from app.documents.services import read_pdf
from app.extensions import db
from app.org.models import Position
from tests.attendance.test_grid import row_of, status, table
from tests.factories import make_employee, make_position

KEYS = ["workdays", "present", "tl1", "tl2", "tl3", "tl4", "psw1", "psw2", "psw3", "psw4", "absent",
        "leave_annual", "leave_long", "leave_sick", "leave_maternity", "leave_important", "leave_unpaid", "permit",
        "travel", "apel"]


@pytest.fixture
def march(world):
    """person_a and a colleague in a sub-unit, with hand-built statuses for March 2018."""
    person, colleague = world.person_a, make_employee(world.seksi_a, "Dewi Lestari", sex="P")
    for day, kind, late, early, apel in [
        (1, "present", 0, 0, False), (2, "present", 2, 1, True), (3, "weekend", 0, 0, False),
        (5, "absent", 0, 0, False), (6, "leave_annual", 0, 0, False), (7, "travel", 0, 0, False),
        (8, "no_out", 1, 4, False), (9, "no_in", 4, 0, True), (12, "present", 3, 0, False),
        (13, "permit", 0, 0, False), (14, "leave_sick", 0, 0, False), (15, "present", 0, 2, False),
    ]:
        status(person, date(2018, 3, day), kind, late, early, apel)
    for day, kind, late, early in [(1, "permit", 0, 0), (2, "present", 4, 3), (3, "weekend", 0, 0),
                                   (5, "leave_unpaid", 0, 0), (30, "holiday", 0, 0)]:
        status(colleague, date(2018, 3, day), kind, late, early)
    db.session.flush()
    return person, colleague


# person_a: 11 working days, present 1, 2, 7 (DL), 8 (no check-out), 9 (no check-in), 12, 15 → 7
EXPECTED_A = {"workdays": 11, "present": 7, "tl1": 1, "tl2": 1, "tl3": 1, "tl4": 1, "psw1": 1, "psw2": 1,
              "psw3": 0, "psw4": 1, "absent": 1, "leave_annual": 1, "leave_long": 0, "leave_sick": 1,
              "leave_maternity": 0, "leave_important": 0, "leave_unpaid": 0, "permit": 1, "travel": 1, "apel": 2}
EXPECTED_B = {**dict.fromkeys(KEYS, 0), "workdays": 3, "present": 1, "tl4": 1, "psw3": 1, "leave_unpaid": 1,
              "permit": 1}


def test_one_group_by_per_person(world, march, count_queries):
    person, colleague = march
    assert list(grid.RECAP) == KEYS == [key for key, _code, _meaning in recap.columns()]
    first, last = date(2018, 3, 1), date(2018, 3, 31)
    with count_queries() as counted:
        rows = grid.recap_rows(db.session.execute(grid.recap_select(world.opd_a, first, last)))
    assert counted.n == 1
    assert [(e.id, counts) for e, counts in rows] == sorted(
        [(person.id, EXPECTED_A), (colleague.id, EXPECTED_B)], key=lambda r: 0 if r[0] == colleague.id else 1)
    people, totals = grid.recap_totals(world.opd_a, first, last)
    assert people == 2 and totals == {k: EXPECTED_A[k] + EXPECTED_B[k] for k in KEYS}
    assert grid.add_up(rows) == totals
    # the sub-unit holds only the colleague; February nobody
    assert [e.id for e, _ in grid.recap_rows(db.session.execute(grid.recap_select(world.seksi_a, first, last)))] \
        == [colleague.id]
    assert grid.recap_totals(world.opd_a, date(2018, 2, 1), date(2018, 2, 28)) == (0, dict.fromkeys(KEYS, 0))


def test_the_page_shows_the_counts_and_totals(client, world, march):
    person, colleague = march
    client.login_as(world.users["hr"])
    page = client.get(f"/attendance/units/{world.opd_a.id}/recap?year=2018&month=3").get_data(as_text=True)
    rows = table(page, "att-recap")
    assert rows[0][:4] == ["Nama", "HK", "H", "Terlambat (TL)"] and rows[1][:4] == ["1", "2", "3", "4"]
    assert row_of(rows, person.display_name)[1:] == [str(EXPECTED_A[k]) for k in KEYS]
    assert row_of(rows, colleague.display_name)[1:] == [str(EXPECTED_B[k]) for k in KEYS]
    assert row_of(rows, "Jumlah (2 pegawai)")[1:] == [str(EXPECTED_A[k] + EXPECTED_B[k]) for k in KEYS]
    assert f'/attendance/units/{world.opd_a.id}/recap.xlsx?year=2018&amp;month=3' in page
    assert "Terbitkan PDF" in page


def test_the_workbook(client, world, march):
    person, colleague = march
    client.login_as(world.users["operator"])
    answer = client.get(f"/attendance/units/{world.opd_a.id}/recap.xlsx?year=2018&month=3")
    assert answer.status_code == 200 and answer.headers["Content-Disposition"].endswith(
        "rekap-kehadiran-2018-03-A.xlsx")
    sheet = load_workbook(io.BytesIO(answer.data)).active
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Rekap kehadiran Maret 2018: Dinas Sosial A"
    assert values[1][:6] == ["No.", "Nama", "NIP", "Unit", "Hari kerja", "Hadir (termasuk dinas luar)"]
    assert values[1][6] == "Terlambat 1–30 menit (TL1)" and values[1][-1] == "Tidak ikut apel"
    assert values[2][:4] == [1, colleague.display_name, colleague.nip, world.seksi_a.name]
    assert values[2][4:] == [EXPECTED_B[k] for k in KEYS]
    assert values[3][1] == person.display_name and values[3][4:] == [EXPECTED_A[k] for k in KEYS]
    assert values[4][1] == "Jumlah" and values[4][4:] == [EXPECTED_A[k] + EXPECTED_B[k] for k in KEYS]


def test_a_name_that_looks_like_a_formula_stays_text(client, world):
    tricky = make_employee(world.bidang_a, "=HYPERLINK(1)")
    status(tricky, date(2018, 3, 1))
    db.session.flush()
    client.login_as(world.users["hr"])
    data = client.get(f"/attendance/units/{world.opd_a.id}/recap.xlsx?year=2018&month=3").data
    assert load_workbook(io.BytesIO(data)).active["B3"].value == "'=HYPERLINK(1)"


def pdf_text(document: IssuedDocument) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(read_pdf(document))).pages).split())


def test_the_pdf_is_issued_with_the_same_numbers_and_signed_by_the_head(client, world, march):
    person, colleague = march
    head_post = make_position(world.opd_a, "Kepala Dinas Sosial A", is_head=True, type="jpt", eselon="II.b")
    head = make_employee(world.opd_a, "Drs. Kepala Dinas", head_post, golongan="IV/c")
    client.login_as(world.users["hr"])
    answer = client.post(f"/attendance/units/{world.opd_a.id}/recap/pdf", data={"year": "2018", "month": "3"})
    assert answer.status_code in (302, 303)
    [document] = recap.issued(world.opd_a, 2018, 3)
    assert (document.kind, document.version, document.status, document.unit_id) == (
        "attendance_recap", 1, "in_force", world.opd_a.id)
    assert document.parties[0]["name"] == head.display_name
    text = pdf_text(document)
    for expected in ("REKAPITULASI KEHADIRAN PEGAWAI", "BULAN MARET 2018", "Dinas Sosial A", person.display_name,
                     colleague.display_name, "Kepala Dinas Sosial A,", head.display_name, f"NIP {head.display_id}",
                     "Terlambat (TL)", "Cuti", "CLTN", "Keaslian dokumen ini"):
        assert expected in text, expected
    totals = " ".join(str(EXPECTED_A[k] + EXPECTED_B[k]) for k in KEYS)
    assert f"Jumlah {totals}" in text  # the page's totals row
    assert " ".join(str(EXPECTED_A[k]) for k in KEYS) in text
    page = client.get(f"/attendance/units/{world.opd_a.id}/recap?year=2018&month=3").get_data(as_text=True)
    assert f"/documents/{document.id}/pdf" in page and "Terbitkan ulang (menggantikan versi 1)" in page
    assert row_of(table(page, "att-recap"), "Jumlah")[1:] == totals.split()


def test_issuing_again_supersedes(client, world, march):
    person, _colleague = march
    client.login_as(world.users["hr"])
    url = f"/attendance/units/{world.opd_a.id}/recap/pdf"
    client.post(url, data={"year": "2018", "month": "3"})
    status(person, date(2018, 3, 16), "absent")  # a recompute changed the month
    db.session.flush()
    client.post(url, data={"year": "2018", "month": "3"})
    second, first = recap.issued(world.opd_a, 2018, 3)
    assert (second.version, second.status, first.version, first.status) == (2, "in_force", 1, "superseded")
    assert "versi 2" in first.status_reason and "TK" in pdf_text(second)
    assert first.sha256 != second.sha256
    # February's recap is another document; another unit's March too
    assert recap.issued(world.opd_a, 2018, 2) == [] and recap.issued(world.seksi_a, 2018, 3) == []


def test_what_cannot_be_issued(client, world, march):
    client.login_as(world.users["hr"])
    answer = client.post(f"/attendance/units/{world.opd_a.id}/recap/pdf", data={"year": "2018", "month": "2"},
                         follow_redirects=True)
    assert "tidak ada yang dapat diterbitkan" in answer.get_data(as_text=True)
    assert db.session.scalar(select(IssuedDocument)) is None
    from app.core.clock import agency_today

    today = agency_today()
    answer = client.post(f"/attendance/units/{world.opd_a.id}/recap/pdf",
                         data={"year": str(today.year), "month": str(today.month)}, follow_redirects=True)
    assert "Bulan ini belum selesai" in answer.get_data(as_text=True)
    assert db.session.scalar(select(IssuedDocument)) is None


def test_a_vacant_head_leaves_a_line_to_sign(world, march, app):
    with app.test_request_context():
        signer = recap.build(world.bidang_a, 2018, 3)["signer"]
    assert signer == {"position": f"Kepala {world.bidang_a.name}", "name": "", "pangkat": "", "nip": "",
                      "nip_display": ""}
    assert db.session.scalar(select(Position).where(Position.is_head)) is None


def test_who_may_do_what(client, world, march):
    own, other = world.opd_a.id, world.opd_b.id
    for role in ("hr", "leader", "operator"):
        client.login_as(world.users[role])
        assert client.get(f"/attendance/units/{own}/recap?year=2018&month=3").status_code == 200
        assert client.get(f"/attendance/units/{own}/recap.xlsx?year=2018&month=3").status_code == 200
        assert client.get(f"/attendance/units/{other}/recap?year=2018&month=3").status_code == 404
        assert client.get(f"/attendance/units/{other}/recap.xlsx?year=2018&month=3").status_code == 404
    for role in ("leader", "operator"):  # they read the recap; HR issues it
        client.login_as(world.users[role])
        page = client.get(f"/attendance/units/{own}/recap?year=2018&month=3").get_data(as_text=True)
        assert "Terbitkan PDF" not in page
        assert client.post(f"/attendance/units/{own}/recap/pdf", data={"year": "2018", "month": "3"}).status_code \
            == 403
    client.login_as(world.users["employee"])
    assert client.get(f"/attendance/units/{world.bidang_a.id}/recap?year=2018&month=3").status_code == 403
    client.login_as(world.outsider)  # HR of OPD B
    assert client.post(f"/attendance/units/{own}/recap/pdf", data={"year": "2018", "month": "3"}).status_code == 404
    assert db.session.scalar(select(IssuedDocument)) is None


def test_a_big_units_recap_is_issued_by_a_job(client, world, march, monkeypatch):
    from app.jobs.models import Job

    monkeypatch.setattr(recap, "JOB_THRESHOLD", 1)  # two people: "big"
    client.login_as(world.users["hr"])
    answer = client.post(f"/attendance/units/{world.opd_a.id}/recap/pdf", data={"year": "2018", "month": "3"})
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert answer.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.params, job.status) == (
        "attendance.recap_pdf", {"unit_id": world.opd_a.id, "year": 2018, "month": 3}, "done")
    [document] = recap.issued(world.opd_a, 2018, 3)
    assert document.issued_by_id == world.users["hr"].id and job.result_name == "rekap-kehadiran-2018-03-A.pdf"
    assert client.get(f"/jobs/{job.id}/download").data == read_pdf(document)
    # a month that cannot be issued is refused before any job starts
    answer = client.post(f"/attendance/units/{world.opd_a.id}/recap/pdf", data={"year": "2018", "month": "2"})
    assert answer.status_code in (302, 303) and db.session.scalar(select(Job).order_by(Job.id.desc())).id == job.id
