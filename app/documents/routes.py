"""Public verification of an issued document, and the stored PDF for signed-in users."""

from __future__ import annotations

from flask import Blueprint, abort, send_file
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.accounts.access import access, public
from app.core.htmx import render
from app.documents.models import IssuedDocument
from app.documents.services import read_pdf, readable
from app.extensions import db, limiter

bp = Blueprint("documents", __name__)

CODE_MAX = 32


def kind_labels() -> dict[str, str]:
    return {
        "perjanjian_kinerja": _l("Performance agreement (Perjanjian Kinerja)"),
        "piagam": _l("Award certificate (piagam penghargaan)"),
        "scorecard": _l("Scorecard"),
        "tpp_payment_list": _l("TPP payment list"),
        "attendance_recap": _l("Monthly attendance recap"),
        "worker_contract": _l("Work agreement (SPK) of a non-ASN worker"),
        "honor_recap": _l("Honorarium recap of non-ASN workers"),
    }


def status_labels() -> dict[str, str]:
    return {"in_force": _l("In force"), "superseded": _l("Superseded by a newer version"),
            "revoked": _l("Revoked")}


@bp.get("/v/<code>")
@public
@limiter.limit("60 per minute")
def verify(code: str):
    """Anyone holding a printout can check it: kind, number, parties, version, status and hash, nothing else."""
    document = None
    if len(code) <= CODE_MAX and code.replace("-", "").replace("_", "").isalnum():
        document = db.session.scalar(select(IssuedDocument).where(IssuedDocument.code == code))
    if document is None:
        return render("documents/verify.html", status=404, document=None)
    return render("documents/verify.html", document=document, kinds=kind_labels(), statuses=status_labels())


@bp.get("/documents/<int:document_id>/pdf")
@access("documents.view", document_id=IssuedDocument)
def download(document):
    if not readable(current_user, document):
        abort(404)
    try:
        data = read_pdf(document)
    except (FileNotFoundError, RuntimeError):
        abort(500)
    from io import BytesIO

    return send_file(BytesIO(data), mimetype="application/pdf", download_name=f"{document.kind}-{document.id}.pdf",
                     as_attachment=False, etag=document.sha256, max_age=0)
