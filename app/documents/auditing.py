"""How the audit trail names issued documents (see ``app.audit.kinds``)."""

from flask_babel import format_number
from flask_babel import lazy_gettext as _l

from app.audit import kinds
from app.documents.models import IssuedDocument


def _kinds() -> dict:
    return {"perjanjian_kinerja": _l("Performance agreement (Perjanjian Kinerja)"),
            "piagam": _l("Award certificate (piagam penghargaan)"), "scorecard": _l("Scorecard"),
            "tpp_payment_list": _l("TPP payment list")}


def _statuses() -> dict:
    return {"in_force": _l("In force"), "superseded": _l("Superseded by a newer version"), "revoked": _l("Revoked")}


def _name(document: IssuedDocument) -> str:
    return f"{document.title} ({document.number})" if document.number else document.title


def register() -> None:
    kinds.register(IssuedDocument, _l("Issued document"), lambda document, cache: _name(document), title=_name,
                   hidden={"source_type", "source_id"}, choices={"kind": _kinds, "status": _statuses},
                   formats={"sha256": "changed", "parties": "changed", "size": format_number},
                   fields={"code": _l("verification code"), "kind": _l("kind"), "number": _l("number"),
                           "title": _l("title"), "parties": _l("parties"), "status": _l("status"),
                           "status_reason": _l("reason"), "status_changed_at": _l("status changed at"),
                           "sha256": _l("fingerprint (SHA-256)"), "file_name": _l("file name"),
                           "size": _l("size (bytes)"), "unit_id": _l("work unit"), "issued_at": _l("issued at"),
                           "issued_by_id": _l("issued by")})
