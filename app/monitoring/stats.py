"""The dashboards' derived figures per unit and quarter, kept in step with what feeds them.

Any flush that touches a realisation, its evidence or corrections, a unit KPI, or an agreement version
(a new version in force changes the targets) marks that unit and year; before the transaction commits the
marked units' rows of ``UnitStat`` are rewritten from ``lines`` (four statements per unit). So an OPD
dashboard reads one row per unit instead of every indicator of every unit.
"""

from __future__ import annotations

from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from app.agreements.models import Agreement, AgreementVersion
from app.monitoring import calc, lines
from app.monitoring.models import Evidence, Realisation, RealisationChange, UnitKpi, UnitStat
from app.org.models import Unit

_KEY = "monitoring_dirty_units"


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


def refresh(session: Session, unit_id: int, year: int) -> None:
    unit_lines = lines.load(Unit.id == unit_id, year)
    session.execute(delete(UnitStat).where(UnitStat.unit_id == unit_id, UnitStat.year == year))
    if unit_lines:
        session.add_all([UnitStat(unit_id=unit_id, year=year, quarter=q, **figures(unit_lines, q))
                         for q in range(1, 5)])
    session.flush()


def refresh_all(session: Session) -> int:
    """Rebuild every unit's figures (``flask monitoring-refresh``); returns the number of units and years."""
    pairs = set(session.execute(select(Realisation.unit_id, Realisation.year)).tuples())
    pairs |= set(session.execute(select(UnitKpi.unit_id, UnitKpi.year)).tuples())
    pairs |= set(session.execute(select(Agreement.unit_id, Agreement.year)).tuples())
    for unit_id, year in sorted(pairs):
        refresh(session, unit_id, year)
    return len(pairs)


def _unit_year(obj) -> tuple[int, int] | None:
    if isinstance(obj, Realisation):
        return obj.unit_id, obj.year
    if isinstance(obj, (Evidence, RealisationChange)):
        realisation = obj.realisation
        return (realisation.unit_id, realisation.year) if realisation is not None else None
    if isinstance(obj, UnitKpi):
        return obj.unit_id, obj.year
    if isinstance(obj, AgreementVersion) and obj.status in ("in_force", "superseded"):
        agreement = obj.agreement  # a version coming into force (or leaving it) changes the targets
        return (agreement.unit_id, agreement.year) if agreement is not None else None
    return None


@event.listens_for(Session, "after_flush")
def _mark(session: Session, flush_context) -> None:
    if session.info.get("refreshing_stats"):
        return
    dirty = session.info.setdefault(_KEY, set())
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        found = _unit_year(obj)
        if found and None not in found:
            dirty.add(found)


@event.listens_for(Session, "before_commit")
def _refresh(session: Session) -> None:
    session.flush()  # what is still pending marks its units too
    dirty = session.info.pop(_KEY, set())
    if not dirty:
        return
    session.info["refreshing_stats"] = True
    try:
        for unit_id, year in sorted(dirty):
            refresh(session, unit_id, year)
    finally:
        session.info.pop("refreshing_stats", None)

