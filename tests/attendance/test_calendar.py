"""The work calendar: the shipped official days off, loading them (service and CLI, idempotent), the services'
refusals and versions, the import checked row by row and written all or nothing, access per role, and a day
off added becoming "holiday" in the daily statuses once the month is recomputed."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app.attendance import compute, holiday_import, holidays
from app.attendance.models import HOLIDAY_KINDS, AttendanceDay, CheckIn, Holiday
from app.core.errors import Conflict, Refused
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.imports.models import ImportBatch
from app.jobs.models import Job
from tests.factories import make_employee


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Holiday))


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


# -- the shipped data ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("year", [2018, 2026])
def test_every_shipped_year_has_its_national_holidays_and_cuti_bersama(year):
    rows = holidays.official(year)
    assert year in holidays.shipped_years()
    assert all(row["day"].year == year and row["kind"] in HOLIDAY_KINDS and row["name"] for row in rows)
    assert len({row["day"] for row in rows}) == len(rows)  # one entry a day
    kinds = [row["kind"] for row in rows]
    assert (kinds.count("national"), kinds.count("collective")) == (17, 8)
    assert all(row["source"] for row in rows)


def test_the_2018_calendar_is_the_revised_one():
    """Idul Fitri 1439 H on 15–16 June; cuti bersama 11–14 and 18–20 June after the April 2018 revision; the
    Pilkada of 27 June declared a national holiday."""
    rows = {row["day"]: row for row in holidays.official(2018)}
    assert rows[date(2018, 6, 15)]["kind"] == rows[date(2018, 6, 16)]["kind"] == "national"
    june = [day.day for day, row in rows.items() if row["kind"] == "collective" and day.month == 6]
    assert june == [11, 12, 13, 14, 18, 19, 20]
    assert rows[date(2018, 6, 27)]["kind"] == "national"
    assert rows[date(2018, 12, 24)]["kind"] == "collective"
    assert "707/2017" in rows[date(2018, 8, 17)]["source"]


def test_no_data_no_load():
    assert holidays.official(1999) == []
    assert holidays.load_official(1999) == 0


# -- loading the official days --------------------------------------------------------------------------------

def test_load_official_is_idempotent_and_keeps_days_already_there(world):
    db.session.add(Holiday(day=date(2018, 8, 17), kind="regional", name="Upacara daerah", source="Perbup"))
    db.session.flush()
    assert holidays.load_official(2018) == 24
    assert holidays.load_official(2018) == 0
    kept = db.session.scalar(select(Holiday).where(Holiday.day == date(2018, 8, 17)))
    assert (kept.kind, kept.name) == ("regional", "Upacara daerah")
    assert _count() == 25


def test_cli_loads_a_year_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["attendance", "holidays", "2026"])
    assert first.exit_code == 0, first.output
    assert "25 holidays of 2026 added" in first.output
    again = runner.invoke(args=["attendance", "holidays", "2026"])
    assert again.exit_code == 0 and "0 holidays of 2026 added" in again.output
    missing = runner.invoke(args=["attendance", "holidays", "2019"])
    assert missing.exit_code != 0 and "2018, 2026" in missing.output


# -- the services ------------------------------------------------------------------------------------------------

def _data(**kw) -> dict:
    return {"day": date(2018, 10, 8), "kind": "regional", "name": "Hari Jadi Kabupaten", "source": "Perbup 1/2018",
            **kw}


@pytest.mark.parametrize("values, field, words", [
    ({"day": None}, "day", "Isi tanggal"),
    ({"day": date(1999, 12, 31)}, "day", "antara tahun 2000 dan 2100"),
    ({"kind": "weekend"}, "kind", "jenis hari libur"),
    ({"name": "   "}, "name", "nama hari libur"),
    ({"name": "x" * 151}, "name", "lebih dari 150"),
    ({"source": "x" * 201}, "source", "lebih dari 200"),
])
def test_a_day_off_is_refused_with_the_field_and_the_reason(world, values, field, words):
    with pytest.raises(Refused) as refused:
        holidays.add_holiday(_data(**values), world.users["admin"])
    assert refused.value.field == field and words in str(refused.value.message)
    assert _count() == 0


def test_the_same_date_twice_names_the_day_already_there(world):
    holidays.add_holiday(_data(), world.users["admin"])
    with pytest.raises(Refused) as refused:
        holidays.add_holiday(_data(name="Lain"), world.users["admin"])
    assert refused.value.field == "day" and "Hari Jadi Kabupaten" in str(refused.value.message)


def test_a_stale_version_is_a_conflict(world):
    admin = world.users["admin"]
    holiday = holidays.add_holiday(_data(), admin).record
    holidays.update_holiday(holiday, _data(name="Hari Jadi ke-50"), holiday.version, admin)
    with pytest.raises(Conflict):
        holidays.update_holiday(holiday, _data(name="Lagi"), holiday.version - 1, admin)
    with pytest.raises(Conflict):
        holidays.delete_holiday(holiday, holiday.version - 1, admin)
    assert holiday.name == "Hari Jadi ke-50"


def test_a_name_change_recomputes_nothing_a_new_date_both_months(world):
    admin = world.users["admin"]
    holiday = holidays.add_holiday(_data(), admin).record
    assert holidays.update_holiday(holiday, _data(name="Nama baru"), None, admin).months == []
    moved = holidays.update_holiday(holiday, _data(day=date(2018, 11, 5)), None, admin)
    assert moved.months == [(2018, 10), (2018, 11)]


# -- a day off becomes "holiday" ----------------------------------------------------------------------------------

def _recording_person(world):
    """Someone whose unit records attendance in February 2018 (a check-in on the 1st)."""
    person = make_employee(world.bidang_a, "Rina Kusuma")
    db.session.add(CheckIn(employee=person, at=datetime(2018, 2, 1, 0, 20, tzinfo=UTC), direction="in"))
    db.session.flush()
    return person


def _status(person, day: date) -> str | None:
    return db.session.scalar(select(AttendanceDay.status).where(AttendanceDay.employee_id == person.id,
                                                                AttendanceDay.day == day))


def _absent(person) -> int:
    return db.session.scalar(select(AttendanceMonth.absent_days).where(AttendanceMonth.employee_id == person.id))


def test_a_day_off_added_makes_the_day_a_holiday_after_the_recompute(world):
    person = _recording_person(world)
    valentine = date(2018, 2, 14)  # a Wednesday
    compute.recompute(2018, 2)
    assert _status(person, valentine) == "absent"
    holidays.add_holiday(_data(day=valentine, kind="national"), world.users["admin"])
    compute.recompute(2018, 2)
    assert _status(person, valentine) is None  # a day off: not stored, the calendar says it (no TK any more)
    assert _absent(person) == 18  # 20 working days, the 1st with a check-in, the 14th off
    holidays.add_holiday(_data(day=date(2018, 2, 15), kind="collective", name="Cuti bersama"), world.users["admin"])
    compute.recompute(2018, 2)
    assert _status(person, date(2018, 2, 15)) is None and _absent(person) == 17


def test_the_page_starts_the_recompute_and_says_so(world, client):
    person = _recording_person(world)
    compute.recompute(2018, 2)
    client.login_as(world.users["admin"])
    response = client.post("/attendance/calendar/holidays", data={
        "day": "2018-02-14", "kind": "national", "name": "Libur <b>uji</b>", "source": ""})
    assert response.status_code == 303
    job = db.session.scalar(select(Job).where(Job.kind == "attendance.recompute"))
    assert job.params == {"year": 2018, "month": 2, "unit_id": None} and job.status == "done"
    assert _status(person, date(2018, 2, 14)) is None  # the job ran (immediate queue in tests): a day off now
    page = client.get(response.headers["Location"])
    text = page.get_data(as_text=True)
    assert "sedang dihitung ulang" in text and f"/jobs/{job.id}" in text
    assert "Libur &lt;b&gt;uji&lt;/b&gt;" in text


def test_a_month_without_attendance_starts_no_job(world):
    change = holidays.add_holiday(_data(day=date(2018, 10, 8)), world.users["admin"])
    assert change.months == [(2018, 10)] and change.jobs == []


# -- pages and access ---------------------------------------------------------------------------------------------

def test_roles_read_the_calendar_and_only_the_admin_changes_it(world, client):
    holidays.load_official(2018)
    holiday = db.session.scalar(select(Holiday).where(Holiday.day == date(2018, 8, 17)))
    for role in ("operator", "hr", "leader"):
        client.login_as(world.users[role])
        page = client.get("/attendance/calendar?year=2018")
        assert page.status_code == 200, role
        text = page.get_data(as_text=True)
        assert "Hari Kemerdekaan Republik Indonesia" in text and "Jumat" in text
        assert f"/attendance/calendar/holiday/edit?holiday_id={holiday.id}" not in text  # no correct link
        assert client.post("/attendance/calendar/holidays", data=_form()).status_code == 403
        assert client.get(f"/attendance/calendar/holiday/edit?holiday_id={holiday.id}").status_code == 404  # the pemda's
    client.login_as(world.users["employee"])
    assert client.get("/attendance/calendar").status_code == 403
    client.login_as(world.users["admin"])
    text = client.get("/attendance/calendar?year=2018").get_data(as_text=True)
    assert f"/attendance/calendar/holiday/edit?holiday_id={holiday.id}" in text


def _form(**kw) -> dict:
    return {"day": "2018-10-08", "kind": "regional", "name": "Hari Jadi Kabupaten", "source": "", **kw}


def test_the_admin_adds_corrects_and_removes_a_day_off(world, client):
    client.login_as(world.users["admin"])
    assert client.post("/attendance/calendar/holidays", data=_form()).status_code == 303
    holiday = db.session.scalar(select(Holiday))
    bad = client.post("/attendance/calendar/holidays", data=_form(name="Lain"))
    assert bad.status_code == 422 and "sudah ada di kalender" in bad.get_data(as_text=True)
    url, ident = "/attendance/calendar/holiday", {"holiday_id": holiday.id}
    assert client.post(f"{url}/edit", data=_form(name="Hari Jadi ke-50", version=holiday.version,
                                                 **ident)).status_code == 303
    stale = client.post(f"{url}/edit", data=_form(name="Terlambat", version=holiday.version - 1, **ident))
    assert stale.status_code == 409 and "Terlambat" in stale.get_data(as_text=True)
    assert db.session.get(Holiday, holiday.id).name == "Hari Jadi ke-50"
    fragment = client.post(f"{url}/edit", data=_form(day="", version=holiday.version, **ident),
                           headers={"HX-Request": "true"})  # htmx swaps the form alone
    assert fragment.status_code == 422 and 'id="holiday-form"' in fragment.get_data(as_text=True)
    gone = client.post(f"{url}/delete", data={"version": holiday.version - 1, **ident})
    assert gone.status_code == 303 and _count() == 1  # the stale button changed nothing
    assert client.post(f"{url}/delete", data={"version": holiday.version, **ident}).status_code == 303
    assert _count() == 0


def test_the_load_button_shows_while_official_days_are_missing(world, client):
    client.login_as(world.users["admin"])
    text = client.get("/attendance/calendar?year=2026").get_data(as_text=True)
    assert "25 hari libur resmi tahun 2026" in text
    response = client.post("/attendance/calendar/official", data={"year": "2026"})
    assert response.status_code == 303 and _count() == 25
    text = client.get("/attendance/calendar?year=2026").get_data(as_text=True)
    assert "Muat hari libur resmi" not in text and "Idul Fitri 1447 Hijriah" in text
    assert client.post("/attendance/calendar/official", data={"year": "2019"}).status_code == 303  # refused
    assert _count() == 25


def test_the_calendar_page_reads_in_a_few_queries(world, client, count_queries):
    client.login_as(world.users["operator"])
    client.get("/attendance/calendar?year=2018")
    with count_queries() as empty:
        client.get("/attendance/calendar?year=2018")
    holidays.load_official(2018)
    with count_queries() as full:
        client.get("/attendance/calendar?year=2018")
    assert full.n == empty.n <= 8


def test_the_export_is_an_import(world, client):
    holidays.load_official(2018)
    client.login_as(world.users["operator"])
    response = client.get("/attendance/calendar/export.csv?year=2018")
    assert response.status_code == 200
    data = response.data
    assert data.decode("utf-8-sig").splitlines()[0] == "tanggal,jenis,nama,sumber"
    batch = holiday_import.stage(world.users["admin"], "libur.csv", data)
    assert batch.error_count == 0 and {row["action"] for row in batch.rows} == {"skip"}


# -- import: every row checked, all written or none ---------------------------------------------------------------

GOOD = ("tanggal;jenis;nama;sumber",
        "2018-10-08;libur daerah;Hari Jadi Kabupaten;Perbup 1/2018",
        "17/08/2018;Libur Nasional;Hari Kemerdekaan RI;SKB",
        "24-12-2018;cuti bersama;Cuti Bersama Natal;")


def test_an_import_with_a_bad_row_writes_nothing(world, client):
    client.login_as(world.users["admin"])
    lines = (*GOOD, "31/02/2018;nasional;Tanggal salah;", "2018-10-08;libur;Dua kali;", "2018-12-31;daerah;;")
    response = client.post("/attendance/calendar/import",
                           data={"file": (io.BytesIO(_csv(*lines)), "libur.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 303
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.kind == "holidays"))
    assert batch.error_count == 3
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Tanggal 31/02/2018 tidak dapat dibaca" in text
    assert "juga ada di baris 2" in text and "Jenis libur tidak dikenal" in text and "Nama belum diisi" in text
    assert "Impor hari libur ini" not in text  # no button while a row is wrong
    refused = client.post(f"/attendance/calendar/imports/{batch.id}/commit", data={})
    assert refused.status_code == 422 and _count() == 0
    assert "3 baris berisi kesalahan: tidak ada yang diimpor" in refused.get_data(as_text=True)
    assert db.session.get(ImportBatch, batch.id).status == "preview"


def test_an_import_writes_every_row_replaces_changed_days_and_skips_the_same(world, client):
    db.session.add(Holiday(day=date(2018, 8, 17), kind="national", name="HUT RI", source="lama"))
    db.session.add(Holiday(day=date(2018, 12, 24), kind="collective", name="Cuti Bersama Natal", source=""))
    db.session.flush()
    client.login_as(world.users["admin"])
    response = client.post("/attendance/calendar/import", data={"file": (io.BytesIO(_csv(*GOOD)), "libur.csv")},
                           content_type="multipart/form-data")
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.kind == "holidays"))
    assert [row["action"] for row in batch.rows] == ["create", "update", "skip"]
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "menggantikan: HUT RI" in text
    done = client.post(f"/attendance/calendar/imports/{batch.id}/commit", data={})
    assert done.status_code == 303 and "/attendance/calendar?year=2018" in done.headers["Location"]
    assert _count() == 3
    replaced = db.session.scalar(select(Holiday).where(Holiday.day == date(2018, 8, 17)))
    assert (replaced.name, replaced.source) == ("Hari Kemerdekaan RI", "SKB")
    assert db.session.get(ImportBatch, batch.id).status == "committed"
    again = client.post(f"/attendance/calendar/imports/{batch.id}/commit", data={})
    assert again.status_code == 422 and _count() == 3


def test_a_row_that_became_wrong_since_the_preview_stops_the_commit(world):
    admin = world.users["admin"]
    batch = holiday_import.stage(admin, "libur.csv", _csv("tanggal,jenis,nama", "2018-10-08,daerah,Hari Jadi"))
    assert batch.error_count == 0
    batch.rows = [dict(batch.rows[0], data=dict(batch.rows[0]["data"], kind="libur"))]  # as if edited since
    with pytest.raises(Refused):
        holiday_import.commit(batch, admin)
    assert _count() == 0


def test_an_xlsx_with_date_cells_is_read(world):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Tanggal", "Jenis", "Nama", "Sumber"])
    sheet.append([datetime(2018, 10, 8), "Libur Daerah", "Hari Jadi Kabupaten", "Perbup"])
    out = io.BytesIO()
    book.save(out)
    batch = holiday_import.stage(world.users["admin"], "libur.xlsx", out.getvalue())
    assert batch.error_count == 0 and batch.rows[0]["value"]["day"] == "2018-10-08"
    assert batch.rows[0]["value"]["kind"] == "regional"


def test_a_header_without_the_needed_columns_is_refused(world):
    with pytest.raises(Refused) as refused:
        holiday_import.stage(world.users["admin"], "x.csv", _csv("tanggal,keterangan lain", "2018-10-08,x"))
    assert refused.value.field == "file" and "jenis" in str(refused.value.message)


def test_imports_belong_to_the_admin(world, client):
    batch = holiday_import.stage(world.users["admin"], "libur.csv", _csv(*GOOD))
    client.login_as(world.users["hr"])
    assert client.get(f"/attendance/calendar/imports/{batch.id}").status_code == 404
    assert client.post("/attendance/calendar/import", data={}).status_code == 403
