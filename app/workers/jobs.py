"""Background work of the non-ASN area: issuing a big unit's honorarium recap as a PDF."""

from __future__ import annotations

from flask_babel import gettext as _

from app.accounts.models import User
from app.documents.services import read_pdf
from app.extensions import db
from app.jobs.tasks import handler
from app.org.models import Unit
from app.workers import recap
from app.workers.models import HonorMonth


@handler("workers.recap_pdf")
def run_recap_pdf(job, progress):
    """params: month_id, unit_id. Issues the recap (app.workers.recap.issue); the PDF is also the job's
    download."""
    params = job.params or {}
    found = db.session.get(HonorMonth, params["month_id"])
    unit = db.session.get(Unit, params["unit_id"])
    progress(10, _("Laying out the honorarium recap…"))
    document = recap.issue(found, unit, db.session.get(User, job.owner_id))
    progress(100, _("Honorarium recap issued as a PDF (version %(n)s).", n=document.version))
    return read_pdf(document), f"honorarium-{found.year}-{found.month:02d}-{unit.code or unit.id}.pdf"
