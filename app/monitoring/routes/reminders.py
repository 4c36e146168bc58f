"""Reminders page: what is not reported yet and what waits for the user's verification."""

from __future__ import annotations

from flask_login import current_user

from app.accounts.access import access
from app.core.clock import agency_today
from app.core.htmx import render
from app.monitoring.labels import status_labels
from app.monitoring.reminders import collect
from app.monitoring.routes import bp
from app.org.years import year_asked


@bp.get("/monitoring/reminders")
@access("monitoring.view")
def reminders():
    today = agency_today()
    year = year_asked(current_user)
    return render("monitoring/reminders.html", reminders=collect(current_user, year, today), statuses=status_labels())
