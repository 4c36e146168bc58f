"""What a worker's attendance, warnings and evaluations say about a set of contracts, in three queries whatever
their number (the contracts ending soon, a contract's page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, func, select

from app.attendance.models import AttendanceDay
from app.extensions import db
from app.workers.models import Contract, Evaluation, WorkerWarning
from app.workers.rules import WARNING_LEVELS

PRESENT = ("present", "no_in", "no_out")
AWAY = ("permit", "leave_annual", "leave_long", "leave_sick", "leave_maternity", "leave_important",
        "leave_unpaid")


@dataclass(frozen=True)
class Attendance:
    present: int = 0
    travel: int = 0
    away: int = 0  # izin, leave, sickness
    absent: int = 0  # TK
    late: int = 0
    early: int = 0

    @property
    def days(self) -> int:
        return self.present + self.travel + self.away + self.absent


def attendance(contract_ids: list[int], until: date) -> dict[int, Attendance]:
    """Each contract's working days from its first day to its last (or ``until``, when earlier)."""
    if not contract_ids:
        return {}
    last = func.coalesce(Contract.terminated_on, Contract.ends_on)
    inside = and_(AttendanceDay.employee_id == Contract.employee_id, AttendanceDay.day >= Contract.starts_on,
                  AttendanceDay.day <= last, AttendanceDay.day <= until)

    def count(condition):
        return func.sum(case((condition, 1), else_=0))

    rows = db.session.execute(
        select(Contract.id, count(AttendanceDay.status.in_(PRESENT)), count(AttendanceDay.status == "travel"),
               count(AttendanceDay.status.in_(AWAY)), count(AttendanceDay.status == "absent"),
               count(AttendanceDay.late_code > 0), count(AttendanceDay.early_code > 0))
        .join(AttendanceDay, inside).where(Contract.id.in_(contract_ids)).group_by(Contract.id))
    return {cid: Attendance(*(int(v or 0) for v in values)) for cid, *values in rows}


def warnings(contract_ids: list[int]) -> dict[int, tuple[int, str]]:
    """contract → (number of warnings, the highest level)."""
    if not contract_ids:
        return {}
    rank = case(*((WorkerWarning.level == level, n) for n, level in enumerate(WARNING_LEVELS)), else_=-1)
    rows = db.session.execute(select(WorkerWarning.contract_id, func.count(), func.max(rank))
                              .where(WorkerWarning.contract_id.in_(contract_ids))
                              .group_by(WorkerWarning.contract_id))
    return {cid: (n, WARNING_LEVELS[top]) for cid, n, top in rows}


def last_evaluations(contract_ids: list[int]) -> dict[int, Evaluation]:
    if not contract_ids:
        return {}
    latest = (select(Evaluation.contract_id, func.max(Evaluation.period).label("period"))
              .where(Evaluation.contract_id.in_(contract_ids)).group_by(Evaluation.contract_id).subquery())
    return {e.contract_id: e for e in db.session.scalars(
        select(Evaluation).join(latest, and_(Evaluation.contract_id == latest.c.contract_id,
                                             Evaluation.period == latest.c.period)))}
