"""Non-ASN workers in the browser: HR drafts a 2018 contract for a THL worker and signs it (the SPK PDF), imports
February 2018 check-ins, records a teguran lisan, evaluates the first quarter, closes the honorarium month of
February 2018 and prints its recap (PDF and XLSX).

February 2018 (the other browser tests use other months). The worker has a unit of his own under Dinas Sosial A,
so the month's attendance pass that the import runs touches nobody else. No Holiday rows in the test database:
February 2018 has 20 working days (1–2, 5–9, 12–16, 19–23, 26–28).

The clock: like the other browser tests this one works in a past year, so the server's real "today" (or the
instant ``KINERJA_TEST_NOW`` sets for the whole run) is after February 2018, as closing the month needs, and the
signing day typed (29 January 2018) is never in the future. ``clock.set_to`` would not do: it holds for its own
context only, never for the server's request threads."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import select

from app.attendance.models import AttendanceDay, CheckInSource, MachineUser
from app.core.clock import agency_today
from app.extensions import db
from app.org.models import Unit
from app.workers.models import Contract
from tests.e2e.conftest import login
from tests.factories import make_employee, make_unit

WORKER = "Andi Wijaya"
NUMBER = "800/31/THL/UPT-RS/2018"
MACHINE_NUMBER = "31"
ABSENT = (date(2018, 2, 6), date(2018, 2, 7))  # no check-in at all: TK
LATE = date(2018, 2, 13)  # in at 08.00, 30 minutes after 07.30: TL1
EARLY = date(2018, 2, 20)  # a Tuesday, out at 15.00, an hour before 16.00: PSW2
WORKING_DAYS = [date(2018, 2, d) for d in range(1, 29) if date(2018, 2, d).weekday() < 5]

# The honorarium of February 2018 by hand (shipped rules: TK 2 %, TL 0,5 %, PSW 0,5 % of the rate each time):
#   days paid  = 20 working days − 2 TK = 18
#   pay        = 3.648.035 × 18 ÷ 20 = 3.283.231,5 → 3.283.232 (half up)
#   deduction  = (2 × 2 % + 1 × 0,5 % + 1 × 0,5 %) = 5 % × 3.648.035 = 182.401,75 → 182.402
#   received   = 3.283.232 − 182.402 = 3.100.830
GROSS, PENALTY, NET = 3_283_232, 182_402, 3_100_830
assert len(WORKING_DAYS) == 20 and round(3_648_035 * 18 / 20) == GROSS and GROSS - PENALTY == NET


def _checkins() -> bytes:
    """The machine's export of February 2018: in at 07.20 and out at 16.40 (after Friday's 16.30) every working
    day, but for the TK days, the late arrival and the early departure."""
    lines = ["No,Waktu,Status"]
    for day in WORKING_DAYS:
        if day in ABSENT:
            continue
        arrive = "08:00:00" if day == LATE else "07:20:00"
        leave = "15:00:00" if day == EARLY else "16:40:00"
        lines.append(f"{MACHINE_NUMBER},{day.isoformat()} {arrive},Masuk")
        lines.append(f"{MACHINE_NUMBER},{day.isoformat()} {leave},Pulang")
    return ("\r\n".join(lines) + "\r\n").encode()


def _pdf(page, href: str) -> bytes:
    answer = page.request.get(href)
    assert answer.status == 200, (href, answer.status)
    assert answer.headers["content-type"].startswith("application/pdf"), answer.headers
    body = answer.body()
    assert body.startswith(b"%PDF"), body[:20]
    return body


def _days(app, employee_id: int) -> dict[date, AttendanceDay]:
    with app.app_context():
        rows = {row.day: row for row in db.session.scalars(select(AttendanceDay).where(
            AttendanceDay.employee_id == employee_id, AttendanceDay.day.between(date(2018, 2, 1), date(2018, 2, 28))))}
        db.session.expunge_all()
        db.session.remove()
    return rows


def test_contract_spk_attendance_warning_evaluation_close_and_recap(page, live_server, tmp_path):
    app = live_server.app
    ids = live_server.ids
    with app.app_context():
        assert agency_today() > date(2018, 3, 1)  # the month can be closed, the signing day is in the past
        opd = db.session.get(Unit, ids["opd_a"])
        upt = make_unit(opd, "UPT Rumah Singgah", kind="upt")
        worker = make_employee(upt, WORKER, employment_type="thl", valid_from=date(2017, 1, 1))
        source = CheckInSource(name="Mesin sidik jari UPT Rumah Singgah", unit=upt, person_key="machine",
                               columns={"person": "No", "datetime": "Waktu", "direction": "Status"},
                               in_values="Masuk", out_values="Pulang")
        db.session.add(source)
        db.session.flush()
        db.session.add(MachineUser(source=source, number=MACHINE_NUMBER, employee=worker))
        db.session.commit()
        upt_id, worker_id, source_id = upt.id, worker.id, source.id
        db.session.remove()

    # 1. HR drafts the contract from Non-ASN → Kontrak baru, signs it, and the SPK is a PDF
    login(page, "hr")
    page.get_by_role("link", name="Non-ASN", exact=True).click()
    page.wait_for_url("**/non-asn/contracts**")
    page.get_by_role("link", name="Kontrak baru").click()
    page.wait_for_url("**/non-asn/contracts/new**")
    page.select_option("#employee_id", str(worker_id))
    page.select_option("#unit_id", str(upt_id))
    page.fill("#year", "2018")
    page.fill("#number", NUMBER)
    page.fill("#starts_on", "2018-02-01")
    page.fill("#ends_on", "2018-12-31")
    page.fill("#position", "Petugas P3S")
    page.fill("#workplace", "Kolong Tol Pluit")
    page.fill("#duties", "Menjangkau dan mendata PMKS di titik rawan")
    page.select_option("#pay_basis", "monthly")
    page.fill("#rate", "3.648.035")
    page.click("#page-form button[type=submit].primary")
    page.wait_for_url(re.compile(r"/non-asn/contracts/\d+$"))
    contract_url = page.url
    assert "Draf kontrak disimpan." in page.inner_text("body")
    assert "Rp3.648.035,00" in page.inner_text(".facts")

    page.fill("#signed_on", "2018-01-29")
    page.once("dialog", lambda dialog: dialog.accept())  # hx-confirm: "Tandatangani kontrak ini? …"
    page.click("text=Tandatangani dan terbitkan SPK")
    spk = page.get_by_role("link", name="SPK (PDF)")
    spk.wait_for()
    assert "Kontrak ditandatangani" in page.inner_text("body")
    assert "Berakhir" in page.inner_text(".page-head")  # signed, and by today past its last day
    _pdf(page, spk.get_attribute("href"))
    with app.app_context():
        contract = db.session.scalar(select(Contract).where(Contract.employee_id == worker_id))
        assert (contract.state, contract.number, contract.rate, contract.signed_on) == (
            "active", NUMBER, 3_648_035, date(2018, 1, 29))
        assert contract.document_id is not None
        db.session.remove()

    # 2. HR imports February's check-ins (preview, then the import, which runs the month's attendance pass)
    export = tmp_path / "mesin-februari-2018.csv"
    export.write_bytes(_checkins())
    page.goto(f"/attendance/sources/{source_id}/upload")
    page.set_input_files("input[type=file]", str(export))
    page.click("button[type=submit].primary")
    page.wait_for_url("**/attendance/checkins/imports/**")
    page.click("form[action$='/commit'] button")
    page.wait_for_selector(f"text=/{2 * (len(WORKING_DAYS) - len(ABSENT))} absen baru diimpor/")
    days = _days(app, worker_id)
    assert sorted(day for day, row in days.items() if row.status not in ("weekend", "holiday")) == WORKING_DAYS
    assert [day for day in WORKING_DAYS if days[day].status == "absent"] == list(ABSENT)
    assert all(days[day].status == "present" for day in WORKING_DAYS if day not in ABSENT)
    assert [day for day in WORKING_DAYS if days[day].late_code] == [LATE]
    assert [day for day in WORKING_DAYS if days[day].early_code] == [EARLY]

    # 3. a teguran lisan on the contract's page: in the table, and "Tertulis" is the next step
    page.goto(contract_url)
    page.click("summary:has-text('Catat teguran')")
    page.select_option("#level", "lisan")
    page.fill("#given_on", "2018-02-08")
    page.fill("#reason", "Tidak masuk tanpa keterangan pada 6 dan 7 Februari 2018")
    page.click("text=Catat teguran >> nth=-1")
    page.wait_for_url("**#warnings")
    assert "Teguran dicatat." in page.inner_text("body")
    row = page.locator("#warnings ~ .table-wrap tr", has_text="Teguran lisan")
    assert row.count() == 1
    assert "8 Februari 2018" in row.inner_text() and "6 dan 7 Februari" in row.inner_text()
    ladder = page.get_by_role("list", name="Jenjang teguran")
    assert ladder.locator("li.reached").all_inner_texts() == ["Lisan"]
    assert ladder.locator("li.next").all_inner_texts() == ["Tertulis"]
    assert "langkah berikutnya: Teguran tertulis" in page.locator("summary", has_text="Catat teguran").inner_text()

    # 4. the first quarter evaluated, every criterion given points: 4 + 4 + 4 + 4 + 3 = 19 of 25 = 76 % → Baik
    evaluations = page.locator("#evaluations ~ .table-wrap").first
    evaluations.locator("tr", has_text="Triwulan 1").get_by_role("link", name="Evaluasi").click()
    page.wait_for_url("**/evaluate?period=1")
    criteria = page.locator("fieldset select")
    assert criteria.count() == 5
    for n in range(5):
        criteria.nth(n).select_option("3" if n == 4 else "4")
    page.fill("#note", "Rajin menjangkau; dua hari tanpa keterangan")
    page.click("text=Simpan evaluasi")
    page.wait_for_url("**#evaluations")
    assert "Evaluasi disimpan: Baik (76)." in page.inner_text("body")
    quarter = page.locator("#evaluations ~ .table-wrap tr", has_text="Triwulan 1")
    assert "76" in quarter.inner_text() and "Baik" in quarter.inner_text() and "Koreksi" in quarter.inner_text()

    # 5. the honorarium of February 2018: closed (after confirming), the line as worked out above, the recap
    page.get_by_role("link", name="Non-ASN", exact=True).click()
    page.get_by_role("navigation", name="Tenaga non-ASN").get_by_role("link", name="Honorarium").click()
    page.wait_for_url("**/non-asn/honor/units/**")
    page.goto(f"/non-asn/honor/units/{ids['opd_a']}?year=2018&month=2")
    line = page.locator("#honor-lines tbody tr", has_text=WORKER)
    assert "Rp3.100.830,00" in line.inner_text()  # the open month works it out already
    page.once("dialog", lambda dialog: dialog.accept())  # "Tutup honorarium Februari 2018? …"
    page.click("text=Tutup bulan ini")
    page.wait_for_selector("text=/Bulan honorarium ditutup/")
    assert "Ditutup" in page.inner_text(".page-head")
    cells = [text.strip() for text in line.locator("td").all_inner_texts()]
    assert cells[1:7] == ["Bulanan", "Rp3.648.035,00", "18 / 20 / 20", "2", "1", "1"], cells
    assert cells[7] == "Rp3.283.232,00" and cells[8].startswith("Rp182.402,00") and cells[9] == "Rp3.100.830,00"

    page.click("text=Terbitkan rekapitulasi (PDF)")
    page.wait_for_selector("text=/Rekapitulasi honorarium diterbitkan sebagai PDF/")
    _pdf(page, page.get_by_role("link", name="Buka PDF").get_attribute("href"))
    with page.expect_download() as caught:
        page.click("text=Unduh sebagai XLSX")
    download = caught.value
    assert download.suggested_filename.startswith("rekap-honorarium-2018-02-")
    assert download.suggested_filename.endswith(".xlsx")
    book = load_workbook(BytesIO(Path(download.path()).read_bytes()), read_only=True)
    rows = [row for row in book.active.iter_rows(values_only=True) if row and row[1] == WORKER]
    assert len(rows) == 1, rows
    worked = rows[0]
    assert worked[3] == NUMBER and worked[7] == 3_648_035
    assert worked[8:14] == (20, 20, 18, 2, 1, 1)
    assert (worked[14], worked[16], worked[17]) == (GROSS, PENALTY, NET)
    book.close()
