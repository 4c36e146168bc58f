"""A contract's warnings (with their attachments) and evaluations."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access
from app.attendance.excuses import attachment_limit
from app.attendance.views.excuses import send_attachment
from app.core.formatting import format_number
from app.core.forms import submit
from app.core.htmx import render
from app.workers import labels
from app.workers.forms import WarningForm, evaluation_form
from app.workers.models import Contract, WorkerWarning
from app.workers.routes import bp
from app.workers.routes.contracts import contract_page
from app.workers.rules import periods
from app.workers.services import conduct


@bp.post("/non-asn/contracts/<int:contract_id>/warnings")
@access("workers.warn", contract_id=Contract)
def warn(contract):
    form = WarningForm()
    saved, status = submit(form, lambda: conduct.warn(contract, {
        "level": form.level.data, "given_on": form.given_on.data, "reason": form.reason.data,
        "letter_number": form.letter_number.data}, form.upload(attachment_limit()), current_user), field="given_on")
    if saved:
        flash(_("Warning recorded."), "success")
        return redirect(url_for("workers.contract", contract_id=contract.id) + "#warnings")
    return contract_page(contract, form, status)


@bp.get("/non-asn/warnings/<int:warning_id>/attachment")
@access("workers.view", warning_id=WorkerWarning)
def warning_attachment(warning):
    if not warning.attachment:
        abort(404)
    return send_attachment(warning.attachment, warning.attachment_name)


@bp.route("/non-asn/contracts/<int:contract_id>/evaluate", methods=["GET", "POST"])
@access("workers.evaluate", contract_id=Contract)
def evaluate(contract):
    """The evaluation of one period (``?period=``), new or corrected."""
    rules = conduct.form_of(contract)
    allowed = periods(rules)
    asked = request.values.get("period", type=int)
    period = asked if asked in allowed else allowed[0]
    existing = next((e for e in conduct.evaluations_of(contract) if e.period == period), None)
    values = {"period": str(period), "version": existing.version if existing else None}
    if existing is not None:
        values["note"] = existing.note
        values.update({f"c{n}": existing.points.get(name) for n, name in enumerate(rules.criteria)})
    form = evaluation_form(rules.criteria, rules.scale, allowed, None if request.method == "GET" else request.form,
                           **values)
    back = url_for("workers.contract", contract_id=contract.id)
    saved, status = submit(form, lambda: conduct.evaluate(
        contract, int(form.period.data), form.points(), form.note.data, form.version.data, current_user),
        field="period", conflict=_("Someone else saved this evaluation after you opened it. Reload to see it."))
    if saved:
        flash(_("Evaluation saved: %(result)s (%(score)s).", result=labels.results()[status.result],
                score=format_number(status.score)), "success")
        return redirect(back + "#evaluations")
    return render("workers/evaluate.html", status=status, form=form, contract=contract, back=back, rules=rules,
                  existing=existing, results=labels.results(), period_label=labels.period,
                  fields=[form[f"c{n}"] for n in range(len(rules.criteria))])
