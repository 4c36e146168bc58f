"""What the agreement screens share: the agreement page with its forms, the version asked for, labels."""

from __future__ import annotations

from flask import abort, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

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
from app.core.forms import EmptyForm, VersionedForm, save
from app.core.htmx import render
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
                                                signed_on=version.signed_on),
        return_form=forms.get("return_form") or ReturnForm(version=version.version),
        revise_form=forms.get("revise") or ReviseForm(),
        sasaran_form=forms.get("sasaran") or SasaranForm(version=version.version),
        step=VersionedForm(version=version.version), empty=EmptyForm(), labels=labels(), states=states())


def detail_form(agreement: Agreement, name: str, form, work, *, field: str, done: str | None = None,
                anchor: str = ""):
    """A form of the agreement page (header, a new sasaran, return, sign, revise) through ``submit``: done →
    back to the page; refused → the page again (422) with the entries and the reason in that form."""
    return save(form, work, field=field, done=done, then=back(agreement, anchor),
                page=lambda status: detail_page(agreement, agreement.latest, status, **{name: form}))


def on_detail(agreement: Agreement):
    """For ``act``: a refused step answers the agreement page (the flashed reason on it)."""
    return lambda status: detail_page(agreement, agreement.latest, status)


def changed() -> str:
    return _("Someone else changed this agreement after you opened the form. Your entries are kept below: check "
             "the agreement, then save again.")
