"""Objections to a month's TPP: lodged from the person's explanation page, decided by HR on the objection's page."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access, can
from app.attendance.excuses import attachment_limit
from app.attendance.views.excuses import send_attachment
from app.core.forms import submit
from app.core.htmx import render
from app.tpp import labels
from app.tpp.forms import ObjectionForm, ResolveForm
from app.tpp.models import Objection, Result
from app.tpp.routes import bp
from app.tpp.routes.months import explanation_page, line_choices
from app.tpp.services import objections


@bp.post("/tpp/results/<int:result_id>/objections")
@access("tpp.object", result_id=Result)
def objection_new(result):
    form = ObjectionForm()
    form.line.choices = line_choices(result)
    saved, status = submit(form, lambda: objections.lodge(
        result, current_user, {"line": form.line.data, "reason": form.reason.data},
        form.upload(attachment_limit())), field="reason")
    if saved:
        flash(_("Your objection was sent to HR."), "success")
        return redirect(url_for("tpp.objection", objection_id=status.id), code=303)
    return explanation_page(result, objection_form=form, status=status)


@bp.get("/tpp/objections/<int:objection_id>")
@access("tpp.view", objection_id=Objection)
def objection(objection):
    return _objection_page(objection, ResolveForm(version=objection.version))


def _objection_page(objection: Objection, form: ResolveForm, status: int = 200):
    period = objection.period
    return render("tpp/objection.html", status=status, objection=objection, period=period,
                  result=objections.result_of(objection), form=form, states=labels.objection_states(),
                  deductions=labels.deductions(), shown_code=labels.code,
                  may_decide=objection.state == "open" and period.state == "open"
                  and can(current_user, "tpp.manage", objection))


@bp.get("/tpp/objections/<int:objection_id>/attachment")
@access("tpp.view", objection_id=Objection)
def objection_attachment(objection):
    if not objection.attachment:
        return redirect(url_for("tpp.objection", objection_id=objection.id), code=303)
    return send_attachment(objection.attachment, objection.attachment_name)


@bp.post("/tpp/objections/<int:objection_id>/resolve")
@access("tpp.manage", objection_id=Objection)
def objection_resolve(objection):
    form = ResolveForm()
    saved, status = submit(form, lambda: objections.resolve(objection, current_user, form.decision.data == "accept",
                                                            form.note.data, form.version.data), field="note")
    if saved:
        flash(_("Objection accepted: correct the data in the attendance screens, then calculate the month again.")
              if status.state == "accepted" else _("Objection rejected."), "success")
        return redirect(url_for("tpp.objection", objection_id=objection.id), code=303)
    return _objection_page(objection, form, status)
