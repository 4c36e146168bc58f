"""Drafting: the list, a new agreement, the agreement page, its header and contents (sasaran, indicators, budget)."""

from __future__ import annotations

from flask import current_app, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.access import access, can, scoped
from app.agreements import services
from app.agreements.forms import BudgetForm, HeaderForm, IndicatorForm, NewAgreementForm, SasaranForm
from app.agreements.models import Agreement, BudgetLine, Indicator, Sasaran
from app.agreements.routes import bp
from app.agreements.routes.pages import (
    back,
    changed,
    detail_form,
    detail_page,
    second_party_choices,
    states,
    version_asked,
)
from app.core.errors import Refused
from app.core.forms import EmptyForm, act, submit
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.org.models import Unit
from app.org.years import working_year, year_asked

# -- list and create --------------------------------------------------------------------------------------


@bp.get("/agreements")
@access("agreements.view")
def index():
    year = year_asked(current_user)
    stmt = (select(Agreement).join(Unit, Agreement.unit_id == Unit.id)
            .where(scoped(current_user, "agreements.view", Agreement), Agreement.year == year)
            .options(joinedload(Agreement.unit), joinedload(Agreement.first_party),
                     selectinload(Agreement.versions))
            .order_by(Unit.path))
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False, max_per_page=100)
    return render("agreements/index.html", page=page, agreements=page.items, year=year, states=states())


def _unit_choices() -> list[tuple[int, str]]:
    """HR: the units they manage; an official drafting their own agreement: the unit they head."""
    if can(current_user, "agreements.manage"):
        rows = db.session.execute(select(Unit.id, Unit.name, Unit.depth)
                                  .where(scoped(current_user, "agreements.manage", Unit)).order_by(Unit.path)).all()
        return [(r.id, "\u2003" * r.depth + r.name) for r in rows]
    own = current_user.employee
    own_unit = own.position.unit if own and own.position and own.position.is_head else None
    return [(own_unit.id, own_unit.name)] if own_unit else []


@bp.route("/agreements/new", methods=["GET", "POST"])
@access("agreements.draft", params={"unit_id": Unit})
def new(unit):
    form = NewAgreementForm(year=working_year(current_user))
    form.unit_id.choices = _unit_choices()
    if unit is None and form.unit_id.choices:
        unit = db.session.get(Unit, form.unit_id.choices[0][0])
    form.second_party_id.choices = second_party_choices(unit)
    unit_changed = request.headers.get("HX-Trigger-Name") == "unit_id"
    if request.method == "GET" or unit_changed:  # PIHAK KEDUA: the head of the unit above, unless changed
        second = services.default_second_party(unit)
        form.second_party_id.data = second.id if second else None
    if unit_changed:  # the unit changed: its PIHAK KEDUA choices
        return _new_page(form)

    def create():
        if unit is None or form.unit_id.data not in {c[0] for c in form.unit_id.choices}:
            raise Refused(_("Choose a unit you manage."), "unit_id")
        second = services.second_party_of(form.second_party_id.data)
        return services.create_for_unit(form.year.data, unit, second, form.second_party_name.data or "",
                                        form.second_party_position.data or "")

    created, outcome = submit(form, create, field="unit_id")
    if created:
        flash(_("Draft agreement created."), "success")
        return redirect_htmx(back(outcome))
    return _new_page(form, outcome)


def _new_page(form: NewAgreementForm, status: int = 200):
    return render("agreements/new.html", "form", status=status, form=form, title=_("New agreement"),
                  action=url_for("agreements.new"), back=url_for("agreements.index"), form_id="agreement-form")


# -- the agreement page --------------------------------------------------------------------------------------

@bp.get("/agreements/<int:agreement_id>")
@access("agreements.view", agreement_id=Agreement)
def detail(agreement):
    return detail_page(agreement, version_asked(agreement))


@bp.post("/agreements/<int:agreement_id>/header")
@access("agreements.edit", agreement_id=Agreement)
def header(agreement):
    version = agreement.latest
    form = HeaderForm()
    form.second_party_id.choices = second_party_choices(agreement.unit)
    return detail_form(agreement, "header", form, lambda: services.update_header(version, current_user, {
        "second_party_id": form.second_party_id.data, "second_party_name": form.second_party_name.data or "",
        "second_party_position": form.second_party_position.data or "", "place": form.place.data or "",
        "signed_on": version.signed_on}, form.version.data), field="second_party_id", done=_("Changes saved."))


@bp.post("/agreements/<int:agreement_id>/sasaran")
@access("agreements.edit", agreement_id=Agreement)
def sasaran_add(agreement):
    form = SasaranForm()
    return detail_form(agreement, "sasaran", form,
                       lambda: services.add_sasaran(agreement.latest, current_user, form.text.data, form.version.data),
                       field="text", anchor="#contents")


# -- items: sasaran, indicators, budget lines -----------------------------------------------------------------

