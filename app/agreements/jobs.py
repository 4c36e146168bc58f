"""Background work of the agreements: starting a year for a large OPD."""

from __future__ import annotations

from flask_babel import gettext as _

from app.agreements import services
from app.extensions import db
from app.jobs.tasks import handler
from app.org.models import Unit

BULK_THRESHOLD = 50  # more officials than this: the year start runs as a job with progress


@handler("agreements.start_year")
def run_start_year(job, progress):
    opd = db.session.get(Unit, job.params["opd_id"])
    counts = services.start_year(opd, job.params["year"], progress)
    progress(100, _("%(created)s new drafts, %(copied)s copied from %(last)s, %(skipped)s officials already had one.",
                    created=counts["created"], copied=counts["copied"], last=job.params["year"] - 1,
                    skipped=counts["skipped"]))
    return None
