"""Monitoring screens: the unit (and OPD) dashboard, the period grid, one indicator, one realisation.

Drill-down: OPD dashboard (units ranked) → unit dashboard (indicators by quarter) → indicator (its periods
and trend) → realisation (value, history, evidence files). The grid saves one cell at a time with htmx.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import access, scope_clause
from app.agreements.forms import TargetField
from app.agreements.models import Agreement
from app.core import files
from app.core.clock import agency_today
from app.core.errors import Conflict, Refused
from app.core.formatting import format_number
from app.core.forms import EmptyForm, VersionedForm
from app.core.htmx import is_htmx, redirect_htmx, render
from app.extensions import db
from app.monitoring import (  # noqa: F401  (the other modules register their routes)
    calc,
    chart,
    excel_routes,
    lines,
    reminders_routes,
    services,
    settings,
    setup_routes,
)
from app.monitoring.blueprint import bp
from app.monitoring.models import Evidence, Realisation, RealisationChange, UnitKpi, UnitStat
from app.org.models import Unit

ROMAN = ("I", "II", "III", "IV")


def period_label(kind: str, period: int) -> str:
    if kind == "month":
        return chart.month_names()[period - 1]
    return f"Tw {ROMAN[period - 1]}"


def status_labels() -> dict[str, str]:
    return {"draft": _("draft"), "submitted": _("submitted"), "accepted": _("accepted"), "returned": _("returned")}


def _year(unit: Unit) -> int:
    """The year asked for, else the latest year with something to report in the unit's subtree."""
    year = request.args.get("year", type=int)
    if year is not None:
        if not 2000 <= year <= 2100:
            abort(404)
        return year
    subtree = Unit.path.startswith(unit.path, autoescape=True)
    found = db.session.scalar(select(func.max(UnitStat.year)).join(Unit, UnitStat.unit_id == Unit.id).where(subtree))
    return found or agency_today().year


def _period() -> tuple[str, int]:
    kind = request.values.get("kind", "quarter")
    period = request.values.get("period", 1, type=int)
    if kind not in services.PERIODS or not 1 <= period <= services.PERIODS[kind]:
        abort(404)
    return kind, period


def _rights(unit: Unit, line: lines.Line) -> dict:
    return {"enter": services.may_enter(current_user, unit, line.official_id),
            "verify": services.may_verify(current_user, unit, line.source, line.superior_id)}


# -- dashboards ------------------------------------------------------------------------------------------

@bp.get("/monitoring")
@access("monitoring.view")
def index():
    """The dashboard of the highest unit the user can see."""
    prefixes = sorted({a.unit_path for a in current_user.roles})
    stmt = select(Unit).where(scope_clause(current_user, "monitoring.view", Unit.path))
    unit = db.session.scalar(stmt.order_by(Unit.depth, Unit.sort_order, Unit.name).limit(1))
    if unit is None or not prefixes:
        abort(404)
    return redirect(url_for("monitoring.unit", unit_id=unit.id))


@bp.get("/monitoring/unit/<int:unit_id>")
@access("monitoring.view", unit_id=Unit)
def unit(unit):
    """One unit: its own indicators by quarter, and (when it has sub-units) the ranking of its subtree."""
    year = _year(unit)
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
                            rating)
    trend = chart.trend(stats, latest)
    own = lines.for_unit(unit, year)
    has_months = any(line.period_kind == "month" for line in own)
    return render("monitoring/unit.html", unit=unit, year=year, quarter=quarter, ranking=ranking, trend=trend,
                  lines=own, rating=rating, fmt=format_number, statuses=status_labels(), has_months=has_months,
                  own_stat=next((s for s, _n, _p in stats if s.unit_id == unit.id and s.quarter == quarter), None),
                  band=lambda pct: chart.band(pct, rating), score=settings.score,
                  kpi_count=sum(line.source == "kpi" for line in own))


