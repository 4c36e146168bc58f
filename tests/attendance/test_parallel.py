"""The monthly pass in worker processes (app/attendance/compute.py, ``parallel_chunks``): as `make run` runs it, a
real huey_consumer (threads, as scripts/run.sh starts it) runs the job ``attendance.recompute``, whose pass
computes one person per chunk in two worker processes; what it writes is what the pass writes without them."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.attendance import compute
from app.attendance.models import AttendanceDay, CheckIn, Excuse, Leave
from app.discipline.models import AttendanceMonth
from app.extensions import db
from app.jobs import services as jobs
from tests.jobs.consumer import consumer_app, stop_consumer, wait_for

WIB = ZoneInfo("Asia/Jakarta")
LATER = datetime(2019, 1, 1, tzinfo=UTC)


def _month_of_check_ins(people, rng: random.Random) -> None:
    """February 2018 for each person: early, late, leaving early, no check-out, a missing day."""
    for person in people:
        for n in range(28):
            day = date(2018, 2, 1) + timedelta(days=n)
            if day.weekday() >= 5 or rng.random() < 0.1:
                continue
            arrive = datetime.combine(day, time(7, 0), WIB) + timedelta(minutes=rng.randint(0, 150))
            db.session.add(CheckIn(employee_id=person.id, at=arrive.astimezone(UTC), direction="in"))
            if rng.random() < 0.9:
                leave = datetime.combine(day, time(15, 0), WIB) + timedelta(minutes=rng.randint(0, 120))
                db.session.add(CheckIn(employee_id=person.id, at=leave.astimezone(UTC), direction="out"))


def _written() -> tuple[list[tuple], list[tuple]]:
    days = db.session.execute(select(AttendanceDay.employee_id, AttendanceDay.day, AttendanceDay.status,
                                     AttendanceDay.late_minutes, AttendanceDay.early_minutes,
                                     AttendanceDay.late_code, AttendanceDay.early_code, AttendanceDay.first_in,
                                     AttendanceDay.last_out).order_by(AttendanceDay.employee_id, AttendanceDay.day))
    recaps = db.session.execute(select(AttendanceMonth.employee_id, AttendanceMonth.source,
                                       AttendanceMonth.present_days, AttendanceMonth.absent_days,
                                       AttendanceMonth.late_arrivals, AttendanceMonth.early_leaves)
                                .order_by(AttendanceMonth.employee_id))
    return [tuple(r) for r in days], [tuple(r) for r in recaps]


@pytest.mark.consumer
def test_a_real_consumer_computes_the_month_in_worker_processes(tmp_path):
    from flask_migrate import upgrade

    from tests.factories import build_world, make_employee

    other, consumer = consumer_app(tmp_path, KINERJA_ATTENDANCE_CHUNK="1", KINERJA_ATTENDANCE_WORKERS="2")
    try:
        with other.app_context():
            upgrade()
            world = build_world()
            people = [world.person_a, *(make_employee(world.bidang_a, f"Pegawai {n}") for n in range(4))]
            db.session.flush()
            _month_of_check_ins(people, random.Random(13))
            db.session.add(Leave(employee_id=people[1].id, kind="sick", starts_on=date(2018, 2, 6),
                                 ends_on=date(2018, 2, 8)))
            db.session.add(Excuse(employee_id=people[2].id, kind="travel", starts_on=date(2018, 2, 12),
                                  ends_on=date(2018, 2, 13), state="approved", reason="Monev"))
            job = jobs.start(world.users["hr"], "attendance.recompute", "Hitung ulang", {"year": 2018, "month": 2})
            db.session.commit()
            jobs.enqueue(job)
            job = wait_for(job.id, consumer, 90)
            assert job.status == "done", (job.status, job.error)
            days, recaps = _written()
            assert len(days) == len(people) * 20 and len(recaps) == len(people)  # February's working days
            assert {status for _, _, status, *_ in days} >= {"present", "absent", "no_out", "leave_sick", "travel"}
            # the same month computed here, by this process alone
            assert compute.recompute(2018, 2, now=LATER) == len(days)
            db.session.commit()
            assert _written() == (days, recaps)
            db.session.remove()
            db.engine.dispose()
    finally:
        output = stop_consumer(consumer, tmp_path)
    assert "Traceback" not in output, output


def test_no_worker_processes_where_they_cannot_help_or_see(app):
    """One chunk, or a database only this process sees (the tests' in-memory SQLite): computed here."""
    cal = compute.work_calendar.load(date(2018, 2, 1), date(2018, 2, 28), WIB)
    assert compute.parallel_chunks(cal, [[]], LATER) is None
    if db.engine.url.get_backend_name() == "sqlite" and db.engine.url.database in (None, "", ":memory:"):
        assert compute.parallel_chunks(cal, [[], []], LATER) is None
