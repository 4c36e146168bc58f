"""Reminders page: per unit of the scope, what is not reported yet and what waits for the user's verification;
then, for one unit, the lines themselves."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from app.accounts.access import access
from app.core.clock import agency_today
from app.core.htmx import render
from app.core.paging import ListPage
from app.monitoring.labels import status_labels
from app.monitoring.reminders import collect, summary
from app.monitoring.routes import bp
from app.org.models import Unit
from app.org.years import year_asked

UNITS_PER_PAGE = 50


@bp.get("/monitoring/reminders")
@access("monitoring.view", params={"unit": Unit})
def reminders(unit):
    """The summary per unit (``?page=``), or one unit's lines (``?unit=``; directly when only one unit has any)."""
    today = agency_today()
    year = year_asked(current_user)
    found = summary(current_user, year, today)
    chosen = (unit.id, unit.name) if unit is not None else None
    if chosen is None and len(found.units) == 1:
        chosen = (found.units[0].unit_id, found.units[0].unit_name)
    detail = collect(current_user, year, today, unit_id=chosen[0]) if chosen else None
    return render("monitoring/reminders.html", summary=found, chosen=chosen, detail=detail, statuses=status_labels(),
                  page=ListPage(list(found.units), request.args.get("page", 1, type=int), UNITS_PER_PAGE))
