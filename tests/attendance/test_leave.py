"""Leave: HR records, corrects (versioned) and cancels a person's leave; the rules between the dates; the days
it covers recomputed; who sees and who records it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import select

from app.attendance import compute
from app.attendance import leave as services
from app.attendance.models import AttendanceDay, CheckIn, Leave
from app.audit.models import AuditLog
from app.core.clock import agency_timezone
from app.core.errors import Conflict, Refused
from app.extensions import db
from tests.factories import make_employee, make_user

MONDAY = date(2018, 2, 5)


def punch(person, day: date, hh: int, mm: int, direction: str) -> CheckIn:
    at = datetime.combine(day, time(hh, mm), agency_timezone()).astimezone(UTC)
    check_in = CheckIn(employee_id=person.id, at=at, direction=direction)
    db.session.add(check_in)
    return check_in


def recording(person) -> None:
    """The person's unit records attendance in February 2018: one full day on Monday 5 February."""
    punch(person, MONDAY, 7, 20, "in")
    punch(person, MONDAY, 16, 5, "out")
    db.session.flush()


def statuses(person, first: date, last: date) -> dict[date, str]:
    return dict(db.session.execute(select(AttendanceDay.day, AttendanceDay.status).where(
        AttendanceDay.employee_id == person.id, AttendanceDay.day.between(first, last))).all())


def data(**kw) -> dict:
    values = {"kind": "annual", "starts_on": date(2018, 2, 12), "ends_on": date(2018, 2, 14),
              "decision_number": "851/-1.853/2018", "decision_date": date(2018, 2, 1), "note": ""}
    values.update(kw)
    return values


def form(**kw) -> dict:
    return {k: ("" if v is None else v.isoformat() if isinstance(v, date) else v) for k, v in data(**kw).items()}


# -- the rules -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "field"), [
    ({"kind": "holiday"}, "kind"),
    ({"ends_on": date(2018, 2, 11)}, "ends_on"),  # before the first day
    ({"ends_on": date(2019, 2, 12)}, "ends_on"),  # a year and a day
    ({"kind": "sick", "ends_on": date(2019, 2, 12)}, "ends_on"),
    ({"kind": "unpaid", "starts_on": date(2018, 1, 1), "ends_on": date(2022, 1, 1)}, "ends_on"),  # four years and a day
])
def test_refused_values_name_their_field(world, values, field):
    with pytest.raises(Refused) as refused:
        services.record(world.person_a, data(**values))
    assert refused.value.field == field
    assert db.session.scalar(select(Leave)) is None


def test_a_year_at_most_except_long_leave_and_cltn(world):
    assert services.record(world.person_a, data(ends_on=date(2019, 2, 11)))  # exactly a year
    other = make_employee(world.bidang_a, "Dewi Lestari", sex="P")
    assert services.record(other, data(kind="unpaid", ends_on=date(2021, 2, 11)))  # CLTN, three years
    assert services.record(world.person_b, data(kind="long", ends_on=date(2020, 2, 11)))


def test_a_leave_cannot_overlap_another_of_the_same_person(world):
    services.record(world.person_a, data())
    with pytest.raises(Refused) as refused:
        services.record(world.person_a, data(kind="sick", starts_on=date(2018, 2, 14), ends_on=date(2018, 2, 20),
                                             decision_number="X"))
    assert "851/-1.853/2018" in str(refused.value.message) and refused.value.field == "starts_on"
    services.record(world.person_a, data(starts_on=date(2018, 2, 15), ends_on=date(2018, 2, 15)))  # the next day
    services.record(world.person_b, data())  # someone else: no matter


def test_correcting_is_versioned_and_may_keep_its_own_days(world):
    leave = services.record(world.person_a, data())
    services.update(leave, data(ends_on=date(2018, 2, 16), note="diperpanjang"), leave.version)
    assert (leave.ends_on, leave.note, leave.version) == (date(2018, 2, 16), "diperpanjang", 2)
    with pytest.raises(Conflict):
        services.update(leave, data(), 1)
    with pytest.raises(Conflict):
        services.cancel(leave, 1)


# -- the days --------------------------------------------------------------------------------------------------------

def test_leave_turns_absent_days_into_leave_and_cancelling_turns_them_back(world):
    person = world.person_a
    recording(person)
    compute.recompute(2018, 2, employee_ids=[person.id])
    week = (date(2018, 2, 12), date(2018, 2, 18))
    assert set(statuses(person, *week).values()) == {"absent"}  # the weekend is not stored
    leave = services.record(person, data(ends_on=date(2018, 2, 18)))  # Monday to Sunday
    days = statuses(person, *week)
    assert [days.get(date(2018, 2, d)) for d in range(12, 19)] == ["leave_annual"] * 5 + [None] * 2
    services.update(leave, data(kind="sick", ends_on=date(2018, 2, 13)), leave.version)
    days = statuses(person, *week)
    assert (days[date(2018, 2, 13)], days[date(2018, 2, 14)]) == ("leave_sick", "absent")
    services.cancel(leave, leave.version)
    assert statuses(person, *week)[date(2018, 2, 12)] == "absent"


def test_moving_a_leave_to_another_month_recomputes_both(world):
    person = world.person_a
    recording(person)
    punch(person, date(2018, 4, 2), 7, 25, "in")
    db.session.flush()
    leave = services.record(person, data())
    services.update(leave, data(starts_on=date(2018, 4, 3), ends_on=date(2018, 4, 3)), leave.version)
    assert statuses(person, date(2018, 2, 12), date(2018, 2, 12)) == {date(2018, 2, 12): "absent"}
    assert statuses(person, date(2018, 4, 3), date(2018, 4, 3)) == {date(2018, 4, 3): "leave_annual"}