@bp.get("/monitoring/unit/<int:unit_id>/line/<ref>")
@access("monitoring.view", unit_id=Unit)
def line(unit, ref: str):
    """One indicator of the unit: every period with target, realisation, achievement and evidence."""
    year = _year(unit)
    found = lines.find(unit, year, ref)
    if found is None:
        abort(404)
    kind = found.period_kind
    periods = [(p, period_label(kind, p), found.period_target(kind, p), found.value(kind, p),
                found.achievement(kind, p)) for p in range(1, services.PERIODS[kind] + 1)]
    to_date = [found.to_date(q) for q in range(1, 5)]
    latest = max((q for q in range(1, 5) if found.quarter_value(q) is not None), default=0)
    return render("monitoring/line.html", unit=unit, year=year, line=found, periods=periods, kind=kind,
                  to_date=to_date, fmt=format_number, statuses=status_labels(),
                  svg=chart.line_trend([(f"Tw {ROMAN[q]}", a.pct if q < latest else None)
                                        for q, a in enumerate(to_date)]))


# -- the grid --------------------------------------------------------------------------------------------

class CellForm(VersionedForm):
    value = TargetField()


def _grid_context(unit: Unit, year: int, kind: str, period: int) -> dict:
    return {"unit": unit, "year": year, "kind": kind, "period": period, "fmt": format_number,
            "statuses": status_labels(), "label": period_label(kind, period), "empty": EmptyForm(),
            "rights": lambda line: _rights(unit, line), "me": current_user.id}


@bp.get("/monitoring/unit/<int:unit_id>/grid")
@access("monitoring.view", unit_id=Unit)
def grid(unit):
    """A unit's period: every indicator in one table, each value saved in place as it is typed."""
    year = _year(unit)
    kind, period = _period()
    all_lines = lines.for_unit(unit, year)
    rows = [line for line in all_lines if line.period_kind == kind]
    kinds = sorted({line.period_kind for line in all_lines}, key=list(services.PERIODS).index)
    return render("monitoring/grid.html", rows=rows, kinds=kinds, window=services.window_of(unit, year, kind, period),
                  **_grid_context(unit, year, kind, period))


@bp.post("/monitoring/unit/<int:unit_id>/cell")
@access("monitoring.view", unit_id=Unit)
def cell(unit):
    """Save, submit, accept or return one value of the grid; answers the row (422 with the error)."""
    year = request.form.get("year", type=int) or abort(404)
    kind, period = _period()
    ref = request.form.get("ref", "")
    row = lines.find(unit, year, ref)
    if row is None or row.period_kind != kind:
        abort(404)
    subject = _subject(row)
    form = CellForm()
    action = request.form.get("action", "save")
    error = None
    try:
        if not form.validate_on_submit():
            raise Refused(" ".join(str(e) for errors in form.errors.values() for e in errors), "value")
        realisation = services.find(subject, row.key, kind, period)
        if action == "save":
            value = form.value.data if isinstance(form.value.data, Decimal) else None
            services.enter(subject, row.key, period, value, request.form.get("note", "")[:2000].strip(), current_user,
                           agency_today(), kind=kind, expected=form.version.data)
        elif realisation is None:
            raise Refused(_("Enter the value before submitting it."), "value")
        elif action == "submit":
            services.submit(realisation, current_user, form.version.data)
        elif action in ("accept", "return"):
            services.verify(realisation, current_user, action == "accept", request.form.get("return_note", ""),
                            form.version.data)
        else:
            abort(400)
    except Conflict:
        db.session.rollback()
        error = _("Someone else changed this value after you opened the page: this row now shows their value. "
                  "Check it and enter yours again.")
    except Refused as refused:
        db.session.rollback()
        error = str(refused.message)
    else:
        db.session.commit()
    if not is_htmx():
        if error:
            flash(error, "error")
        return redirect(url_for("monitoring.grid", unit_id=unit.id, year=year, kind=kind, period=period), code=303)
    fresh = lines.find(unit, year, ref)
    typed = request.form.get("value", "") if error and action == "save" else None
    return render("monitoring/grid.html", fragment="row", status=422 if error else 200, line=fresh, error=error,
                  typed=typed, **_grid_context(unit, year, kind, period))


def _subject(line: lines.Line):
    model = UnitKpi if line.source == "kpi" else Agreement
    return db.session.get(model, line.subject_id)


# -- one realisation: evidence and corrections -----------------------------------------------------------

