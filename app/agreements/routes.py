"""Perjanjian Kinerja screens: list, drafting, workflow steps, versions, PDF, cascade and tracking."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, current_app, flash, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.accounts.access import access, can, scope_clause
from app.agreements import document, services
from app.agreements.forms import (
    BudgetForm,
    HeaderForm,
    IndicatorForm,
    NewAgreementForm,
    ReturnForm,
    ReviseForm,
    SasaranForm,
    SignForm,
    aggregation_labels,
    budget_level_labels,
    polarity_labels,
    reason_labels,
)
from app.agreements.models import Agreement, AgreementVersion, BudgetLine, Indicator, Sasaran
from app.agreements.rules import status_label, transition_problem
from app.core.clock import agency_today
from app.core.errors import Conflict, Refused
from app.core.formatting import format_number
from app.core.forms import EmptyForm, VersionedForm, add_refusal
from app.core.htmx import redirect_htmx, render
from app.documents.services import read_pdf
from app.extensions import db
from app.org.models import Employee, Position, Unit

bp = Blueprint("agreements", __name__)


def labels() -> dict:
    return {"polarity": polarity_labels(), "aggregation": aggregation_labels(), "levels": budget_level_labels(),
            "reasons": reason_labels()}


def _version(agreement: Agreement) -> AgreementVersion:
    number = request.args.get("v", type=int)
    if number is None:
        return agreement.latest
    version = next((v for v in agreement.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def _back(agreement: Agreement) -> str:
    return url_for("agreements.detail", agreement_id=agreement.id)


# -- list and create --------------------------------------------------------------------------------------

@bp.get("/agreements")
@access("agreements.view")
def index():
    year = request.args.get("year", type=int)
    years = sorted(set(db.session.scalars(select(Agreement.year).distinct())), reverse=True)
    year = year or (years[0] if years else None)
    stmt = (select(Agreement).join(Unit, Agreement.unit_id == Unit.id)
            .where(scope_clause(current_user, "agreements.view", Unit.path, Agreement.first_party_id),
                   Agreement.year == year)
            .options(joinedload(Agreement.unit), joinedload(Agreement.first_party),
                     selectinload(Agreement.versions))
            .order_by(Unit.path))
    page = db.paginate(stmt, page=request.args.get("page", 1, type=int), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False, max_per_page=100)
    return render("agreements/index.html", page=page, agreements=page.items, year=year, years=years,
                  status_label=status_label)


def _party_choices(units_clause) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Unit.id, Unit.name, Unit.depth).where(units_clause).order_by(Unit.path)).all()
    return [(r.id, "\u2003" * r.depth + r.name) for r in rows]


def _second_party_choices(unit: Unit | None) -> list:
    if unit is None or not unit.ancestor_ids:
        return [("", "—")]
    heads = db.session.execute(
        select(Employee.id, Employee.name, Employee.front_title, Employee.back_title, Position.name.label("pos"))
        .join(Position, Employee.position_id == Position.id)
        .where(Position.is_head.is_(True), Position.unit_id.in_(unit.ancestor_ids), Employee.status == "aktif")
        .order_by(Position.unit_id.desc())).all()
    from app.org.rules import full_name

    return [("", "—")] + [(h.id, f"{full_name(h.name, h.front_title, h.back_title)} — {h.pos}") for h in heads]


@bp.route("/agreements/new", methods=["GET", "POST"])
@access("agreements.draft")
def new():
    form = NewAgreementForm()
    manage = can(current_user, "agreements.manage")
    if manage:
        form.unit_id.choices = _party_choices(scope_clause(current_user, "agreements.manage", Unit.path))
    else:  # an official drafts their own agreement, for the unit they head
        own = current_user.employee
        own_unit = own.position.unit if own and own.position and own.position.is_head else None
        form.unit_id.choices = [(own_unit.id, own_unit.name)] if own_unit else []
    unit = db.session.get(Unit, form.unit_id.data or (form.unit_id.choices[0][0] if form.unit_id.choices else 0))
    form.second_party_id.choices = _second_party_choices(unit)
    if request.headers.get("HX-Trigger-Name") == "unit_id":
        return render("agreements/new.html", "form", form=form)
    if form.validate_on_submit():
        if unit is None or form.unit_id.data not in {c[0] for c in form.unit_id.choices}:
            form.unit_id.errors = list(form.unit_id.errors) + [_("Choose a unit you manage.")]
        else:
            head = services.head_of(unit)
            try:
                if head is None:
                    raise Refused(_("%(unit)s has no head, so it has no agreement to make.", unit=unit.name),
                                  "unit_id")
                second = db.session.get(Employee, form.second_party_id.data) if form.second_party_id.data else None
                agreement = services.create(form.year.data, unit, head, second, form.second_party_name.data or "",
                                            form.second_party_position.data or "")
            except Refused as refused:
                add_refusal(form, refused, "unit_id")
            else:
                db.session.commit()
                flash(_("Draft agreement created."), "success")
                return redirect_htmx(_back(agreement))
    return render("agreements/new.html", "form", status=422 if request.method == "POST" else 200, form=form)


# -- the agreement page --------------------------------------------------------------------------------------

def _detail(agreement: Agreement, version: AgreementVersion, status: int = 200, **forms):
    parts = services.actors(current_user, version)
    header = forms.pop("header", None) or HeaderForm(obj=version)
    header.second_party_id.choices = _second_party_choices(agreement.unit)
    sign_form = forms.pop("sign", None) or SignForm(version=version.version, place=version.place,
                                                    signed_on=version.signed_on)
    return render(
        "agreements/detail.html", status=status, agreement=agreement, version=version, parts=parts,
        header=header, sign_form=sign_form,
        return_form=forms.pop("return_form", None) or ReturnForm(version=version.version),
        revise_form=forms.pop("revise", None) or ReviseForm(),
        sasaran_form=forms.pop("sasaran", None) or SasaranForm(version=version.version),
        step=VersionedForm(version=version.version), empty=EmptyForm(), labels=labels(),
        part=lambda *names: any(n in parts for n in names),
        status_label=status_label, fmt=format_number, **forms)


@bp.get("/agreements/<int:agreement_id>")
@access("agreements.view", agreement_id=Agreement)
def detail(agreement):
    return _detail(agreement, _version(agreement))


@bp.post("/agreements/<int:agreement_id>/header")
@access("agreements.view", agreement_id=Agreement)
def header(agreement):
    version = agreement.latest
    form = HeaderForm()
    form.second_party_id.choices = _second_party_choices(agreement.unit)
    if form.validate_on_submit():
        try:
            services.update_header(version, current_user, {
                "second_party_id": form.second_party_id.data, "second_party_name": form.second_party_name.data or "",
                "second_party_position": form.second_party_position.data or "", "place": form.place.data or "",
                "signed_on": version.signed_on}, form.version.data)
        except Refused as refused:
            add_refusal(form, refused, "second_party_id")
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect_htmx(_back(agreement))
    return _detail(agreement, version, 422, header=form)


@bp.post("/agreements/<int:agreement_id>/sasaran")
@access("agreements.view", agreement_id=Agreement)
def sasaran_add(agreement):
    form = SasaranForm()
    if form.validate_on_submit():
        try:
            services.add_sasaran(agreement.latest, current_user, form.text.data, form.version.data)
        except Refused as refused:
            add_refusal(form, refused, "text")
        else:
            db.session.commit()
            return redirect_htmx(_back(agreement) + "#contents")
    return _detail(agreement, agreement.latest, 422, sasaran=form)


def _item_page(title: str, form, action: str, back: str, status: int = 200, **extra):
    return render("agreements/item_form.html", "form", status=status, title=title, form=form, action=action,
                  back=back, **extra)


def _item(agreement: Agreement, form, save, title: str, action: str, anchor: str, done: str):
    """An item form (sasaran, indicator, budget line): save through the service, or answer 422 with errors.

    The form carries the draft's version counter: if someone else changed the draft meanwhile, the answer
    is 409 with the user's entries kept in the form, to check and save again.
    """
    if request.method == "GET":
        form.version.data = agreement.latest.version
    if form.validate_on_submit():
        try:
            save(form)
        except Conflict:
            db.session.rollback()
            form.version.data = agreement.latest.version
            form.form_errors.append(_("Someone else changed this agreement after you opened the form. Your entries "
                                      "are kept below: check the agreement, then save again."))
            return _item_page(title, form, action, _back(agreement), 409, agreement=agreement)
        except Refused as refused:
            add_refusal(form, refused, "text" if "text" in form else "name")
        else:
            db.session.commit()
            flash(done, "success")
            return redirect_htmx(_back(agreement) + anchor)
    return _item_page(title, form, action, _back(agreement), 422 if request.method == "POST" else 200,
                      agreement=agreement)


def _deleted(agreement: Agreement, delete, done: str, anchor: str):
    delete()
    db.session.commit()
    flash(done, "success")
    return redirect_htmx(_back(agreement) + anchor)


@bp.route("/agreements/sasaran/<int:sasaran_id>/edit", methods=["GET", "POST"])
@access("agreements.view", sasaran_id=Sasaran)
def sasaran_edit(sasaran):
    return _item(sasaran.agreement_version.agreement, SasaranForm(obj=sasaran),
                 lambda f: services.update_sasaran(sasaran, current_user, f.text.data, f.version.data), _("Edit sasaran"),
                 url_for("agreements.sasaran_edit", sasaran_id=sasaran.id), "#contents", _("Changes saved."))


@bp.post("/agreements/sasaran/<int:sasaran_id>/delete")
@access("agreements.view", sasaran_id=Sasaran)
def sasaran_delete(sasaran):
    return _deleted(sasaran.agreement_version.agreement, lambda: services.delete_sasaran(sasaran, current_user),
                    _("Sasaran deleted."), "#contents")


def _indicator_form(agreement: Agreement, indicator: Indicator | None = None) -> IndicatorForm:
    form = IndicatorForm(obj=indicator)
    form.supports_key.choices = [("", "—")] + [(i.key, i.name) for i in services.superior_indicators(agreement)]
    return form


@bp.route("/agreements/sasaran/<int:sasaran_id>/indicators/new", methods=["GET", "POST"])
@access("agreements.view", sasaran_id=Sasaran)
def indicator_new(sasaran):
    agreement = sasaran.agreement_version.agreement
    return _item(agreement, _indicator_form(agreement),
                 lambda f: services.save_indicator(sasaran, current_user, f.values(), expected=f.version.data),
                 _("New indicator for: %(s)s", s=sasaran.text),
                 url_for("agreements.indicator_new", sasaran_id=sasaran.id), "#contents", _("Indicator added."))


@bp.route("/agreements/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@access("agreements.view", indicator_id=Indicator)
def indicator_edit(indicator):
    agreement = indicator.agreement_version.agreement
    return _item(agreement, _indicator_form(agreement, indicator),
                 lambda f: services.save_indicator(indicator.sasaran, current_user, f.values(), indicator,
                                                   f.version.data),
                 _("Edit indicator"), url_for("agreements.indicator_edit", indicator_id=indicator.id), "#contents",
                 _("Changes saved."))


@bp.post("/agreements/indicators/<int:indicator_id>/delete")
@access("agreements.view", indicator_id=Indicator)
def indicator_delete(indicator):
    return _deleted(indicator.agreement_version.agreement, lambda: services.delete_indicator(indicator, current_user),
                    _("Indicator deleted."), "#contents")


@bp.route("/agreements/<int:agreement_id>/budget/new", methods=["GET", "POST"])
@access("agreements.view", agreement_id=Agreement)
def budget_new(agreement):
    return _item(agreement, BudgetForm(), lambda f: services.save_budget_line(agreement.latest, current_user, f.data,
                                                     expected=f.version.data),
                 _("New budget line"), url_for("agreements.budget_new", agreement_id=agreement.id), "#budget",
                 _("Budget line added."))


@bp.route("/agreements/budget/<int:line_id>/edit", methods=["GET", "POST"])
@access("agreements.view", line_id=BudgetLine)
def budget_edit(line):
    return _item(line.agreement_version.agreement, BudgetForm(obj=line),
                 lambda f: services.save_budget_line(line.agreement_version, current_user, f.data, line,
                                                    f.version.data), _("Edit budget line"),
                 url_for("agreements.budget_edit", line_id=line.id), "#budget", _("Changes saved."))


@bp.post("/agreements/budget/<int:line_id>/delete")
@access("agreements.view", line_id=BudgetLine)
def budget_delete(line):
    return _deleted(line.agreement_version.agreement, lambda: services.delete_budget_line(line, current_user),
                    _("Budget line deleted."), "#budget")


# -- workflow steps -----------------------------------------------------------------------------------------

def _step(agreement: Agreement, done_message: str, action, form=None, form_name: str = ""):
    form = form or VersionedForm()
    if form.validate_on_submit():
        try:
            action(form)
        except Refused as refused:
            if form_name:
                add_refusal(form, refused, next(iter(f.name for f in form if f.name not in ("csrf_token", "version"))))
            else:
                flash(str(refused.message), "error")
                return _detail(agreement, agreement.latest, 422)
        else:
            db.session.commit()
            flash(done_message, "success")
            return redirect_htmx(_back(agreement))
    return _detail(agreement, agreement.latest, 422, **({form_name: form} if form_name else {}))


@bp.post("/agreements/<int:agreement_id>/submit")
@access("agreements.view", agreement_id=Agreement)
def submit(agreement):
    return _step(agreement, _("Submitted to PIHAK KEDUA for review."),
                 lambda f: services.submit(agreement.latest, current_user, f.version.data))


@bp.post("/agreements/<int:agreement_id>/return")
@access("agreements.view", agreement_id=Agreement)
def return_(agreement):
    return _step(agreement, _("Returned with your note."),
                 lambda f: services.return_for_changes(agreement.latest, current_user, f.note.data, f.version.data),
                 ReturnForm(), "return_form")


@bp.post("/agreements/<int:agreement_id>/sign")
@access("agreements.view", agreement_id=Agreement)
def sign(agreement):
    return _step(agreement, _("Signed. PIHAK KEDUA can now countersign."),
                 lambda f: services.sign(agreement.latest, current_user, f.pakta.data, f.signed_on.data, f.place.data,
                                         f.version.data), SignForm(), "sign")


@bp.post("/agreements/<int:agreement_id>/countersign")
@access("agreements.view", agreement_id=Agreement)
def countersign(agreement):
    return _step(agreement, _("Countersigned: the agreement is in force and its PDF is issued."),
                 lambda f: services.countersign(agreement.latest, current_user, f.version.data))


@bp.post("/agreements/<int:agreement_id>/revise")
@access("agreements.view", agreement_id=Agreement)
def revise(agreement):
    return _step(agreement, _("Revision started as a new draft version."),
                 lambda f: services.revise(agreement, current_user, f.reason.data, f.note.data), ReviseForm(), "revise")


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
    version = _version(agreement) if request.args.get("v") else (agreement.in_force or agreement.latest)
    if version.document is not None:
        data = read_pdf(version.document)
    else:
        data = document.render(version)
    name = f"PK-{agreement.year}-{agreement.unit.code or agreement.unit_id}-v{version.number}.pdf"
    return send_file(BytesIO(data), mimetype="application/pdf", download_name=name, max_age=0)


# -- cascade, tracking, year start --------------------------------------------------------------------------

def _opd_and_year(action: str) -> tuple[list[Unit], Unit | None, int]:
    opds = list(db.session.scalars(select(Unit).where(Unit.parent_id.is_(None),
                                                      scope_clause(current_user, action, Unit.path))
                                   .order_by(Unit.sort_order, Unit.name)))
    wanted = request.values.get("opd", type=int)
    opd = next((o for o in opds if o.id == wanted), opds[0] if opds else None)

    year = request.values.get("year", type=int) or agency_today().year
    if not 2000 <= year <= 2100:
        abort(404)
    return opds, opd, year


@bp.get("/agreements/cascade")
@access("agreements.view")
def cascade():
    opds, opd, year = _opd_and_year("agreements.view")
    roots, counts = services.cascade_tree(opd, year) if opd else ([], {"orphans": 0, "unsupported": 0, "agreements": 0})
    # labels and the link prefix computed once: the macro runs once per agreement (hundreds)
    tags = {"orphan": _("supports nothing above"), "unsupported": _("no indicator below supports it"),
            "none": _("No indicator yet.")}
    return render("agreements/cascade.html", opds=opds, opd=opd, year=year, roots=roots, counts=counts, tags=tags,
                  detail_url=url_for("agreements.detail", agreement_id=0).removesuffix("0"))


@bp.route("/agreements/tracking", methods=["GET", "POST"])
@access("agreements.view")
def tracking():

    from app.agreements.forms import DeadlineForm

    opds, opd, year = _opd_and_year("agreements.view")
    form = DeadlineForm()
    if request.method == "POST":
        if opd is None or not can(current_user, "agreements.manage", opd):
            abort(403)
        if form.validate_on_submit():
            services.set_deadline(opd, year, form.dpa_date.data)
            db.session.commit()
            flash(_("DPA date saved."), "success")
            return redirect_htmx(url_for("agreements.tracking", opd=opd.id, year=year))
    rows, due = services.tracking(opd, year, agency_today()) if opd else ([], None)
    from app.agreements.models import STATUSES

    return render("agreements/tracking.html", status=422 if request.method == "POST" else 200, opds=opds, opd=opd,
                  year=year, rows=rows, due=due, form=form, states={s: status_label(s) for s in STATUSES},
                  missing=_("missing"), late=_("late"),
                  detail_url=url_for("agreements.detail", agreement_id=0).removesuffix("0"),
                  manage=bool(opd and can(current_user, "agreements.manage", opd)))


@bp.post("/agreements/start-year")
@access("agreements.manage")
def start_year():
    opds, opd, year = _opd_and_year("agreements.manage")
    if opd is None or request.values.get("opd", type=int) != opd.id:
        abort(404)
    EmptyForm().validate_on_submit()
    from app.agreements.jobs import BULK_THRESHOLD
    from app.jobs import services as jobs

    if len(services.officials(opd)) > BULK_THRESHOLD:  # large: a background job with progress
        job = jobs.start(current_user, "agreements.start_year", _("Drafts for %(year)s: %(opd)s", year=year, opd=opd.name),
                         {"opd_id": opd.id, "year": year})
        db.session.commit()
        jobs.enqueue(job)
        db.session.commit()
        return redirect_htmx(url_for("jobs.detail", job_id=job.id))
    counts = services.start_year(opd, year)
    db.session.commit()
    flash(_("%(created)s new drafts, %(copied)s copied from %(last)s, %(skipped)s officials already had one.",
            created=counts["created"], copied=counts["copied"], last=year - 1, skipped=counts["skipped"]), "success")
    return redirect_htmx(url_for("agreements.tracking", opd=opd.id, year=year))


# -- Excel round-trip ------------------------------------------------------------------------------------------

@bp.get("/agreements/<int:agreement_id>/xlsx")
@access("agreements.view", agreement_id=Agreement)
def excel_export(agreement):
    from app.agreements import excel

    version = _version(agreement)
    name = f"PK-{agreement.year}-{agreement.unit.code or agreement.unit_id}-v{version.number}.xlsx"
    return send_file(BytesIO(excel.export(version)), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.route("/agreements/<int:agreement_id>/xlsx/import", methods=["GET", "POST"])
@access("agreements.view", agreement_id=Agreement)
def excel_import(agreement):
    """Upload the edited workbook: a preview of what would change, nothing written yet."""
    from app.agreements import excel
    from app.imports.forms import UploadForm

    version = agreement.latest
    form = UploadForm()
    form.kind.data = "people"  # the upload form's kind is not used here
    preview = None
    if form.validate_on_submit():
        try:
            problem = transition_problem("edit", version.status, services.actors(current_user, version))
            if problem:
                raise Refused(problem, "file")
            staged, problems = excel.read(form.file.data.read(current_app.config["IMPORT_MAX_BYTES"] + 1))
        except Refused as refused:
            add_refusal(form, refused, "file")
        else:
            preview = {"changes": excel.changes(version, staged), "problems": problems,
                       "token": excel.sign(version, staged) if not problems else None,
                       "indicators": len(staged["indicators"]), "budget": len(staged["budget"])}
    status = 200 if request.method == "GET" or (preview and not preview["problems"]) else 422
    return render("agreements/excel.html", status=status, agreement=agreement, version=version, form=form,
                  preview=preview, empty=EmptyForm())


@bp.post("/agreements/<int:agreement_id>/xlsx/apply")
@access("agreements.view", agreement_id=Agreement)
def excel_apply(agreement):
    from app.agreements import excel

    EmptyForm().validate_on_submit()
    try:
        excel.apply(agreement.latest, current_user, request.form.get("token", ""))
    except Refused as refused:
        flash(str(refused.message), "error")
        return redirect_htmx(url_for("agreements.excel_import", agreement_id=agreement.id))
    db.session.commit()
    flash(_("The contents were replaced by the workbook's."), "success")
    return redirect_htmx(_back(agreement) + "#contents")


@bp.post("/agreements/<int:agreement_id>/copy")
@access("agreements.view", agreement_id=Agreement)
def copy_next_year(agreement):
    """Next year's draft from this agreement (the version in force, else the latest)."""
    EmptyForm().validate_on_submit()
    if not {"first_party", "hr", "admin"} & services.actors(current_user, agreement.latest):
        abort(403)
    try:
        following = services.copy_to_year(agreement, agreement.year + 1)
    except Refused as refused:
        flash(str(refused.message), "error")
        return redirect_htmx(_back(agreement))
    db.session.commit()
    flash(_("Draft for %(year)s created from this agreement.", year=following.year), "success")
    return redirect_htmx(_back(following))
