"""Reporting screen of one agreement for one period: targets, realisation, status, achievement, actions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access
from app.agreements.forms import TargetField
from app.agreements.models import Agreement
from app.agreements.rules import format_number
from app.core.errors import Conflict, Refused
from app.core.forms import EmptyForm, VersionedForm
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.monitoring import calc, services
from app.monitoring.models import Realisation

bp = Blueprint("monitoring", __name__)


class EntryForm(VersionedForm):
    value = TargetField()


def _rows(agreement: Agreement, period: int) -> list[dict]:
    version = agreement.in_force
    found = {r.indicator_key: r for r in db.session.scalars(select(Realisation).where(
        Realisation.agreement_id == agreement.id, Realisation.period_kind == "quarter",
        Realisation.period == period))}
    rows = []
    for indicator in version.indicators:
        realisation = found.get(indicator.key)
        period_target = indicator.quarters[period - 1]
        result = calc.achievement(indicator.polarity, realisation.value if realisation else None,
                                  period_target if period_target is not None else indicator.target,
                                  indicator.target_min, indicator.target_max)
        rows.append({"indicator": indicator, "target": period_target, "realisation": realisation,
                     "achievement": result})
    return rows


@bp.get("/monitoring/<int:agreement_id>")
@access("agreements.view", agreement_id=Agreement)
def report(agreement):
    if agreement.in_force is None:
        abort(404)
    period = request.args.get("period", 1, type=int)
    if not 1 <= period <= 4:
        abort(404)
    return render("monitoring/report.html", agreement=agreement, period=period, rows=_rows(agreement, period),
                  fmt=format_number, enter=services.can_enter(current_user, agreement),
                  verify=services.can_verify(current_user, agreement), empty=EmptyForm(),
                  statuses={"draft": _("draft"), "submitted": _("submitted"), "accepted": _("accepted"),
                            "returned": _("returned")})


@bp.post("/monitoring/<int:agreement_id>/<int:period>/<key>")
@access("agreements.view", agreement_id=Agreement)
def act(agreement, period: int, key: str):
    """Save a value, submit it, or accept/return it (the button pressed says which)."""
    if agreement.in_force is None:
        abort(404)
    action = request.form.get("action", "save")
    form = EntryForm()
    back = url_for("monitoring.report", agreement_id=agreement.id, period=period)
    if not form.validate_on_submit():
        flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")
        return redirect_htmx(back)
    realisation = db.session.scalar(select(Realisation).where(
        Realisation.agreement_id == agreement.id, Realisation.indicator_key == key,
        Realisation.period_kind == "quarter", Realisation.period == period))
    try:
        if action == "save":
            services.enter(agreement, key, period, form.value.data if isinstance(form.value.data, Decimal) else None,
                           request.form.get("note", "")[:2000], current_user, date.today(), expected=form.version.data)
        elif realisation is None:
            raise Refused(_("Enter the value before submitting it."))
        elif action == "submit":
            services.submit(realisation, current_user, form.version.data)
        elif action in ("accept", "return"):
            services.verify(realisation, current_user, action == "accept", request.form.get("note", ""),
                            form.version.data)
        else:
            abort(400)
    except Conflict:
        db.session.rollback()
        flash(_("Someone else changed this value after you opened the page. Check it and try again."), "error")
        return redirect_htmx(back)
    except Refused as refused:
        db.session.rollback()
        flash(str(refused.message), "error")
        return redirect_htmx(back)
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect_htmx(back)
