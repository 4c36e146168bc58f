"""Reminders page: what is not reported yet and what waits for the user's verification."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from app.accounts.access import access
from app.core.clock import agency_today
from app.core.htmx import render
from app.monitoring.labels import status_labels
from app.monitoring.reminders import collect, default_year
from app.monitoring.routes import bp


@bp.get("/monitoring/reminders")
@access("monitoring.view")
def reminders():
    today = agency_today()
    year = request.args.get("year", type=int) or default_year(current_user, today)
    if not 2000 <= year <= 2999:
        abort(404)
    return render("monitoring/reminders.html", reminders=collect(current_user, year, today), statuses=status_labels())
