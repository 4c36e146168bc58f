"""An OPD's TPP month: read every input set-based, calculate each person (``app.tpp.calc``), store the results.

Who: the OPD's ASN (PNS and PPPK) whose status keeps a working month (aktif, cuti). For each chunk of
``CHUNK`` people, one statement per input (kelas history, daily statuses, typed recaps, leave, sanctions,
ratings), whatever their number; the results are written in bulk. Inputs, per person:
- the kelas jabatan in force on the month's first day: the position of the last history row from on or before
  that day; with no such row (joined during the month), the current position's;
- the stored daily statuses of the month (``attendance_days``), or, when HR typed the month's recap instead
  (a unit without attendance data), its counts;
- leave overlapping the month, sanctions overlapping it (the calculation keeps those in force on its last day);
- the month's rating (its predikat), and the unit's to-date achievement at the month's quarter (a preset may
  pay performance by it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import delete, insert, select

from app.attendance.compute import RECORDED_STATUSES
from app.attendance.models import AttendanceDay, Leave
from app.core.clock import utcnow
from app.core.db import among
from app.core.formatting import month_bounds
from app.discipline.models import AttendanceMonth, Sanction
from app.extensions import db
from app.monitoring.models import UnitStat
from app.org.models import Employee, EmployeeHistory, Position, Unit
from app.org.rules import ASN_TYPES, full_name
from app.tpp import calc
from app.tpp.models import Period, Rating, Result
from app.tpp.rules import Rules

CHUNK = 2000


class Person(NamedTuple):
    """Who the month pays, as the calculation reads them (and the result keeps: the payment list prints it)."""

    id: int
    unit_id: int
    kelas: int | None  # the current position's (the history may say otherwise for the month)
    name: str
    front_title: str
    back_title: str
    nip: str | None
    employment_type: str
    golongan: str | None
    position: str | None


def people(opd: Unit) -> list[Person]:
    """Everyone the month pays, in unit and name order."""
    return [Person(*row) for row in db.session.execute(
        select(Employee.id, Employee.unit_id, Position.kelas_jabatan, Employee.name, Employee.front_title,
               Employee.back_title, Employee.nip, Employee.employment_type, Employee.golongan, Position.name)
        .join(Unit, Employee.unit_id == Unit.id).outerjoin(Position, Employee.position_id == Position.id)
        .where(Unit.path.startswith(opd.path, autoescape=True), Employee.employment_type.in_(ASN_TYPES),
               Employee.status.in_(RECORDED_STATUSES))
        .order_by(Unit.path, Employee.name, Employee.id))]


def months(year: int, month: int, chosen: list[Person]) -> dict[int, calc.Month]:
    """Each person's inputs for (year, month), read in one statement per kind."""
    first, last = month_bounds(year, month)
    ids = [person.id for person in chosen]
    dialect = db.session.get_bind().dialect.name

    kelas = {person.id: person.kelas for person in chosen}
    history = db.session.execute(
        select(EmployeeHistory.employee_id, Position.kelas_jabatan)
        .outerjoin(Position, EmployeeHistory.position_id == Position.id)
        .where(among(EmployeeHistory.employee_id, ids, dialect), EmployeeHistory.valid_from <= first)
        .order_by(EmployeeHistory.employee_id, EmployeeHistory.valid_from, EmployeeHistory.id))
    for person, in_force in history:
        kelas[person] = in_force  # the last row on or before the first day wins

    days: dict[int, list[calc.Day]] = defaultdict(list)
    d = AttendanceDay.__table__.c
    for person, day, status, late, early, apel in db.session.execute(
            select(d.employee_id, d.day, d.status, d.late_code, d.early_code, d.missed_roll_call)
            .where(among(d.employee_id, ids, dialect), d.day.between(first, last))):
        days[person].append(calc.Day(day, status, late, early, bool(apel)))

    typed = {person: calc.Typed(absent, late, early, roll_calls) for person, absent, late, early, roll_calls in
             db.session.execute(select(AttendanceMonth.employee_id, AttendanceMonth.absent_days,
                                       AttendanceMonth.late_arrivals, AttendanceMonth.early_leaves,
                                       AttendanceMonth.missed_roll_calls)
                                .where(among(AttendanceMonth.employee_id, ids, dialect),
                                       AttendanceMonth.year == year, AttendanceMonth.month == month,
                                       AttendanceMonth.source == "typed"))}

    leaves: dict[int, list[calc.Span]] = defaultdict(list)
    for person, kind, starts, ends, number in db.session.execute(
            select(Leave.employee_id, Leave.kind, Leave.starts_on, Leave.ends_on, Leave.decision_number)
            .where(among(Leave.employee_id, ids, dialect), Leave.starts_on <= last, Leave.ends_on >= first)
            .order_by(Leave.starts_on, Leave.id)):
        leaves[person].append(calc.Span(kind, starts, ends, number))

    sanctions: dict[int, list[calc.Span]] = defaultdict(list)
    for person, level, starts, ends, number in db.session.execute(
            select(Sanction.employee_id, Sanction.level, Sanction.starts_on, Sanction.ends_on,
                   Sanction.decision_number)
            .where(among(Sanction.employee_id, ids, dialect), Sanction.starts_on <= last,
                   (Sanction.ends_on.is_(None)) | (Sanction.ends_on >= first))
            .order_by(Sanction.starts_on, Sanction.id)):
        sanctions[person].append(calc.Span(level, starts, ends, number))

    ratings = dict(db.session.execute(select(Rating.employee_id, Rating.predikat).where(
        among(Rating.employee_id, ids, dialect), Rating.year == year, Rating.month == month)).all())

    # For a preset that pays performance by achievement: the unit's to-date achievement at the month's quarter
    # (monitoring's per-unit figures); a unit without one has none.
    unit_ids = sorted({person.unit_id for person in chosen})
    achieved = dict(db.session.execute(select(UnitStat.unit_id, UnitStat.achievement_pct).where(
        among(UnitStat.unit_id, unit_ids, dialect), UnitStat.year == year,
        UnitStat.quarter == (month - 1) // 3 + 1)).all())
    unit_of = {person.id: person.unit_id for person in chosen}

    return {person: calc.Month(
        year, month, kelas.get(person), days=tuple(days.get(person, ())),
        typed=typed.get(person) if not days.get(person) else None,
        leaves=tuple(leaves.get(person, ())), sanctions=tuple(sanctions.get(person, ())),
        predikat=ratings.get(person), achievement=achieved.get(unit_of[person])) for person in ids}


def calculate_people(rules: Rules, year: int, month: int, chosen: list[Person]
                     ) -> Iterable[tuple[Person, calc.Month, calc.Result]]:
    """(person, inputs, result) of each person, chunk by chunk."""
    for start in range(0, len(chosen), CHUNK):
        chunk = chosen[start:start + CHUNK]
        inputs = months(year, month, chunk)
        for person in chunk:
            yield person, inputs[person.id], calc.calculate(rules, inputs[person.id])


def _pct(value) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _span(span: calc.Span | None) -> dict | None:
    if span is None:
        return None
    return {"kind": span.kind, "from": span.starts_on.isoformat(),
            "until": span.ends_on.isoformat() if span.ends_on else None, "ref": span.ref}


def detail(person: Person, inputs: calc.Month, result: calc.Result) -> dict:
    """What the explanation and the payment list show, as JSON: the result's parts and lines, the inputs behind
    them, and the person as they were (name, NIP, golongan, position)."""
    typed = inputs.typed
    return {
        "name": full_name(person.name, person.front_title, person.back_title), "nip": person.nip,
        "employment_type": person.employment_type, "golongan": person.golongan, "position": person.position,
        "kelas": inputs.kelas, "predikat": inputs.predikat, "problem": result.problem, "unrated": result.unrated,
        "base": result.base, "performance_part": result.performance_part,
        "discipline_part": result.discipline_part, "performance_pct": _pct(result.performance_pct),
        "performance_from": result.performance_from, "performance_cut": result.performance_cut,
        "scope_amount": result.scope_amount, "cap_amount": result.cap_amount,
        "lines": [[line.day.isoformat() if line.day else None, line.code, _pct(line.pct), line.amount,
                   line.capped] for line in result.lines],
        "discipline_cut": result.discipline_cut, "absent_month_cut": result.absent_month_cut,
        "leave_pct": _pct(result.leave_pct), "leave": _span(result.leave_from), "leave_cut": result.leave_cut,
        "sanction_pct": _pct(result.sanction_pct), "sanction": _span(result.sanction_from),
        "sanction_cut": result.sanction_cut, "total": result.total,
        "days": len(inputs.days),
        "typed": None if typed is None else {"absent": typed.absent, "late": typed.late, "early": typed.early,
                                              "roll_calls": typed.roll_calls},
    }


def calculate(period: Period, user, progress: Callable | None = None) -> Period:
    """Calculate ``period`` (open) with its preset and replace its results. Flushes."""
    rules = Rules.read(period.preset.rules)
    chosen = people(period.opd)
    db.session.execute(delete(Result).where(Result.period_id == period.id))
    rows, total, done = [], 0, 0
    for person, inputs, result in calculate_people(rules, period.year, period.month, chosen):
        rows.append({"period_id": period.id, "employee_id": person.id, "unit_id": person.unit_id,
                     "kelas": inputs.kelas, "base": result.base, "cuts": result.cuts, "total": result.total,
                     "unrated": result.unrated, "detail": detail(person, inputs, result)})
        total += result.total
        done += 1
        if len(rows) >= CHUNK:
            db.session.execute(insert(Result), rows)
            rows = []
            if progress is not None:
                progress(10 + done * 85 // max(1, len(chosen)), "")
    if rows:
        db.session.execute(insert(Result), rows)
    period.people, period.total = len(chosen), total
    period.calculated_at, period.calculated_by_id = utcnow(), user.id if user is not None else None
    db.session.flush()
    return period


@dataclass(frozen=True)
class ExplainedLine:
    day: date | None
    code: str
    pct: Decimal
    amount: int
    capped: bool


@dataclass(frozen=True)
class Explained:
    """A stored result read back for the explanation page: the detail with dates and percentages as values."""

    detail: dict
    lines: tuple[ExplainedLine, ...]
    performance_share: Decimal
    leave: calc.Span | None
    sanction: calc.Span | None

    def __getattr__(self, name):
        try:
            return self.detail[name]
        except KeyError:
            raise AttributeError(name) from None


def _read_span(stored: dict | None) -> calc.Span | None:
    if not stored:
        return None
    return calc.Span(stored["kind"], date.fromisoformat(stored["from"]),
                     date.fromisoformat(stored["until"]) if stored["until"] else None, stored.get("ref", ""))


def explained(result: Result, preset_rules: dict) -> Explained:
    detail = result.detail
    lines = tuple(ExplainedLine(date.fromisoformat(day) if day else None, code, Decimal(pct), amount, capped)
                  for day, code, pct, amount, capped in detail["lines"])
    return Explained(detail, lines, Decimal(str(preset_rules.get("performance_share", "0"))),
                     _read_span(detail.get("leave")), _read_span(detail.get("sanction")))
