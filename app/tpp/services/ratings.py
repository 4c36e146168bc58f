"""The monthly rating: hasil kerja and perilaku of each ASN, the predikat that follows, and the unit's caps on
predikat shares (a preset's ``predikat_caps``: at most that % of a unit's ASN get the predikat).

Rated by the person's superior (``app.attendance.superior``), or by HR and admins in scope. A month closed for
the OPD takes no more ratings.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.accounts.access import can, scoped
from app.attendance.compute import RECORDED_STATUSES
from app.core.db import check_shown, flush_unique
from app.core.errors import Refused
from app.extensions import db
from app.org.models import Employee, Unit
from app.org.rules import ASN_TYPES
from app.tpp.models import Period, Rating
from app.tpp.rules import EXPECTATIONS, predikat


def find(employee: Employee, year: int, month: int) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.employee_id == employee.id, Rating.year == year,
                                                  Rating.month == month))


def closed(opd_id: int, year: int, month: int) -> bool:
    return bool(db.session.scalar(select(func.count()).select_from(Period).where(
        Period.opd_id == opd_id, Period.year == year, Period.month == month, Period.state == "closed")))


def unit_people(unit_id: int) -> int:
    """The ASN of one unit (not its subtree) a rating counts among."""
    return db.session.scalar(select(func.count()).select_from(Employee).where(
        Employee.unit_id == unit_id, Employee.employment_type.in_(ASN_TYPES),
        Employee.status.in_(RECORDED_STATUSES))) or 0


def shares(unit_id: int, year: int, month: int) -> dict[str, int]:
    """How many of the unit's people got each predikat this month."""
    return dict(db.session.execute(
        select(Rating.predikat, func.count()).join(Employee, Rating.employee_id == Employee.id)
        .where(Employee.unit_id == unit_id, Rating.year == year, Rating.month == month)
        .group_by(Rating.predikat)).all())


def allowed(cap: Decimal, people: int) -> int:
    """How many of ``people`` may get a predikat capped at ``cap`` %: rounded down, at least one."""
    return max(1, math.floor(Decimal(people) * cap / 100))


def save(employee: Employee, year: int, month: int, values: dict, user, expected: int | None,
         caps: dict[str, Decimal]) -> Rating:
    """Create or change the rating (``values``: hasil_kerja, perilaku, note). ``expected``: the version the row
    was shown with (None: shown unrated); ``caps``: predikat → the most % of the unit. Flushes."""
    if values.get("hasil_kerja") not in EXPECTATIONS:
        raise Refused(_l("Choose the rating of the work results."), "hasil_kerja")
    if values.get("perilaku") not in EXPECTATIONS:
        raise Refused(_l("Choose the rating of the work behaviour."), "perilaku")
    if closed(employee.unit.opd_id, year, month):
        raise Refused(_l("The TPP of this month is closed: its ratings no longer change."))
    record = find(employee, year, month)
    check_shown(record, expected)
    given = predikat(values["hasil_kerja"], values["perilaku"])
    cap = caps.get(given)
    if cap is not None and (record is None or record.predikat != given):
        people = unit_people(employee.unit_id)
        most = allowed(cap, people)
        if shares(employee.unit_id, year, month).get(given, 0) + 1 > most:
            raise Refused(_l("At most %(cap)s %% of the unit's %(people)s people may get this predikat "
                             "(%(most)s people), and that many already have it.", cap=cap, people=people,
                             most=most), "hasil_kerja")
    if record is None:
        record = Rating(employee_id=employee.id, year=year, month=month)
        db.session.add(record)
    record.hasil_kerja, record.perilaku, record.predikat = values["hasil_kerja"], values["perilaku"], given
    record.note, record.rated_by_id = (values.get("note") or "").strip(), user.id
    flush_unique()
    return record


@dataclass(frozen=True)
class Row:
    employee: Employee
    rating: Rating | None


def rows(unit: Unit, year: int, month: int) -> list[Row]:
    """The ASN of ``unit``'s subtree with their rating of the month: two statements."""
    people = list(db.session.scalars(
        select(Employee).join(Unit, Employee.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path, autoescape=True), Employee.employment_type.in_(ASN_TYPES),
               Employee.status.in_(RECORDED_STATUSES)).order_by(Unit.path, Employee.name, Employee.id)))
    ratings = {r.employee_id: r for r in db.session.scalars(select(Rating).where(
        Rating.employee_id.in_([p.id for p in people]), Rating.year == year, Rating.month == month))} if people else {}
    return [Row(person, ratings.get(person.id)) for person in people]


def rating_unit(user) -> Unit | None:
    """The highest unit ``user`` may rate in (by role, or the unit they head), or None: they rate nobody."""
    unit = db.session.scalar(select(Unit).where(scoped(user, "tpp.rate", Unit))
                             .order_by(Unit.depth, Unit.sort_order, Unit.name).limit(1))
    if unit is None and user.employee_id:
        own = db.session.get(Employee, user.employee_id)
        unit = own.position.unit if own and own.position and own.position.is_head else None
    return unit if unit is not None and can(user, "tpp.rate", unit) else None
