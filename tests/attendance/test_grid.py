"""The unit's month grid and a person's month (app/attendance/views/grid.py): the codes and totals against
hand-built daily statuses, the statement count (independent of people and days), why a day got its status, the
recompute job, and who sees what."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from app.attendance import compute
from app.attendance.models import AttendanceDay, CheckIn
from app.extensions import db
from app.jobs.models import Job
from tests.factories import make_employee, make_unit, make_user

WIB = ZoneInfo("Asia/Jakarta")


class Table(HTMLParser):
    """The rows of the table with ``id``: each a list of its cells' text (th and td alike)."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.depth = table_id, False, 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []
        elif self.inside and tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag):
        if self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.inside:
            self.inside = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(page: str, table_id: str) -> list[list[str]]:
    parser = Table(table_id)
    parser.feed(page)
    return parser.rows


def row_of(rows: list[list[str]], name: str) -> list[str]:
    return next(r for r in rows if r and r[0].startswith(name))


def status(person, day: date, kind: str = "present", late: int = 0, early: int = 0, apel: bool = False) -> None:
    db.session.add(AttendanceDay(employee_id=person.id, day=day, status=kind, late_code=late, early_code=early,
                                 missed_roll_call=apel))


def march(person) -> None:
    """A hand-worked first week of March 2018 (Thursday 1 to Thursday 8)."""
    status(person, date(2018, 3, 1))
    status(person, date(2018, 3, 2), late=2, early=1, apel=True)
    # Saturday 3 and Sunday 4 are not stored (nor by the pass): the grid shows them from the calendar
    status(person, date(2018, 3, 5), "absent")
    status(person, date(2018, 3, 6), "leave_annual")
    status(person, date(2018, 3, 7), "travel")
    status(person, date(2018, 3, 8), "no_out", late=1, early=4)


def grid(client, unit, query="year=2018&month=3") -> str:
    answer = client.get(f"/attendance/units/{unit.id}?{query}")
    assert answer.status_code == 200, answer.status_code
    return answer.get_data(as_text=True)


def test_codes_and_totals_per_person_and_per_day(client, world):
    person = world.person_a
    colleague = make_employee(world.seksi_a, "Dewi Lestari", sex="P")
    march(person)
    status(colleague, date(2018, 3, 1), "permit")
    status(colleague, date(2018, 3, 2))
    db.session.flush()
    client.login_as(world.users["hr"])
    page = grid(client, world.opd_a)
    rows = table(page, "att-grid")
    header = rows[0]
    assert header[:3] == ["Nama", "1 Kam", "2 Jum"] and header[-6:] == ["H", "TL", "PSW", "TK", "C/I", "Apel"]
    mine = row_of(rows, person.display_name)
    assert mine[1:9] == ["H", "TL2 PSW1 A", "L", "L", "TK", "CT", "DL", "TL1 TAP"]
    # no status on the other days; the weekends from the calendar, for someone with statuses that month
    assert mine[9:32] == ["L" if date(2018, 3, d).weekday() >= 5 else "" for d in range(9, 32)]
    # hadir (present, no check-out, official travel), TL, PSW, TK, cuti/izin, apel
    assert mine[-6:] == ["4", "2", "2", "1", "1", "1"]
    theirs = row_of(rows, colleague.display_name)
    assert theirs[1:3] == ["I", "H"] and theirs[-6:] == ["1", "0", "0", "0", "1", "0"]
    assert colleague.unit.name in theirs[0]  # a sub-unit's person says where they work
    footer = {r[0]: r[1:] for r in rows}
    assert footer["Hari hadir (termasuk dinas luar)"][:2] == ["1", "2"]
    assert footer["Hari hadir (termasuk dinas luar)"][-6] == "5"  # the whole unit's month
    assert footer["Hari cuti atau izin"][:1] == ["1"] and footer["Tidak ikut apel"][1] == "1"
    assert 'class="att att-bad"' in page and 'class="att att-leave"' in page and "att-dayoff" in page
    assert "Keterangan" in page and "Tanpa keterangan (TK)" in page  # the legend: the codes in words
    assert f'href="/attendance/people/{person.id}?year=2018&amp;month=3"' in page
    # the sub-unit's grid has only its people, and its own day totals
    narrow = table(grid(client, world.seksi_a), "att-grid")
    names = [r[0] for r in narrow[1:]]
    assert any(n.startswith(colleague.display_name) for n in names)
    assert not any(n.startswith(person.display_name) for n in names)
    assert row_of(narrow, "Hari hadir")[1:3] == ["", "1"]


