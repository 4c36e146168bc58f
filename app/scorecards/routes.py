"""Scorecard pages: a person's and a unit's, for a month, a quarter or a year; their PDF (provisional while the
period is open, issued once when it is closed); one's own ("Kinerja saya"); an OPD's scorecards in bulk."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access
from app.core.clock import agency_today
from app.core.forms import act
from app.core.htmx import render
from app.jobs import services as jobs
from app.org import years
from app.org.models import Employee, Unit
from app.scorecards import bulk, data, document, labels, periods
from app.scorecards.forms import BulkForm, PeriodForm
from app.scorecards.periods import Period

bp = Blueprint("scorecards", __name__)


def _period() -> Period:
    """The period the address asks for (``?year=&quarter=`` or ``&month=``); the year shown without either."""
    return periods.of(years.year_asked(current_user), request.args.get("quarter", type=int),
                      request.args.get("month", type=int))


def _pdf(card: dict, unit: Unit, subject_id: int, back: str):
    """An open period: the provisional PDF, rendered now. A closed one: the issued PDF, once it is issued."""
    if card["closed"]:
        found = document.issued(card["kind"], card["period"], subject_id)
        if found is not None and not document.stale(card, found):
            return redirect(url_for("documents.download", document_id=found.id))
        flash(_("This period is closed: issue its scorecard first (the button on the page).") if found is None else
              _("A month of this period was closed again after the scorecard was issued: issue it again (the button "
                "on the page)."), "error")
        return redirect(back)
    name = f"kartu-kinerja-sementara-{card['kind']}-{subject_id}-{card['period'].key}.pdf"
    return send_file(BytesIO(document.provisional(card, unit)), mimetype="application/pdf", download_name=name)


def _issue(build, unit: Unit, subject_id: int, endpoint: str, **ids):
    form = PeriodForm()
    period = form.period()
    back = url_for(endpoint, **ids, **(period.query if period else {}))
    return act(form, lambda: document.issue(build(period), unit, subject_id, current_user),
               done=_("Scorecard issued: it is stored and its QR code can be verified."), back=back,
               then=lambda issued: url_for("documents.download", document_id=issued.id))


def _page(template: str, card: dict, subject_id: int, **context):
    period = card["period"]
    issued = document.issued(card["kind"], period, subject_id)
    return render(template, card=card, period=period, choices=periods.choices(period.year), issued=issued,
                  stale=document.stale(card, issued), form=PeriodForm(formdata=None, **period.query),
                  **labels.words(), **context)


@bp.get("/scorecards/mine")
@access("self")
def mine():
    """Kinerja saya: one's own scorecard (an account not linked to a person has none)."""
    if current_user.employee_id is None:
        flash(_("Your account is not linked to a person: you have no scorecard of your own."), "error")
        return redirect(url_for("home.index"))
    asked = {key: request.args.get(key, type=int) for key in ("year", "quarter", "month") if key in request.args}
    return redirect(url_for("scorecards.person", employee_id=current_user.employee_id, **asked))


@bp.get("/scorecards/people/<int:employee_id>")
@access("scorecards.view", employee_id=Employee)
def person(employee):
    card = data.person(employee, _period(), agency_today())
    return _page("scorecards/person.html", card, employee.id, employee=employee)


@bp.get("/scorecards/people/<int:employee_id>/pdf")
@access("scorecards.view", employee_id=Employee)
def person_pdf(employee):
    card = data.person(employee, _period(), agency_today())
    return _pdf(card, employee.unit, employee.id,
                url_for("scorecards.person", employee_id=employee.id, **card["period"].query))


@bp.post("/scorecards/people/<int:employee_id>/issue")
@access("scorecards.issue", employee_id=Employee)
def person_issue(employee):
    return _issue(lambda period: data.person(employee, period, agency_today()), employee.unit, employee.id,
                  "scorecards.person", employee_id=employee.id)


@bp.get("/scorecards/units/<int:unit_id>")
@access("scorecards.view", unit_id=Unit)
def unit(unit):
    card = data.unit(unit, _period(), agency_today())
    return _page("scorecards/unit.html", card, unit.id, unit=unit,
                 bulk=BulkForm(formdata=None, **card["period"].query) if unit.parent_id is None else None)


@bp.get("/scorecards/units/<int:unit_id>/pdf")
@access("scorecards.view", unit_id=Unit)
def unit_pdf(unit):
    card = data.unit(unit, _period(), agency_today())
    return _pdf(card, unit, unit.id, url_for("scorecards.unit", unit_id=unit.id, **card["period"].query))


@bp.post("/scorecards/units/<int:unit_id>/issue")
@access("scorecards.issue", unit_id=Unit)
def unit_issue(unit):
    return _issue(lambda period: data.unit(unit, period, agency_today()), unit, unit.id, "scorecards.unit",
                  unit_id=unit.id)


@bp.post("/scorecards/opd/<int:opd_id>/bulk")
@access("scorecards.bulk", opd_id=Unit)
def opd_bulk(opd):
    """Every person (or unit) of the OPD for a closed period: one job, one joined PDF and a ZIP."""
    if opd.parent_id is not None:
        abort(404)
    form = BulkForm()
    period = form.period()
    back = url_for("scorecards.unit", unit_id=opd.id, **(period.query if period else {}))
    return act(form, lambda: bulk.start(opd, period, form.what.data, current_user, request.host_url), done=None, back=back,
               then=jobs.launch)

