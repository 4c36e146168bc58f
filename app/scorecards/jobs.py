"""Background work of the scorecards: an OPD's scorecards for a closed period, issued in bulk."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.core.errors import Refused
from app.core.files import files_dir
from app.documents.bulk import urls_for
from app.extensions import db
from app.jobs.queue import huey
from app.jobs.tasks import handler
from app.org.models import Unit
from app.scorecards import bulk, periods


@handler("scorecards.bulk")
def run_bulk(job, progress):
    """params: opd_id, what ("people" or "units"), year, quarter or month, base_url (for the QR codes when the
    consumer has neither PUBLIC_URL nor SERVER_NAME). Result: the joined PDF; the ZIP lies next to it."""
    params = job.params or {}
    opd = db.session.get(Unit, int(params["opd_id"]))
    if opd is None:
        raise Refused(_l("The OPD no longer exists."))
    period = periods.of(int(params["year"]), params.get("quarter"), params.get("month"))
    commit = None if huey.immediate else db.session.commit  # immediate: the request that ran us commits
    with urls_for(params.get("base_url")):
        printed = bulk.print_all(opd, period, params["what"], progress, commit=commit)
    (commit or db.session.flush)()
    what = {"people": "pegawai", "units": "unit"}[params["what"]]
    stem = f"kartu-kinerja-{period.key}-{what}-{re.sub(r'[^a-z0-9]+', '-', (opd.code or opd.name).lower())[:40]}"
    folder = files_dir() / "jobs" / job.id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.zip").write_bytes(printed.zip)
    message = _("%(count)s scorecards: %(issued)s issued now, %(reused)s issued before.", count=printed.count,
                issued=printed.issued, reused=printed.reused)
    if printed.left_out:
        message += " " + _("%(n)s non-ASN workers left out: their honorarium months of the period are not all "
                           "closed.", n=printed.left_out)
    progress(100, message)
    return printed.pdf, f"{stem}.pdf"
