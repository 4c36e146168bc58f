"""Reminders (pengingat): what is not reported yet, and what waits for the user's verification.

``due_periods`` is pure: which periods of a year must be reported by ``today``, given the input windows HR
set. ``summary`` counts, per unit of the user's scope, what is missing, overdue, in an open window and waiting
for the user, in SQL (six statements whatever the number of lines): what the home page, the inbox and the
reminders page show first. ``collect`` lists the lines themselves for a scope or one unit (through
``lines.load`` plus two statements): the reminders page of one unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import g
from sqlalchemy import and_, func, literal, or_, select

from app.accounts.access import scoped
from app.agreements.models import Agreement, AgreementVersion, Indicator
from app.extensions import db
from app.monitoring import lines as lines_
from app.monitoring.labels import period_label
from app.monitoring.models import PeriodStat, Realisation, ReportingWindow, UnitKpi
from app.monitoring.services import may_verify
from app.monitoring.stats import PERIODS
from app.org.models import Unit, opd_of

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


def _windows(opd_ids: set[int], year: int) -> dict[tuple[int, str], dict[int, ReportingWindow]]:
    """The OPDs' input windows of ``year`` by (OPD, period kind) and period (one statement)."""
    windows: dict[tuple[int, str], dict[int, ReportingWindow]] = {}
    for window in db.session.scalars(select(ReportingWindow).where(
            ReportingWindow.opd_id.in_(opd_ids), ReportingWindow.year == year)):
        windows.setdefault((window.opd_id, window.period_kind), {})[window.period] = window
    return windows


@dataclass(frozen=True)
class UnitCount:
    """One unit's reminders as counts: values missing (of which overdue, and still in an open input window, with
    that window's earliest closing day) and values waiting for the user's verification."""

    unit_id: int
    unit_name: str
    missing: int
    overdue: int
    closing: int
    closes_on: date | None
    waiting: int


@dataclass(frozen=True)
class Summary:
    year: int
    units: tuple[UnitCount, ...] = ()

    @property
    def n_missing(self) -> int:
        return sum(u.missing for u in self.units)

    @property
    def n_overdue(self) -> int:
        return sum(u.overdue for u in self.units)

    @property
    def n_waiting(self) -> int:
        return sum(u.waiting for u in self.units)


def _line_values(year: int, scope):
    """Realisations of ``year`` in ``scope`` that belong to a line, as (unit, source, ...) rows to filter further:
    agreement values whose indicator is in the version in force, and values of active KPIs (two statements)."""
    pk = (select(Realisation.unit_id, literal("pk"), func.count())
          .join(Agreement, Realisation.agreement_id == Agreement.id)
          .join(AgreementVersion, and_(AgreementVersion.agreement_id == Agreement.id,
                                       AgreementVersion.status == "in_force"))
          .join(Indicator, and_(Indicator.version_id == AgreementVersion.id, Indicator.key == Realisation.indicator_key)))
    kpi = (select(Realisation.unit_id, literal("kpi"), func.count())
           .join(UnitKpi, and_(Realisation.kpi_id == UnitKpi.id, UnitKpi.active.is_(True))))
    return [query.join(Unit, Realisation.unit_id == Unit.id).where(Realisation.year == year, scope)
            .group_by(Realisation.unit_id) for query in (pk, kpi)]


def summary(user, year: int, today: date) -> Summary:
    """``_summary``, remembered for the request (the home page shows it in a tile and in the inbox)."""
    remembered = g.setdefault("reminder_summaries", {})
    key = (user.id, year, today)
    if key not in remembered:
        remembered[key] = _summary(user, year, today)
    return remembered[key]