def test_statement_count_does_not_depend_on_people_or_days(client, world, count_queries):
    unit = make_unit(world.opd_a, "Bidang Hitung", kind="bidang")
    client.login_as(world.users["hr"])

    def people(n: int, month: int) -> None:
        days = (date(2018, month + 1, 1) - timedelta(days=1)).day
        for k in range(n):
            person = make_employee(unit, f"Pegawai {month}-{k:02d}")
            db.session.execute(insert(AttendanceDay), [
                {"employee_id": person.id, "day": date(2018, month, d + 1), "status": "present",
                 "late_code": d % 3, "early_code": 0, "missed_roll_call": d % 5 == 0} for d in range(days)])
        db.session.commit()

    people(5, 2)  # 5 people × 28 days
    with count_queries() as few:
        page = grid(client, unit, "year=2018&month=2")
    assert "Pegawai 2-04" in page
    people(35, 3)  # 40 people (the five have no March) × 31 days
    with count_queries() as many:
        page = grid(client, unit, "year=2018&month=3")
    assert "Pegawai 3-34" in page and page.count('class="att att-') >= 35 * 31
    assert many.n == few.n, many.statements


def test_paging_keeps_the_whole_units_day_totals(client, world):
    unit = make_unit(world.opd_a, "Bidang Besar", kind="bidang")
    for k in range(55):
        status(make_employee(unit, f"Orang {k:02d}"), date(2018, 3, 1))
    db.session.flush()
    client.login_as(world.users["hr"])
    first, second = grid(client, unit), grid(client, unit, "year=2018&month=3&page=2")
    assert "Orang 49" in first and "Orang 50" not in first and "Orang 54" in second
    for page in (first, second):
        footer = row_of(table(page, "att-grid"), "Hari hadir")
        assert footer[1] == "55"


def test_without_statuses_the_page_says_so_and_links_the_typed_recap(client, world):
    client.login_as(world.users["hr"])
    page = grid(client, world.opd_a)
    assert "Belum ada status kehadiran" in page and 'id="att-grid"' not in page
    assert f'href="/discipline/unit/{world.opd_a.id}/attendance?year=2018&amp;month=3"' in page
    client.login_as(world.users["operator"])  # reads attendance, not the discipline recap
    page = grid(client, world.opd_a)
    assert "Belum ada status kehadiran" in page and "/discipline/unit/" not in page


def test_the_default_month_is_the_latest_with_statuses(client, world):
    status(world.person_a, date(2018, 2, 12))
    status(world.person_a, date(2018, 1, 3))
    db.session.flush()
    client.login_as(world.users["hr"])
    page = grid(client, world.opd_a, "year=2018")
    assert "Kehadiran Februari 2018" in page
    assert client.get(f"/attendance/units/{world.opd_a.id}?year=2018&month=13").status_code in (404, 422)


def test_who_sees_what(client, world):
    march(world.person_a)
    db.session.flush()
    own, other = world.opd_a.id, world.opd_b.id
    for role in ("admin", "hr", "leader", "operator"):
        client.login_as(world.users[role])
        assert client.get(f"/attendance/units/{own}?year=2018&month=3").status_code == 200, role
        assert client.get(f"/attendance/people/{world.person_a.id}?year=2018&month=3").status_code == 200, role
        assert client.get(f"/attendance/units/{other}?year=2018&month=3").status_code == (200 if role == "admin"
                                                                                          else 404), role
    client.login_as(world.users["employee"])  # person_a: their own month only
    assert client.get(f"/attendance/people/{world.person_a.id}?year=2018&month=3").status_code == 200
    colleague = make_employee(world.bidang_a, "Teman Sekantor")
    assert client.get(f"/attendance/people/{colleague.id}?year=2018&month=3").status_code == 403
    assert client.get(f"/attendance/people/{world.person_b.id}?year=2018&month=3").status_code == 404
    assert client.get(f"/attendance/units/{world.bidang_a.id}?year=2018&month=3").status_code == 403
    assert client.get(f"/attendance/units/{other}?year=2018&month=3").status_code == 404
    client.login_as(world.users["assessor"])
    assert client.get(f"/attendance/units/{own}?year=2018&month=3").status_code == 403


