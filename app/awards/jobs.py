"""Job handlers of the awards: printing a round's or a year's certificates in bulk."""

from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.awards.models import Certificate, Nomination, Round
from app.awards.printing import print_certificates
from app.core.errors import Refused
from app.core.files import files_dir
from app.documents.bulk import urls_for
from app.extensions import db
from app.jobs.queue import huey
from app.jobs.tasks import handler
from app.org.models import Unit


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "piagam"


def _selection(params: dict) -> tuple[list[Certificate], str]:
    """The certificates a job prints (ordered by their number's sequence) and the stem of its file names."""
    stmt = (select(Certificate).options(selectinload(Certificate.nomination), selectinload(Certificate.document))
            .order_by(Certificate.seq))
    if params.get("round_id"):
        round_ = db.session.get(Round, int(params["round_id"]))
        if round_ is None:
            raise Refused(_l("The award round no longer exists."))
        stmt = stmt.join(Nomination, Certificate.nomination_id == Nomination.id).where(Nomination.round_id == round_.id)
        stem = f"piagam-{round_.year}-{round_.month:02d}-{_slug(round_.category_name)}"
    else:
        opd = db.session.get(Unit, int(params["opd_id"]))
        if opd is None:
            raise Refused(_l("The OPD no longer exists."))
        year = int(params["year"])
        stmt = stmt.where(Certificate.opd_id == opd.id, Certificate.year == year)
        stem = f"piagam-{year}-{_slug(opd.code or opd.name)}"
    return list(db.session.scalars(stmt)), stem


@handler("awards.print")
def run_print(job, progress):
    """Job params: {"round_id": id} or {"opd_id": id, "year": y}; optional "base_url" for the QR codes when
    the consumer has neither PUBLIC_URL nor SERVER_NAME. Result: the joined PDF; the ZIP lies next to it."""
    certificates, stem = _selection(job.params)
    if not certificates:
        raise Refused(_l("There are no numbered certificates to print."))
    commit = None if huey.immediate else db.session.commit  # immediate: the request that ran us commits
    with urls_for(job.params.get("base_url")):
        printed = print_certificates(certificates, progress, commit=commit)
    (commit or db.session.flush)()
    folder = files_dir() / "jobs" / job.id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.zip").write_bytes(printed.zip)
    progress(100, _("%(count)s certificates: %(issued)s issued now, %(reused)s issued before.",
                    count=printed.pages, issued=printed.issued, reused=printed.reused))
    return printed.pdf, f"{stem}.pdf"