def _realisation_page(realisation: Realisation, status: int = 200, errors: dict | None = None):
    subject = realisation.subject
    row = lines.find(realisation.unit, realisation.year, _ref(realisation))
    if row is None:
        abort(404)
    editable = realisation.status in ("draft", "returned")
    return render("monitoring/realisation.html", status=status, r=realisation, line=row, fmt=format_number,
                  statuses=status_labels(), label=period_label(realisation.period_kind, realisation.period),
                  enter=services.can_enter(current_user, subject), editable=editable,
                  verify=services.can_verify(current_user, subject), empty=EmptyForm(), errors=errors or {},
                  achievement=row.achievement(realisation.period_kind, realisation.period),
                  max_mb=services.evidence_limit() // 2**20, me=current_user.id)


def _ref(realisation: Realisation) -> str:
    if realisation.kpi_id is not None:
        return f"kpi:{realisation.kpi_id}"
    return f"pk:{realisation.agreement_id}:{realisation.indicator_key}"


@bp.get("/monitoring/realisations/<int:realisation_id>")
@access("monitoring.view", realisation_id=Realisation)
def realisation(realisation):
    return _realisation_page(realisation)


def _act(realisation: Realisation, call, done: str, error_key: str | None):
    """Run one service call on a realisation's page: commit and go back, or show the page with the refusal
    under ``error_key`` (None: under the field the refusal names)."""
    try:
        call()
    except Refused as refused:
        db.session.rollback()
        return _realisation_page(realisation, 422, {error_key or refused.field or "reason": str(refused.message)})
    db.session.commit()
    flash(done, "success")
    return redirect_htmx(url_for("monitoring.realisation", realisation_id=realisation.id))


def _need_csrf() -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)


def _upload(realisation: Realisation) -> None:
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise Refused(_("Choose a file to upload."), "file")
    services.add_evidence(realisation, current_user, upload.filename, upload.read())


@bp.post("/monitoring/realisations/<int:realisation_id>/evidence")
@access("monitoring.view", realisation_id=Realisation)
def evidence_upload(realisation):
    _need_csrf()
    return _act(realisation, lambda: _upload(realisation), _("The file was added."), "file")


@bp.post("/monitoring/evidence/<int:evidence_id>/delete")
@access("monitoring.view", evidence_id=Evidence)
def evidence_delete(evidence):
    _need_csrf()
    return _act(evidence.realisation, lambda: services.remove_evidence(evidence, current_user),
                _("The file was removed."), "file")


@bp.get("/monitoring/evidence/<int:evidence_id>")
@access("monitoring.view", evidence_id=Evidence)
def evidence_file(evidence):
    """The file as stored; PDFs and images open in the browser (preview), workbooks download."""
    inline = evidence.mime != services.XLSX[1]
    try:
        data = files.path_of(evidence.file_name).read_bytes()
    except FileNotFoundError:
        abort(404)
    response = send_file(BytesIO(data), mimetype=evidence.mime, as_attachment=not inline,
                         download_name=evidence.original_name, max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; " \
                                                  "object-src 'self'; frame-ancestors 'self'"
    return response


class CorrectionForm(VersionedForm):
    value = TargetField()


def _request_correction(realisation: Realisation) -> None:
    form = CorrectionForm()
    if not form.validate_on_submit():
        raise Refused(" ".join(str(e) for errors in form.errors.values() for e in errors), "value")
    value = form.value.data if isinstance(form.value.data, Decimal) else None
    services.request_correction(realisation, current_user, value, request.form.get("reason", "")[:2000])


@bp.post("/monitoring/realisations/<int:realisation_id>/correction")
@access("monitoring.view", realisation_id=Realisation)
def correction(realisation):
    return _act(realisation, lambda: _request_correction(realisation),
                _("The correction was requested; the verifier decides."), None)


@bp.post("/monitoring/corrections/<int:change_id>")
@access("monitoring.view", change_id=RealisationChange)
def correction_decide(change):
    _need_csrf()
    return _act(change.realisation, lambda: services.decide_correction(
        change, current_user, request.form.get("decision") == "approve"), _("Decided."), "correction")


@bp.get("/monitoring/<int:agreement_id>")
@access("agreements.view", agreement_id=Agreement)
def report(agreement):
    """The agreement page's "Realisation" link: its unit's grid for that year."""
    if agreement.in_force is None:
        abort(404)
    kind, period = _period()
    return redirect(url_for("monitoring.grid", unit_id=agreement.unit_id, year=agreement.year, kind=kind,
                            period=period))
