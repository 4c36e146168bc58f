"""Import: upload → preview with every row's errors → confirm (all rows or none). Export buttons."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, current_app, flash, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access
from app.core.errors import Refused
from app.core.forms import EmptyForm, add_refusal
from app.core.htmx import redirect_htmx, render
from app.extensions import db
from app.imports import services
from app.imports.columns import COLUMNS
from app.imports.forms import UploadForm, kind_labels
from app.imports.models import ImportBatch

bp = Blueprint("imports", __name__)


def _index(form: UploadForm, status: int = 200):
    recent = list(db.session.scalars(select(ImportBatch).where(ImportBatch.owner_id == current_user.id)
                                     .order_by(ImportBatch.created_at.desc()).limit(10)))
    return render("imports/index.html", "form", status=status, form=form, recent=recent, kinds=kind_labels(),
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
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
        try:
            batch = services.stage(current_user, form.kind.data, upload.filename or "", data)
        except Refused as refused:
            db.session.rollback()
            add_refusal(form, refused, "file")
        else:
            db.session.commit()
            return redirect_htmx(url_for("imports.preview", batch_id=batch.id))
    return _index(form, 422)


@bp.get("/imports/<int:batch_id>")
@access("people.import", batch_id=ImportBatch)
def preview(batch):
    return render("imports/preview.html", batch=batch, kinds=kind_labels(), columns=COLUMNS[batch.kind],
                  empty=EmptyForm())


@bp.post("/imports/<int:batch_id>/commit")
@access("people.import", batch_id=ImportBatch)
def commit(batch):
    EmptyForm().validate_on_submit()
    try:
        services.commit(batch, current_user)
    except Refused as refused:
        db.session.rollback()
        db.session.refresh(batch)
        flash(str(refused.message), "error")
        return render("imports/preview.html", status=422, batch=batch, kinds=kind_labels(),
                      columns=COLUMNS[batch.kind], empty=EmptyForm())
    db.session.commit()
    flash(_("%(n)s rows imported.", n=len(batch.rows)), "success")
    return redirect_htmx(url_for("imports.preview", batch_id=batch.id))


@bp.post("/imports/<int:batch_id>/discard")
@access("people.import", batch_id=ImportBatch)
def discard(batch):
    EmptyForm().validate_on_submit()
    try:
        services.discard(batch)
    except Refused as refused:
        flash(str(refused.message), "error")
        return redirect_htmx(url_for("imports.preview", batch_id=batch.id))
    db.session.commit()
    flash(_("Import discarded; nothing was written."), "success")
    return redirect_htmx(url_for("imports.index"))


@bp.get("/imports/template/<kind>.xlsx")
@access("people.import")
def template(kind: str):
    if kind not in COLUMNS:
        abort(404)
    return send_file(BytesIO(services.template(kind)), as_attachment=True, download_name=f"template-{kind}.xlsx",
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
