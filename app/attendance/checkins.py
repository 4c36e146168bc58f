"""Attendance machines (check-in sources) with their user numbers, and check-ins entered by hand.

A source is a machine (or a family of machines with the same export) at a unit, with the saved column mapping
of its export (``checkin_import`` reads files with it). Its user numbers say who each enrolled number is.
Units without a machine enter check-ins by hand: each says who entered it and why (``note``), is audited like
any record, and may be removed again; imported check-ins may not. Every change recomputes the days of the
person's unit (the first check-in of a month makes the unit's people without any TK).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.accounts.access import scoped
from app.attendance import compute
from app.attendance.checkin_parse import machine_number
from app.attendance.models import CheckIn, CheckInSource, MachineUser
from app.core.clock import agency_timezone, utcnow
from app.core.db import check_version
from app.core.errors import Refused
from app.core.formatting import month_bounds
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import normalise_id

# -- sources -------------------------------------------------------------------------------------------------------


def sources_query(user):
    return (select(CheckInSource).where(scoped(user, "attendance.import", CheckInSource))
            .options(joinedload(CheckInSource.unit)).order_by(CheckInSource.name, CheckInSource.id))


def save_source(source: CheckInSource | None, unit: Unit, values: dict, version: int | None = None) -> CheckInSource:
    """Create (``source`` None) or change a source; ``values``: name, person_key, columns, in_values,
    out_values, date_format, timezone."""
    if source is not None:
        check_version(source, version)
    taken = select(CheckInSource.id).where(CheckInSource.name == values["name"]).limit(1)
    if source is not None:
        taken = taken.where(CheckInSource.id != source.id)
    if db.session.scalar(taken) is not None:
        raise Refused(_l("Another attendance machine is already named “%(name)s”.", name=values["name"]), "name")
    if source is None:
        source = CheckInSource()
        db.session.add(source)
    for name, value in values.items():
        setattr(source, name, value)
    source.unit = unit
    db.session.flush()
    return source


# -- user numbers ---------------------------------------------------------------------------------------------------

def machine_users(source: CheckInSource) -> list[MachineUser]:
    return list(db.session.scalars(
        select(MachineUser).where(MachineUser.source_id == source.id)
        .options(joinedload(MachineUser.employee).joinedload(Employee.unit))
        .order_by(func.length(MachineUser.number), MachineUser.number)))


def person_by_nip(user, nip: str) -> Employee:
    """The person with this NIP among those the user may import check-ins for."""
    number = normalise_id(nip)
    found = db.session.scalar(select(Employee).where(Employee.nip == number,
                                                     scoped(user, "attendance.import", Employee)).limit(1))
    if found is None:
        raise Refused(_l("No person with NIP %(nip)s in your units.", nip=nip), "nip")
    return found


def add_machine_user(source: CheckInSource, number: str, employee: Employee) -> MachineUser:
    """Enrol ``number`` (as typed; 12 and 012 are the same number) for ``employee`` on ``source``."""
    number = number.strip()
    key = machine_number(number)
    for existing in machine_users(source):
        if machine_number(existing.number) == key:
            raise Refused(_l("User number %(number)s is already %(name)s's on this machine.", number=existing.number,
                             name=existing.employee.display_name), "number")
    user = MachineUser(source=source, number=number, employee=employee)
    db.session.add(user)
    db.session.flush()
    return user


def remove_machine_user(machine_user: MachineUser) -> None:
    db.session.delete(machine_user)
    db.session.flush()


# -- a person's check-ins -------------------------------------------------------------------------------------------

def _month_window(year: int, month: int) -> tuple[datetime, datetime]:
    first, last = month_bounds(year, month)
    zone = agency_timezone()
    return (datetime.combine(first, time(0), zone).astimezone(UTC),
            datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC))


def month_check_ins(employee: Employee, year: int, month: int) -> tuple[list[CheckIn], dict[int, str]]:
    """The person's check-ins of the month (agency time) in time order, and the names of their sources."""
    low, high = _month_window(year, month)
    rows = list(db.session.scalars(
        select(CheckIn).where(CheckIn.employee_id == employee.id, CheckIn.at >= low, CheckIn.at < high)
        .options(joinedload(CheckIn.entered_by)).order_by(CheckIn.at)))
    ids = {r.source_id for r in rows if r.source_id}
    names = dict(db.session.execute(select(CheckInSource.id, CheckInSource.name)
                                    .where(CheckInSource.id.in_(ids))).all()) if ids else {}
    return rows, names


def latest_month(employee: Employee, year: int) -> int | None:
    """The last month of ``year`` with a check-in of the person (agency time), or None."""
    low, _ = _month_window(year, 1)
    _, high = _month_window(year, 12)
    latest = db.session.scalar(select(func.max(CheckIn.at)).where(CheckIn.employee_id == employee.id,
                                                                   CheckIn.at >= low, CheckIn.at < high))
    return latest.astimezone(agency_timezone()).month if latest else None


def add_check_in(employee: Employee, user, day: date, at: time, direction: str, note: str) -> CheckIn:
    """A check-in entered by hand (agency time); the person's days are recomputed."""
    instant = datetime.combine(day, at.replace(second=0, microsecond=0), agency_timezone()).astimezone(UTC)
    if instant > utcnow():
        raise Refused(_l("This time has not come yet: only check-ins that happened can be entered."), "at")
    if db.session.scalar(select(CheckIn.id).where(CheckIn.employee_id == employee.id, CheckIn.at == instant)):
        raise Refused(_l("%(name)s already has a check-in at that time.", name=employee.display_name), "at")
    check_in = CheckIn(employee=employee, at=instant, direction=direction, device="", entered_by=user,
                       note=note.strip())
    db.session.add(check_in)
    db.session.flush()
    compute.recompute_for(employee.id, day - timedelta(days=1), day, with_unit=True)
    return check_in


def remove_check_in(check_in: CheckIn) -> None:
    """Remove a check-in entered by hand (an imported one stays: it is the machine's record)."""
    if check_in.entered_by_id is None and (check_in.batch_id is not None or check_in.source_id is not None):
        raise Refused(_l("A check-in imported from a machine cannot be removed."))
    day = check_in.at.astimezone(agency_timezone()).date()
    employee_id = check_in.employee_id
    db.session.delete(check_in)
    db.session.flush()
    compute.recompute_for(employee_id, day - timedelta(days=1), day, with_unit=True)