# -- the screens ------------------------------------------------------------------------------------------------------

def test_hr_records_corrects_and_cancels_leave(client, world):
    person = world.person_a
    client.login_as(world.users["hr"])
    page = client.get(f"/attendance/people/{person.id}/leave").get_data(as_text=True)
    assert "Belum ada cuti" in page and 'action="/attendance/people/' in page and "Cuti tahunan" in page
    response = client.post(f"/attendance/people/{person.id}/leave/new", data=form())
    assert response.status_code in (302, 303)
    leave = db.session.scalar(select(Leave))
    assert (leave.kind, leave.decision_number) == ("annual", "851/-1.853/2018")
    page = client.get(f"/attendance/people/{person.id}/leave").get_data(as_text=True)
    assert "12 Februari 2018" in page and "851/-1.853/2018" in page

    edit = f"/attendance/leave/{leave.id}/edit"
    assert "Batalkan cuti" in client.get(edit).get_data(as_text=True)
    response = client.post(edit, data={**form(kind="important"), "version": leave.version + 1})
    assert response.status_code == 409 and "Cuti karena alasan penting" in response.get_data(as_text=True)
    db.session.refresh(leave)
    assert leave.kind == "annual"
    assert client.post(edit, data={**form(kind="important"), "version": leave.version}).status_code in (302, 303)
    db.session.refresh(leave)
    assert leave.kind == "important"

    response = client.post(f"/attendance/leave/{leave.id}/cancel", data={"version": leave.version})
    assert response.status_code in (302, 303)
    assert db.session.scalar(select(Leave)) is None
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.entity == "leaves")
                                 .order_by(AuditLog.id)).all()
    assert actions == ["create", "update", "delete"]


def test_bad_input_is_answered_in_indonesian_and_nothing_is_saved(client, world):
    person = world.person_a
    client.login_as(world.users["hr"])
    url = f"/attendance/people/{person.id}/leave/new"
    response = client.post(url, data=form(ends_on=date(2018, 2, 1)))
    assert response.status_code == 422
    assert "Hari terakhir tidak boleh sebelum hari pertama" in response.get_data(as_text=True)
    response = client.post(url, data=form(ends_on=date(2019, 3, 1)))
    assert response.status_code == 422 and "paling lama satu tahun" in response.get_data(as_text=True)
    client.post(url, data=form())
    response = client.post(url, data=form(starts_on=date(2018, 2, 14), ends_on=date(2018, 2, 15)))
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "sudah cuti" in page and "851/-1.853/2018" in page
    assert response.headers.get("HX-Redirect") is None
    htmx = client.post(url, data=form(kind=""), headers={"HX-Request": "true"})
    assert htmx.status_code == 422 and htmx.get_data(as_text=True).lstrip().startswith("<form")
    assert len(db.session.scalars(select(Leave)).all()) == 1


def test_who_sees_and_who_records_leave(client, world):
    person, other = world.person_a, world.person_b
    services.record(person, data())
    url = f"/attendance/people/{person.id}/leave"
    client.login_as(world.users["employee"])  # the person themself: reads, without the form
    page = client.get(url).get_data(as_text=True)
    assert "851/-1.853/2018" in page and "leave/new" not in page
    assert client.post(f"{url}/new", data=form(starts_on=date(2018, 3, 1), ends_on=date(2018, 3, 1))).status_code == 403
    colleague = make_user("rekan", [("employee", world.bidang_a)],
                          employee=make_employee(world.bidang_a, "Rekan Kerja"))
    client.login_as(colleague)
    assert client.get(url).status_code == 403
    client.login_as(world.users["operator"])  # reads the unit's leave, records none
    assert client.get(url).status_code == 200
    assert client.post(f"{url}/new", data=form()).status_code == 403
    client.login_as(world.users["hr"])
    assert client.get(f"/attendance/people/{other.id}/leave").status_code == 404  # another OPD


def test_a_units_leave_in_a_month(client, world, count_queries):
    for n in range(6):
        person = make_employee(world.seksi_a if n % 2 else world.bidang_a, f"Pegawai {n}")
        services.record(person, data(starts_on=date(2018, 1, 29 + n) if n < 3 else date(2018, 2, n),
                                     ends_on=date(2018, 2, 2 + n), decision_number=f"SK-{n}"))
    services.record(world.person_b, data(decision_number="SK-B"))  # another OPD
    services.record(world.person_a, data(starts_on=date(2018, 3, 1), ends_on=date(2018, 3, 2), decision_number="SK-M"))
    client.login_as(world.users["hr"])
    url = f"/attendance/units/{world.opd_a.id}/leave?year=2018&month=2"
    client.get(url)
    with count_queries() as counted:
        page = client.get(url).get_data(as_text=True)
    assert all(f"SK-{n}" in page for n in range(6)) and "SK-B" not in page and "SK-M" not in page
    assert "Februari 2018" in page and "Seksi Rehabilitasi Anak" in page
    seksi = client.get(f"/attendance/units/{world.seksi_a.id}/leave?year=2018&month=2").get_data(as_text=True)
    assert "SK-1" in seksi and "SK-0" not in seksi
    services.record(make_employee(world.bidang_a, "Tambahan"), data(decision_number="SK-9"))
    with count_queries() as more:
        client.get(url)
    assert more.n == counted.n  # the same statements whatever the number of rows