def _item_form(agreement: Agreement, form, save, title: str, done: str, anchor: str,
               template: str = "agreements/item_form.html"):
    """An item's form page (sasaran, indicator, budget line), saved through ``submit``.

    The form carries the draft's version counter: if someone else changed the draft meanwhile, the answer
    is 409 with the user's entries kept in the form, to check and save again. A POST with ``?refresh=1``
    saves nothing: it shows the form again with the entries, and the fields that go with the choices made
    (the indicator's polarity and reporting period; htmx sends it when they change, a "Perbarui" button
    without JavaScript).
    """
    def page(status: int):
        return render(template, "form", status=status, title=title, form=form,
                      action=url_for(request.endpoint, **request.view_args), back=back(agreement),
                      agreement=agreement, form_id="item-form")  # the id is the context's: htmx renders the form

    if request.method == "GET":
        form.version.data = agreement.latest.version
    elif request.args.get("refresh"):
        return page(200)
    saved, status = submit(form, lambda: save(form), field="text" if "text" in form else "name", conflict=changed())
    if saved:
        flash(done, "success")
        return redirect_htmx(back(agreement, anchor))
    if status == 409:
        form.version.data = agreement.latest.version
    return page(status)


@bp.route("/agreements/sasaran/<int:sasaran_id>/edit", methods=["GET", "POST"])
@access("agreements.edit", sasaran_id=Sasaran)
def sasaran_edit(sasaran):
    return _item_form(sasaran.agreement_version.agreement, SasaranForm(obj=sasaran),
                      lambda f: services.update_sasaran(sasaran, current_user, f.text.data, f.version.data),
                      _("Edit sasaran"), _("Changes saved."), "#contents")


@bp.post("/agreements/sasaran/<int:sasaran_id>/delete")
@access("agreements.edit", sasaran_id=Sasaran)
def sasaran_delete(sasaran):
    return act(EmptyForm(), lambda: services.delete_part(sasaran, current_user), done=_("Sasaran deleted."),
               back=back(sasaran.agreement_version.agreement, "#contents"))


INDICATOR_TEMPLATE = "agreements/indicator_form.html"


def _indicator_form(agreement: Agreement, indicator: Indicator | None = None) -> IndicatorForm:
    form = IndicatorForm(obj=indicator)
    form.supports_key.choices = [("", "—")] + [(i.key, i.name) for i in services.superior_indicators(agreement)]
    return form


@bp.route("/agreements/sasaran/<int:sasaran_id>/indicators/new", methods=["GET", "POST"])
@access("agreements.edit", sasaran_id=Sasaran)
def indicator_new(sasaran):
    agreement = sasaran.agreement_version.agreement
    return _item_form(agreement, _indicator_form(agreement),
                      lambda f: services.save_indicator(sasaran, current_user, f.values(), expected=f.version.data),
                      _("New indicator for: %(s)s", s=sasaran.text), _("Indicator added."), "#contents",
                      INDICATOR_TEMPLATE)


@bp.route("/agreements/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@access("agreements.edit", indicator_id=Indicator)
def indicator_edit(indicator):
    agreement = indicator.agreement_version.agreement
    return _item_form(agreement, _indicator_form(agreement, indicator),
                      lambda f: services.save_indicator(indicator.sasaran, current_user, f.values(), indicator,
                                                        f.version.data),
                      _("Edit indicator"), _("Changes saved."), "#contents", INDICATOR_TEMPLATE)


@bp.post("/agreements/indicators/<int:indicator_id>/delete")
@access("agreements.edit", indicator_id=Indicator)
def indicator_delete(indicator):
    return act(EmptyForm(), lambda: services.delete_part(indicator, current_user), done=_("Indicator deleted."),
               back=back(indicator.agreement_version.agreement, "#contents"))


@bp.route("/agreements/<int:agreement_id>/budget/new", methods=["GET", "POST"])
@access("agreements.edit", agreement_id=Agreement)
def budget_new(agreement):
    return _item_form(agreement, BudgetForm(),
                      lambda f: services.save_budget_line(agreement.latest, current_user, f.data,
                                                          expected=f.version.data),
                      _("New budget line"), _("Budget line added."), "#budget")


@bp.route("/agreements/budget/<int:line_id>/edit", methods=["GET", "POST"])
@access("agreements.edit", line_id=BudgetLine)
def budget_edit(line):
    return _item_form(line.agreement_version.agreement, BudgetForm(obj=line),
                      lambda f: services.save_budget_line(line.agreement_version, current_user, f.data, line,
                                                          f.version.data),
                      _("Edit budget line"), _("Changes saved."), "#budget")


@bp.post("/agreements/budget/<int:line_id>/delete")
@access("agreements.edit", line_id=BudgetLine)
def budget_delete(line):
    return act(EmptyForm(), lambda: services.delete_part(line, current_user), done=_("Budget line deleted."),
               back=back(line.agreement_version.agreement, "#budget"))
