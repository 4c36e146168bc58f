"""Import: upload → preview with every row's errors → confirm (all rows or none). Export buttons."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, current_app, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access, owned
from app.core.forms import EmptyForm, act, submit
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.imports import services
from app.imports.columns import COLUMNS
from app.imports.forms import UploadForm, kind_labels, status_labels
from app.imports.models import ImportBatch
from app.jobs import services as jobs
from app.org.models import Unit

bp = Blueprint("imports", __name__)


def _index(form: UploadForm, status: int = 200):
    recent = list(db.session.scalars(select(ImportBatch).where(owned(current_user, ImportBatch),
                                                               ImportBatch.kind.in_(list(COLUMNS)))
                                     .order_by(ImportBatch.created_at.desc()).limit(10)))
    return render("imports/index.html", "form", status=status, form=form, recent=recent, kinds=kind_labels(),
                  statuses=status_labels(),
                  max_mb=current_app.config["IMPORT_MAX_BYTES"] // 2**20,
                  max_rows=current_app.config["IMPORT_MAX_ROWS"])


@bp.get("/imports")
@access("people.import")
def index():
    return _index(UploadForm())


@bp.post("/imports")
@access("people.import")
def upload():
    form = UploadForm()

    def work():
        data = form.file.data.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
        return services.stage(current_user, form.kind.data, form.file.data.filename or "", data)

    saved, batch = submit(form, work, field="file")
    if saved:
        return redirect_htmx(url_for("imports.preview", batch_id=batch.id))
    return _index(form, 422)


def _preview(batch: ImportBatch, status: int = 200):
    if batch.kind not in COLUMNS:  # an attendance import (check-ins, days off) has its own pages
        abort(404)
    rows = batch.rows
    # the columns empty in every row and without an error are left out: the errors stay in view
    shown = [c for c in COLUMNS[batch.kind]
             if any(r["data"].get(c.name) or c.name in r.get("columns", ()) for r in rows)]
    hidden = [str(c.header) for c in COLUMNS[batch.kind] if c not in shown]
    return render("imports/preview.html", status=status, batch=batch, kinds=kind_labels(), columns=shown,
                  hidden=hidden, statuses=status_labels())


@bp.get("/imports/<int:batch_id>")
@access("people.import", batch_id=ImportBatch)
def preview(batch):
    return _preview(batch)


@bp.post("/imports/<int:batch_id>/commit")
@access("people.import", batch_id=ImportBatch)
def commit(batch):
    if batch.kind not in COLUMNS:
        abort(404)
    return act(EmptyForm(), lambda: services.commit(batch, current_user),
               done=_("%(n)s rows imported.", n=len(batch.data_rows)),
               back=url_for("imports.preview", batch_id=batch.id), page=lambda status: _preview(batch, status))


@bp.post("/imports/<int:batch_id>/discard")
@access("people.import", batch_id=ImportBatch)
def discard(batch):
    if batch.kind not in COLUMNS:
        abort(404)
    return act(EmptyForm(), lambda: services.discard(batch), done=_("Import discarded; nothing was written."),
               back=url_for("imports.index"),
               page=lambda status: redirect_htmx(url_for("imports.preview", batch_id=batch.id)))


@bp.get("/imports/template/<kind>.xlsx")
@access("people.import")
def template(kind: str):
    if kind not in COLUMNS:
        abort(404)
    label = str(kind_labels()[kind])
    return send_file(BytesIO(services.template(kind, label)), as_attachment=True,
                     download_name=f"{_('template')}-{label.lower()}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# -- export ----------------------------------------------------------------------------------------

def export_titles() -> dict[str, str]:
    return {"units": _("Export of units"), "positions": _("Export of positions"), "people": _("Export of people")}


@bp.post("/exports/<kind>")
@access("people.export", params={"unit_id": Unit})
def start_export(kind: str, unit):
    """Start the export of ``kind`` (of one unit's subtree when the form names ``unit_id``); open its job."""
    if kind not in COLUMNS:
        abort(404)
    title = export_titles()[kind] + (f": {unit.name}" if unit else "")
    return act(EmptyForm(), lambda: jobs.start(current_user, "export", title,
                                               {"kind": kind, "unit_id": unit.id if unit else None}),
               done=None, back=url_for("imports.index"), then=jobs.launch)