def test_where_attendance_starts(client, world):
    client.login_as(world.users["hr"])
    answer = client.get("/attendance")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/attendance/units/{world.opd_a.id}")
    client.login_as(world.users["employee"])
    answer = client.get("/attendance")
    assert answer.headers["Location"].endswith(f"/attendance/people/{world.person_a.id}")
    page = client.get(f"/attendance/people/{world.person_a.id}").get_data(as_text=True)
    assert f'href="/attendance/people/{world.person_a.id}"' in page and "Kehadiran saya" in page  # the menu
    client.login_as(world.users["assessor"])  # no unit to show, no person of their own
    assert client.get("/attendance").status_code == 404
    client.login_as(make_user("orphan", [("employee", world.bidang_a)]))
    assert client.get("/attendance").status_code == 404


def punch(person, day: date, hh: int, mm: int, direction: str) -> None:
    db.session.add(CheckIn(employee_id=person.id, at=datetime.combine(day, time(hh, mm), WIB).astimezone(UTC),
                           direction=direction, device="Mesin lobi"))


def test_a_persons_month_says_why(client, world):
    person = world.person_a
    punch(person, date(2018, 3, 5), 7, 52, "in")
    punch(person, date(2018, 3, 5), 16, 5, "out")
    db.session.flush()
    compute.recompute(2018, 3, employee_ids=[person.id], now=datetime(2019, 1, 1, tzinfo=UTC))
    client.login_as(world.users["employee"])
    page = client.get(f"/attendance/people/{person.id}?year=2018&month=3").get_data(as_text=True)
    rows = {r[0]: r[1:] for r in table(page, "att-days")[1:]}
    monday = rows["Senin, 5 Maret 2018"]
    assert monday[0].startswith("TL1 Hadir") and monday[1] == "07.52 (absen masuk) 16.05 (absen pulang)"
    assert "Masuk 07.52, terlambat 22 menit dari jam masuk 07.30 (TL1)." in monday[2]
    assert "Pulang 16.05, tidak sebelum jam pulang 16.00." in monday[2]
    assert rows["Sabtu, 3 Maret 2018"][2] == "Akhir pekan: bukan hari kerja unit."
    assert rows["Selasa, 6 Maret 2018"][0].startswith("TK") and "tanpa keterangan (TK)" in rows["Selasa, 6 Maret 2018"][2]
    assert "berubah sejak" not in page
    # a check-in entered after the pass: the day says it waits for a recompute
    punch(person, date(2018, 3, 6), 7, 10, "in")
    db.session.flush()
    page = client.get(f"/attendance/people/{person.id}?year=2018&month=3").get_data(as_text=True)
    tuesday = {r[0]: r[1:] for r in table(page, "att-days")[1:]}["Selasa, 6 Maret 2018"]
    assert "berubah sejak penghitungan terakhir" in tuesday[0] and tuesday[1] == "07.10 (absen masuk)"


def test_a_persons_month_without_statuses(client, world):
    client.login_as(world.users["hr"])
    page = client.get(f"/attendance/people/{world.person_a.id}?year=2018&month=3").get_data(as_text=True)
    assert "Belum ada status kehadiran untuk Maret 2018" in page and 'id="att-days"' not in page


def test_recompute_starts_the_job_for_the_unit_and_month(client, world):
    punch(world.person_a, date(2018, 3, 5), 7, 20, "in")
    db.session.flush()
    client.login_as(world.users["hr"])
    page = grid(client, world.opd_a)
    assert f'action="/attendance/units/{world.opd_a.id}/recompute"' in page
    answer = client.post(f"/attendance/units/{world.opd_a.id}/recompute", data={"year": "2018", "month": "3"})
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert answer.status_code in (302, 303) and answer.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.params) == ("attendance.recompute", {"year": 2018, "month": 3, "unit_id": world.opd_a.id})
    assert db.session.get(AttendanceDay, (world.person_a.id, date(2018, 3, 5))) is not None  # the job ran
    assert client.post(f"/attendance/units/{world.opd_a.id}/recompute", data={"year": "2018"}).status_code == 400
    client.login_as(world.users["operator"])
    assert "/recompute" not in grid(client, world.opd_a)
    assert client.post(f"/attendance/units/{world.opd_a.id}/recompute",
                       data={"year": "2018", "month": "3"}).status_code == 403
