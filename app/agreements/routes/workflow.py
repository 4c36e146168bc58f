"""The workflow steps (submit, return, sign, countersign, revise), the versions, their differences and the PDF.

Who may take a step is the route's access action (the agreement's parties by relation, HR by role); whether
the agreement's status allows it now, the services say.
"""

from __future__ import annotations

from io import BytesIO

from flask import abort, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access
from app.agreements import document, services
from app.agreements.forms import ReturnForm, ReviseForm, SignForm, reason_labels
from app.agreements.models import Agreement
from app.agreements.routes import bp
from app.agreements.routes.pages import back, labels, step_form, version_asked
from app.core.forms import VersionedForm, act
from app.core.htmx import render
from app.documents.services import read_pdf

# -- workflow steps: a refused step brings the user back to the agreement page with the reason ---------------

@bp.post("/agreements/<int:agreement_id>/submit", endpoint="submit")
@access("agreements.submit", agreement_id=Agreement)
def submit_draft(agreement):
    form = VersionedForm()
    return act(form, lambda: services.submit(agreement.latest, current_user, form.version.data),
               done=_("Submitted to PIHAK KEDUA for review."), back=back(agreement))


@bp.post("/agreements/<int:agreement_id>/return")
@access("agreements.return", agreement_id=Agreement)
def return_(agreement):
    form = ReturnForm()
    return step_form(agreement, "return_form", form, lambda: services.return_for_changes(
        agreement.latest, current_user, form.note.data, form.version.data), field="note",
        done=_("Returned with your note."))


@bp.post("/agreements/<int:agreement_id>/sign")
@access("agreements.sign", agreement_id=Agreement)
def sign(agreement):
    form = SignForm()
    return step_form(agreement, "sign", form, lambda: services.sign(
        agreement.latest, current_user, form.pakta.data, form.signed_on.data, form.place.data, form.version.data),
        field="place", done=_("Signed. PIHAK KEDUA can now countersign."))


@bp.post("/agreements/<int:agreement_id>/countersign")
@access("agreements.countersign", agreement_id=Agreement)
def countersign(agreement):
    form = VersionedForm()
    return act(form, lambda: services.countersign(agreement.latest, current_user, form.version.data),
               done=_("Countersigned: the agreement is in force and its PDF is issued."), back=back(agreement))


@bp.post("/agreements/<int:agreement_id>/revise")
@access("agreements.revise", agreement_id=Agreement)
def revise(agreement):
    form = ReviseForm()
    return step_form(agreement, "revise", form,
                     lambda: services.revise(agreement, current_user, form.reason.data, form.note.data),
                     field="reason", done=_("Revision started as a new draft version."))


# -- versions and PDF -------------------------------------------------------------------------------------

@bp.get("/agreements/<int:agreement_id>/diff")
@access("agreements.view", agreement_id=Agreement)
def diff(agreement):
    numbers = {v.number: v for v in agreement.versions}
    new = numbers.get(request.args.get("b", type=int) or agreement.latest.number)
    if new is None:
        abort(404)
    wanted = request.args.get("a", type=int)
    old = numbers.get(wanted if wanted is not None else new.number - 1)
    if old is None and wanted is not None:
        abort(404)
    changes = services.diff(old, new) if old is not None else []
    return render("agreements/diff.html", agreement=agreement, old=old, new=new, changes=changes,
                  labels=labels(), reasons=reason_labels())


@bp.get("/agreements/<int:agreement_id>/pdf")
@access("agreements.view", agreement_id=Agreement)
def pdf(agreement):
    """The stored PDF of a version in force or superseded; a draft preview (marked DRAF) otherwise."""
    version = version_asked(agreement) if request.args.get("v") else (agreement.in_force or agreement.latest)
    if version.document is not None:
        data = read_pdf(version.document)
    else:
        data = document.render(version)
    name = f"PK-{agreement.year}-{agreement.unit.code or agreement.unit_id}-v{version.number}.pdf"
    return send_file(BytesIO(data), mimetype="application/pdf", download_name=name, max_age=0)
