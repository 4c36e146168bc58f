"""An OPD's honorarium month: worked out from the attendance statuses as they are now (an open month), closed
(one stored line per contract, with the rules version in force on the month's first day), reopened with a
reason.

Set-based whatever the size: one query for the month's contracts, one GROUP BY over the attendance days inside
each contract, and the calendar loaded once (``attendance.calendar.load``); the pure ``calc.honorarium`` per
line. Closing writes the lines in one bulk insert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, delete, func, insert, select
from sqlalchemy.orm import aliased

from app.attendance import calendar
from app.attendance.models import AttendanceDay
from app.attendance.status import DAYS_OFF
from app.core.clock import agency_timezone, agency_today, utcnow
from app.core.db import check_shown, check_version
from app.core.errors import Refused
from app.core.formatting import month_bounds
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import full_name
from app.workers import calc
from app.workers.models import Contract, HonorLine, HonorMonth
from app.workers.rules import Rules
from app.workers.services import settings

SIGNED = ("active", "terminated")


@dataclass(frozen=True)
class Line:
    contract_id: int
    employee_id: int
    unit_id: int
    calendar_path: str  # the unit whose calendar gives the working days (the worker's own)
    name: str
    nik: str
    number: str
    position: str
    month: calc.Month
    pay: calc.Pay
    unknown: int  # working days inside the contract without a status yet (the pass has not run, or still to come)

    def row(self, month_id: int, unit_name: str) -> dict:
        m, p = self.month, self.pay
        return {"month_id": month_id, "contract_id": self.contract_id, "employee_id": self.employee_id,
                "unit_id": self.unit_id, "pay_basis": m.basis, "rate": m.rate, "working": m.working,
                "contract_days": m.contract, "paid": m.paid, "absent": m.absent, "late": m.late, "early": m.early,
                "gross": p.gross, "penalty": p.penalty, "net": p.net,
                "detail": {"name": self.name, "nik": self.nik, "number": self.number, "position": self.position,
                           "unit": unit_name, "penalty_pct": str(p.penalty_pct)}}


def month_of(opd: Unit, year: int, month: int) -> HonorMonth | None:
    return db.session.scalar(select(HonorMonth).where(HonorMonth.opd_id == opd.id, HonorMonth.year == year,
                                                      HonorMonth.month == month))


def _last_day():
    return func.coalesce(Contract.terminated_on, Contract.ends_on)


def work_out(unit: Unit, year: int, month: int, rules: Rules) -> list[Line]:
    """Every signed contract of ``unit``'s subtree that runs in the month, worked out now (nothing written), in
    unit and name order."""
    first, last = month_bounds(year, month)
    # Working days follow the calendar of the worker's own unit, the one the attendance pass gives them their
    # statuses by (the contract's unit may keep another week).
    home = aliased(Unit)
    contracts = db.session.execute(
        select(Contract.id, Contract.employee_id, Contract.unit_id, home.path, Employee.name, Employee.front_title,
               Employee.back_title, Employee.nik, Contract.number, Contract.position, Contract.pay_basis,
               Contract.rate, Contract.starts_on, _last_day())
        .join(Unit, Contract.unit_id == Unit.id).join(Employee, Contract.employee_id == Employee.id)
        .join(home, Employee.unit_id == home.id)
        .where(Unit.path.startswith(unit.path, autoescape=True), Contract.state.in_(SIGNED),
               Contract.starts_on <= last, _last_day() >= first)
        .order_by(Unit.path, Employee.name, Contract.id)).all()
    if not contracts:
        return []
    paid = tuple(sorted(rules.honor.paid))
    inside = and_(AttendanceDay.employee_id == Contract.employee_id, AttendanceDay.day >= Contract.starts_on,
                  AttendanceDay.day <= _last_day(), AttendanceDay.day.between(first, last),
                  AttendanceDay.status.not_in(DAYS_OFF))
    counts = {row[0]: row[1:] for row in db.session.execute(
        select(Contract.id, func.count(),
               func.sum(case((AttendanceDay.status.in_(paid), 1), else_=0)),
               func.sum(case((AttendanceDay.status == "absent", 1), else_=0)),
               func.sum(case((AttendanceDay.late_code > 0, 1), else_=0)),
               func.sum(case((AttendanceDay.early_code > 0, 1), else_=0)))
        .join(AttendanceDay, inside).join(Unit, Contract.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path, autoescape=True), Contract.state.in_(SIGNED),
               Contract.starts_on <= last, _last_day() >= first)
        .group_by(Contract.id))}
    cal = calendar.load(first, last, agency_timezone())
    working: dict[str, list[date]] = {}
    lines = []
    for (cid, employee_id, unit_id, path, name, front, back, nik, number, position, basis, rate, starts,
         ends) in contracts:
        days = working.get(path)
        if days is None:
            days = working[path] = calendar.working_days(cal, path)
        inside_days = sum(1 for day in days if starts <= day <= ends)
        rows, paid_days, absent, late, early = (int(v or 0) for v in counts.get(cid, (0, 0, 0, 0, 0)))
        shown = calc.Month(basis, rate, len(days), inside_days, min(paid_days, inside_days), absent, late, early)
        lines.append(Line(cid, employee_id, unit_id, path, full_name(name, front, back), nik or "", number,
                          position, shown, calc.honorarium(rules.honor, shown), max(0, inside_days - rows)))
    return lines


def rules_version(opd: Unit, year: int, month: int):
    return settings.in_force(opd, date(year, month, 1))


def close(opd: Unit, year: int, month: int, expected: int | None, user) -> HonorMonth:
    """Close the month: refused before it has ended, with nothing to pay, or while a working day inside a
    contract has no attendance status (the attendance pass must have run). The lines are stored and frozen."""
    first, last = month_bounds(year, month)
    found = month_of(opd, year, month)
    check_shown(found, expected)
    if found is not None and found.state == "closed":
        raise Refused(_l("This month is closed already."))
    if last >= agency_today():
        raise Refused(_l("%(month)s has not ended yet: its honorarium is closed from the first day of the next "
                         "month.", month=format_date(first, "MMMM y")))
    version = settings.stored(rules_version(opd, year, month), user)
    lines = work_out(opd, year, month, Rules.read(version.rules))
    if not lines:
        raise Refused(_l("No signed contract runs in this month: there is nothing to close."))
    waiting = [line for line in lines if line.unknown]
    if waiting:
        raise Refused(_l("%(days)s working days of %(n)s workers have no attendance status yet (first: %(name)s). "
                         "Import the check-ins and run the month's attendance, then close.",
                         days=sum(line.unknown for line in waiting), n=len(waiting), name=waiting[0].name))
    if found is None:
        found = HonorMonth(opd_id=opd.id, year=year, month=month)
        db.session.add(found)
        db.session.flush()
    names = dict(db.session.execute(select(Unit.id, Unit.name).where(
        Unit.id.in_({line.unit_id for line in lines}))).all())
    db.session.execute(delete(HonorLine).where(HonorLine.month_id == found.id))
    db.session.execute(insert(HonorLine), [line.row(found.id, names[line.unit_id]) for line in lines])
    found.state, found.rules_id = "closed", version.id
    found.people, found.total = len(lines), sum(line.pay.net for line in lines)
    found.closed_at, found.closed_by_id = utcnow(), user.id
    db.session.flush()
    return found


def reopen(found: HonorMonth, reason: str, expected: int | None, user) -> HonorMonth:
    """Open a closed month again with the reason (audited); its lines stay until it is closed again."""
    check_version(found, expected)
    if found.state != "closed":
        raise Refused(_l("This month is not closed."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_l("Say why the month is reopened."), "reason")
    found.state, found.reopen_reason, found.closed_at, found.closed_by_id = "open", reason, None, None
    db.session.flush()
    return found


def stored(found: HonorMonth, unit: Unit):
    """The closed month's lines of ``unit``'s subtree, in unit and name order (a query)."""
    return (select(HonorLine).join(Unit, HonorLine.unit_id == Unit.id)
            .join(Employee, HonorLine.employee_id == Employee.id)
            .where(HonorLine.month_id == found.id, Unit.path.startswith(unit.path, autoescape=True))
            .order_by(Unit.path, Employee.name, HonorLine.id))
