"""What other areas read from discipline, for many employees at once (one query each)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import or_, select

from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db


def sanctions_in_force(employee_ids, first: date, last: date, levels=("medium", "heavy")) -> dict[int, list]:
    """Sanctions of ``levels`` covering any day from ``first`` to ``last``, by employee."""
    ids = list(employee_ids)
    found: dict[int, list] = defaultdict(list)
    if not ids:
        return found
    stmt = select(Sanction).where(
        Sanction.employee_id.in_(ids), Sanction.level.in_(levels), Sanction.starts_on <= last,
        or_(Sanction.ends_on.is_(None), Sanction.ends_on >= first),
    ).order_by(Sanction.starts_on)
    for sanction in db.session.scalars(stmt):
        found[sanction.employee_id].append(sanction)
    return found


def attendance(employee_ids, year: int, month: int) -> dict[int, AttendanceMonth]:
    """The month's attendance recap by employee (absent when HR has not recorded one)."""
    ids = list(employee_ids)
    if not ids:
        return {}
    stmt = select(AttendanceMonth).where(AttendanceMonth.employee_id.in_(ids), AttendanceMonth.year == year,
                                         AttendanceMonth.month == month)
    return {row.employee_id: row for row in db.session.scalars(stmt)}
