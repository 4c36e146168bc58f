"""Job handlers of imports and exports: the people/units/positions workbook as a download."""

from __future__ import annotations

from app.accounts.models import User
from app.extensions import db
from app.imports.export import workbook
from app.jobs.tasks import handler
from app.org.models import Unit


@handler("export")
def run_export(job, progress):
    kind = job.params["kind"]
    user = db.session.get(User, job.owner_id)
    unit = db.session.get(Unit, job.params["unit_id"]) if job.params.get("unit_id") else None
    return workbook(kind, user, unit, progress), f"kinerja-{kind}.xlsx"
