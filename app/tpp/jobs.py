"""Background work of the TPP area: calculating an OPD's month; issuing a big payment list as a PDF."""

from __future__ import annotations

from flask_babel import gettext as _

from app.accounts.models import User
from app.core.formatting import format_number
from app.documents.services import read_pdf
from app.extensions import db
from app.jobs.tasks import handler
from app.org.models import Employee
from app.tpp import payment
from app.tpp.models import Period
from app.tpp.services import calculation


@handler("tpp.calculate")
def run_calculate(job, progress):
    """params: period_id. A period closed meanwhile is left as it is."""
    period = db.session.get(Period, (job.params or {}).get("period_id"))
    if period is None or period.state != "open":
        progress(100, _("The month is closed: nothing was calculated."))
        return None
    progress(5, _("Reading the month's attendance, leave, sanctions and ratings…"))
    calculation.calculate(period, db.session.get(User, job.owner_id), progress)
    progress(100, _("TPP calculated for %(n)s people.", n=format_number(period.people)))
    return None


@handler("tpp.payment_pdf")
def run_payment_pdf(job, progress):
    """params: period_id, treasurer_id. Issues the payment list (app.tpp.payment.issue); the PDF is also the
    job's download."""
    params = job.params or {}
    period = db.session.get(Period, params["period_id"])
    treasurer = db.session.get(Employee, params["treasurer_id"]) if params.get("treasurer_id") else None
    progress(10, _("Laying out the payment list…"))
    document = payment.issue(period, treasurer, db.session.get(User, job.owner_id))
    progress(100, _("Payment list issued as a PDF (version %(n)s).", n=document.version))
    return read_pdf(document), f"tpp-{period.year}-{period.month:02d}-{period.opd.code or period.opd_id}.pdf"
