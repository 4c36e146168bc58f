"""A unit's own KPIs (outside any agreement) and the input windows of an OPD. Services flush; the route commits.

UPT, panti and satpel report on indicators of their own: a ``UnitKpi`` has the same targets as an agreement's
indicator and the same rules (``app.agreements.rules``). A KPI is never deleted, only retired, so what was
reported on it stays. Input windows (``ReportingWindow``) say when units may enter a period's realisation;
HR sets them once per OPD, on its root unit. After a window closes only HR enters, and the value is marked late.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.accounts.access import can
from app.agreements import rules
from app.agreements.models import PERIOD_KINDS
from app.core.db import check_version
from app.core.errors import Refused
from app.extensions import db
from app.monitoring.models import ReportingWindow, UnitKpi
from app.org.models import Unit

KPI_FIELDS = ("name", "satuan", "polarity", "target", "target_min", "target_max", "tw1", "tw2", "tw3", "tw4",
              "aggregation", "period_kind", "month_targets", "cap_pct", "definition", "data_source")
DEFAULTS = {"definition": "", "data_source": "", "period_kind": "quarter", "aggregation": "sum", "polarity": "higher"}
PERIODS = {"quarter": 4, "month": 12}


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise Refused(_l("Choose a year between 2000 and 2100."), "year")


def _target_problem(data: dict) -> tuple[str, str] | None:
    """The first thing wrong with the targets, as (message, field); None when they are fine."""
    quarters = tuple(data.get(f"tw{i}") for i in range(1, 5))
    problems = rules.check_targets(data["polarity"], data.get("target"), data.get("target_min"),
                                   data.get("target_max"), quarters, data["aggregation"], "")
    problems += rules.check_months(data.get("period_kind") or "quarter", data.get("month_targets"))
    if not problems:
        return None
    problem = problems[0]
    if problem.field == "quarter_note":  # a KPI has no note explaining the difference: the quarters must agree
        given = rules.aggregate(tuple(q for q in quarters if q is not None), data["aggregation"])
        return (_l("The quarterly targets do not give the annual target (they give %(value)s): correct them, "
                   "or leave all four empty.", value=rules.format_number(given)), "tw1")
    return problem.message, problem.field


def save_kpi(unit: Unit, year: int, user, data: dict, kpi: UnitKpi | None = None,
             expected: int | None = None) -> UnitKpi:
    """Add a KPI to ``unit`` for ``year``, or change ``kpi``; ``data`` is ``MeasureForm.measure_values()``."""
    if kpi is not None:
        check_version(kpi, expected)
        if not kpi.active:
            raise Refused(_l("This KPI has been retired and can no longer be changed."))
        unit, year = kpi.unit, kpi.year
    if not can(user, "monitoring.kpi", unit):
        raise Refused(_l("Your roles do not allow you to define this unit's KPIs."))
    _check_year(year)
    problem = _target_problem(data)
    if problem:
        raise Refused(*problem)
    if data["polarity"] == "range":
        data = dict(data, target=None)
    else:
        data = dict(data, target_min=None, target_max=None)
    if data.get("period_kind") != "month":
        data = dict(data, month_targets=None)
    if kpi is None:
        last = db.session.scalar(select(func.max(UnitKpi.position)).where(UnitKpi.unit_id == unit.id,
                                                                          UnitKpi.year == year))
        kpi = UnitKpi(unit_id=unit.id, unit=unit, year=year, position=(last or 0) + 1, active=True)
        db.session.add(kpi)
    for field in KPI_FIELDS:
        value = data.get(field)
        if value is None and field in DEFAULTS:
            value = DEFAULTS[field]
        if field == "cap_pct" and value is None:
            continue  # the column's default (120 %)
        setattr(kpi, field, value)
    db.session.flush()
    return kpi


def retire_kpi(kpi: UnitKpi, user, expected: int | None = None) -> UnitKpi:
    """Stop reporting on a KPI. It is kept, with what was reported on it."""
    check_version(kpi, expected)
    if not can(user, "monitoring.kpi", kpi):
        raise Refused(_l("Your roles do not allow you to define this unit's KPIs."))
    if kpi.active:
        kpi.active = False
        db.session.flush()
    return kpi


def is_opd_root(unit: Unit) -> bool:
    return unit.parent_id is None and unit.kind == "opd"


def windows(opd: Unit, year: int) -> dict[tuple[str, int], ReportingWindow]:
    """The OPD's windows of the year, by (period kind, period)."""
    found = db.session.scalars(select(ReportingWindow).where(ReportingWindow.opd_id == opd.id,
                                                             ReportingWindow.year == year))
    return {(w.period_kind, w.period): w for w in found}


def save_window(opd: Unit, year: int, kind: str, period: int, opens_on: date | None, closes_on: date | None,
                user) -> ReportingWindow | None:
    """Set (or, with both dates empty, remove) when units of ``opd`` may enter one period of ``year``."""
    if not is_opd_root(opd):
        raise Refused(_l("Input windows are set for a whole OPD, on its top unit."))
    if not can(user, "monitoring.manage", opd):
        raise Refused(_l("Only HR sets the input windows."))
    _check_year(year)
    if kind not in PERIOD_KINDS or not isinstance(period, int) or not 1 <= period <= PERIODS[kind]:
        raise Refused(_l("There is no such period."), "period")
    window = windows(opd, year).get((kind, period))
    if opens_on is None and closes_on is None:
        if window is not None:
            db.session.delete(window)
            db.session.flush()
        return None
    if opens_on is None:
        raise Refused(_l("Give the opening date too, or leave both dates empty to remove the window."), "opens_on")
    if closes_on is None:
        raise Refused(_l("Give the closing date too, or leave both dates empty to remove the window."), "closes_on")
    if opens_on > closes_on:
        raise Refused(_l("The closing date is before the opening date."), "closes_on")
    if window is None:
        window = ReportingWindow(opd_id=opd.id, year=year, period_kind=kind, period=period)
        db.session.add(window)
    window.opens_on, window.closes_on = opens_on, closes_on
    db.session.flush()
    return window
