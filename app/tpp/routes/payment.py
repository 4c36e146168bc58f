"""The payment list of a closed month: the workbook, and issuing the official PDF (a job for a big OPD)."""

from __future__ import annotations

from io import BytesIO

from flask import flash, redirect, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access
from app.core.forms import act
from app.jobs import services as jobs
from app.jobs.models import Job
from app.org.models import Employee
from app.tpp import payment
from app.tpp.forms import PaymentForm
from app.tpp.models import Period
from app.tpp.routes import bp


@bp.get("/tpp/periods/<int:period_id>/payment.xlsx")
@access("tpp.manage", period_id=Period)
def payment_xlsx(period):
    """The workbook of a closed month; an open one goes back to its page, which says why."""
    if period.state != "closed":
        flash(_("The payment list is printed from a closed month only: close the month first."), "error")
        return redirect(url_for("tpp.month", unit_id=period.opd_id, year=period.year, month=period.month))
    name = f"daftar-pembayaran-tpp-{period.year}-{period.month:02d}-{period.opd.code or period.opd_id}.xlsx"
    return send_file(BytesIO(payment.workbook(period)), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.post("/tpp/periods/<int:period_id>/payment")
@access("tpp.manage", period_id=Period, params={"treasurer_id": Employee})
def payment_issue(period, treasurer):
    form = PaymentForm()
    back = url_for("tpp.month", unit_id=period.opd_id, year=period.year, month=period.month)
    return act(form, lambda: payment.start_issue(period, treasurer, current_user),
               done=lambda issued: None if isinstance(issued, Job) else _(
                   "Payment list issued as a PDF (version %(n)s).", n=issued.version),
               back=back, then=lambda issued: jobs.launch(issued) if isinstance(issued, Job) else back)
