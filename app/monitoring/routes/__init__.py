"""Monitoring's pages: dashboards, the grid and one realisation, set-up (unit KPIs, input windows), the Excel
round-trip and reminders. ``bp`` is the area's blueprint."""

from flask import Blueprint

bp = Blueprint("monitoring", __name__)

# The view modules attach their views to bp.
from app.monitoring.routes import dashboards, excel, realisation, reminders, setup  # noqa: E402,F401
