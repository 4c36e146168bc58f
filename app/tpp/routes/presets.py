"""The TPP presets: the list, one preset with its versions and rules, installing the shipped ones, copying and
editing (a version used by a closed month is edited as a new version)."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access, can
from app.attendance.leave import leave_kind_labels
from app.core.forms import EmptyForm, act, submit
from app.core.htmx import render
from app.discipline.forms import level_labels
from app.tpp import labels
from app.tpp.forms import CopyForm, PresetForm, leave_bases
from app.tpp.models import Preset
from app.tpp.routes import bp
from app.tpp.rules import DEDUCTION_CODES, LEAVE_KINDS, PREDIKATS
from app.tpp.services import presets


@bp.get("/tpp/presets")
@access("tpp.view")
def presets_list():
    return render("tpp/presets.html", families=presets.families(), form=EmptyForm(),
                  may_edit=can(current_user, "tpp.presets"))


@bp.post("/tpp/presets/install")
@access("tpp.presets")
def presets_install():
    return act(EmptyForm(), presets.install_presets, back=url_for("tpp.presets_list"),
               done=lambda n: _("%(n)s shipped presets installed.", n=n) if n else _("The shipped presets are "
                                                                                   "already installed."))


@bp.get("/tpp/presets/<int:preset_id>")
@access("tpp.view", preset_id=Preset)
def preset(preset):
    return render("tpp/preset.html", preset=preset, rules=presets.rules_of(preset), locked=presets.is_locked(preset),
                  versions=presets.versions(preset.family), copy_form=CopyForm(name=_("Copy of %(name)s",
                                                                                    name=preset.name)),
                  may_edit=can(current_user, "tpp.presets"), labels=labels, codes=DEDUCTION_CODES,
                  predikat_keys=PREDIKATS, leave_kinds=LEAVE_KINDS, leave_labels=leave_kind_labels(),
                  levels=level_labels(), bases=leave_bases())


@bp.post("/tpp/presets/<int:preset_id>/copy")
@access("tpp.presets", preset_id=Preset)
def preset_copy(preset):
    form = CopyForm()
    return act(form, lambda: presets.copy(preset, form.name.data, current_user), done=_("Preset copied."),
               back=url_for("tpp.preset", preset_id=preset.id),
               then=lambda made: url_for("tpp.preset_edit", preset_id=made.id))


@bp.route("/tpp/presets/<int:preset_id>/edit", methods=["GET", "POST"])
@access("tpp.presets", preset_id=Preset)
def preset_edit(preset):
    form = PresetForm()
    if request.method == "GET":
        form.fill(preset)
    locked = presets.is_locked(preset)
    saved, status = submit(form, lambda: presets.edit(preset, form.values(), current_user, form.version.data),
                           field="name")
    if saved:
        return redirect(url_for("tpp.preset", preset_id=status.id), code=303)
    return render("tpp/preset_form.html", status=status, preset=preset, form=form, locked=locked)

