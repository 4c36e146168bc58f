"""An OPD's honorarium month: the lines (worked out live while open, stored once closed), closing, reopening,
and the recap of a closed month as a workbook and an official PDF."""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.accounts.access import access, can, scoped
from app.attendance.checkin_commit import Page
from app.attendance.views.grid import month_asked, month_neighbours
from app.core.clock import agency_today
from app.core.formatting import rupiah
from app.core.forms import EmptyForm, act, submit
from app.core.htmx import render
from app.extensions import db
from app.jobs import services as jobs
from app.jobs.models import Job
from app.org.models import Unit
from app.workers import labels, recap
from app.workers.forms import CloseForm, ReopenForm
from app.workers.models import HonorLine, HonorMonth
from app.workers.routes import bp
from app.workers.rules import Rules
from app.workers.services import honor

PAGE_SIZE = 100


@bp.get("/non-asn/honor")
@access("workers.view")
def honor_index():
    opd = db.session.scalar(select(Unit).where(scoped(current_user, "workers.view", Unit))
                            .order_by(Unit.depth, Unit.sort_order, Unit.name).limit(1))
    if opd is None:
        abort(404)
    return redirect(url_for("workers.honor_month", unit_id=opd.id))


def _month(opd: Unit) -> tuple[int, int]:
    """The month asked for; else, in the year shown, the month to work on: one reopened, else the one after the
    latest closed (once it has ended), else that latest; with none closed, in the current year the last finished
    month."""
    def working(year: int) -> int | None:
        rows = db.session.execute(select(HonorMonth.month, HonorMonth.state).where(
            HonorMonth.opd_id == opd.id, HonorMonth.year == year)).all()
        today = agency_today()
        finished = 12 if year < today.year else today.month - 1  # the last month that has ended
        reopened = [month for month, state in rows if state == "open"]
        if reopened:
            return min(reopened)
        if rows:
            latest = max(month for month, _state in rows)
            return latest + 1 if latest < finished else latest
        return finished if year == today.year and finished >= 1 else None

    return month_asked(working)


@bp.get("/non-asn/honor/units/<int:unit_id>")
@access("workers.view", unit_id=Unit)
def honor_month(unit):
    opd = unit if unit.parent_id is None else db.session.get(Unit, unit.opd_id)
    year, month = _month(opd)
    found = honor.month_of(opd, year, month)
    page = max(1, request.args.get("page", 1, type=int))
    closed = found is not None and found.state == "closed"
    version = found.rules_version if closed else honor.rules_version(opd, year, month)
    if closed:
        listed = honor.stored(found, unit).where(scoped(current_user, "workers.view", HonorLine))
        count = db.session.scalar(select(func.count()).select_from(listed.subquery()))
        rows = list(db.session.scalars(listed.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)))
        live, unknown, total = [], 0, sum(db.session.scalars(
            select(HonorLine.net).join(Unit, HonorLine.unit_id == Unit.id)
            .where(HonorLine.month_id == found.id, Unit.path.startswith(unit.path, autoescape=True))))
    else:
        lines = honor.work_out(unit, year, month, Rules.read(version.rules))
        count, rows = len(lines), []
        live = lines[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        unknown = sum(line.unknown for line in lines)
        total = sum(line.pay.net for line in lines)
    manage = can(current_user, "workers.manage", opd)
    return render("workers/honor.html", unit=unit, opd=opd, found=found, closed=closed, rows=rows, live=live,
                  count=count, unknown=unknown, total=total, version=version, manage=manage,
                  page=Page(page, max(1, -(-count // PAGE_SIZE))), bases=labels.bases(),
                  states=labels.month_states(), documents=recap.issued(found, unit) if closed else [],
                  close_form=CloseForm(year=year, month=month, version=found.version if found else None),
                  ended=(year, month) < (agency_today().year, agency_today().month),
                  **month_neighbours(year, month))


@bp.post("/non-asn/honor/opd/<int:opd_id>/close")
@access("workers.manage", opd_id=Unit)
def honor_close(opd):
    if opd.parent_id is not None:
        abort(404)
    form = CloseForm()
    year, month = form.year.data, form.month.data
    back = url_for("workers.honor_month", unit_id=opd.id, year=year, month=month)
    return act(form, lambda: honor.close(opd, year, month, form.version.data, current_user),
               done=lambda found: _("The honorarium month is closed: %(n)s workers, %(total)s in all.",
                                    n=found.people, total=rupiah(found.total)), back=back)


@bp.route("/non-asn/honor/months/<int:month_id>/reopen", methods=["GET", "POST"])
@access("workers.manage", month_id=HonorMonth)
def honor_reopen(month):
    form = ReopenForm(version=month.version)
    back = url_for("workers.honor_month", unit_id=month.opd_id, year=month.year, month=month.month)
    saved, status = submit(form, lambda: honor.reopen(month, form.reason.data, form.version.data, current_user),
                           field="reason")
    if saved:
        flash(_("The month is open again: its lines follow the attendance until it is closed again."), "success")
        return redirect(back)
    return render("workers/reopen.html", status=status, found=month, form=form, back=back,
                  **month_neighbours(month.year, month.month))


@bp.get("/non-asn/honor/months/<int:month_id>/units/<int:unit_id>/recap.xlsx")
@access("workers.manage", month_id=HonorMonth, unit_id=Unit)
def honor_xlsx(month, unit):
    back = url_for("workers.honor_month", unit_id=unit.id, year=month.year, month=month.month)
    if month.state != "closed" or not unit.path.startswith(month.opd.path):
        flash(_("The recap is printed from a closed month only: close the month first."), "error")
        return redirect(back)
    name = f"rekap-honorarium-{month.year}-{month.month:02d}-{unit.code or unit.id}.xlsx"
    return send_file(BytesIO(recap.workbook(month, unit)), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.post("/non-asn/honor/months/<int:month_id>/units/<int:unit_id>/recap")
@access("workers.manage", month_id=HonorMonth, unit_id=Unit)
def honor_pdf(month, unit):
    if not unit.path.startswith(month.opd.path):
        abort(404)
    back = url_for("workers.honor_month", unit_id=unit.id, year=month.year, month=month.month)
    return act(EmptyForm(), lambda: recap.start_issue(month, unit, current_user),
               done=lambda issued: None if isinstance(issued, Job) else _(
                   "Honorarium recap issued as a PDF (version %(n)s).", n=issued.version),
               back=back, then=lambda issued: jobs.launch(issued) if isinstance(issued, Job) else back)
