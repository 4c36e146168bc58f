"""The dashboards' derived figures per unit and quarter, kept in step with what feeds them.

Any flush that touches a realisation, its evidence or corrections, a unit KPI, or an agreement version
(a new version in force changes the targets) marks that unit and year; before the transaction commits the
marked units' rows of ``UnitStat`` (per quarter, for the dashboards) and ``PeriodStat`` (per period, for the
reminders) are rewritten from ``lines`` (six statements per unit). So an OPD dashboard, the home page and the
inbox read a few rows per unit instead of every indicator of every unit.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.agreements.models import Agreement
from app.monitoring import calc, lines
from app.monitoring.models import PeriodStat, Realisation, UnitKpi, UnitStat
from app.org.models import Unit

PERIODS = {"quarter": 4, "month": 12}


def figures(unit_lines: list[lines.Line], quarter: int) -> dict:
    """The figures of one unit up to ``quarter`` (pure: from lines already loaded)."""
    expected = reported = accepted = with_evidence = 0
    pcts = []
    for line in unit_lines:
        periods = ([("quarter", q) for q in range(1, quarter + 1)] if line.period_kind == "quarter"
                   else [("month", m) for m in range(1, 3 * quarter + 1)])
        for kind, period in periods:
            expected += 1
            value = line.value(kind, period)
            if value and value.status in lines.REPORTED:
                reported += 1
                accepted += value.status == "accepted"
                with_evidence += value.evidence > 0
        pcts.append(line.to_date(quarter).pct)
    return {"lines": len(unit_lines), "expected": expected, "reported": reported, "accepted": accepted,
            "with_evidence": with_evidence, "measurable": sum(p is not None for p in pcts),
            "achievement_pct": calc.mean(pcts)}


def period_counts(unit_lines: list[lines.Line]) -> dict[tuple[str, int], dict]:
    """Per (period kind, period) of one unit (pure): its lines of that kind, their values submitted or accepted
    in that period, and the period's values waiting for verification on agreement lines and on KPIs (of any
    line, whatever its kind)."""
    counts: dict[tuple[str, int], dict] = {}

    def row(kind: str, period: int) -> dict:
        return counts.setdefault((kind, period), {"lines": 0, "reported": 0, "submitted_pk": 0, "submitted_kpi": 0})

    for line in unit_lines:
        for period in range(1, PERIODS[line.period_kind] + 1):
            row(line.period_kind, period)["lines"] += 1
        for (kind, period), value in line.values.items():
            if kind == line.period_kind and value.status in lines.REPORTED:
                row(kind, period)["reported"] += 1
            if value.status == "submitted":
                row(kind, period)["submitted_" + line.source] += 1
    return counts


def refresh(session: Session, unit_id: int, year: int) -> None:
    # Two transactions changing values of one unit at once (two app servers): the second waits here for the
    # first to commit, then reads what it committed; else each rewrote the rows from what it saw alone (the
    # later one losing the other's value, or both inserting and one failing on the unique key). The unit's row
    # is locked FOR NO KEY UPDATE (which the foreign-key checks of the same transactions do not conflict
    # with); SQLite, one writer at a time, needs no lock.
    session.execute(select(Unit.id).where(Unit.id == unit_id).with_for_update(key_share=True))
    unit_lines = lines.load(Unit.id == unit_id, year, session)
    session.execute(delete(UnitStat).where(UnitStat.unit_id == unit_id, UnitStat.year == year))
    session.execute(delete(PeriodStat).where(PeriodStat.unit_id == unit_id, PeriodStat.year == year))
    if unit_lines:
        session.add_all([UnitStat(unit_id=unit_id, year=year, quarter=q, **figures(unit_lines, q))
                         for q in range(1, 5)])
        session.add_all([PeriodStat(unit_id=unit_id, year=year, period_kind=kind, period=period, **found)
                         for (kind, period), found in sorted(period_counts(unit_lines).items())])
    session.flush()


def refresh_all(session: Session) -> int:
    """Rebuild every unit's figures (``flask monitoring-refresh``); returns the number of units and years."""
    pairs = set(session.execute(select(Realisation.unit_id, Realisation.year)).tuples())
    pairs |= set(session.execute(select(UnitKpi.unit_id, UnitKpi.year)).tuples())
    pairs |= set(session.execute(select(Agreement.unit_id, Agreement.year)).tuples())
    for unit_id, year in sorted(pairs):
        refresh(session, unit_id, year)
    return len(pairs)
