"""Setting up awards (HR): an OPD's instruments and categories."""

from __future__ import annotations

from functools import wraps

from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.access import access
from app.awards import numbering, services
from app.awards.forms import CategoryForm, InstrumentForm, source_labels
from app.awards.models import DEFAULT_AWARDS, Category, Instrument
from app.awards.routes import bp
from app.core.clock import agency_today
from app.core.forms import save, submit
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.org.models import Position, Unit


def setup_url(opd: Unit) -> str:
    return url_for("awards.setup", opd_id=opd.id)


def root_opd(view):
    """Awards are set up per OPD: a unit below one sends the user to its OPD's page."""
    @wraps(view)
    def wrapped(opd, **kwargs):
        if opd.parent_id is not None:
            if request.method != "GET":
                abort(404)  # a change is made on the OPD's own page, never redirected to it
            return redirect_htmx(url_for(request.endpoint, opd_id=opd.opd_id))
        return view(opd, **kwargs)

    return wrapped


@bp.get("/awards/opd/<int:opd_id>/setup")
@access("awards.manage", opd_id=Unit)
@root_opd
def setup(opd):
    categories = list(db.session.scalars(select(Category).where(Category.opd_id == opd.id).order_by(Category.name)))
    today = agency_today()  # each pattern as a certificate numbered today would read, the first of the year
    examples = {c.id: numbering.format_number(c.number_pattern, seq=1, unit=opd.code or str(opd.id), month=today.month,
                                              year=today.year) for c in categories}
    return render("awards/setup.html", opd=opd, categories=categories, examples=examples,
                  instruments=services.instruments_of(opd.id, current_only=False))


# -- instruments ----------------------------------------------------------------------------------

def _instrument_form(opd: Unit, form: InstrumentForm, instrument: Instrument | None, status: int = 200):
    action = (url_for("awards.instrument_edit", instrument_id=instrument.id) if instrument
              else url_for("awards.instrument_new", opd_id=opd.id))
    used = instrument is not None and services.instrument_used(instrument)
    return render("awards/instrument_form.html", "form", status=status, form=form, opd=opd, instrument=instrument,
                  action=action, used=used, back=setup_url(opd))


def _save_instrument(opd: Unit, instrument: Instrument | None):
    form = InstrumentForm()
    if request.method == "GET" and instrument is not None:
        form = InstrumentForm(data={"name": instrument.name, "note": instrument.note, "version": instrument.version,
                                    "criteria": [
            {"name": c.name, "description": c.description, "weight": int(c.weight), "source": c.source,
             "scale_min": int(c.scale_min), "scale_max": int(c.scale_max)} for c in instrument.criteria]})
        while len(form.criteria) < len(instrument.criteria) + 2:
            form.criteria.append_entry()
    done, outcome = submit(form, lambda: services.save_instrument(
        opd, form.name.data, form.note.data or "", [row.data for row in form.criteria], instrument,
        form.version.data), field=None, conflict=_("Someone else changed this instrument after you opened the form. "
                                                   "Your entries are kept below: check the instrument, then save again."))
    if not done:
        if outcome == 409 and instrument is not None:
            form.version.data = instrument.version
        return _instrument_form(opd, form, instrument, outcome)
    flash(_("Instrument saved.") if outcome is instrument or instrument is None else
          _("The instrument was already used by a round, so the change is a new version (v%(n)s); "
            "rounds keep the version they started with.", n=outcome.number), "success")
    return redirect_htmx(url_for("awards.instrument", instrument_id=outcome.id))


@bp.route("/awards/opd/<int:opd_id>/instruments/new", methods=["GET", "POST"])
@access("awards.manage", opd_id=Unit)
@root_opd
def instrument_new(opd):
    return _save_instrument(opd, None)


@bp.get("/awards/instruments/<int:instrument_id>")
@access("awards.manage", instrument_id=Instrument)
def instrument(instrument):
    return render("awards/instrument.html", instrument=instrument, opd=instrument.opd,
                  used=services.instrument_used(instrument), sources=source_labels())


@bp.route("/awards/instruments/<int:instrument_id>/edit", methods=["GET", "POST"])
@access("awards.manage", instrument_id=Instrument)
def instrument_edit(instrument):
    return _save_instrument(instrument.opd, instrument)


# -- categories -----------------------------------------------------------------------------------

def _category_form(opd: Unit, category: Category | None) -> CategoryForm:
    positions = db.session.scalars(select(Position).join(Unit).where(
        Unit.path.startswith(opd.path), Position.is_head.is_(True)).order_by(Unit.depth, Position.name))
    return CategoryForm(obj=category, instruments=services.instruments_of(opd.id), positions=list(positions))


def _save_category(opd: Unit, category: Category | None):
    form = _category_form(opd, category)
    if request.method == "GET" and category is not None:
        form.signer_position_id.data = category.signer_position_id or 0
    return save(form, lambda: services.save_category(opd, form.values(), category, form.version.data),
                field="name", conflict=_("Someone else changed this category after you opened the form. "
                                         "Your entries are kept below: check the category, then save again."),
                done=_("Category saved."), then=setup_url(opd),
                page=lambda status: _category_page(opd, category, form, status))


def _category_page(opd: Unit, category: Category | None, form, status: int):
    if category is not None and (status == 409 or request.method == "GET"):
        form.version.data = category.version
    action = (url_for("awards.category_edit", category_id=category.id) if category
              else url_for("awards.category_new", opd_id=opd.id))
    return render("awards/category_form.html", "form", status=status, form=form, opd=opd, action=action,
                  back=setup_url(opd), form_id="category-form", default_awards=DEFAULT_AWARDS,
                  title=_("Edit category") if category else _("New category"))


@bp.route("/awards/opd/<int:opd_id>/categories/new", methods=["GET", "POST"])
@access("awards.manage", opd_id=Unit)
@root_opd
def category_new(opd):
    if not services.instruments_of(opd.id):
        flash(_("Create an instrument first: a category scores its nominees with one."), "error")
        return redirect_htmx(url_for("awards.instrument_new", opd_id=opd.id))
    return _save_category(opd, None)


@bp.route("/awards/categories/<int:category_id>/edit", methods=["GET", "POST"])
@access("awards.manage", category_id=Category)
def category_edit(category):
    return _save_category(category.opd, category)
