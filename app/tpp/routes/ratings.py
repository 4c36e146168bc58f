"""The monthly rating of a unit's people: one row per person, each saving on its own with htmx (422 with the
error in the row, 409 with the current values when someone else saved first)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access
from app.attendance.views.grid import month_asked, month_neighbours
from app.core.forms import submit
from app.core.htmx import is_htmx, render
from app.extensions import db
from app.org.models import Employee, Unit
from app.tpp import labels
from app.tpp.forms import RatingForm
from app.tpp.routes import bp
from app.tpp.routes.months import tpp_month
from app.tpp.services import periods, presets, ratings


def _caps(opd: Unit, year: int, month: int) -> dict:
    """The predikat caps of the preset the OPD uses (the month's, else the one it used last, else A)."""
    period = periods.period_of(opd, year, month)
    preset = period.preset if period else presets.in_force(periods.last_family(opd) or "A", date(year, month, 1))
    return presets.rules_of(preset).predikat_caps if preset is not None else {}


@bp.get("/tpp/ratings")
@access("home")
def ratings_index():
    """The highest unit the user may rate in."""
    unit = ratings.rating_unit(current_user)
    if unit is None:
        abort(404)
    return redirect(url_for("tpp.ratings_unit", unit_id=unit.id, **request.args))



@bp.get("/tpp/ratings/<int:unit_id>")
@access("tpp.rate", unit_id=Unit)
def ratings_unit(unit):
    opd = db.session.get(Unit, unit.opd_id)
    year, month = month_asked(lambda year: tpp_month(opd, year))
    rows = ratings.rows(unit, year, month)
    caps = _caps(opd, year, month)
    counts: dict[str, int] = {}
    for row in rows:
        if row.rating:
            counts[row.rating.predikat] = counts.get(row.rating.predikat, 0) + 1
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)
                                       .order_by(Unit.sort_order, Unit.name)))
    return render("tpp/ratings.html", unit=unit, rows=rows, counts=counts, caps=caps, children=children,
                  closed=ratings.closed(opd.id, year, month), expectations=labels.expectations(),
                  predikats=labels.predikats(), rated=sum(1 for r in rows if r.rating), **month_neighbours(year, month))


@bp.post("/tpp/ratings/people/<int:employee_id>")
@access("tpp.rate", employee_id=Employee)
def rating_save(employee):
    """Save one row; answers the row (htmx) or goes back to the unit's page."""
    form = RatingForm()
    year, month = form.year.data, form.month.data
    if not (isinstance(year, int) and isinstance(month, int) and 2000 <= year <= 2100 and 1 <= month <= 12):
        abort(400)
    if is_htmx() and not (form.hasil_kerja.data and form.perilaku.data):  # half a rating: wait for the other
        return render("tpp/ratings.html", "row", row=ratings.Row(employee, ratings.find(employee, year, month)),
                      year=year, month=month, saved=False, errors={}, pending=True,
                      expectations=labels.expectations(), predikats=labels.predikats(), closed=False, typed=form)
    opd = db.session.get(Unit, employee.unit.opd_id)
    saved, status = submit(form, lambda: ratings.save(
        employee, year, month, {"hasil_kerja": form.hasil_kerja.data, "perilaku": form.perilaku.data,
                                "note": form.note.data}, current_user, form.version.data, _caps(opd, year, month)),
        field="hasil_kerja", conflict=_("Someone else rated this person after you opened the page: the row now "
                                        "shows their rating. Check it and rate again."))
    if not is_htmx():
        if saved:
            flash(_("Rating of %(name)s saved.", name=employee.display_name), "success")
        else:
            flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("tpp.ratings_unit", unit_id=employee.unit_id, year=year, month=month))
    record = ratings.find(employee, year, month)
    errors = {} if saved else {name: list(errs) for name, errs in form.errors.items()}
    return render("tpp/ratings.html", "row", status=200 if saved else status, row=ratings.Row(employee, record),
                  year=year, month=month,
                  saved=bool(saved), errors=errors, expectations=labels.expectations(),
                  predikats=labels.predikats(), closed=False,
                  typed=None if saved or status == 409 else form)
