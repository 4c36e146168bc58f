"""An OPD's TPP month from calculation to close: start it with a preset, calculate, close (frozen), reopen with a
reason, see what a recalculation would change before accepting it.

A closed month's results never change: calculating refuses, and edits to attendance or to presets touch other
rows (a preset version used by a closed month is never edited: ``presets.edit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.core.clock import utcnow
from app.core.db import check_version
from app.core.errors import Refused
from app.core.formatting import month_bounds
from app.extensions import db
from app.jobs import services as jobs
from app.jobs.models import Job
from app.tpp.models import Period, Preset, Result
from app.tpp.rules import Rules
from app.tpp.services import presets
from app.tpp.services.calculation import calculate, calculate_people, people
from app.tpp.services.objections import open_count as objection_count


def period_of(opd, year: int, month: int) -> Period | None:
    return db.session.scalar(select(Period).where(Period.opd_id == opd.id, Period.year == year,
                                                  Period.month == month))


def working_month(opd_id: int, year: int) -> int | None:
    """The month of ``year`` the OPD's TPP work is on: its latest month still open, else its latest month started
    (closed); None when no month of the year was started. The TPP month and rating pages open on it."""
    months = db.session.execute(select(Period.month, Period.state).where(Period.opd_id == opd_id, Period.year == year)
                                .order_by(Period.month.desc())).all()
    return next((month for month, state in months if state == "open"), months[0][0] if months else None)


def last_family(opd) -> str | None:
    """The preset the OPD used last (the default for its next month)."""
    return db.session.scalar(select(Preset.family).join(Period, Period.preset_id == Preset.id)
                             .where(Period.opd_id == opd.id).order_by(Period.year.desc(), Period.month.desc())
                             .limit(1))


def prepare(opd, year: int, month: int, family: str) -> Period:
    """The OPD's period for (year, month), open, set to the version of ``family`` in force on the month's first
    day (a new period, or an open one whose preset may change). Flushes."""
    first, _ = month_bounds(year, month)
    preset = presets.in_force(family, first)
    if preset is None:
        raise Refused(_l("This preset has no version in force on %(day)s.", day=format_date(first, "d MMMM y")),
                      "preset")
    period = period_of(opd, year, month)
    if period is None:
        period = Period(opd_id=opd.id, year=year, month=month, preset_id=preset.id, state="open")
        db.session.add(period)
        db.session.flush()
    _open(period)
    period.preset_id = preset.id
    db.session.flush()
    db.session.refresh(period, ["preset"])
    return period


def start(opd, year: int, month: int, family: str, user) -> Period:
    """Prepare and calculate now (the demo, the tests, a small OPD)."""
    return calculate(prepare(opd, year, month, family), user)


def start_job(opd, year: int, month: int, family: str, user) -> Job:
    """Prepare the period and start the job ``tpp.calculate`` that calculates it."""
    period = prepare(opd, year, month, family)
    return jobs.start(user, "tpp.calculate", str(_l("TPP %(month)s: %(opd)s", month=format_date(
        date(year, month, 1), "MMMM y"), opd=opd.name))[:200], {"period_id": period.id})


def _open(period: Period) -> None:
    if period.state == "closed":
        raise Refused(_l("This month is closed: its TPP no longer changes. Reopen it first (with a reason)."))


def unrated_count(period: Period) -> int:
    return db.session.scalar(select(func.count()).select_from(Result).where(
        Result.period_id == period.id, Result.unrated.is_(True))) or 0


@dataclass(frozen=True)
class Change:
    employee_id: int
    before: int | None  # None: not in the stored results
    after: int | None  # None: no longer paid this month


def changes(period: Period) -> list[Change]:
    """What calculating ``period`` again now would change, person by person (nothing is written)."""
    rules = Rules.read(period.preset.rules)
    stored = dict(db.session.execute(select(Result.employee_id, Result.total)
                                     .where(Result.period_id == period.id)).all())
    now = {person.id: result.total for person, _, result in
           calculate_people(rules, period.year, period.month, people(period.opd))}
    return [Change(person, stored.get(person), now.get(person)) for person in sorted(set(stored) | set(now))
            if stored.get(person) != now.get(person)]


def close(period: Period, user, version: int | None) -> Period:
    """Freeze the month. Refused when nothing was calculated, while an objection waits, when the inputs changed
    since the calculation (the stored results would not be what the data says), or while someone is not rated.
    Flushes."""
    check_version(period, version)
    _open(period)
    if period.calculated_at is None:
        raise Refused(_l("Calculate the month before closing it."))
    waiting = objection_count(period)
    if waiting:
        raise Refused(_l("%(n)s objections to this month wait for a decision: decide them before closing.",
                         n=waiting))
    moved = changes(period)
    if moved:
        raise Refused(_l("The data changed after the calculation: the TPP of %(n)s people would differ. Calculate "
                         "again, check the results, then close.", n=len(moved)))
    unrated = unrated_count(period)
    if unrated:
        raise Refused(_l("%(n)s people have not been rated for this month: rate them, calculate again, then close.",
                         n=unrated))
    period.state, period.closed_at, period.closed_by_id = "closed", utcnow(), user.id
    db.session.flush()
    return period


def reopen(period: Period, reason: str, user, version: int | None) -> Period:
    """Open a closed month again, with the reason (audited). Its results stay until it is calculated again."""
    check_version(period, version)
    if period.state != "closed":
        raise Refused(_l("This month is not closed."))
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_l("Say why the month is reopened."), "reason")
    period.state, period.reopen_reason = "open", reason
    period.closed_at = period.closed_by_id = None
    db.session.flush()
    return period


@dataclass(frozen=True)
class Compared:
    """A month calculated with another preset beside the real one (nothing written)."""

    units: list[tuple[int, int, int, int]]  # (unit id, people, real total, simulated total), in unit order
    people: list[tuple[int, int, int | None, int]]  # (employee id, unit id, real total or None, simulated total)
    real: int
    simulated: int


def simulate(period: Period, preset: Preset) -> Compared:
    """``period``'s people and inputs as they are now, calculated with ``preset``, beside the stored results
    (the real month). Per unit (the person's unit) and per person, largest difference first."""
    rules = Rules.read(preset.rules)
    stored = dict(db.session.execute(select(Result.employee_id, Result.total)
                                     .where(Result.period_id == period.id)).all())
    units: dict[int, list[int]] = {}
    rows = []
    for person, _inputs, result in calculate_people(rules, period.year, period.month, people(period.opd)):
        real = stored.get(person.id)
        rows.append((person.id, person.unit_id, real, result.total))
        entry = units.setdefault(person.unit_id, [0, 0, 0])
        entry[0] += 1
        entry[1] += real or 0
        entry[2] += result.total
    rows.sort(key=lambda row: (-abs(row[3] - (row[2] or 0)), row[0]))
    return Compared([(unit_id, *values) for unit_id, values in units.items()], rows,
                    sum(row[2] or 0 for row in rows), sum(row[3] for row in rows))
