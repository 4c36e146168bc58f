"""Background work of the attendance area: recomputing a month's daily statuses for many people; issuing a big
unit's monthly recap as a PDF; each night, the day that just ended."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import has_app_context
from flask_babel import gettext as _
from huey import crontab

from app.accounts.models import User
from app.attendance import compute, recap
from app.core.clock import agency_today
from app.documents.services import read_pdf
from app.extensions import db
from app.jobs.queue import huey
from app.jobs.tasks import handler
from app.org.models import Unit

log = logging.getLogger(__name__)


def recompute_yesterday() -> int:
    """The month of the agency's yesterday, for everyone whose unit records attendance: the day that just
    ended gets its statuses (TK for who has no check-in) without anyone pressing "Hitung ulang". Commits."""
    yesterday = agency_today() - timedelta(days=1)
    written = compute.recompute(yesterday.year, yesterday.month, parallel=True)
    db.session.commit()
    return written


# 17:30 UTC: 00:30 WIB, 01:30 WITA, 02:30 WIT, after the regular shifts' windows have closed (a night shift's
# closes the next afternoon: the next night's run takes it). The consumer runs it (``huey_consumer``).
@huey.periodic_task(crontab(minute="30", hour="17"))
def nightly_statuses() -> None:
    if has_app_context():
        recompute_yesterday()
        return
    from app.jobs.worker import app

    with app.app_context():
        log.info("nightly statuses: %s day rows", recompute_yesterday())


@handler("attendance.recompute")
def run_recompute(job, progress):
    """params: year, month, and unit_id (a subtree) or nothing (everyone)."""
    params = job.params or {}
    unit = db.session.get(Unit, params["unit_id"]) if params.get("unit_id") else None
    written = compute.recompute(int(params["year"]), int(params["month"]), unit=unit, progress=progress,
                                parallel=True)
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
