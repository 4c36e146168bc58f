"""The dashboards: the unit (and OPD) page, one indicator, and the agreement page's link to its grid.

Drill-down: OPD dashboard (units ranked) → unit dashboard (indicators by quarter) → indicator (its periods
and trend) → realisation (value, history, evidence files; see ``realisation``).
"""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access, scoped
from app.agreements.models import Agreement
from app.core.htmx import render
from app.extensions import db
from app.monitoring import chart, lines, services, settings
from app.monitoring.labels import QUARTER_LABELS, period_label, status_labels
from app.monitoring.models import UnitStat
from app.monitoring.routes import bp
from app.org import years
from app.org.models import Unit


def year_asked(unit: Unit) -> int:
    """The year asked for (and kept), else the one the user picked before, else the working year."""
    return years.year_asked(current_user)


def period_asked() -> tuple[str, int]:
    """(kind, period) from the form or query string: this year's first quarter when missing; wrong → 404."""
    kind = request.values.get("kind", "quarter")
    period = request.values.get("period", 1, type=int)
    if kind not in services.PERIODS or not 1 <= period <= services.PERIODS[kind]:
        abort(404)
    return kind, period


@bp.get("/monitoring")
@access("monitoring.view")
def index():
    """The dashboard of the highest unit the user can see."""
    stmt = select(Unit).where(scoped(current_user, "monitoring.view", Unit))
    unit = db.session.scalar(stmt.order_by(Unit.depth, Unit.sort_order, Unit.name).limit(1))
    if unit is None:
        abort(404)
    return redirect(url_for("monitoring.unit", unit_id=unit.id))


@bp.get("/monitoring/unit/<int:unit_id>")
@access("monitoring.view", unit_id=Unit)
def unit(unit):
    """One unit: its own indicators by quarter, and (when it has sub-units) the ranking of its subtree."""
    year = year_asked(unit)
    quarter = request.args.get("quarter", type=int)
    stats = db.session.execute(
        select(UnitStat, Unit.name, Unit.path).join(Unit, UnitStat.unit_id == Unit.id)
        .where(Unit.path.startswith(unit.path, autoescape=True), UnitStat.year == year)).all()
    latest = chart.latest_quarter([s for s, _name, _path in stats])
    if quarter is None:
        quarter = latest
    if not 1 <= quarter <= 4:
        abort(404)
    rating = settings.rating_preset(unit)
    ranking = chart.ranking([(s, name) for s, name, _path in stats if s.quarter == quarter and s.unit_id != unit.id],
                            rating, settings.score)
    trend = chart.trend(stats, latest)
    own = lines.for_unit(unit, year)
    has_months = any(line.period_kind == "month" for line in own)
    this_quarter = [s for s, _name, _path in stats if s.quarter == quarter and s.lines]
    return render("monitoring/unit.html", unit=unit, year=year, quarter=quarter, ranking=ranking, trend=trend,
                  lines=own, rating=rating, statuses=status_labels(), has_months=has_months,
                  rating_bands=settings.bands_text(rating), units_with_lines=len(this_quarter),
                  units_reporting=sum(1 for s in this_quarter if s.reported),
                  own_stat=next((s for s, _n, _p in stats if s.unit_id == unit.id and s.quarter == quarter), None),
                  bands={line.ref: chart.band(line.to_date(quarter).pct, rating)[1] for line in own})


@bp.get("/monitoring/unit/<int:unit_id>/line/<ref>")
@access("monitoring.view", unit_id=Unit)
def line(unit, ref: str):
    """One indicator of the unit: every period with target, realisation, achievement and evidence."""
    year = year_asked(unit)
    found = lines.find(unit, year, ref)
    if found is None:
        abort(404)
    kind = found.period_kind
    periods = [(p, period_label(kind, p, short=True), found.period_target(kind, p), found.value(kind, p),
                found.achievement(kind, p)) for p in range(1, services.PERIODS[kind] + 1)]
    to_date = [found.to_date(q) for q in range(1, 5)]
    latest = max((q for q in range(1, 5) if found.quarter_value(q) is not None), default=0)
    return render("monitoring/line.html", unit=unit, year=year, line=found, periods=periods, kind=kind,
                  to_date=to_date, statuses=status_labels(),
                  svg=chart.line_trend([(str(QUARTER_LABELS[q]), a.pct if q < latest else None)
                                        for q, a in enumerate(to_date)]))


@bp.get("/monitoring/<int:agreement_id>")
@access("monitoring.view", agreement_id=Agreement)
def report(agreement):
    """The agreement page's "Realisation" link: its unit's grid for that year."""
    if agreement.in_force is None:
        abort(404)
    kind, period = period_asked()
    return redirect(url_for("monitoring.grid", unit_id=agreement.unit_id, year=agreement.year, kind=kind,
                            period=period))