def _summary(user, year: int, today: date) -> Summary:
    """Per unit of ``user``'s scope (``monitoring.view``) that has something missing or waiting, the counts of
    ``collect`` for ``year``, from the kept per-period figures (``PeriodStat``) whatever the number of lines:
    the figures with their units, the OPDs' windows, the user's own submitted values (never theirs to verify)
    and, for a PIHAK KEDUA, the values of the agreements they countersigned: at most six statements."""
    scope = scoped(user, "monitoring.view", Unit)
    rows = db.session.execute(
        select(PeriodStat.unit_id, Unit.name, Unit.path, PeriodStat.period_kind, PeriodStat.period, PeriodStat.lines,
               PeriodStat.reported, PeriodStat.submitted_pk, PeriodStat.submitted_kpi,
               scoped(user, "monitoring.manage", Unit), scoped(user, "monitoring.verify", Unit))
        .join(Unit, PeriodStat.unit_id == Unit.id).where(PeriodStat.year == year, scope)
        .order_by(Unit.path, PeriodStat.period_kind, PeriodStat.period)).all()
    if not rows:
        return Summary(year)
    waiting_status = Realisation.status == "submitted"
    mine: dict[tuple[int, str], int] = {}
    for query in _line_values(year, scope):
        for unit_id, source, n in db.session.execute(query.where(waiting_status, Realisation.entered_by_id == user.id)):
            mine[unit_id, source] = n
    party: dict[int, int] = {}
    if user.employee_id is not None:
        pk = _line_values(year, scope)[0]
        party = dict(db.session.execute(pk.with_only_columns(Realisation.unit_id, func.count()).where(
            waiting_status, AgreementVersion.second_party_id == user.employee_id,
            or_(Realisation.entered_by_id.is_(None), Realisation.entered_by_id != user.id))).tuples().all())
    by_unit: dict[int, list] = {}
    for row in rows:
        by_unit.setdefault(row.unit_id, []).append(row)
    windows = _windows({opd_of(stats[0].path) for stats in by_unit.values()}, year)
    counts = []
    for unit_id, stats in by_unit.items():
        name, path, manages, verifies = stats[0].name, stats[0].path, stats[0][9], stats[0][10]
        missing = overdue = closing = 0
        closes_on = None
        periods = {(stat.period_kind, stat.period): stat for stat in stats}
        for kind in PERIODS:
            if not any(stat.period_kind == kind and stat.lines for stat in stats):
                continue
            for due in due_periods(year, kind, windows.get((opd_of(path), kind), {}), today):
                stat = periods.get((kind, due.period))
                absent = stat.lines - stat.reported if stat is not None else 0
                missing += absent
                overdue += absent if due.overdue else 0
                if absent and due.closes_on is not None and not due.overdue:
                    closing += absent
                    closes_on = min(closes_on or due.closes_on, due.closes_on)
        # who verifies is ``services.may_verify``: HR (monitoring.manage) or PIHAK KEDUA for agreement lines,
        # monitoring.verify for KPIs; never one's own entry
        verify = (sum(stat.submitted_pk for stat in stats) - mine.get((unit_id, "pk"), 0) if manages
                  else party.get(unit_id, 0))
        if verifies:
            verify += sum(stat.submitted_kpi for stat in stats) - mine.get((unit_id, "kpi"), 0)
        if missing or verify:
            counts.append(UnitCount(unit_id, name, missing, overdue, closing, closes_on, verify))
    return Summary(year, tuple(counts))


def collect(user, year: int, today: date, unit_id: int | None = None) -> Reminders:
    """What is missing or waiting for verification in ``user``'s scope (``monitoring.view``) for ``year``, or
    only in the unit ``unit_id`` (one the user reaches).

    Statements: the four of ``lines.load``, then (when there are lines) units and windows. Who verifies what
    is ``services.may_verify``, on the lines' plain values (PIHAK KEDUA: the version in force's second party).
    """
    found = lines_.load(scoped(user, "monitoring.view", Unit) if unit_id is None else Unit.id == unit_id, year)
    if not found:
        return Reminders(year)
    unit_ids = {line.unit_id for line in found}
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(unit_ids)))}
    windows = _windows({opd_of(unit.path) for unit in units.values()}, year)

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
        name, opd, kind = unit.name, opd_of(unit.path), line.period_kind
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
