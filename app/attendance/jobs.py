"""Background work of the attendance area: recomputing a month's daily statuses for many people."""

from __future__ import annotations

from flask_babel import gettext as _

from app.attendance import compute
from app.extensions import db
from app.jobs.tasks import handler
from app.org.models import Unit


@handler("attendance.recompute")
def run_recompute(job, progress):
    """params: year, month, and unit_id (a subtree) or nothing (everyone)."""
    params = job.params or {}
    unit = db.session.get(Unit, params["unit_id"]) if params.get("unit_id") else None
    written = compute.recompute(int(params["year"]), int(params["month"]), unit=unit, progress=progress)
    progress(100, _("%(n)s day statuses computed.", n=written))
    return None
