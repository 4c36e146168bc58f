"""Units' schedules: the one in force (own, inherited, default), shifts with their refusals and versions, a
shift across midnight said on the page, the roster (recomputed at once) and roll calls (one, a series), and
who may change them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from app.attendance import compute, schedules
from app.attendance.calendar import DEFAULT_HOURS
from app.attendance.models import AttendanceDay, CheckIn, Holiday, RollCall, Shift, ShiftAssignment, WorkSchedule
from app.core.errors import Conflict, Refused
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.jobs.models import Job
from tests.factories import make_employee


def _own(unit, admin, days=None):
    schedule = schedules.create_own(unit, admin).record
    if days:
        schedules.set_days(schedule, days, None, admin)
    return schedule


def _shift(**kw) -> dict:
    return {"code": "malam", "name": "Malam", "starts": time(23), "ends": time(7), "friday_ends": None,
            "is_default": False, **kw}


# -- the schedule in force ----------------------------------------------------------------------------------------

def test_without_any_schedule_the_default_holds(world):
    current = schedules.in_force(world.seksi_a)
    assert current.schedule is None and not current.own and not current.inherited
    assert current.days_per_week == 5 and current.shifts == [DEFAULT_HOURS] and current.roster_shifts == []


def test_a_unit_inherits_the_nearest_schedule_above_it(world):
    admin = world.users["admin"]
    opd = _own(world.opd_a, admin, days=6)
    assert schedules.in_force(world.seksi_a).schedule is opd and schedules.in_force(world.seksi_a).inherited
    bidang = _own(world.bidang_a, admin)
    current = schedules.in_force(world.seksi_a)
    assert current.schedule is bidang and current.days_per_week == 6  # the copy kept the 6-day week
    assert schedules.in_force(world.bidang_a).own
    schedules.remove_own(bidang, bidang.version, admin)
    assert schedules.in_force(world.seksi_a).schedule is opd


def test_an_own_schedule_starts_as_a_copy_of_the_default(world):
    schedule = _own(world.bidang_a, world.users["admin"])
    [shift] = schedule.shifts
    assert (shift.code, shift.starts, shift.ends, shift.friday_ends, shift.is_default) == (
        "reguler", time(7, 30), time(16), time(16, 30), True)
    with pytest.raises(Refused):
        schedules.create_own(world.bidang_a, world.users["admin"])


def test_a_week_has_five_or_six_days_and_a_stale_form_conflicts(world):
    admin = world.users["admin"]
    schedule = _own(world.bidang_a, admin)
    with pytest.raises(Refused) as refused:
        schedules.set_days(schedule, 7, schedule.version, admin)
    assert refused.value.field == "days_per_week"
    schedules.set_days(schedule, 6, schedule.version, admin)
    with pytest.raises(Conflict):
        schedules.set_days(schedule, 5, schedule.version - 1, admin)
    assert schedule.days_per_week == 6


# -- shifts ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("values, field, words", [
    ({"code": ""}, "code", "kode singkat"),
    ({"code": "reguler"}, "code", "sudah memiliki sif dengan kode reguler"),
    ({"code": "x" * 21}, "code", "lebih dari 20"),
    ({"name": " "}, "name", "nama sif"),
    ({"starts": None}, "starts", "jam mulai"),
    ({"ends": None}, "ends", "jam selesai"),
    ({"ends": time(23)}, "ends", "jam yang sama"),
    ({"friday_ends": time(23)}, "friday_ends", "jam yang sama"),
    ({"friday_ends": time(23, 30)}, "friday_ends", "hari yang sama"),  # ends the same day on Friday only
])
def test_a_shift_is_refused_with_the_field_and_the_reason(world, values, field, words):
    schedule = _own(world.bidang_a, world.users["admin"])
    with pytest.raises(Refused) as refused:
        schedules.add_shift(schedule, _shift(**values), world.users["admin"])
    assert refused.value.field == field and words in str(refused.value.message)


def test_one_default_shift_at_a_time(world):
    admin = world.users["admin"]
    schedule = _own(world.bidang_a, admin)
    regular = schedule.shifts[0]
    night = schedules.add_shift(schedule, _shift(), admin).record
    with pytest.raises(Refused) as refused:
        schedules.update_shift(regular, _shift(code="reguler", is_default=False), None, admin)
    assert refused.value.field == "is_default"
    schedules.update_shift(night, _shift(is_default=True), night.version, admin)
    assert (night.is_default, regular.is_default) == (True, False)
    assert schedules.in_force(world.seksi_a).roster_shifts == [regular]
    with pytest.raises(Refused):
        schedules.delete_shift(night, night.version, admin)  # the default stays
    with pytest.raises(Conflict):
        schedules.update_shift(night, _shift(name="Lagi", is_default=True), night.version - 1, admin)


def test_a_shift_on_the_roster_is_not_removed(world):
    admin = world.users["admin"]
    schedule = _own(world.bidang_a, admin)
    night = schedules.add_shift(schedule, _shift(), admin).record
    schedules.add_roster(world.bidang_a, world.person_a, night, date(2018, 2, 1), date(2018, 2, 28))
    with pytest.raises(Refused) as refused:
        schedules.delete_shift(night, night.version, admin)
    assert "1 entri daftar sif" in str(refused.value.message)
    with pytest.raises(Refused):
        schedules.remove_own(schedule, schedule.version, admin)


def test_a_shift_across_midnight_is_said_on_the_page(world, client):
    admin = world.users["admin"]
    schedule = _own(world.bidang_a, admin)
    night = schedules.add_shift(schedule, _shift(), admin).record
    assert schedules.crosses_midnight(night.starts, night.ends)
    assert not schedules.crosses_midnight(time(7), time(15))
    client.login_as(world.users["operator"])
    text = client.get(f"/attendance/units/{world.seksi_a.id}/schedule").get_data(as_text=True)
    assert "23.00–07.00" in text and "melewati tengah malam" in text
    assert "Bidang Rehabilitasi Sosial, unit di atasnya" in text  # inherited, and from where
    client.login_as(admin)
    text = client.get(f"/attendance/shifts/{night.id}").get_data(as_text=True)
    assert "melewati tengah malam" in text


# -- the roster ----------------------------------------------------------------------------------------------------

def test_the_roster_refuses_what_cannot_be(world):
    admin = world.users["admin"]
    schedule = _own(world.bidang_a, admin)
    night = schedules.add_shift(schedule, _shift(), admin).record
    regular = schedule.shifts[0]
    cases = [
        ((world.person_b, night, date(2018, 2, 1), None), "employee_id"),  # another OPD
        ((world.person_a, regular, date(2018, 2, 1), None), "shift_id"),  # the default needs no roster
        ((world.person_a, night, None, None), "starts_on"),
        ((world.person_a, night, date(2018, 2, 10), date(2018, 2, 1)), "ends_on"),
    ]
    for args, field in cases:
        with pytest.raises(Refused) as refused:
            schedules.add_roster(world.bidang_a, *args)
        assert refused.value.field == field
    schedules.add_roster(world.bidang_a, world.person_a, night, date(2018, 2, 1), None)
    with pytest.raises(Refused) as refused:
        schedules.add_roster(world.bidang_a, world.person_a, night, date(2018, 3, 1), date(2018, 3, 5))
    assert "sudah berada di sif Malam" in str(refused.value.message)


def test_a_roster_entry_recomputes_that_person_at_once(world, monkeypatch):
    admin = world.users["admin"]
    night = schedules.add_shift(_own(world.bidang_a, admin), _shift(), admin).record
    person = world.person_a.id
    for month in (1, 3, 5):  # statuses in January, March and May
        db.session.add(AttendanceMonth(employee_id=person, year=2018, month=month, source="derived"))
    db.session.flush()
    calls = []
    monkeypatch.setattr(compute, "recompute_for", lambda *args: calls.append(args))
    entry = schedules.add_roster(world.bidang_a, world.person_a, night, date(2018, 2, 5), date(2018, 3, 9))
    schedules.remove_roster(entry, entry.version)
    assert calls == [(person, date(2018, 3, 1), date(2018, 3, 1))] * 2  # the month of the period with statuses
    calls.clear()
    schedules.add_roster(world.bidang_a, world.person_a, night, date(2018, 2, 5), None)  # open: up to today
    assert calls == [(person, date(2018, 3, 1), date(2018, 3, 1)), (person, date(2018, 5, 1), date(2018, 5, 1))]


def test_a_night_shift_on_the_roster_changes_the_day(world):
    """Checked in at 22.55 and out at 07.05 the next morning: absent on a regular day, present on the night
    shift once the roster puts the person on it."""
    admin = world.users["admin"]
    night = schedules.add_shift(_own(world.bidang_a, admin), _shift(), admin).record
    person = make_employee(world.bidang_a, "Satpam Malam")
    db.session.add_all([CheckIn(employee=person, at=datetime(2018, 2, 5, 15, 55, tzinfo=UTC), direction="in"),
                        CheckIn(employee=person, at=datetime(2018, 2, 6, 0, 5, tzinfo=UTC), direction="out")])
    db.session.flush()
    compute.recompute(2018, 2)

    def status():
        return db.session.scalar(select(AttendanceDay.status).where(AttendanceDay.employee_id == person.id,
                                                                    AttendanceDay.day == date(2018, 2, 5)))

    before = status()
    schedules.add_roster(world.bidang_a, person, night, date(2018, 2, 5), date(2018, 2, 5))
    assert before != "present" and status() == "present"


# -- roll calls ------------------------------------------------------------------------------------------------

def test_roll_calls_one_and_a_series(world):
    admin = world.users["admin"]
    data = {"at": time(7, 30), "kind": "apel", "name": "Apel pagi"}
    schedules.add_roll_call(world.bidang_a, {**data, "day": date(2018, 2, 1)}, admin)
    with pytest.raises(Refused) as refused:
        schedules.add_roll_call(world.bidang_a, {**data, "day": date(2018, 2, 1)}, admin)
    assert refused.value.field == "day"
    db.session.add(Holiday(day=date(2018, 2, 19), kind="regional", name="Libur daerah"))
    db.session.flush()
    change = schedules.add_series(world.bidang_a, 2018, 2, 0, data, admin)  # Mondays: 5, 12, (19 off), 26
    days = sorted(db.session.scalars(select(RollCall.day).where(RollCall.unit_id == world.bidang_a.id)))
    assert change.count == 3 and [d.day for d in days] == [1, 5, 12, 26]
    with pytest.raises(Refused):
        schedules.add_series(world.bidang_a, 2018, 2, 0, data, admin)  # nothing left to add
    with pytest.raises(Refused) as refused:
        schedules.add_series(world.bidang_a, 2018, 2, 7, data, admin)
    assert refused.value.field == "weekday"
    # the OPD's roll call shows on the bidang's list too
    schedules.add_roll_call(world.opd_a, {**data, "day": date(2018, 2, 2), "kind": "upacara"}, admin)
    listed = schedules.roll_calls_of(world.seksi_a, 2018, 2)
    assert [r.day.day for r in listed] == [1, 2, 5, 12, 26]
    first = listed[0]
    with pytest.raises(Conflict):
        schedules.delete_roll_call(first, first.version - 1, admin)
    schedules.delete_roll_call(first, first.version, admin)
    assert len(schedules.roll_calls_of(world.seksi_a, 2018, 2)) == 4


def test_a_roll_call_change_recomputes_the_subtree_month_as_a_job(world):
    admin = world.users["admin"]
    db.session.add(CheckIn(employee=world.person_a, at=datetime(2018, 2, 1, 0, 20, tzinfo=UTC), direction="in"))
    db.session.flush()
    change = schedules.add_roll_call(world.bidang_a, {"day": date(2018, 2, 1), "at": time(7), "kind": "apel"},
                                     admin)
    [job] = change.jobs
    assert job.params == {"year": 2018, "month": 2, "unit_id": world.bidang_a.id}


# -- pages and access ----------------------------------------------------------------------------------------------

def test_hr_changes_schedules_in_its_units_and_the_operator_reads(world, client):
    unit = world.bidang_a
    client.login_as(world.users["operator"])
    page = client.get(f"/attendance/units/{unit.id}/schedule?year=2018&month=2")
    assert page.status_code == 200 and "Buat jadwal sendiri" not in page.get_data(as_text=True)
    assert client.post(f"/attendance/units/{unit.id}/schedule/own", data={}).status_code == 403
    client.login_as(world.outsider)  # HR of the other OPD
    assert client.get(f"/attendance/units/{unit.id}/schedule").status_code == 404
    assert client.post(f"/attendance/units/{unit.id}/schedule/own", data={}).status_code == 404
    client.login_as(world.users["hr"])
    assert "Buat jadwal sendiri" in client.get(f"/attendance/units/{unit.id}/schedule").get_data(as_text=True)
    assert client.post(f"/attendance/units/{unit.id}/schedule/own", data={}).status_code == 303
    schedule = db.session.scalar(select(WorkSchedule).where(WorkSchedule.unit_id == unit.id))
    response = client.post(f"/attendance/schedules/{schedule.id}/shifts", data={
        "code": "malam", "name": "Malam", "starts": "23:00", "ends": "07:00", "friday_ends": ""})
    assert response.status_code == 303
    night = db.session.scalar(select(Shift).where(Shift.code == "malam"))
    bad = client.post(f"/attendance/schedules/{schedule.id}/shifts", data={
        "code": "pagi", "name": "Pagi", "starts": "07:00", "ends": "07:00"})
    assert bad.status_code == 422 and "jam yang sama" in bad.get_data(as_text=True)
    stale = client.post(f"/attendance/shifts/{night.id}", data={
        "code": "malam", "name": "Malam baru", "starts": "22:00", "ends": "06:00", "version": night.version - 1})
    assert stale.status_code == 409 and "Malam baru" in stale.get_data(as_text=True)
    fragment = client.post(f"/attendance/shifts/{night.id}", headers={"HX-Request": "true"}, data={
        "code": "malam", "name": "Malam", "starts": "22:00", "ends": "22:00", "version": night.version})
    assert fragment.status_code == 422 and "jam yang sama" in fragment.get_data(as_text=True)
    roster = client.post(f"/attendance/units/{unit.id}/roster", data={
        "employee_id": world.person_a.id, "shift_id": night.id, "starts_on": "2018-02-01", "ends_on": ""})
    assert roster.status_code == 303
    entry = db.session.scalar(select(ShiftAssignment))
    other = client.post(f"/attendance/units/{unit.id}/roster", data={
        "employee_id": world.person_b.id, "shift_id": night.id, "starts_on": "2018-02-01"})
    assert other.status_code == 404  # someone of another OPD: the gate refuses the id
    gone = client.post(f"/attendance/roster/{entry.id}/delete", data={"version": entry.version, "unit": unit.id})
    assert gone.status_code == 303 and f"/attendance/units/{unit.id}/schedule" in gone.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(ShiftAssignment)) == 0
    series = client.post(f"/attendance/units/{unit.id}/roll-calls/series", data={
        "weekday": "0", "at": "07:30", "kind": "apel", "name": "", "year": "2018", "month": "2"})
    assert series.status_code == 303 and "month=2" in series.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(RollCall)) == 4
    text = client.get(series.headers["Location"]).get_data(as_text=True)
    assert "4 apel ditambahkan" in text or "Senin" in text


def test_the_schedule_page_reads_in_a_few_queries(world, client, count_queries):
    admin = world.users["admin"]
    schedule = _own(world.bidang_a, admin)
    night = schedules.add_shift(schedule, _shift(), admin).record
    client.login_as(world.users["hr"])
    url = f"/attendance/units/{world.seksi_a.id}/schedule?year=2018&month=2"
    client.get(url)
    with count_queries() as few:
        client.get(url)
    for n in range(5):
        person = make_employee(world.seksi_a, f"Petugas {n}")
        schedules.add_roster(world.seksi_a, person, night, date(2018, 2, 1), date(2018, 2, 28))
        schedules.add_roll_call(world.seksi_a, {"day": date(2018, 2, n + 1), "at": time(7), "kind": "apel"}, admin)
    with count_queries() as many:
        client.get(url)
    assert many.n <= few.n + 3, "\n".join(s[:150] for s in many.statements)  # not a query per row
    assert db.session.scalar(select(func.count()).select_from(Job)) == 0  # no attendance that month
