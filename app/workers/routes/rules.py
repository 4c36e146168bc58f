"""An OPD's rules for its non-ASN workers: the versions in force over time, and a new version."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access, can
from app.core.clock import agency_today
from app.core.forms import save
from app.core.htmx import render
from app.extensions import db
from app.org.models import Unit
from app.workers import labels
from app.workers.forms import RulesForm
from app.workers.routes import bp
from app.workers.services import settings


def _opd(unit: Unit) -> Unit:
    """The OPD of ``unit`` (its rules are the OPD's)."""
    return unit if unit.parent_id is None else db.session.get(Unit, unit.opd_id)


@bp.get("/non-asn/rules/<int:opd_id>")
@access("workers.view", opd_id=Unit)
def rules(opd):
    opd = _opd(opd)
    found = settings.versions(opd)
    current = settings.in_force(opd, agency_today())
    return render("workers/rules.html", opd=opd, versions=found, current=current, statuses=labels.statuses(),
                  results=labels.results(), manage=can(current_user, "workers.manage", opd))


@bp.route("/non-asn/rules/<int:opd_id>/new", methods=["GET", "POST"])
@access("workers.manage", opd_id=Unit)
def rules_new(opd):
    opd = _opd(opd)
    form = RulesForm()
    if not form.is_submitted():
        form.fill(settings.in_force(opd, agency_today()).rules)
    back = url_for("workers.rules", opd_id=opd.id)

    def page(status):
        return render("workers/rules_form.html", status=status, form=form, opd=opd, back=back,
                      action=url_for("workers.rules_new", opd_id=opd.id), title=_("New version of the rules"))

    return save(form, lambda: settings.add(opd, form.rules(), form.valid_from.data, form.source.data or "",
                                           current_user),
                field="valid_from", done=_("The new version of the rules is saved."), then=back, page=page)
