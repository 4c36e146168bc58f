"""Reminders (pengingat): what is not reported yet, and what waits for the user's verification.

``due_periods`` is pure: which periods of a year must be reported by ``today``, given the input windows HR
set. ``collect`` reads the user's scope through ``lines.load`` plus two statements (the units, the OPDs'
windows), whatever the number of lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from app.accounts.access import scoped
from app.extensions import db
from app.monitoring import lines as lines_
from app.monitoring.labels import period_label
from app.monitoring.models import ReportingWindow
from app.monitoring.services import may_verify
from app.org.models import Unit

PERIODS = {"quarter": 4, "month": 12}
MISSING_STATUSES = ("draft", "returned")  # entered but not yet sent for verification


@dataclass(frozen=True)
class Due:
    """A period that must be reported: its input window's closing date (if HR set one) and whether it passed."""

    period: int
    closes_on: date | None
    overdue: bool


def _end_of(year: int, kind: str, period: int) -> date:
    """The first day after the period (quarter or month)."""
    month = 3 * period + 1 if kind == "quarter" else period + 1
    return date(year + 1, 1, 1) if month > 12 else date(year, month, 1)


def due_periods(year: int, kind: str, windows: Mapping[int, object], today: date) -> tuple[Due, ...]:
    """The periods of ``kind`` in ``year`` that are due on ``today``.

    ``windows`` maps a period to its input window (anything with ``opens_on`` and ``closes_on``). A period
    with a window is due once the window has opened, and overdue once it has closed (``closes_on < today``);
    a period without a window is due from the day after it ends (Tw I from 1 April), with no closing date.
    """
    due = []
    for period in range(1, PERIODS[kind] + 1):
        window = windows.get(period)
        if window is not None:
            if today >= window.opens_on:
                due.append(Due(period, window.closes_on, window.closes_on < today))
        elif today >= _end_of(year, kind, period):
            due.append(Due(period, None, False))
    return tuple(due)


@dataclass(frozen=True)
class _Row:
    unit_id: int
    unit_name: str
    line_name: str
    official: str
    kind: str
    period: int
    period_label: str


@dataclass(frozen=True)
class Missing(_Row):
    """A due period of one line that has no submitted value yet (status 'none', 'draft' or 'returned')."""

    closes_on: date | None
    overdue: bool
    status: str


@dataclass(frozen=True)
class Waiting(_Row):
    """A submitted value that the user may accept or return."""

    value: Decimal | None
    satuan: str
    late: bool
    evidence: int


@dataclass(frozen=True)
class Reminders:
    year: int
    missing: tuple[Missing, ...] = ()
    waiting: tuple[Waiting, ...] = ()

    @property
    def n_missing(self) -> int:
        return len(self.missing)

    @property
    def n_overdue(self) -> int:
        return sum(1 for m in self.missing if m.overdue)

    @property
    def n_waiting(self) -> int:
        return len(self.waiting)


def _opd_of(path: str) -> int:
    return int(path.strip("/").split("/")[0])


def collect(user, year: int, today: date) -> Reminders:
    """What is missing or waiting for verification in ``user``'s scope (``monitoring.view``) for ``year``.

    Statements: the four of ``lines.load``, then (when there are lines) units and windows. Who verifies what
    is ``services.may_verify``, on the lines' plain values (PIHAK KEDUA: the version in force's second party).
    """
    found = lines_.load(scoped(user, "monitoring.view", Unit), year)
    if not found:
        return Reminders(year)
    unit_ids = {line.unit_id for line in found}
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    opd_ids = {_opd_of(unit.path) for unit in units.values()}
    windows: dict[tuple[int, str], dict[int, ReportingWindow]] = {}
    for window in db.session.scalars(select(ReportingWindow).where(
            ReportingWindow.opd_id.in_(opd_ids), ReportingWindow.year == year)):
        windows.setdefault((window.opd_id, window.period_kind), {})[window.period] = window

    labels: dict[tuple[str, int], str] = {}

    def label(kind: str, period: int) -> str:
        if (kind, period) not in labels:
            labels[(kind, period)] = period_label(kind, period)
        return labels[(kind, period)]

    missing: list[tuple[tuple, Missing]] = []
    waiting: list[Waiting] = []
    due_cache: dict[tuple[int, str], tuple[Due, ...]] = {}
    for order, line in enumerate(found):
        unit = units[line.unit_id]
        name, opd, kind = unit.name, _opd_of(unit.path), line.period_kind
        if (opd, kind) not in due_cache:
            due_cache[(opd, kind)] = due_periods(year, kind, windows.get((opd, kind), {}), today)
        for due in due_cache[(opd, kind)]:
            value = line.value(kind, due.period)
            if value is None or value.status in MISSING_STATUSES:
                row = Missing(line.unit_id, name, line.name, line.official, kind, due.period, label(kind, due.period),
                              due.closes_on, due.overdue, value.status if value else "none")
                missing.append(((not due.overdue, due.closes_on or date.max, order, due.period), row))
        verifier = None
        for (value_kind, period), value in sorted(line.values.items()):
            if value.status != "submitted" or value.entered_by_id == user.id:
                continue
            if verifier is None:
                verifier = may_verify(user, unit, line.source, line.superior_id)
            if verifier:
                waiting.append(Waiting(line.unit_id, name, line.name, line.official, value_kind, period,
                                       label(value_kind, period), value.value, line.satuan, value.late,
                                       value.evidence))
    missing.sort(key=lambda pair: pair[0])
    return Reminders(year, tuple(row for _key, row in missing), tuple(waiting))
