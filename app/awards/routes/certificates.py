"""Certificates (piagam): numbering and printing a round's, printing a year's, opening and revoking one."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access
from app.awards import services
from app.awards.forms import PrintYearForm, RevokeForm
from app.awards.models import Certificate, Round
from app.awards.routes import bp
from app.awards.routes.rounds import round_changed, round_url
from app.awards.routes.setup import root_opd
from app.core.db import commit_retrying
from app.core.errors import Conflict, Refused
from app.core.formatting import MONTHS_ID
from app.core.forms import EmptyForm, act
from app.core.htmx import redirect_htmx
from app.documents.services import read_pdf
from app.extensions import db
from app.jobs import services as jobs
from app.org.models import Unit


def _print_job(title: str, params: dict):
    """Start the print job and answer with its page.

    The two printing routes are the awards' exception to ``core.forms.act`` (one service call, one commit,
    back to a known page): the job row is committed before the queue is handed the job (a consumer reads it
    from its own connection), the answer is the new job's page, and numbering commits on its own first.
    """
    # The QR codes need this server's address when the consumer renders them (unless PUBLIC_URL is set).
    job = jobs.start(current_user, "awards.print", title, {**params, "base_url": request.host_url})
    db.session.commit()
    return redirect_htmx(jobs.launch(job))


@bp.post("/awards/rounds/<int:award_round_id>/certificates")
@access("awards.manage", award_round_id=Round)
def certificates_issue(award_round):
    """Number the round's certificates that have no number yet, then print them all."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    round_id = award_round.id
    try:  # numbered and committed in one transaction; on SQLite a concurrent issuer makes us start again
        issued = commit_retrying(lambda: services.issue_certificates(db.session.get(Round, round_id)))
    except (Conflict, Refused) as problem:
        db.session.rollback()
        flash(round_changed() if isinstance(problem, Conflict) else str(problem.message), "error")
        return redirect_htmx(round_url(award_round))
    if issued:
        flash(_("%(n)s certificate(s) numbered.", n=len(issued)), "success")
    return _print_job(_("Certificates: %(category)s, %(month)s", category=award_round.category_name,
                        month=f"{MONTHS_ID[award_round.month - 1]} {award_round.year}"), {"round_id": award_round.id})


@bp.post("/awards/opd/<int:opd_id>/certificates/print")
@access("awards.manage", opd_id=Unit)
@root_opd
def certificates_print_year(opd):
    form = PrintYearForm()
    if not form.validate_on_submit():
        abort(400)
    year = form.year.data
    if not db.session.scalar(select(Certificate.id).where(Certificate.opd_id == opd.id, Certificate.year == year)):
        flash(_("No certificate was issued in %(year)s.", year=year), "error")
        return redirect_htmx(url_for("awards.index", year=year))
    return _print_job(_("Certificates of %(year)s: %(opd)s", year=year, opd=opd.name),
                      {"opd_id": opd.id, "year": year})


@bp.get("/awards/certificates/<int:certificate_id>")
@access("awards.view", certificate_id=Certificate)
def certificate(certificate):
    if certificate.document is None:
        flash(_("The certificate is being printed; try again in a moment."), "info")
        return redirect_htmx(round_url(certificate.nomination.round))
    name = certificate.number.replace("/", "-") + ".pdf"
    return send_file(BytesIO(read_pdf(certificate.document)), mimetype="application/pdf", download_name=name,
                     etag=certificate.document.sha256, max_age=0)


@bp.post("/awards/certificates/<int:certificate_id>/revoke")
@access("awards.manage", certificate_id=Certificate)
def certificate_revoke(certificate):
    """Revoke a printed piagam (e.g. a wrong name), with the reason: its QR code then says so. Its number
    stays used, so the register keeps no gap."""
    from app.documents import services as documents

    back = round_url(certificate.nomination.round)
    if certificate.document is None:
        flash(_("The certificate is being printed; try again in a moment."), "info")
        return redirect_htmx(back)
    form = RevokeForm()
    return act(form, lambda: documents.revoke(certificate.document, form.reason.data or ""),
               done=_("Certificate %(number)s revoked.", number=certificate.number), back=back,
               conflict=round_changed())
