"""Background work of the TPP area: calculating an OPD's month."""

from __future__ import annotations

from flask_babel import gettext as _

from app.accounts.models import User
from app.core.formatting import format_number
from app.extensions import db
from app.jobs.tasks import handler
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
