"""Keeps the dashboards' per-unit figures (``stats``) in step: any flush that touches a realisation, its
evidence or corrections, a unit KPI, or an agreement version marks that unit and year; before the transaction
commits the marked units' figures are rewritten."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.agreements.models import AgreementVersion
from app.monitoring.models import Evidence, Realisation, RealisationChange, UnitKpi
from app.monitoring.stats import refresh

_KEY = "monitoring_dirty_units"


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


def mark(session: Session, unit_id: int, year: int) -> None:
    """A change written outside the unit of work (one UPDATE for many values) marks its unit as a flush does."""
    session.info.setdefault(_KEY, set()).add((unit_id, year))


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

