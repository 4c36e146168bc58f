"""What the agreement screens share: the agreement page with its forms, the version asked for, labels."""

from __future__ import annotations

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.agreements import services
from app.agreements.forms import (
    HeaderForm,
    ReturnForm,
    ReviseForm,
    SasaranForm,
    SignForm,
    aggregation_labels,
    budget_level_labels,
    polarity_labels,
    reason_labels,
)
from app.agreements.models import STATUSES, Agreement, AgreementVersion
from app.agreements.rules import status_label
from app.core.clock import agency_today
from app.core.forms import EmptyForm, VersionedForm, save
from app.core.htmx import is_htmx, redirect_htmx, render
from app.extensions import db
from app.org.models import Employee, Position, Unit


def labels() -> dict:
    return {"polarity": polarity_labels(), "aggregation": aggregation_labels(), "levels": budget_level_labels(),
            "reasons": reason_labels()}


def states() -> dict[str, str]:
    """Each status's word, for ``status_tag``."""
    return {s: status_label(s) for s in STATUSES}


def version_asked(agreement: Agreement) -> AgreementVersion:
    """The version ``?v=`` names (404 if it has none such), else the latest."""
    number = request.args.get("v", type=int)
    if number is None:
        return agreement.latest
    version = next((v for v in agreement.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def back(agreement: Agreement, anchor: str = "") -> str:
    return url_for("agreements.detail", agreement_id=agreement.id) + anchor


def second_party_choices(unit: Unit | None) -> list:
    """The heads of the units above ``unit``, nearest first, who may be PIHAK KEDUA."""
    if unit is None or not unit.ancestor_ids:
        return [("", "—")]
    heads = db.session.execute(
        select(Employee.id, Employee.name, Employee.front_title, Employee.back_title, Position.name.label("pos"))
        .join(Position, Employee.position_id == Position.id)
        .where(Position.is_head.is_(True), Position.unit_id.in_(unit.ancestor_ids), Employee.status == "aktif")
        .order_by(Position.unit_id.desc())).all()
    from app.org.rules import full_name

    return [("", "—")] + [(h.id, f"{full_name(h.name, h.front_title, h.back_title)} — {h.pos}") for h in heads]


def detail_page(agreement: Agreement, version: AgreementVersion, status: int = 200, **forms):
    """The agreement page; ``forms`` (header, sasaran, sign, return_form, revise) replace the blank ones, with
    the user's entries and errors. What the user may do there, the template asks the access gate (``can``)."""
    header = forms.get("header") or HeaderForm(obj=version)
    header.second_party_id.choices = second_party_choices(agreement.unit)
    return render(
        "agreements/detail.html", status=status, agreement=agreement, version=version, header=header,
        sign_form=forms.get("sign") or SignForm(version=version.version, place=version.place,
                                                signed_on=version.signed_on or agency_today()),
        return_form=forms.get("return_form") or ReturnForm(version=version.version),
        revise_form=forms.get("revise") or ReviseForm(),
        sasaran_form=forms.get("sasaran") or SasaranForm(version=version.version),
        step=VersionedForm(version=version.version), empty=EmptyForm(), labels=labels(), states=states(),
        has_contents=services.has_contents(version), copyable=services.has_contents(agreement.in_force or version),
        next_year=services.next_year_of(agreement))


def detail_form(agreement: Agreement, name: str, form, work, *, field: str, done: str | None = None,
                anchor: str = ""):
    """A form of the agreement page (header, a new sasaran, return, sign, revise) through ``submit``: done →
    back to the page; refused → the page again (422) with the entries and the reason in that form."""
    return save(form, work, field=field, done=done, then=back(agreement, anchor),
                page=lambda status: detail_page(agreement, agreement.latest, status, **{name: form}))


def step_form(agreement: Agreement, name: str, form, work, *, field: str, done: str):
    """A workflow step with fields (sign, return, revise) through ``submit``: done → back to the agreement page.
    Refused, the user stays on the agreement page: htmx swaps the step's form in place with the entries and the
    reasons (the page answered whole, 422 or 409; the form picks itself out of it with ``hx-select``); a plain
    POST goes back to the page (303) with the reasons as messages, never a page at the step's own URL."""
    def refused(status: int):
        if is_htmx():
            return detail_page(agreement, agreement.latest, status, **{name: form})
        for message in dict.fromkeys(str(m) for messages in form.errors.values() for m in messages):
            flash(message, "error")
        return redirect_htmx(back(agreement))  # at the top, where the messages are

    stale = _("Someone else changed this after you opened the page. Check it and try again.")
    return save(form, work, field=field, done=done, then=back(agreement), page=refused,
                conflict=changed() if is_htmx() else stale)  # a plain POST: the entries are not kept


def changed() -> str:
    return _("Someone else changed this agreement after you opened the form. Your entries are kept below: check "
             "the agreement, then save again.")
