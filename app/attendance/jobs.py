"""Background work of the attendance area: recomputing a month's daily statuses for many people; issuing a big
unit's monthly recap as a PDF."""

from __future__ import annotations

from flask_babel import gettext as _

from app.accounts.models import User
from app.attendance import compute, recap
from app.documents.services import read_pdf
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


@handler("attendance.recap_pdf")
def run_recap_pdf(job, progress):
    """params: unit_id, year, month. Issues the unit's recap (app.attendance.recap.issue); the PDF is also the
    job's download."""
    params = job.params or {}
    unit = db.session.get(Unit, params["unit_id"])
    progress(10, _("Laying out the recap…"))
    document = recap.issue(unit, int(params["year"]), int(params["month"]), db.session.get(User, job.owner_id))
    progress(100, _("Recap issued as a PDF (version %(n)s).", n=document.version))
    return read_pdf(document), f"rekap-kehadiran-{params['year']}-{int(params['month']):02d}-{unit.code or unit.id}.pdf"
