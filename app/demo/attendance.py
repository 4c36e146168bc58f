"""The demo's attendance: February and March 2018 of Dinas Sosial, from the fingerprint machines' check-ins.

A script of the demo's calendar (``app.demo.calendar``). On the day the data is entered the administrator loads
2018's national holidays and cuti bersama (``app.attendance.holidays``); HR schedules the Monday apel at 07:30,
records a week of annual leave and the Kepala Dinas approves a surat tugas; on 1 March HR brings in February's
check-ins and the monthly pass derives everyone's days and recap (the February awards, decided on 5 March,
read them); on 2 April March's. Everything happens on office days between 07:00 and 17:00, as the rest of the
demo's story (``tests/demo/test_story.py``). An izin asked for on 28 March still waits for the Kepala Bidang's decision.

The check-ins are invented with a seeded ``random.Random`` (the same every load) and written in bulk: most
people arrive between 07:00 and 07:30 and leave after 16:00 (16:30 on Friday), some come late (TL1–TL4), some leave early
(PSW), a few forget to check out; a few people are absent without a reason (TK) on chosen days, enough for the
PP 94/2021 alerts: a teguran tertulis (4 days), a pernyataan tidak puas (7, five of them in a row), a teguran
lisan (3) and one person a day short of it (2). The four Satpel heads nominated in February keep the recaps the
awards story tells: Mampang Prapatan and Gambir spotless, Kebayoran Baru late once, Tebet three days of leave.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from app.accounts.models import User
from app.attendance import calendar as work_calendar
from app.attendance import compute, holidays
from app.attendance.models import CheckIn, Excuse, Leave, RollCall, ShiftAssignment
from app.core.clock import utcnow
from app.demo import workers
from app.demo.calendar import LOADED_ON, WIB, Script, at
from app.extensions import db
from app.org.models import Employee, Position, Unit

SEED = 201802
MONTHS = ((2018, 2), (2018, 3))
APEL = time(7, 30)
STEADY = ("SATPEL-MAMPANG", "SATPEL-KEBAYORAN", "SATPEL-TEBET", "SATPEL-GAMBIR")  # heads nominated in February
# Unit code → the TK days of the first ASN staff member there (not its head): the alerts' stories.
ABSENT = {
    "SUDIN-JS": [date(2018, 2, 8), date(2018, 2, 23), date(2018, 3, 7), date(2018, 3, 21)],  # 4: teguran tertulis
    "SUDIN-JB": [date(2018, 2, 5), date(2018, 2, 26), *(date(2018, 3, d) for d in range(12, 17))],  # 7, 5 in a row
    "PSTW1": [date(2018, 2, 14), date(2018, 3, 2), date(2018, 3, 26)],  # 3: teguran lisan, one short of 4
    "UMPEG": [date(2018, 2, 27), date(2018, 3, 19)],  # 2: one short of the first threshold
}
STRAY_ABSENCES = 5  # other people absent without a reason on one day
LATE_MINUTES = ((1, 30), (31, 60), (61, 90), (91, 150))  # TL1–TL4
LATE_WEIGHTS = (60, 25, 10, 5)


def script() -> Script:
    yield at(LOADED_ON, "15:00", by="admin")  # the pemda's calendar: 2018's official holidays
    holidays.load_official(2018)

    yield at(date(2018, 1, 29), "09:00", by="hr")  # the Monday apel of February and March
    opd = db.session.scalar(select(Unit).where(Unit.code == "DINSOS", Unit.parent_id.is_(None)))
    mondays = [d for d in _days(date(2018, 2, 1), date(2018, 3, 31)) if d.weekday() == 0]
    db.session.add_all(RollCall(unit_id=opd.id, day=d, at=APEL, kind="apel", name="Apel pagi") for d in mondays)
    db.session.flush()

    people = _people(opd)
    stories = _stories(people)
    yield at(date(2018, 2, 9), "10:00", by="hr")  # the Kepala Satpel Tebet's annual leave, 20–22 February
    db.session.add(Leave(employee_id=stories["leave"], kind="annual", starts_on=date(2018, 2, 20),
                         ends_on=date(2018, 2, 22), decision_number="851/CT/021/2018", decision_date=date(2018, 2, 9),
                         note="Cuti tahunan"))
    db.session.flush()

    yield at(date(2018, 3, 1), "08:00", by="hr")  # February's check-ins, then the month's days and recaps
    _check_ins(people, stories, 2018, 2)

    yield at(date(2018, 3, 8), "10:00", by="operator")  # a surat tugas to Bogor, 13–15 March
    users = {u.username: u.id for u in db.session.scalars(select(User))}
    travel = Excuse(employee_id=stories["travel"], kind="travel", starts_on=date(2018, 3, 13),
                    ends_on=date(2018, 3, 15), reason="Bimbingan teknis pendataan PMKS di Balai Besar Diklat "
                    "Kesejahteraan Sosial Bogor", letter_number="094/ST/-1.853/III/2018", state="requested",
                    requested_by_id=users["operator"])
    db.session.add(travel)
    db.session.flush()
    yield at(date(2018, 3, 9), "09:00", by="kadis")
    travel.state, travel.decided_by_id, travel.decided_at = "approved", users["kadis"], utcnow()
    db.session.flush()

    yield at(date(2018, 3, 28), "15:00", by="hr")  # an izin for tomorrow, waiting for the Kepala Bidang
    db.session.add(Excuse(employee_id=stories["permit"], kind="permit", starts_on=date(2018, 3, 29),
                          ends_on=date(2018, 3, 29), reason="Mengantar orang tua berobat ke rumah sakit",
                          state="requested", requested_by_id=users["hr"]))
    db.session.flush()

    yield at(date(2018, 4, 2), "08:00", by="hr")  # March's check-ins
    _check_ins(people, stories, 2018, 3)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _people(opd: Unit) -> list[tuple[int, str, str, bool, bool]]:
    """(id, unit path, unit code, is a head, is ASN) of the OPD's working people, in id order; not those on a shift
    roster (the P3S officers: their check-ins are ``app.demo.workers.check_ins``)."""
    rows = db.session.execute(
        select(Employee.id, Unit.path, Unit.code, Position.is_head, Employee.employment_type)
        .join(Unit, Employee.unit_id == Unit.id).outerjoin(Position, Employee.position_id == Position.id)
        .where(Unit.path.startswith(opd.path), Employee.status == "aktif",
               Employee.id.not_in(select(ShiftAssignment.employee_id))).order_by(Employee.id))
    return [(pid, path, code, bool(head), etype in ("pns", "pppk")) for pid, path, code, head, etype in rows]


def _stories(people) -> dict:
    """Who plays which part: the TK stories, the leave, the official travel, the izin waiting, the steady heads."""
    staff: dict[str, list[int]] = {}
    for pid, _path, code, head, asn in people:
        if asn and not head:
            staff.setdefault(code, []).append(pid)
    heads = {code: pid for pid, _path, code, head, _asn in people if head}
    # The last of each unit's staff (the June nominees of Jakarta Selatan are its first three)
    absent = {staff[code][-1]: set(days) for code, days in ABSENT.items()}
    travel, permit = staff["SUDIN-JS"][-2], staff["REHSOS"][-1]  # the operator's unit; the Kepala Bidang's
    rng = random.Random(SEED)
    others = [p[0] for p in people if p[0] not in absent and p[0] not in heads.values() and p[0] not in (travel, permit)]
    days_off = {row["day"] for row in holidays.official(2018)}
    working = [d for d in _days(date(2018, 2, 1), date(2018, 3, 31)) if d.weekday() < 5 and d not in days_off]
    for pid in rng.sample(others, STRAY_ABSENCES):
        absent[pid] = {rng.choice(working)}
    return {"absent": absent, "leave": heads["SATPEL-TEBET"], "travel": travel, "permit": permit,
            "steady": {heads[code] for code in STEADY}, "late_once": heads["SATPEL-KEBAYORAN"]}


def _check_ins(people, stories: dict, year: int, month: int) -> None:
    """The month's check-ins of everyone (the shift workers' by their shift), in one bulk insert, then the monthly
    pass."""
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    cal = work_calendar.load(first, last, WIB)
    rng = random.Random(SEED * 100 + month)
    away = {stories["leave"]: _days(date(2018, 2, 20), date(2018, 2, 22)),
            stories["travel"]: _days(date(2018, 3, 13), date(2018, 3, 15)),
            stories["permit"]: [date(2018, 3, 29)]}
    rows = []
    for pid, path, code, head, _asn in people:
        late_often = rng.random() < 0.15 and not head
        steady = pid in stories["steady"] and month == 2
        for day in cal.days:
            if cal.off(day, path) is not None:
                continue
            if day in stories["absent"].get(pid, ()) or day in away.get(pid, ()):
                continue
            start, end = cal.hours(pid, day, path).on(day).on(day, WIB)
            arrive = start - timedelta(minutes=rng.randint(1, 29), seconds=rng.randint(0, 59))  # from 07:00
            if pid == stories["late_once"] and day == date(2018, 2, 7):
                arrive = start + timedelta(minutes=18, seconds=40)  # TL1, on a Wednesday: no apel missed
            elif not steady and rng.random() < (0.25 if late_often else 0.03):
                low, high = rng.choices(LATE_MINUTES, LATE_WEIGHTS)[0]
                arrive = start + timedelta(minutes=rng.randint(low, high), seconds=rng.randint(0, 59))
            leave = end + timedelta(minutes=rng.randint(0, 59 - end.minute), seconds=rng.randint(0, 59))  # by 17:00
            if not steady and rng.random() < 0.03:
                leave = end - timedelta(minutes=rng.randint(5, 120), seconds=rng.randint(0, 59))
            device = f"Mesin absensi {code}"[:60]
            rows.append(_row(pid, arrive, "in", device))
            if steady or rng.random() >= 0.005:  # now and then someone forgets to check out
                rows.append(_row(pid, leave, "out", device))
    rows += workers.check_ins(year, month)
    db.session.execute(insert(CheckIn), rows)
    compute.recompute(year, month)


def _row(employee_id: int, at_: datetime, direction: str, device: str) -> dict:
    return {"employee_id": employee_id, "at": at_.astimezone(UTC), "direction": direction, "device": device,
            "note": "", "created_at": utcnow()}
