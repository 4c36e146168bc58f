"""An OPD's year: the cascade of agreements, who has signed (and the DPA date), starting a year, copying one
agreement to the next year."""

from __future__ import annotations

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access, can, reached_roots
from app.agreements import jobs as agreement_jobs
from app.agreements import services
from app.agreements.forms import DeadlineForm
from app.agreements.models import Agreement
from app.agreements.routes import bp
from app.agreements.routes.pages import back, states
from app.core.clock import agency_today
from app.core.forms import EmptyForm, act, save
from app.core.htmx import render
from app.extensions import db
from app.jobs import services as jobs
from app.org.models import Unit
from app.org.years import year_asked


def _opds(action: str) -> list[Unit]:
    """The highest units the user reaches for ``action`` (admin: every OPD; HR: their OPDs; an operator of a Suku
    Dinas: it), the choices of the page's filter."""
    roots = reached_roots(current_user, action)
    where = Unit.parent_id.is_(None) if roots is None else Unit.path.in_(roots)
    return list(db.session.scalars(select(Unit).where(where).order_by(Unit.depth, Unit.sort_order, Unit.name)))


def _year() -> int:
    return year_asked(current_user)


def _an_opd(unit: Unit | None, opds: list[Unit] | None = None) -> Unit | None:
    """The unit ``?opd=`` names (the access gate checked the user reaches it), else the first of ``opds``. Only an
    OPD's DPA date is set and an OPD's year started (``opds`` not given: 404 for a unit below an OPD)."""
    if unit is not None and opds is None and unit.parent_id is not None:
        abort(404)
    return unit or (opds[0] if opds else None)


def _detail_url() -> str:
    """The link prefix of an agreement, computed once: the pages link hundreds of them."""
    return url_for("agreements.detail", agreement_id=0).removesuffix("0")


@bp.get("/agreements/cascade")
@access("agreements.view", params={"opd": Unit})
def cascade(opd):
    opds = _opds("agreements.view")
    opd, year = _an_opd(opd, opds), _year()
    roots, counts = services.cascade_tree(opd, year) if opd else ([], {"orphans": 0, "unsupported": 0, "agreements": 0})
    tags = {"orphan": _("supports nothing above"), "unsupported": _("no indicator below supports it"),
            "none": _("No indicator yet.")}
    return render("agreements/cascade.html", opds=opds, opd=opd, year=year, roots=roots, counts=counts, tags=tags,
                  detail_url=_detail_url())


def _tracking_page(opd: Unit | None, form: DeadlineForm, status: int = 200):
    opds = _opds("agreements.view")
    opd, year = _an_opd(opd, opds), _year()
    rows, due = services.tracking(opd, year, agency_today()) if opd else ([], None)
    return render("agreements/tracking.html", status=status, opds=opds, opd=opd, year=year, rows=rows, due=due,
                  form=form, states=states(), missing=_("missing"), late=_("late"), detail_url=_detail_url(),
                  manage=bool(opd and opd.parent_id is None and can(current_user, "agreements.manage", opd)))


@bp.get("/agreements/tracking")
@access("agreements.view", params={"opd": Unit})
def tracking(opd):
    return _tracking_page(opd, DeadlineForm())


@bp.post("/agreements/tracking", endpoint="deadline")
@access("agreements.manage", params={"opd": Unit})
def set_deadline(opd):
    """The date the OPD's budget (DPA) was approved: agreements are due a month later."""
    if opd is None:
        abort(404)
    opd, year, form = _an_opd(opd), _year(), DeadlineForm()
    return save(form, lambda: services.set_deadline(opd, year, form.dpa_date.data), field="dpa_date",
                done=_("DPA date saved."), then=url_for("agreements.tracking", opd=opd.id, year=year),
                page=lambda status: _tracking_page(opd, form, status))


@bp.post("/agreements/start-year")
@access("agreements.manage", params={"opd": Unit})
def start_year(opd):
    """A draft for every official of the OPD who has none for the year; a job with progress for a large OPD."""
    if opd is None:
        abort(404)
    opd, year = _an_opd(opd), _year()

    def start():
        if len(services.officials(opd)) > agreement_jobs.BULK_THRESHOLD:
            return jobs.start(current_user, "agreements.start_year",
                              _("Drafts for %(year)s: %(opd)s", year=year, opd=opd.name), {"opd_id": opd.id, "year": year})
        return services.start_year(opd, year)

    tracking_url = url_for("agreements.tracking", opd=opd.id, year=year)

    def done(outcome):
        if isinstance(outcome, dict):
            return _("%(created)s new drafts, %(copied)s copied from %(last)s, %(skipped)s officials already had one.",
                     created=outcome["created"], copied=outcome["copied"], last=year - 1, skipped=outcome["skipped"])
        return None  # a job: its page tells the progress

    return act(EmptyForm(), start, done=done, back=tracking_url,
               then=lambda outcome: tracking_url if isinstance(outcome, dict) else jobs.launch(outcome))


@bp.post("/agreements/<int:agreement_id>/copy")
@access("agreements.copy", agreement_id=Agreement)
def copy_next_year(agreement):
    """Next year's draft from this agreement (the version in force, else the latest)."""
    return act(EmptyForm(), lambda: services.copy_to_next_year(agreement),
               done=lambda copy: _("Draft for %(year)s created from this agreement.", year=copy.year),
               back=back(agreement), then=back)
