"""The contents as a workbook: export a version, upload the edited workbook with a preview, apply it to the draft."""

from __future__ import annotations

from io import BytesIO

from flask import current_app, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.access import access
from app.agreements import excel
from app.agreements.models import Agreement
from app.agreements.routes import bp
from app.agreements.routes.pages import back, version_asked
from app.core.forms import EmptyForm, act, submit
from app.core.htmx import redirect_htmx, render
from app.imports.forms import UploadForm


@bp.get("/agreements/<int:agreement_id>/xlsx")
@access("agreements.view", agreement_id=Agreement)
def excel_export(agreement):
    version = version_asked(agreement)
    name = f"PK-{agreement.year}-{agreement.unit.code or agreement.unit_id}-v{version.number}.xlsx"
    return send_file(BytesIO(excel.export(version)), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _upload_page(agreement: Agreement, form, preview: dict | None = None, status: int = 200):
    return render("agreements/excel.html", status=status, agreement=agreement, version=agreement.latest, form=form,
                  preview=preview)


@bp.route("/agreements/<int:agreement_id>/xlsx/import", methods=["GET", "POST"])
@access("agreements.edit", agreement_id=Agreement)
def excel_import(agreement):
    """Upload the edited workbook: a preview of what would change, nothing written yet."""
    form = UploadForm()
    form.kind.data = "people"  # the upload form's kind is not used here
    read, outcome = submit(form, lambda: excel.preview(
        agreement.latest, current_user, form.file.data.read(current_app.config["IMPORT_MAX_BYTES"] + 1)), field="file")
    if not read:
        return _upload_page(agreement, form, status=outcome)
    return _upload_page(agreement, form, outcome, 422 if outcome["problems"] else 200)


@bp.post("/agreements/<int:agreement_id>/xlsx/apply")
@access("agreements.edit", agreement_id=Agreement)
def excel_apply(agreement):
    upload = url_for("agreements.excel_import", agreement_id=agreement.id)

    def refused(status: int):  # an altered or expired preview: upload again; changed meanwhile: 409
        return _upload_page(agreement, UploadForm(), status=status) if status == 409 else redirect_htmx(upload)

    return act(EmptyForm(), lambda: excel.apply(agreement.latest, current_user, request.form.get("token", "")),
               done=_("The contents were replaced by the workbook's."), back=back(agreement, "#contents"),
               page=refused)
