"""Check-in import (app/attendance/checkin_import.py, checkin_commit.py): a machine's export staged with its
source's mapping, previewed, committed all or nothing; the same file twice changes nothing; unknown user numbers
and unreadable rows are listed; wall times of WIB, WITA and WIT machines are stored as UTC."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.attendance import checkin_commit, checkin_import
from app.attendance.checkin_import import stage
from app.attendance.models import AttendanceDay, CheckIn, CheckInSource, MachineUser, StagedCheckIn
from app.core.errors import Refused
from app.extensions import db
from app.imports.models import ImportBatch
from tests.factories import make_employee

HEADER = "No,Waktu,Status,Mesin"


def make_source(unit, **kw) -> CheckInSource:
    values = {"name": "Mesin Lobi", "unit": unit, "person_key": "machine",
              "columns": {"person": "No", "datetime": "Waktu", "direction": "Status", "device": "Mesin"},
              "in_values": "C/In, 0, Masuk", "out_values": "C/Out, 1, Pulang", "timezone": ""}
    values.update(kw)
    source = CheckInSource(**values)
    db.session.add(source)
    db.session.flush()
    return source


def enrol(source, number: str, person) -> None:
    db.session.add(MachineUser(source=source, number=number, employee=person))
    db.session.flush()


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join((header, *rows)) + "\r\n").encode()


def upload(source, data: bytes, owner) -> ImportBatch:
    batch, job = checkin_commit.upload(owner, source, "absen.csv", data)
    assert job is None
    return batch


def stored(person=None) -> list[tuple[datetime, str | None, str]]:
    stmt = select(CheckIn.at, CheckIn.direction, CheckIn.device).order_by(CheckIn.at)
    if person is not None:
        stmt = stmt.where(CheckIn.employee_id == person.id)
    return [tuple(r) for r in db.session.execute(stmt)]


def staged(batch) -> list[StagedCheckIn]:
    return list(db.session.scalars(select(StagedCheckIn).where(StagedCheckIn.batch_id == batch.id)
                                   .order_by(StagedCheckIn.row)))


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def machine(world):
    source = make_source(world.opd_a)
    enrol(source, "7", world.person_a)
    return source


def test_a_clean_file_is_staged_previewed_and_committed(world, machine):
    hr = world.users["hr"]
    batch = upload(machine, csv("7,2018-02-05 07:31:02,C/In,M1", "007,2018-02-05 16:02:00,C/Out,M1",
                                "7,2018-02-06 07:20:00,,M2"), hr)
    assert batch.error_count == 0 and batch.meta["state"] == "ready"
    assert batch.meta["counts"] | {} == {"rows": 3, "staged": 3, "duplicates": 0, "errors": 0, "unknown": 0,
                                         "people": 1, "existing": 0, "new": 3}
    assert [(s.row, s.at, s.direction, s.device) for s in staged(batch)] == [
        (2, utc(2018, 2, 5, 0, 31, 2), "in", "M1"), (3, utc(2018, 2, 5, 9, 2), "out", "M1"),
        (4, utc(2018, 2, 6, 0, 20), None, "M2")]
    assert stored() == []  # nothing is written before the commit
    rows, page = checkin_commit.staged_page(batch, 1)
    assert [(r[0].row, r[1].id, r[2]) for r in rows] == [(2, world.person_a.id, False), (3, world.person_a.id, False),
                                                         (4, world.person_a.id, False)]
    assert checkin_commit.start_commit(batch, hr) is None  # small: in the request
    assert batch.status == "committed" and batch.meta["inserted"] == 3
    assert stored(world.person_a) == [(utc(2018, 2, 5, 0, 31, 2), "in", "M1"), (utc(2018, 2, 5, 9, 2), "out", "M1"),
                                      (utc(2018, 2, 6, 0, 20), None, "M2")]
    assert staged(batch) == []
    check_in = db.session.scalar(select(CheckIn).limit(1))
    assert (check_in.source_id, check_in.batch_id, check_in.entered_by_id) == (machine.id, batch.id, None)
    # the affected month of the person is computed: their working days exist now (days off are not stored)
    assert db.session.scalar(select(func.count()).select_from(AttendanceDay).where(
        AttendanceDay.employee_id == world.person_a.id, AttendanceDay.day.between(date(2018, 2, 1),
                                                                                  date(2018, 2, 28)))) == 20


def test_mixed_bad_rows_are_listed_and_nothing_is_written(world, machine):
    hr = world.users["hr"]
    data = csv("7,2018-02-05 07:31:02,C/In,M1",
               "7,2018-02-30 07:00:00,C/In,M1",  # no such day
               "7,2018-02-06 25:00,C/In,M1",  # no such hour
               "7,2018-02-07,C/In,M1",  # no time
               "7,2018-02-08 07:00,Istirahat,M1",  # not an in/out value
               ",2018-02-09 07:00,C/In,M1",  # nobody
               "7,2990-01-01 07:00,C/In,M1",  # the machine's clock
               "7,1999-12-31 07:00,C/In,M1",
               "7,kemarin,0,M1")
    batch = upload(machine, data, hr)
    meta = batch.meta
    assert meta["counts"]["errors"] == 8 and meta["counts"]["staged"] == 1 and batch.error_count == 8
    assert [(row, column, code) for row, column, code, _value in meta["errors"]] == [
        (3, "Waktu", "date"), (4, "Waktu", "time"), (5, "Waktu", "no_time"), (6, "Status", "direction"),
        (7, "No", "no_person"), (8, "Waktu", "future"), (9, "Waktu", "year"), (10, "Waktu", "date")]
    assert meta["errors"][3][3] == "Istirahat"
    with pytest.raises(Refused):
        checkin_commit.start_commit(batch, hr)
    assert stored() == [] and batch.status == "preview"


def test_the_preview_page_lists_errors_unknown_numbers_and_rows(world, machine, client):
    hr = world.users["hr"]
    batch = upload(machine, csv("7,2018-02-05 07:31:02,C/In,M1", "8,2018-02-05 07:40:00,C/In,M1",
                                "8,2018-02-06 07:40:00,C/In,M1", "7,2018-02-30 07:00,C/In,M1"), hr)
    page = client.login_as(hr).get(f"/attendance/checkins/imports/{batch.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2018-02-30 07:00" in text and 'id="unknown-numbers"' in text and 'id="staged"' in text
    assert f'action="/attendance/checkins/imports/{batch.id}/commit"' not in text  # not while anything is wrong


def test_the_same_file_twice_changes_nothing_the_second_time(world, machine):
    hr = world.users["hr"]
    data = csv("7,2018-02-05 07:31:02,C/In,M1", "7,2018-02-05 16:02:00,C/Out,M1",
               "7,2018-02-05 16:02:00,C/Out,M1")  # repeated in the file: left out, counted
    first = upload(machine, data, hr)
    assert first.meta["counts"]["duplicates"] == 1 and first.meta["counts"]["staged"] == 2
    checkin_commit.start_commit(first, hr)
    before = stored()
    days = db.session.scalars(select(AttendanceDay.status).where(AttendanceDay.employee_id == world.person_a.id)
                              .order_by(AttendanceDay.day)).all()
    second = upload(machine, data, hr)
    assert (second.meta["counts"]["new"], second.meta["counts"]["existing"]) == (0, 2)
    rows, _page = checkin_commit.staged_page(second, 1)
    assert [r[2] for r in rows] == [True, True]  # "already stored"
    checkin_commit.start_commit(second, hr)
    assert second.meta["inserted"] == 0 and second.meta["recomputed"] == 0
    assert stored() == before and len(before) == 2
    assert db.session.scalars(select(AttendanceDay.status).where(AttendanceDay.employee_id == world.person_a.id)
                              .order_by(AttendanceDay.day)).all() == days


def test_unknown_user_numbers_are_listed_then_mapped_from_the_preview(world, machine, client):
    hr = world.users["hr"]
    colleague = make_employee(world.bidang_a, "Rina Lestari")
    rows = [f"{'0042' if n % 2 else '42'},2018-02-{n + 1:02d} 07:00,C/In,M1" for n in range(25)]
    batch = upload(machine, csv("7,2018-02-05 07:31:02,C/In,M1", *rows, "99,2018-02-05 08:00,C/In,M1"), hr)
    unknown = batch.meta["unknown"]
    assert [(u["number"], u["count"]) for u in unknown] == [("42", 25), ("99", 1)]  # 42 and 0042: one number
    assert unknown[0]["rows"] == list(range(3, 23)) and unknown[1]["rows"] == [28]
    assert batch.meta["counts"]["unknown"] == 26 and batch.error_count == 26
    client.login_as(hr)
    answer = client.post(f"/attendance/checkins/imports/{batch.id}/map",
                         data={"number": "42", "employee_id": str(colleague.id), "nip": ""})
    assert answer.status_code == 303
    answer = client.post(f"/attendance/checkins/imports/{batch.id}/map",
                         data={"number": "99", "employee_id": "", "nip": world.person_b.nip})
    assert answer.status_code == 422 and "NIP" in answer.get_data(as_text=True)  # person_b: another OPD
    answer = client.post(f"/attendance/checkins/imports/{batch.id}/map",
                         data={"number": "99", "employee_id": "", "nip": world.person_a.nip})
    assert answer.status_code == 303
    assert client.post(f"/attendance/checkins/imports/{batch.id}/recheck").status_code == 303
    db.session.expire_all()
    batch = db.session.get(ImportBatch, batch.id)
    assert batch.error_count == 0 and batch.meta["counts"]["staged"] == 27 and batch.meta["unknown"] == []
    assert client.post(f"/attendance/checkins/imports/{batch.id}/commit").status_code == 303
    assert len(stored(colleague)) == 25 and len(stored(world.person_a)) == 2


def test_a_file_keyed_by_nip(world):
    source = make_source(world.opd_a, person_key="nip", columns={"person": "NIP", "date": "Tanggal", "time": "Jam"},
                         in_values="", out_values="")
    nip = world.person_a.nip
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    data = csv(f"{nip},05/02/2018,07.31", f"{spaced},05/02/2018,16.00.05", f"{world.person_b.nip},05/02/2018,07:00",
               header="NIP,Tanggal,Jam")
    batch = upload(source, data, world.users["hr"])
    assert [s.at for s in staged(batch)] == [utc(2018, 2, 5, 0, 31), utc(2018, 2, 5, 9, 0, 5)]
    assert [u["number"] for u in batch.meta["unknown"]] == [world.person_b.nip]  # not in HR's OPD


@pytest.mark.parametrize(("zone", "written", "instant"), [
    ("", "2018-02-28 23:59:59", utc(2018, 2, 28, 16, 59, 59)),  # the agency's: WIB
    ("WIB", "2018-03-01 06:59:59", utc(2018, 2, 28, 23, 59, 59)),  # still February in UTC
    ("WIB", "2018-03-01 07:00:00", utc(2018, 3, 1, 0, 0, 0)),
    ("WITA", "2018-03-01 00:00:30", utc(2018, 2, 28, 16, 0, 30)),
    ("WITA", "2018-02-05 07:30:00", utc(2018, 2, 4, 23, 30)),  # before midnight UTC: the day before
    ("WIT", "2018-01-01 00:10:00", utc(2017, 12, 31, 15, 10)),  # a new year on the machine, the old one in UTC
    ("WIT", "2018-03-31 23:59:00", utc(2018, 3, 31, 14, 59)),
])
def test_wall_times_of_each_zone_are_stored_as_utc(world, machine, zone, written, instant):
    machine.timezone = zone
    batch = upload(machine, csv(f"7,{written},C/In,M1"), world.users["hr"])
    assert [s.at for s in staged(batch)] == [instant]
    local_month = [int(written[:4]), int(written[5:7])]
    assert local_month in batch.meta["months"]  # the machine's month is recomputed, and its neighbours
    checkin_commit.start_commit(batch, world.users["hr"])
    assert stored() == [(instant, "in", "M1")]


@pytest.mark.parametrize(("order", "written", "instant"), [
    ("", "05/02/2018 07:31", utc(2018, 2, 5, 0, 31)),
    ("", "05-02-2018 07.31.02", utc(2018, 2, 5, 0, 31, 2)),
    ("", "2018-02-05T07:31:02", utc(2018, 2, 5, 0, 31, 2)),
    ("", "2018/02/05 07:31:02", utc(2018, 2, 5, 0, 31, 2)),
    ("", "5/2/18 7:31 PM", utc(2018, 2, 5, 12, 31)),
    ("", "5/2/2018 12:05 AM", utc(2018, 2, 4, 17, 5)),
    ("", "43136.3125", utc(2018, 2, 5, 0, 30)),  # an Excel serial number
    ("mdy", "02/05/2018 07:31", utc(2018, 2, 5, 0, 31)),
    ("dmy", "05.02.2018 07:31:59", utc(2018, 2, 5, 0, 31, 59)),
])
def test_dates_as_machines_write_them(world, machine, order, written, instant):
    machine.date_format = order
    batch = upload(machine, csv(f'7,"{written}",C/In,M1'), world.users["hr"])
    assert batch.error_count == 0, batch.meta["errors"]
    assert [s.at for s in staged(batch)] == [instant]


def test_a_date_in_another_order_than_the_machines_is_an_error(world, machine):
    machine.date_format = "ymd"
    batch = upload(machine, csv("7,05/02/2018 07:31,C/In,M1"), world.users["hr"])
    assert [e[2] for e in batch.meta["errors"]] == ["date_order"]


def test_direction_spellings(world, machine):
    rows = [f"7,2018-02-05 {7 + n:02d}:00,{value},{device}" for n, (value, device) in
            enumerate((("C/In", "M1"), ("c/out", "M1"), ("0", "Lobi\\2"), ("1", ""), ("MASUK", '"A, B"'),
                       (" pulang ", "M1"), ("", "M1")))]
    batch = upload(machine, csv(*rows), world.users["hr"])
    assert batch.error_count == 0
    assert [s.direction for s in staged(batch)] == ["in", "out", "in", "out", "in", "out", None]
    assert [s.device for s in staged(batch)] == ["M1", "M1", "Lobi\\2", "", "A, B", "M1", "M1"]


def xlsx(rows, header=("No", "Waktu", "Status")) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_date_cells(world, machine):
    data = xlsx([(7, datetime(2018, 2, 5, 7, 31, 2), "C/In"), ("007", datetime(2018, 3, 1, 0, 0, 0), 1),
                 (7, "05/02/2018 16:00", "C/Out"), (7, 43136.5, 0)])
    machine.columns = {"person": "No", "datetime": "Waktu", "direction": "Status"}
    batch = upload(machine, data, world.users["hr"])
    assert batch.error_count == 0, batch.meta["errors"]
    assert [(s.at, s.direction) for s in staged(batch)] == [
        (utc(2018, 2, 5, 0, 31, 2), "in"), (utc(2018, 2, 28, 17, 0), "out"),  # a midnight cell keeps its time
        (utc(2018, 2, 5, 9, 0), "out"), (utc(2018, 2, 5, 5, 0), "in")]


def test_xlsx_with_a_date_column_and_a_time_column(world, machine):
    machine.columns = {"person": "No", "date": "Tanggal", "time": "Jam"}
    data = xlsx([(7, date(2018, 2, 5), time(7, 31, 2)), (7, datetime(2018, 2, 5), "16:05"),
                 (7, "06/02/2018", 0.3125)], header=("No", "Tanggal", "Jam"))
    batch = upload(machine, data, world.users["hr"])
    assert batch.error_count == 0, batch.meta["errors"]
    assert [s.at for s in staged(batch)] == [utc(2018, 2, 5, 0, 31, 2), utc(2018, 2, 5, 9, 5),
                                             utc(2018, 2, 6, 0, 30)]


def test_a_file_that_does_not_fit_the_mapping_is_refused_whole(world, machine):
    with pytest.raises(Refused) as refused:
        upload(machine, csv("7,2018-02-05 07:31,C/In", header="No,Tanggal,Status"), world.users["hr"])
    assert "Waktu" in str(refused.value.message) and refused.value.field == "file"
    with pytest.raises(Refused):
        upload(machine, b"\x89PNG\r\n\x1a\n....", world.users["hr"])


def test_staging_statements_do_not_grow_with_the_rows(world, machine, count_queries, monkeypatch):
    """The people are read once, the staged rows written in bulk: one INSERT per ``CHUNK`` rows on SQLite (COPY
    on PostgreSQL), whatever the number of rows."""
    hr = world.users["hr"]
    people = [make_employee(world.bidang_a, f"Pegawai {n}") for n in range(30)]
    for n, person in enumerate(people):
        enrol(machine, str(100 + n), person)
    few = csv(*(f"{100 + n % 30},2018-02-05 07:{n:02d}:00,C/In,M1" for n in range(10)))
    many = csv(*(f"{100 + n % 30},2018-02-{1 + n // 300:02d} {7 + n % 10:02d}:{n % 60:02d}:{n % 7:02d},C/In,M1"
                 for n in range(3000)))
    counted = []
    for data in (few, few, many):  # the first run reads the pemda's time zone (kept for the request)
        batch = ImportBatch(owner_id=hr.id, kind="checkins", filename="a.csv", rows=[],
                            meta={"source_id": machine.id})
        db.session.add(batch)
        db.session.flush()
        with count_queries() as counter:
            stage(batch, data, hr)
        counted.append(counter)
        assert batch.meta["counts"]["errors"] == 0
    assert counted[1].n == counted[2].n <= 6
    monkeypatch.setattr(checkin_import, "CHUNK", 1000)
    with count_queries() as counter:
        stage(batch, many, hr)
    inserts = [s for s in counter.statements if s.startswith("INSERT INTO staged_check_ins")]
    assert len(inserts) == (0 if db.engine.dialect.name == "postgresql" else 3)
    assert len(staged(batch)) == 3000


def test_a_large_file_is_staged_and_committed_by_jobs(app, world, machine, client):
    hr = world.users["hr"]
    app.config.update(CHECKIN_INLINE_BYTES=0, CHECKIN_INLINE_ROWS=0)
    try:
        client.login_as(hr)
        answer = client.post(f"/attendance/sources/{machine.id}/upload", content_type="multipart/form-data",
                             data={"file": (io.BytesIO(csv("7,2018-02-05 07:31:02,C/In,M1")), "besar.csv")})
        assert answer.status_code == 303
        batch = db.session.scalar(select(ImportBatch).where(ImportBatch.kind == "checkins"))
        assert answer.headers["Location"].endswith(f"/attendance/checkins/imports/{batch.id}")
        assert batch.meta["state"] == "ready" and batch.meta["job_id"]  # the job ran (immediate mode)
        assert client.get(answer.headers["Location"]).status_code == 200
        assert client.post(f"/attendance/checkins/imports/{batch.id}/commit").status_code == 303
        db.session.expire_all()
        assert db.session.get(ImportBatch, batch.id).status == "committed"
        assert stored() == [(utc(2018, 2, 5, 0, 31, 2), "in", "M1")]
    finally:
        app.config.pop("CHECKIN_INLINE_BYTES")
        app.config.pop("CHECKIN_INLINE_ROWS")


def test_discard_removes_the_staging(world, machine, client):
    hr = world.users["hr"]
    batch = upload(machine, csv("7,2018-02-05 07:31:02,C/In,M1"), hr)
    assert client.login_as(hr).post(f"/attendance/checkins/imports/{batch.id}/discard").status_code == 303
    db.session.expire_all()
    assert staged(batch) == [] and db.session.get(ImportBatch, batch.id).status == "discarded"
    assert client.post(f"/attendance/checkins/imports/{batch.id}/commit").status_code == 422  # refused, said
    assert stored() == []


def test_only_hr_over_the_machine_imports(world, machine, client):
    other = make_source(world.opd_b, name="Mesin B")
    data = {"file": (io.BytesIO(csv("7,2018-02-05 07:31:02,C/In,M1")), "a.csv")}
    client.login_as(world.users["operator"])
    assert client.get("/attendance/sources").status_code == 403
    assert client.get(f"/attendance/sources/{machine.id}/upload").status_code == 403
    client.login_as(world.users["hr"])
    assert client.get(f"/attendance/sources/{other.id}").status_code == 404
    assert client.post(f"/attendance/sources/{other.id}/upload", data=data,
                       content_type="multipart/form-data").status_code == 404
    listing = client.get("/attendance/sources").get_data(as_text=True)
    assert "Mesin Lobi" in listing and "Mesin B" not in listing


def test_forms_answer_their_errors_as_htmx_fragments(world, machine, client):
    """A refused form comes back as its own fragment (422) for htmx, with what was typed."""
    hx = {"HX-Request": "true"}
    client.login_as(world.users["hr"])
    answer = client.post("/attendance/sources/new", headers=hx, data={
        "name": "Mesin Baru", "unit_id": str(world.opd_a.id), "person_key": "machine", "person": "No",
        "datetime": "Waktu", "date": "Tanggal", "time": "", "date_format": "", "timezone": ""})
    assert answer.status_code == 422 and "Mesin Baru" in answer.get_data(as_text=True)
    answer = client.post(f"/attendance/sources/{machine.id}/edit", headers=hx, data={
        "name": "Mesin Lobi", "unit_id": str(world.opd_a.id), "person_key": "machine", "person": "No",
        "datetime": "Waktu", "direction": "Status", "in_values": "0", "out_values": "0", "date_format": "",
        "timezone": "WITA", "version": str(machine.version)})
    assert answer.status_code == 422 and "0" in answer.get_data(as_text=True)
    answer = client.post(f"/attendance/sources/{machine.id}/users", headers=hx,
                         data={"number": "7", "employee_id": str(world.person_a.id), "nip": ""})
    assert answer.status_code == 422 and 'id="users"' in answer.get_data(as_text=True)  # 7 is taken
    answer = client.post(f"/attendance/sources/{machine.id}/users", headers=hx,
                         data={"number": "8", "employee_id": str(world.person_a.id), "nip": world.person_a.nip})
    assert answer.status_code == 422  # both a person and a NIP
    answer = client.post(f"/attendance/sources/{machine.id}/upload", headers=hx, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(b"nip,nama\n"), "a.csv")})
    assert answer.status_code == 422 and 'id="upload-form"' in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MachineUser)) == 1


def test_a_machine_is_created_and_changed_through_its_form(world, client):
    client.login_as(world.users["hr"])
    answer = client.post("/attendance/sources/new", data={
        "name": "Mesin Satpel", "unit_id": str(world.bidang_a.id), "person_key": "nip", "person": "NIP",
        "datetime": "", "date": "Tanggal", "time": "Jam", "direction": "", "in_values": "", "out_values": "",
        "device": "", "date_format": "mdy", "timezone": "WIT"})
    assert answer.status_code == 303
    source = db.session.scalar(select(CheckInSource).where(CheckInSource.name == "Mesin Satpel"))
    assert (source.unit_id, source.person_key, source.columns, source.date_format, source.timezone) == (
        world.bidang_a.id, "nip", {"person": "NIP", "date": "Tanggal", "time": "Jam"}, "mdy", "WIT")
    assert client.get(f"/attendance/sources/{source.id}/edit").status_code == 200
    answer = client.post(f"/attendance/sources/{source.id}/edit", data={
        "name": "Mesin Satpel", "unit_id": str(world.opd_b.id), "person_key": "nip", "person": "NIP",
        "date": "Tanggal", "time": "Jam", "date_format": "", "timezone": "", "version": str(source.version)})
    assert answer.status_code == 404  # another OPD's unit


def test_a_colleague_without_check_ins_is_absent_once_the_unit_has_some(world, machine):
    """The import recomputes the whole unit of whoever got a new check-in: a colleague who never checked in is
    TK on the working days, not a blank."""
    colleague = make_employee(world.person_a.unit, "Rudi Hartono")
    batch = upload(machine, csv("7,2018-02-05 07:20:00,C/In,M1", "7,2018-02-05 16:05:00,C/Out,M1"),
                   world.users["hr"])
    checkin_commit.start_commit(batch, world.users["hr"])
    assert db.session.get(AttendanceDay, (world.person_a.id, date(2018, 2, 5))).status == "present"
    assert db.session.get(AttendanceDay, (colleague.id, date(2018, 2, 5))).status == "absent"
