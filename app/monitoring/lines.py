"""What a unit reports on, read in a fixed number of statements whatever the size of the OPD.

A *line* is one indicator of an agreement in force or one unit KPI, flattened into plain values, with its
realisations keyed by (period kind, period). Dashboards, the grid, reminders and the Excel round-trip all
read through here, so they agree on what exists and what counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from app.agreements.models import Agreement, AgreementVersion, Indicator, Sasaran
from app.extensions import db
from app.monitoring import calc
from app.monitoring.models import Evidence, Realisation, UnitKpi
from app.org.models import Employee, Unit

REPORTED = ("submitted", "accepted")  # what dashboards count: drafts are the unit's own business


@dataclass(frozen=True)
class Value:
    """A realisation as the screens need it (plain values, no ORM object)."""

    id: int
    value: Decimal | None
    status: str
    late: bool
    version: int
    note: str
    returned_note: str
    entered_by_id: int | None
    evidence: int  # number of files


@dataclass
class Line:
    ref: str  # "pk:<agreement id>:<key>" or "kpi:<kpi id>"
    unit_id: int
    source: str  # "pk" or "kpi"
    subject_id: int  # the agreement's or the KPI's id
    key: str
    name: str
    satuan: str
    polarity: str
    target: Decimal | None
    target_min: Decimal | None
    target_max: Decimal | None
    quarters: tuple[Decimal | None, ...]
    months: tuple[Decimal | None, ...]
    aggregation: str
    period_kind: str
    cap: Decimal
    official: str = ""  # the agreement's first party
    official_id: int | None = None  # PIHAK PERTAMA (enters too)
    superior_id: int | None = None  # PIHAK KEDUA of the version in force (verifies)
    position: tuple = ()
    values: dict[tuple[str, int], Value] = field(default_factory=dict)

    def period_target(self, kind: str, period: int) -> Decimal | None:
        if kind == "month":
            return self.months[period - 1]
        return self.quarters[period - 1] if self.quarters[period - 1] is not None else None

    def value(self, kind: str, period: int) -> Value | None:
        return self.values.get((kind, period))

    def achievement(self, kind: str, period: int, reported_only: bool = False) -> calc.Achievement:
        """The period's achievement; without a target of its own, against the annual one (``calc.for_period``)."""
        found = [self.value(kind, p) for p in range(1, period + 1)]
        values = [v.value if v and (not reported_only or v.status in REPORTED) else None for v in found]
        return calc.for_period(self.polarity, values, self.months if kind == "month" else self.quarters,
                               self.target, self.aggregation, period, self.target_min, self.target_max, self.cap)

    def quarter_value(self, quarter: int, reported_only: bool = True) -> Decimal | None:
        """The quarter's realisation: its own value, or its months aggregated for a monthly line."""
        if self.period_kind == "quarter":
            found = self.value("quarter", quarter)
            return found.value if found and (not reported_only or found.status in REPORTED) else None
        months = [self.value("month", m) for m in range(3 * quarter - 2, 3 * quarter + 1)]
        return calc.aggregate([v.value if v and (not reported_only or v.status in REPORTED) else None
                               for v in months], self.aggregation)

    def to_date(self, quarter: int) -> calc.Achievement:
        """Achievement of the year up to and including ``quarter``, from reported values."""
        values = [self.quarter_value(q) for q in range(1, 5)]
        return calc.year_to_date(self.polarity, self.quarters, values, self.aggregation, quarter, self.target,
                                 self.target_min, self.target_max, self.cap)

    def statuses(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for v in self.values.values():
            counts[v.status] += 1
        return counts


def _indicator_lines(session, unit_filter, year: int) -> list[Line]:
    rows = session.execute(
        select(Indicator, Agreement.id, Agreement.unit_id, Employee.name, Sasaran.position, Agreement.first_party_id,
               AgreementVersion.second_party_id)
        .join(AgreementVersion, Indicator.version_id == AgreementVersion.id)
        .join(Agreement, AgreementVersion.agreement_id == Agreement.id)
        .join(Sasaran, Indicator.sasaran_id == Sasaran.id)
        .join(Employee, Agreement.first_party_id == Employee.id)
        .join(Unit, Agreement.unit_id == Unit.id)
        .where(AgreementVersion.status == "in_force", Agreement.year == year, unit_filter)
    ).all()
    return [Line(f"pk:{agreement_id}:{i.key}", unit_id, "pk", agreement_id, i.key, i.name, i.satuan, i.polarity,
                 i.target, i.target_min, i.target_max, i.quarters, i.months, i.aggregation, i.period_kind,
                 i.cap_pct, official, official_id, superior_id, (0, agreement_id, s_pos, i.position))
            for i, agreement_id, unit_id, official, s_pos, official_id, superior_id in rows]


def _kpi_lines(session, unit_filter, year: int) -> list[Line]:
    kpis = session.scalars(select(UnitKpi).join(Unit, UnitKpi.unit_id == Unit.id)
                              .where(UnitKpi.year == year, UnitKpi.active.is_(True), unit_filter))
    return [Line(f"kpi:{k.id}", k.unit_id, "kpi", k.id, k.key, k.name, k.satuan, k.polarity, k.target, k.target_min,
                 k.target_max, k.quarters, k.months, k.aggregation, k.period_kind, k.cap_pct, "", None, None,
                 (1, k.position, k.id))
            for k in kpis]


def load(unit_filter, year: int, session=None) -> list[Line]:
    """Every line of the units matching ``unit_filter`` (a condition on ``Unit``) with its realisations, read in
    ``session`` (the app's by default).

    Three statements: indicators, KPIs, realisations with their evidence counts.
    """
    session = session if session is not None else db.session
    lines = _indicator_lines(session, unit_filter, year) + _kpi_lines(session, unit_filter, year)
    by_pk = {(line.subject_id, line.key): line for line in lines if line.source == "pk"}
    by_kpi = {line.subject_id: line for line in lines if line.source == "kpi"}
    evidence = (select(func.count(Evidence.id)).where(Evidence.realisation_id == Realisation.id)
                .correlate(Realisation).scalar_subquery())  # per row: never aggregates the whole table
    rows = session.execute(
        select(Realisation.id, Realisation.agreement_id, Realisation.kpi_id, Realisation.indicator_key,
               Realisation.period_kind, Realisation.period, Realisation.value, Realisation.status, Realisation.late,
               Realisation.version, Realisation.note, Realisation.returned_note, Realisation.entered_by_id, evidence)
        .join(Unit, Realisation.unit_id == Unit.id)
        .where(Realisation.year == year, unit_filter))
    for (rid, agreement_id, kpi_id, key, kind, period, value, status, late, version, note, returned, entered_by,
         n) in rows:
        line = by_pk.get((agreement_id, key)) if agreement_id is not None else by_kpi.get(kpi_id)
        if line is not None:
            line.values[(kind, period)] = Value(rid, value, status, late, version, note, returned, entered_by, n)
    lines.sort(key=lambda line: (line.unit_id, line.position))
    return lines


def for_unit(unit: Unit, year: int) -> list[Line]:
    return load(Unit.id == unit.id, year)


def for_subtree(unit: Unit, year: int) -> list[Line]:
    return load(Unit.path.startswith(unit.path, autoescape=True), year)


def subject(line: Line) -> Agreement | UnitKpi | None:
    """What the line reports on: its agreement, or the unit KPI."""
    return db.session.get(Agreement if line.source == "pk" else UnitKpi, line.subject_id)


def find(unit: Unit, year: int, ref: str) -> Line | None:
    return next((line for line in for_unit(unit, year) if line.ref == ref), None)
