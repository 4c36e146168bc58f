"""Excel round-trip of one unit's period: download the workbook, upload it for a preview, apply it.

Upload and apply write what the grid's cells write, so they take the grid's rule (``monitoring.report``); who
may enter which line is decided row by row, as in the grid (a row the user may not enter is marked).
"""

from __future__ import annotations

from io import BytesIO

from flask import abort, current_app, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from app.accounts.access import access
from app.core.clock import agency_today
from app.core.errors import Refused
from app.core.forms import EmptyForm, Form, act, submit
from app.core.htmx import render
from app.monitoring import excel
from app.monitoring.labels import period_label
from app.monitoring.routes import bp
from app.monitoring.services import PERIODS
from app.org.models import Unit


class WorkbookForm(Form):
    file = FileField(_l("Workbook (.xlsx)"), validators=[FileRequired(_l("Choose a file to upload."))])


def _period() -> tuple[int, str, int]:
    """(year, kind, period) from the query string: missing → this year's first quarter; wrong → 404."""
    year, kind, period = (request.args.get(name, "") for name in ("year", "kind", "period"))
    year = int(year) if year.isdigit() else (agency_today().year if not year else 0)
    kind = kind or "quarter"
    period = int(period) if period.isdigit() else (1 if not period else 0)
    if not 2000 <= year <= 2100 or kind not in PERIODS or not 1 <= period <= PERIODS[kind]:
        abort(404)
    return year, kind, period


def _page(unit: Unit, year: int, kind: str, period: int, form: WorkbookForm, status: int = 200, rows=None,
          token: str | None = None, failed: bool = False):
    return render("monitoring/excel.html", status=status, unit=unit, year=year, kind=kind, period=period,
                  label=period_label(kind, period), form=form, rows=rows, token=token, failed=failed,
                  errors=sum(1 for r in rows or () if r.errors), changes=sum(1 for r in rows or () if r.change))


@bp.get("/monitoring/unit/<int:unit_id>/excel")
@access("monitoring.view", unit_id=Unit)
def excel_export(unit):
    year, kind, period = _period()
    return send_file(BytesIO(excel.export(unit, year, kind, period)), as_attachment=True, mimetype=excel.MIME,
                     download_name=excel.file_name(unit, year, kind, period))


def _stage(unit: Unit, year: int, kind: str, period: int, form: WorkbookForm):
    limit = current_app.config["IMPORT_MAX_BYTES"]
    data = form.file.data.read(limit + 1)
    if len(data) > limit:
        raise Refused(_("The file is larger than %(mb)s MB.", mb=limit // 2**20), "file")
    return excel.stage(unit, year, kind, period, data, current_user, agency_today())


@bp.post("/monitoring/unit/<int:unit_id>/excel")
@access("monitoring.report", unit_id=Unit)
def excel_upload(unit):
    """The edited workbook: a preview row by row, nothing written yet."""
    year, kind, period = _period()
    form = WorkbookForm()
    staged, result = submit(form, lambda: _stage(unit, year, kind, period, form), field="file")
    rows, token = result if staged else (None, None)
    ok = rows is not None and not any(r.errors for r in rows)
    return _page(unit, year, kind, period, form, 200 if ok else 422, rows, token)


@bp.post("/monitoring/unit/<int:unit_id>/excel/apply")
@access("monitoring.report", unit_id=Unit)
def excel_apply(unit):
    """Write every change of the preview, or none of them."""
    year, kind, period = _period()
    token = request.form.get("token", "")
    return act(EmptyForm(), lambda: excel.apply(unit, year, kind, period, token, current_user, agency_today()),
               done=_("%(n)s values were saved from the workbook.", n=excel.changes_in(token)),
               back=url_for("monitoring.grid", unit_id=unit.id, year=year, kind=kind, period=period),
               page=lambda status: _page(unit, year, kind, period, WorkbookForm(formdata=None), status, failed=True),
               conflict=_("A value was changed by someone else after the preview. Upload the file again to see "
                          "the current values."))
