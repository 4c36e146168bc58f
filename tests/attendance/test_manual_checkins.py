"""Check-ins entered by hand (app/attendance/checkins.py, the person's check-ins page): who entered it and why,
audited, removable (an imported one is not), the person's days recomputed; access per role."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from app.attendance.models import AttendanceDay, CheckIn, CheckInSource
from app.audit.models import AuditLog
from app.extensions import db

MONDAY = date(2018, 2, 5)


def page(employee, year=2018, month=2) -> str:
    return f"/attendance/people/{employee.id}/checkins?year={year}&month={month}"


def enter(client, employee, day="2018-02-05", at="07:25", direction="in", note="Mesin rusak"):
    return client.post(f"/attendance/people/{employee.id}/checkins",
                       data={"day": day, "at": at, "direction": direction, "note": note})


def check_ins(employee) -> list[CheckIn]:
    return list(db.session.scalars(select(CheckIn).where(CheckIn.employee_id == employee.id).order_by(CheckIn.at)))


def day_status(employee, day: date) -> str | None:
    return db.session.scalar(select(AttendanceDay.status).where(AttendanceDay.employee_id == employee.id,
                                                                AttendanceDay.day == day))


def audit(action: str) -> list[AuditLog]:
    return list(db.session.scalars(select(AuditLog).where(AuditLog.entity == "check_ins", AuditLog.action == action)))


def test_an_operator_enters_a_check_in_by_hand(world, client):
    operator, person = world.users["operator"], world.person_a
    client.login_as(operator)
    answer = enter(client, person)
    assert answer.status_code == 303 and answer.headers["Location"].endswith(page(person))
    db.session.expire_all()
    [check_in] = check_ins(person)
    assert check_in.at == datetime(2018, 2, 5, 0, 25, tzinfo=UTC)  # 07:25 WIB
    assert (check_in.direction, check_in.entered_by_id, check_in.note, check_in.source_id) == (
        "in", operator.id, "Mesin rusak", None)
    assert [a.entity_id for a in audit("create")] == [check_in.id]
    assert day_status(person, MONDAY) == "no_out"  # the month was recomputed: an arrival, no departure
    assert enter(client, person, at="16:05", direction="out", note="Mesin rusak").status_code == 303
    db.session.expire_all()
    assert day_status(person, MONDAY) == "present"
    text = client.get(page(person)).get_data(as_text=True)
    assert "Mesin rusak" in text and "07.25.00" in text and 'id="checkin-form"' in text


def test_the_reason_is_required_and_nothing_is_written_on_a_refusal(world, client):
    client.login_as(world.users["hr"])
    person = world.person_a
    assert enter(client, person, note="  ").status_code == 422
    assert enter(client, person, day="2990-01-01").status_code == 422  # has not happened
    assert enter(client, person, day="9999-12-31").status_code == 422
    assert enter(client, person, day="0001-01-01").status_code == 422
    assert enter(client, person, at="25:00").status_code == 422
    assert enter(client, person, direction="maybe").status_code == 422
    assert enter(client, person).status_code == 303
    twice = enter(client, person, note="lagi")
    assert twice.status_code == 422 and "already has a check-in" in twice.get_data(as_text=True) or \
        "sudah" in twice.get_data(as_text=True)
    db.session.expire_all()
    assert len(check_ins(person)) == 1


def test_a_check_in_after_midnight_belongs_to_the_agencys_day(world, client):
    """00:30 WIB on 1 March is 17:30 UTC on 28 February: listed in March, and a day of March (February has no
    check-in of the unit on its own clock, so no statuses)."""
    client.login_as(world.users["hr"])
    person = world.person_a
    assert enter(client, person, day="2018-03-01", at="00:30").status_code == 303
    db.session.expire_all()
    assert [c.at for c in check_ins(person)] == [datetime(2018, 2, 28, 17, 30, tzinfo=UTC)]
    assert "00.30.00" in client.get(page(person, 2018, 3)).get_data(as_text=True)
    assert "00.30.00" not in client.get(page(person, 2018, 2)).get_data(as_text=True)
    assert day_status(person, date(2018, 3, 1)) is not None and day_status(person, date(2018, 2, 28)) is None


def test_removing_a_check_in_entered_by_hand(world, client):
    client.login_as(world.users["operator"])
    person = world.person_a
    enter(client, person)
    db.session.expire_all()
    [check_in] = check_ins(person)
    assert client.post(f"/attendance/checkins/{check_in.id}/remove").status_code == 303
    db.session.expire_all()
    assert check_ins(person) == [] and [a.entity_id for a in audit("delete")] == [check_in.id]
    assert day_status(person, MONDAY) is None  # nobody in the unit has a check-in now: no statuses


def test_an_imported_check_in_cannot_be_removed(world, client):
    source = CheckInSource(name="Mesin", unit=world.opd_a, columns={"person": "No", "datetime": "Waktu"})
    db.session.add(source)
    db.session.flush()
    imported = CheckIn(employee_id=world.person_a.id, at=datetime(2018, 2, 5, 0, 31, tzinfo=UTC), direction="in",
                       device="M1", source_id=source.id)
    db.session.add(imported)
    db.session.flush()
    client.login_as(world.users["hr"])
    text = client.get(page(world.person_a)).get_data(as_text=True)
    assert "Mesin" in text and f"/attendance/checkins/{imported.id}/remove" not in text
    assert client.post(f"/attendance/checkins/{imported.id}/remove").status_code == 303  # refused, with the reason
    db.session.expire_all()
    assert len(check_ins(world.person_a)) == 1


def test_a_person_reads_their_own_check_ins_only(world, client):
    employee = world.users["employee"]  # person_a's account
    hr = world.users["hr"]
    client.login_as(hr)
    enter(client, world.person_a)
    client.login_as(employee)
    own = client.get(page(world.person_a))
    assert own.status_code == 200
    text = own.get_data(as_text=True)
    assert "Mesin rusak" in text and 'id="checkin-form"' not in text and "/remove" not in text
    assert enter(client, world.person_a).status_code == 403
    db.session.expire_all()
    [check_in] = check_ins(world.person_a)
    assert client.post(f"/attendance/checkins/{check_in.id}/remove").status_code == 403
    assert client.get(page(world.person_b)).status_code == 404  # another OPD's


def test_an_operator_reaches_their_unit_only_and_a_leader_only_reads(world, client):
    client.login_as(world.users["operator"])
    assert client.get(page(world.person_b)).status_code == 404
    assert enter(client, world.person_b).status_code == 404
    client.login_as(world.users["leader"])
    text = client.get(page(world.person_a)).get_data(as_text=True)
    assert 'id="checkin-form"' not in text
    assert enter(client, world.person_a).status_code == 403
    client.login_as(world.outsider)  # HR of OPD B
    assert client.get(page(world.person_a)).status_code == 404


def test_a_refused_entry_comes_back_as_the_form_for_htmx(world, client):
    client.login_as(world.users["operator"])
    answer = client.post(f"/attendance/people/{world.person_a.id}/checkins", headers={"HX-Request": "true"},
                         data={"day": "2018-02-05", "at": "07:25", "direction": "in", "note": ""})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'id="checkin-form"' in text and 'value="2018-02-05"' in text
    assert check_ins(world.person_a) == []


def test_the_first_check_in_by_hand_makes_the_colleagues_without_any_absent(world, client):
    from tests.factories import make_employee

    colleague = make_employee(world.person_a.unit, "Rudi Hartono")
    client.login_as(world.users["operator"])
    assert enter(client, world.person_a).status_code == 303
    db.session.expire_all()
    assert day_status(colleague, MONDAY) == "absent"
