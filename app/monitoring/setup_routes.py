"""Setting up monitoring: a unit's own KPIs, and the input windows HR opens for each period of the year."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from app.accounts.access import access
from app.agreements.forms import MeasureForm
from app.core.clock import agency_today
from app.core.errors import Conflict, Refused
from app.core.forms import Form, VersionedForm, add_refusal, submit
from app.core.htmx import is_htmx, redirect_htmx, render
from app.extensions import db
from app.monitoring import kpis
from app.monitoring.blueprint import bp
from app.monitoring.models import UnitKpi
from app.org.models import Unit


def _year() -> int:
    year = request.args.get("year", type=int) or agency_today().year
    if not 2000 <= year <= 2100:
        abort(404)
    return year



def _unit_url(unit: Unit, year: int) -> str:
    return url_for("monitoring.unit", unit_id=unit.id, year=year)


# -- unit KPIs ------------------------------------------------------------------------------------------------

def _kpi_page(form, unit: Unit, year: int, title: str, action: str, status: int = 200, kpi: UnitKpi | None = None):
    return render("monitoring/kpi_form.html", "form", status=status, form=form, unit=unit, year=year, title=title,
                  action=action, back=_unit_url(unit, year), kpi=kpi, retire=kpi is not None and kpi.active)


def _kpi(form: MeasureForm, unit: Unit, year: int, title: str, action: str, done: str, kpi: UnitKpi | None = None):
    """Save the KPI through the service, or answer the form again: 422 with errors, 409 when changed meanwhile."""
    if request.method == "GET" and kpi is not None:
        form.version.data = kpi.version
    saved, status = submit(form, lambda: kpis.save_kpi(unit, year, current_user, form.measure_values(), kpi,
                                                        form.version.data),
                           field=None, conflict=_("Someone else changed this KPI after you opened the form. Your "
                                                  "entries are kept below: check the KPI, then save again."))
    if saved:
        flash(done, "success")
        return redirect_htmx(_unit_url(unit, year))
    if status == 409:
        form.version.data = kpi.version
    return _kpi_page(form, unit, year, title, action, status, kpi)


@bp.route("/monitoring/unit/<int:unit_id>/kpis/new", methods=["GET", "POST"])
@access("monitoring.kpi", unit_id=Unit)
def kpi_new(unit):
    year = _year()
    return _kpi(MeasureForm(), unit, year, _("New KPI of %(unit)s, %(year)s", unit=unit.name, year=year),
                url_for("monitoring.kpi_new", unit_id=unit.id, year=year), _("KPI added."))


@bp.route("/monitoring/kpis/<int:kpi_id>/edit", methods=["GET", "POST"])
@access("monitoring.kpi", kpi_id=UnitKpi)
def kpi_edit(kpi):
    return _kpi(MeasureForm(obj=kpi), kpi.unit, kpi.year, _("Edit KPI"),
                url_for("monitoring.kpi_edit", kpi_id=kpi.id), _("Changes saved."), kpi)


@bp.post("/monitoring/kpis/<int:kpi_id>/retire")
@access("monitoring.kpi", kpi_id=UnitKpi)
def kpi_retire(kpi):
    form = VersionedForm()
    form.validate_on_submit()
    back = _unit_url(kpi.unit, kpi.year)
    try:
        kpis.retire_kpi(kpi, current_user, form.version.data)
    except Conflict:
        db.session.rollback()
        flash(_("Someone else changed this KPI after you opened the page. Check it and try again."), "error")
        return redirect_htmx(back)
    except Refused as refused:
        flash(str(refused.message), "error")
        return redirect_htmx(back)
    db.session.commit()
    flash(_("KPI retired. What was reported on it is kept."), "success")
    return redirect_htmx(back)


# -- input windows --------------------------------------------------------------------------------------------

class WindowForm(Form):
    period_kind = StringField(widget=HiddenInput())
    period = IntegerField(widget=HiddenInput(), validators=[Optional()])
    opens_on = DateField(_l("Opens"), validators=[Optional()])
    closes_on = DateField(_l("Closes"), validators=[Optional()])


ROMAN = ("I", "II", "III", "IV")


def _periods() -> list[tuple[str, int, str]]:
    quarters = [("quarter", p, f"Tw {ROMAN[p - 1]}") for p in range(1, 5)]
    months = [("month", m, format_date(date(2000, m, 1), "MMMM")) for m in range(1, 13)]
    return quarters + months


def _state(window, today: date) -> str:
    if window is None:
        return _("No window: entry is always open")
    if today < window.opens_on:
        return _("Not open yet")
    if today > window.closes_on:
        return _("Closed: only HR enters, marked late")
    return _("Open now")


def _row(kind: str, period: int, label: str, window, today: date, form: WindowForm | None = None,
         saved: bool = False) -> dict:
    row = {"kind": kind, "period": period, "label": label, "id": f"{kind}-{period}", "window": window,
           "state": _state(window, today), "saved": saved, "errors": {},
           "opens_on": window.opens_on.isoformat() if window else "",
           "closes_on": window.closes_on.isoformat() if window else ""}
    if form is not None and form.errors:
        row["errors"] = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        row["opens_on"], row["closes_on"] = form.opens_on._value(), form.closes_on._value()
    return row


def _rows(opd: Unit, year: int, today: date, failed: WindowForm | None = None) -> list[dict]:
    found = kpis.windows(opd, year)
    rows = []
    for kind, period, label in _periods():
        form = failed if failed is not None and (failed.period_kind.data, failed.period.data) == (kind, period) else None
        rows.append(_row(kind, period, label, found.get((kind, period)), today, form))
    return rows


def _windows_page(opd: Unit, year: int, rows: list[dict], status: int = 200, fragment: str | None = None, **extra):
    return render("monitoring/windows.html", fragment, status=status, opd=opd, year=year, rows=rows,
                  quarters=[r for r in rows if r["kind"] == "quarter"], months=[r for r in rows if r["kind"] == "month"],
                  **extra)


@bp.route("/monitoring/windows/<int:unit_id>", methods=["GET", "POST"])
@access("agreements.manage", unit_id=Unit)
def windows(unit):
    """The OPD's input windows of a year; each row (a quarter or a month) is saved on its own."""
    year = _year()
    if not kpis.is_opd_root(unit):
        if unit.parent_id is None:
            abort(404)
        # A unit inside an OPD: its windows are the OPD's.
        return redirect(url_for("monitoring.windows", unit_id=unit.opd_id, year=year), code=303)
    today = agency_today()
    if request.method == "GET":
        return _windows_page(unit, year, _rows(unit, year, today))
    form = WindowForm()
    periods = {(kind, period): label for kind, period, label in _periods()}
    key = (form.period_kind.data, form.period.data)
    if key not in periods:
        abort(400)
    if form.validate_on_submit():
        try:
            window = kpis.save_window(unit, year, key[0], key[1], form.opens_on.data, form.closes_on.data,
                                      current_user)
        except Refused as refused:
            add_refusal(form, refused, "opens_on")
        else:
            db.session.commit()
            if not is_htmx():
                flash(_("Input window saved."), "success")
                return redirect_htmx(url_for("monitoring.windows", unit_id=unit.id, year=year))
            return _windows_page(unit, year, [], fragment="row",
                                 row=_row(*key, periods[key], window, today, saved=True))
    if is_htmx():
        current = kpis.windows(unit, year).get(key)
        return _windows_page(unit, year, [], 422, "row", row=_row(*key, periods[key], current, today, form))
    return _windows_page(unit, year, _rows(unit, year, today, form), 422)
