"""Setting up monitoring: a unit's own KPIs, and the input windows HR opens for each period of the year."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from app.accounts.access import access
from app.agreements.forms import MeasureForm
from app.core.clock import agency_today
from app.core.forms import Form, VersionedForm, act, submit
from app.core.htmx import is_htmx, redirect_htmx, render
from app.monitoring import kpis
from app.monitoring.labels import period_label
from app.monitoring.models import UnitKpi
from app.monitoring.routes import bp
from app.org.models import Unit
from app.org.years import year_asked


def _year() -> int:
    return year_asked(current_user)


def _unit_url(unit: Unit, year: int) -> str:
    return url_for("monitoring.unit", unit_id=unit.id, year=year)


# -- unit KPIs ------------------------------------------------------------------------------------------------

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
    return render("monitoring/kpi_form.html", "form", status=status, form=form, unit=unit, year=year, title=title,
                  action=action, back=_unit_url(unit, year), kpi=kpi, form_id="kpi-form", retire=kpi is not None and kpi.active)


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
    return act(form, lambda: kpis.retire_kpi(kpi, current_user, form.version.data),
               done=_("KPI retired. What was reported on it is kept."), back=_unit_url(kpi.unit, kpi.year),
               conflict=_("Someone else changed this KPI after you opened the page. Check it and try again."))


# -- input windows --------------------------------------------------------------------------------------------

class WindowForm(Form):
    period_kind = StringField(widget=HiddenInput())
    period = IntegerField(widget=HiddenInput(), validators=[Optional()])
    opens_on = DateField(_l("Opens"), validators=[Optional()])
    closes_on = DateField(_l("Closes"), validators=[Optional()])


PERIODS = [(kind, period) for kind, n in (("quarter", 4), ("month", 12)) for period in range(1, n + 1)]


def _state(window, today: date) -> str:
    if window is None:
        return _("No window: entry is always open")
    if today < window.opens_on:
        return _("Not open yet")
    if today > window.closes_on:
        return _("Closed: only HR enters, marked late")
    return _("Open now")


def _row(kind: str, period: int, window, today: date, form: WindowForm | None = None, saved: bool = False) -> dict:
    row = {"kind": kind, "period": period, "label": period_label(kind, period), "id": f"{kind}-{period}",
           "window": window, "state": _state(window, today), "saved": saved, "errors": {},
           "opens_on": window.opens_on.isoformat() if window else "",
           "closes_on": window.closes_on.isoformat() if window else ""}
    if form is not None and form.errors:
        row["errors"] = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
        row["opens_on"], row["closes_on"] = form.opens_on._value(), form.closes_on._value()
    return row


def _rows(opd: Unit, year: int, today: date, failed: WindowForm | None = None) -> list[dict]:
    found = kpis.windows(opd, year)
    failed_key = (failed.period_kind.data, failed.period.data) if failed is not None else None
    return [_row(kind, period, found.get((kind, period)), today, failed if failed_key == (kind, period) else None)
            for kind, period in PERIODS]


def _windows_page(opd: Unit, year: int, rows: list[dict], status: int = 200, fragment: str | None = None, **extra):
    return render("monitoring/windows.html", fragment, status=status, opd=opd, year=year, rows=rows,
                  quarters=[r for r in rows if r["kind"] == "quarter"], months=[r for r in rows if r["kind"] == "month"],
                  **extra)


@bp.route("/monitoring/windows/<int:unit_id>", methods=["GET", "POST"])
@access("monitoring.manage", unit_id=Unit)
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
    key = (form.period_kind.data, form.period.data)
    if key not in PERIODS:
        abort(400)
    saved, window = submit(form, lambda: kpis.save_window(unit, year, *key, form.opens_on.data, form.closes_on.data,
                                                           current_user), field="opens_on")
    if saved and not is_htmx():
        flash(_("Input window saved."), "success")
        return redirect_htmx(url_for("monitoring.windows", unit_id=unit.id, year=year))
    if saved:
        return _windows_page(unit, year, [], fragment="row", row=_row(*key, window, today, saved=True))
    if is_htmx():
        current = kpis.windows(unit, year).get(key)
        return _windows_page(unit, year, [], 422, "row", row=_row(*key, current, today, form))
    return _windows_page(unit, year, _rows(unit, year, today, form), 422)
