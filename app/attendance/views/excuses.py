"""Excuse screens: a person's excuses and the request form, an excuse's page with its attachment, withdrawing
it, and the excuses waiting in a unit for the user's decision (the superior's, or a deciding role's)."""

from __future__ import annotations

from io import BytesIO

from flask import abort, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access, can
from app.attendance import excuses as services
from app.attendance import superior
from app.attendance.forms_leave import DecideForm, ExcuseForm
from app.attendance.models import Excuse
from app.attendance.views import bp
from app.core import files
from app.core.forms import VersionedForm, act, save
from app.core.htmx import render
from app.core.http import safe_next
from app.extensions import db
from app.org.models import Employee, Unit

TO_DECIDE_PAGE_SIZE = 50


def _labels() -> dict:
    return {"kinds": services.excuse_kind_labels(), "sides": services.forgot_labels(),
            "states": services.state_labels()}


def _decide_unit(employee: Employee) -> Unit | None:
    """Where the user finds the excuses they decide: the unit they head, else the person's unit."""
    own = current_user.employee if current_user.employee_id else None
    if own is not None and own.position is not None and own.position.is_head:
        return own.position.unit
    return employee.unit if can(current_user, "attendance.decide", employee.unit) else None


@bp.get("/attendance/people/<int:employee_id>/excuses")
@access("attendance.view", employee_id=Employee)
def excuses_person(employee):
    """The person's excuses, latest first, each with its state and decision."""
    own = current_user.employee_id == employee.id
    return render("attendance/leave/excuses.html", employee=employee, excuses=services.of_person(employee),
                  own=own, may_request=can(current_user, "attendance.request", employee),
                  decide_unit=_decide_unit(employee) if own else None, **_labels())


def _request_page(employee: Employee, form: ExcuseForm, status: int = 200):
    own = current_user.employee_id == employee.id
    title = _("Request an excuse") if own else _("Request an excuse: %(name)s", name=employee.display_name)
    return render("attendance/leave/excuse_form.html", "form", status=status, form=form, employee=employee,
                  title=title, form_id="excuse-form", own=own,
                  action=url_for("attendance.excuse_new", employee_id=employee.id),
                  back=url_for("attendance.excuses_person", employee_id=employee.id),
                  max_mb=services.attachment_limit() // 2**20)


@bp.route("/attendance/people/<int:employee_id>/excuses/new", methods=["GET", "POST"])
@access("attendance.request", employee_id=Employee)
def excuse_new(employee):
    """Request an excuse: the person for themself, an operator or HR for a person of their scope."""
    form = ExcuseForm()
    if request.method == "GET":
        return _request_page(employee, form)
    return save(form, lambda: services.request(employee, current_user, form.values(),
                                               form.upload(services.attachment_limit())),
                field=None, done=_("Excuse requested: it waits for the superior's decision."),
                then=lambda excuse: url_for("attendance.excuse_detail", excuse_id=excuse.id),
                page=lambda status: _request_page(employee, form, status))


def _detail_page(excuse: Excuse, decide_form: DecideForm | None = None, status: int = 200):
    decides = excuse.state == "requested" and can(current_user, "attendance.decide", excuse) \
        and current_user.employee_id != excuse.employee_id
    withdraws = excuse.state == "requested" and can(current_user, "attendance.request", excuse)
    if decide_form is None:
        decide_form = DecideForm(formdata=None, data={"version": excuse.version})
    head, account = superior.superior_of(excuse.employee)
    return render("attendance/leave/excuse.html", status=status, excuse=excuse, employee=excuse.employee,
                  decides=decides, withdraws=withdraws, decide_form=decide_form, head=head, has_account=account
                  is not None, **_labels())


@bp.get("/attendance/excuses/<int:excuse_id>")
@access("attendance.view", excuse_id=Excuse)
def excuse_detail(excuse):
    return _detail_page(excuse)


@bp.get("/attendance/excuses/<int:excuse_id>/attachment")
@access("attendance.view", excuse_id=Excuse)
def excuse_attachment(excuse):
    """The attachment as stored: PDFs and images open in the browser (without one: the excuse's page)."""
    if not excuse.attachment:
        return redirect(url_for("attendance.excuse_detail", excuse_id=excuse.id), code=303)
    return send_attachment(excuse.attachment, excuse.attachment_name)


def send_attachment(stored: str, name: str):
    """A stored attachment (``services.store_attachment``) as it was uploaded: PDFs and images open in the
    browser, with nothing else allowed to run. TPP objections send theirs the same way."""
    try:
        data = files.path_of(stored).read_bytes()
    except FileNotFoundError:
        abort(404)
    kind = services.sniff_attachment(data)
    if kind is None:
        abort(404)
    response = send_file(BytesIO(data), mimetype=kind[1], as_attachment=False,
                         download_name=name or f"lampiran.{kind[0]}", max_age=3600)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; " \
                                                  "object-src 'self'; frame-ancestors 'self'"
    return response


@bp.post("/attendance/excuses/<int:excuse_id>/withdraw")
@access("attendance.request", excuse_id=Excuse)
def excuse_withdraw(excuse):
    form = VersionedForm()
    return act(form, lambda: services.withdraw(excuse, form.version.data), done=_("Excuse withdrawn."),
               back=url_for("attendance.excuse_detail", excuse_id=excuse.id))


@bp.post("/attendance/excuses/<int:excuse_id>/decide")
@access("attendance.decide", excuse_id=Excuse)
def excuse_decide(excuse):
    """Approve, or refuse with a note; back to the page the decision was made on (the list to decide)."""
    form = DecideForm()
    approve = request.form.get("decision") == "approve"
    back = safe_next(request.form.get("next")) if request.form.get("next") else \
        url_for("attendance.excuse_detail", excuse_id=excuse.id)

    def page(status):
        if status == 409:
            form.version.data = excuse.version
        return _detail_page(excuse, form, status)

    name = excuse.employee.display_name
    return save(form, lambda: services.decide(excuse, current_user, approve, form.note.data, form.version.data),
                field="note", then=back, page=page,
                done=_("Excuse of %(name)s approved: the days are recomputed.", name=name) if approve
                else _("Excuse of %(name)s refused.", name=name),
                conflict=_("Someone else decided or changed this excuse after you opened the page: check it."))


@bp.get("/attendance/units/<int:unit_id>/excuses/to-decide")
@access("attendance.decide", unit_id=Unit)
def excuses_to_decide(unit):
    """The excuses waiting in the unit's subtree for the user's decision, earliest days first."""
    page = db.paginate(services.to_decide_query(current_user, unit), page=request.args.get("page", 1, type=int),
                       per_page=TO_DECIDE_PAGE_SIZE, max_per_page=TO_DECIDE_PAGE_SIZE, error_out=False)
    return render("attendance/leave/to_decide.html", unit=unit, page=page, heads=superior.superiors(
        {excuse.employee_id for excuse in page.items}), me=current_user.employee_id,
        here=request.full_path.rstrip("?"), parent=unit.parent if unit.parent_id else None, **_labels())
